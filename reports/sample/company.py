"""Our own company in the sample: the extract's dates and the people who own the accounts (crm/users)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from reports.sample.calendar import add_months, month_start
from reports.sample.randomness import seeded
from reports.sample.vocabulary import FIRST_NAMES, LAST_NAMES

HISTORY_MONTHS = 36


@dataclass(frozen=True)
class Company:
    """What every account's rows need to know about the extract as a whole (picklable for workers)."""

    as_of: dt.date
    history_start: dt.date  # first day of the month HISTORY_MONTHS before as_of's month
    seed: int
    aes: tuple[str, ...]
    csms: tuple[str, ...]
    execs: tuple[str, ...]
    ceo: str


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def build_company(account_count: int, seed: int, as_of: dt.date) -> tuple[Company, list[list[object]]]:
    """The company and its crm/users rows: one CEO, executives, AEs and CSMs under their managers (the
    team grows with the number of accounts), support engineers, SEs, and people who have left."""
    rng = seeded(seed, "users")
    rows: list[list[object]] = []
    next_number = 1

    def add(role: str, title: str, manager: str, active: bool = True) -> str:
        nonlocal next_number
        user_id = f"U{next_number:04d}"
        next_number += 1
        rows.append([user_id, person_name(rng), role, title, manager, "true" if active else "false"])
        return user_id

    ceo = add("ceo", "Chief Executive Officer", "")
    vp_sales = add("exec", "VP Sales", ceo)
    vp_success = add("exec", "VP Customer Success", ceo)
    cto = add("exec", "Chief Technology Officer", ceo)
    cfo = add("exec", "Chief Financial Officer", ceo)
    execs = (vp_sales, vp_success, cto, cfo)

    aes: list[str] = []
    ae_count = max(3, account_count // 60)
    sales_managers = [add("ae", "Sales Manager", vp_sales) for _ in range(max(1, ae_count // 8))]
    for number in range(ae_count):
        aes.append(add("ae", "Account Executive", sales_managers[number % len(sales_managers)]))
    csms: list[str] = []
    csm_count = max(3, account_count // 40)
    team_leads = [add("csm", "CS Team Lead", vp_success) for _ in range(max(1, csm_count // 8))]
    for number in range(csm_count):
        csms.append(add("csm", "Customer Success Manager", team_leads[number % len(team_leads)]))
    support_lead = add("support", "Support Team Lead", cto)
    for _ in range(3 + account_count // 500):
        add("support", "Support Engineer", support_lead)
    for _ in range(2 + account_count // 400):
        add("se", "Solutions Engineer", vp_sales)
    add("ae", "Account Executive", sales_managers[0], active=False)
    add("csm", "Customer Success Manager", team_leads[0], active=False)

    company = Company(
        as_of=as_of,
        history_start=add_months(month_start(as_of), -HISTORY_MONTHS),
        seed=seed,
        aes=tuple(aes),
        csms=tuple(csms),
        execs=execs,
        ceo=ceo,
    )
    return company, rows
