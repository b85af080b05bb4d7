"""What the table modules share about one account while they write its rows: its plan, owners, contacts,
the deal that made it a customer, and one random generator per table.

A generator per table (seeded by seed, account and table name) keeps the tables independent: drawing one
more value for tickets does not change the account's invoices.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from reports.sample.calendar import add_months
from reports.sample.company import Company
from reports.sample.plans import AccountPlan
from reports.sample.randomness import SampleRandom, seeded

Row = list[object]
Rows = dict[str, list[Row]]  # table path (crm/accounts) -> rows in the contract's column order


def empty_rows() -> Rows:
    return defaultdict(list)


def ascii_slug(text: str) -> str:
    """'Zoë O'Neill' -> 'zoe.oneill': for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return ".".join("".join(ch for ch in word if ch.isalnum()) for word in plain.split())


@dataclass
class Contact:
    contact_id: str
    full_name: str
    seniority: str
    department: str
    email: str
    is_champion: bool
    is_sponsor: bool
    created_on: dt.date
    left_on: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.created_on <= day and (self.left_on is None or day < self.left_on)


class AccountContext:
    def __init__(self, plan: AccountPlan, company: Company, rows: Rows) -> None:
        self.plan, self.company, self.rows = plan, company, rows
        owners = self.rng("owners")
        self.ae = owners.choice(company.aes)
        self.csm = owners.choice(company.csms)
        self.sponsor = owners.choice(company.execs) if plan.has_exec_sponsor else ""
        self.domain = ascii_slug(plan.name).replace(".", "")[:24] + ".example"
        self.contacts: list[Contact] = []
        self.signed_on: dt.date | None = None  # signature of the first new_business deal
        self.new_business_opportunity = ""
        self.prospect_opened_on: dt.date | None = None  # a prospect's open or lost new_business deal
        self._active_months: list[dt.date] | None = None

    def rng(self, stream: str) -> SampleRandom:
        return seeded(self.company.seed, self.plan.index, stream)

    @property
    def relationship_start(self) -> dt.date:
        """When the account first came into view: its first subscription, else its pilot, else a year ago."""
        plan = self.plan
        if plan.first_start is not None:
            return plan.first_start
        if plan.pilot is not None:
            return min(plan.pilot.closed_on, self.company.as_of) - dt.timedelta(days=120)
        return self.company.as_of - dt.timedelta(days=300)

    def active_contacts(self, day: dt.date) -> list[Contact]:
        """Contacts still at the customer on `day` (at least one, so meetings always have an attendee)."""
        return [c for c in self.contacts if c.active_on(day)] or self.contacts[:1]

    def active_months(self) -> list[dt.date]:
        """Months of the history (first days) in the middle of which the account was paying."""
        if self._active_months is None:
            plan, company = self.plan, self.company
            months: list[dt.date] = []
            if plan.first_start is not None:
                month = max(company.history_start, plan.first_start.replace(day=1))
                while month <= company.as_of:
                    if plan.seats_on(month.replace(day=14)) > 0:
                        months.append(month)
                    month = add_months(month, 1)
            self._active_months = months
        return self._active_months
