"""Rows of every extract table, derived from the account plans (plans.py) and the company (users, FX)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass

from reports.contract import REFERENCE_TYPES
from reports.sample.calendar import (
    add_business_days,
    add_months,
    iso,
    month_start,
    quarter_of,
    quarter_start,
    timestamp,
)
from reports.sample.plans import FX_BASE, AccountPlan

Rows = dict[str, list[list[object]]]

FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Yara",
)
LAST_NAMES = (
    "Okafor",
    "Schmidt",
    "Nakamura",
    "Silva",
    "Kowalski",
    "Haddad",
    "Larsen",
    "Moreau",
    "Patel",
    "Rossi",
    "Novak",
    "Brennan",
    "Costa",
    "Fischer",
    "Ahmed",
    "Lindqvist",
    "Garcia",
    "O'Neill",
)
DEPARTMENTS = ("IT", "Operations", "Finance", "Sales", "Marketing", "HR", "Engineering", "Customer Service")
TOPICS = (
    "login",
    "billing",
    "integrations",
    "reporting",
    "performance",
    "permissions",
    "data import",
    "mobile app",
    "api",
    "notifications",
)
COMPETITORS = ("Vantage", "Clarion", "Northstar CS")
COMMENTS = {
    "promoter": (
        "The reporting saves my team hours every week.",
        "Great support, fast answers.",
        "Rolled out to three more teams, everyone likes it.",
    ),
    "passive": ("Does the job; the admin screens could be simpler.", "Good product, onboarding took long."),
    "detractor": (
        "Too many outages lately.",
        "Support takes days to answer urgent tickets.",
        "We are evaluating alternatives.",
    ),
}


@dataclass(frozen=True)
class Company:
    as_of: dt.date
    history_start: dt.date
    seed: int
    aes: tuple[str, ...]
    csms: tuple[str, ...]
    execs: tuple[str, ...]
    ceo: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def users(account_count: int) -> tuple[list[list[object]], Company]:
    """Users of our own company: AEs, CSMs, executives, one CEO, support and SEs, with managers."""
    rng = random.Random("tenure-sample-users")
    rows: list[list[object]] = []
    ceo = "U0001"
    rows.append([ceo, "Morgan Avery", "ceo", "Chief Executive Officer", "", "true"])
    execs = ("U0002", "U0003", "U0004", "U0005")
    exec_titles = ("VP Sales", "VP Customer Success", "Chief Technology Officer", "Chief Financial Officer")
    for user_id, title in zip(execs, exec_titles, strict=True):
        rows.append([user_id, _person(rng), "exec", title, ceo, "true"])
    aes, csms = [], []
    next_id = 6

    def add(role: str, title: str, manager: str, active: bool = True) -> str:
        nonlocal next_id
        user_id = f"U{next_id:04d}"
        next_id += 1
        rows.append([user_id, _person(rng), role, title, manager, "true" if active else "false"])
        return user_id

    for _ in range(max(3, account_count // 60)):
        aes.append(add("ae", "Account Executive", execs[0]))
    for _ in range(max(3, account_count // 40)):
        csms.append(add("csm", "Customer Success Manager", execs[1]))
    for _ in range(4):
        add("support", "Support Engineer", execs[2])
    for _ in range(2):
        add("se", "Solutions Engineer", execs[0])
    add("ae", "Account Executive", execs[0], active=False)
    return rows, Company(dt.date.min, dt.date.min, 0, tuple(aes), tuple(csms), execs, ceo)


def fx_rates(company: Company) -> list[list[object]]:
    rows: list[list[object]] = []
    first = add_months(company.history_start, -36)
    months = (company.as_of.year - first.year) * 12 + company.as_of.month - first.month + 1
    for currency in ("EUR", "GBP"):
        for k in range(months):
            rate = FX_BASE[currency] * (1 + 0.03 * math.sin(k / 5 + (1 if currency == "GBP" else 0)))
            rows.append([currency, iso(add_months(first, k)), f"{rate:.4f}"])
    return rows


def _money(value: float) -> str:
    return f"{value:.2f}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


class AccountRows:
    """Emits one account's rows into `rows`, table by table."""

    def __init__(self, plan: AccountPlan, company: Company, rows: Rows) -> None:
        self.plan, self.company, self.rows = plan, company, rows
        self.rng = random.Random(f"tenure-sample-rows:{company.seed}:{plan.index}")
        self.ae = self.rng.choice(company.aes)
        self.csm = self.rng.choice(company.csms)
        self.sponsor = self.rng.choice(company.execs) if plan.has_exec_sponsor else ""
        self.domain = "".join(ch for ch in plan.name.lower() if ch.isalnum())[:20] + ".example"
        self.contacts: list[dict] = []
        self.new_business_opportunity = ""
        self.signed_on: dt.date | None = None

    # --- helpers ---------------------------------------------------------------------------------------
    def _arr_on(self, day: dt.date) -> float:
        plan = self.plan
        return plan.seats_on(day) * plan.seat_price * 12 * (1 - plan.discount_percent / 100)

    def _active_months(self) -> list[dt.date]:
        months, month = [], max(self.company.history_start, month_start(self.plan.first_start))
        while month <= self.company.as_of:
            if self.plan.seats_on(month.replace(day=14)) > 0:
                months.append(month)
            month = add_months(month, 1)
        return months

    def emit(self) -> None:
        self.account()
        self.contacts_()
        self.opportunities()
        if self.plan.spells:
            self.billing()
            self.activities()
            self.usage()
            self.tickets()
            self.nps()
            self.value_plans()
            self.sow_milestones()
        self.references()

    # --- CRM -------------------------------------------------------------------------------------------
    def account(self) -> None:
        plan, as_of = self.plan, self.company.as_of
        created = (plan.first_start or as_of) - dt.timedelta(days=self.rng.randint(30, 200))
        parent = f"A{plan.parent_index:05d}" if plan.parent_index else ""
        self.rows["crm/accounts"].append(
            [
                plan.account_id,
                plan.name,
                plan.industry,
                plan.employee_count,
                plan.region,
                self.ae,
                self.csm,
                self.sponsor,
                parent,
                timestamp(created, self.rng.randint(0, 1439)),
            ]
        )

    def contacts_(self) -> None:
        plan, rng = self.plan, self.rng
        count = {"scale": 3, "growth": 5, "enterprise": 7, "strategic": 9}[plan.tier]
        created = (plan.first_start or self.company.as_of) - dt.timedelta(days=60)
        evangelists = 2 if plan.reference_mode in ("green", "fatigue") else (1 if rng.random() < 0.1 else 0)
        for number in range(count):
            name = _person(rng)
            if number == 0:
                seniority, title = "director", "Director of Operations"
            elif number == 1:
                seniority, title = rng.choice((("c_level", "COO"), ("vp", "VP Operations")))
            else:
                seniority = rng.choice(
                    ("c_level", "vp", "director", "manager", "manager", "individual", "individual")
                )
                title = {
                    "c_level": "Chief Information Officer",
                    "vp": "VP Engineering",
                    "director": "Director of IT",
                    "manager": "Team Manager",
                    "individual": "Analyst",
                }[seniority]
            left_at = None
            if number == 0 and plan.champion_left_on:
                left_at = plan.champion_left_on
            elif number > 1 and rng.random() < 0.08:
                left_at = created + dt.timedelta(days=rng.randint(100, 900))
                if left_at > self.company.as_of:
                    left_at = None
            is_evangelist = number in range(1, 1 + evangelists)
            mode = (
                (
                    "unprompted"
                    if plan.reference_mode in ("green", "fatigue")
                    else rng.choice(("prompted", "unprompted"))
                )
                if is_evangelist
                else "none"
            )
            scope = (
                (
                    "external"
                    if plan.reference_mode in ("green", "fatigue")
                    else rng.choice(("internal", "external"))
                )
                if is_evangelist
                else "none"
            )
            contact_id = f"K{plan.index:05d}{number:02d}"
            email = f"{name.lower().replace(' ', '.').replace(chr(39), '')}@{self.domain}"
            self.contacts.append(
                {"id": contact_id, "seniority": seniority, "left_at": left_at, "email": email}
            )
            self.rows["crm/contacts"].append(
                [
                    contact_id,
                    plan.account_id,
                    name,
                    title,
                    seniority,
                    rng.choice(DEPARTMENTS),
                    email,
                    _bool(number == 0),
                    _bool(number == 1),
                    _bool(is_evangelist),
                    mode,
                    scope,
                    timestamp(created, 600 + number),
                    timestamp(left_at),
                ]
            )

    def _active_contacts(self, day: dt.date) -> list[dict]:
        return [c for c in self.contacts if c["left_at"] is None or c["left_at"] > day] or self.contacts[-1:]

    def _opportunity(
        self,
        suffix: str,
        kind: str,
        stage: str,
        amount: float,
        created: dt.date,
        close: dt.date,
        competitor: str = "",
        loss_reason: str = "",
    ) -> str:
        opportunity_id = f"O{self.plan.index:05d}{suffix}"
        if stage == "closed_won":
            category = "commit"
        elif stage == "closed_lost":
            category = "omitted"
        else:
            category = self.rng.choice(("commit", "best_case", "pipeline"))
        self.rows["crm/opportunities"].append(
            [
                opportunity_id,
                self.plan.account_id,
                kind,
                stage,
                _money(amount),
                self.plan.currency,
                timestamp(created, 540),
                iso(close),
                category,
                self.ae,
                competitor,
                loss_reason,
            ]
        )
        if close >= add_months(self.company.as_of, -15):
            snapshot = quarter_start(created)
            while snapshot <= min(close, self.company.as_of):
                if snapshot >= created:
                    later = "commit" if stage == "closed_won" or self.rng.random() < 0.5 else "best_case"
                    self.rows["crm/forecast_snapshots"].append(
                        [iso(snapshot), opportunity_id, later, _money(amount)]
                    )
                snapshot = add_months(snapshot, 3)
        return opportunity_id

    def opportunities(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        if plan.pilot:
            won_on, _ = plan.pilot
            self._opportunity(
                "P",
                "pilot",
                "closed_won",
                rng.choice((10_000, 15_000, 25_000)),
                won_on - dt.timedelta(days=45),
                won_on,
            )
        if not plan.spells:
            stage = rng.choice(("discovery", "proposal", "closed_lost"))
            close = as_of + dt.timedelta(days=rng.randint(-200, 120))
            if stage != "closed_lost" and close < as_of:
                close = as_of + dt.timedelta(days=30)
            self._opportunity(
                "N0",
                "new_business",
                stage,
                rng.randint(20, 200) * 1000,
                close - dt.timedelta(days=90),
                close,
                rng.choice(COMPETITORS) if stage == "closed_lost" else "",
                "Went with a competitor" if stage == "closed_lost" else "",
            )
            return
        for number, spell in enumerate(plan.spells):
            signed = spell.start - dt.timedelta(days=3)
            opportunity = self._opportunity(
                f"N{number}",
                "new_business",
                "closed_won",
                self._arr_on(spell.start),
                signed - dt.timedelta(days=90),
                signed,
            )
            if number == 0:
                self.new_business_opportunity, self.signed_on = opportunity, signed
            for position, (start, _end, seats) in enumerate(spell.segments[1:], start=1):
                before = spell.segments[position - 1][2]
                if seats > before:
                    delta = (seats - before) * plan.seat_price * 12 * (1 - plan.discount_percent / 100)
                    self._opportunity(
                        f"E{number}{position}",
                        "expansion",
                        "closed_won",
                        delta,
                        start - dt.timedelta(days=60),
                        start - dt.timedelta(days=5),
                    )
            year = 1
            while True:
                anniversary = add_months(spell.start, 12 * year)
                if spell.end is not None and anniversary >= spell.end - dt.timedelta(days=45):
                    competitor, reason = plan.lost_to or (rng.choice(COMPETITORS), "Budget cut")
                    lost_on = min(spell.end - dt.timedelta(days=10), as_of)
                    self._opportunity(
                        f"R{number}{year}",
                        "renewal",
                        "closed_lost",
                        self._arr_on(spell.end - dt.timedelta(days=1)),
                        lost_on - dt.timedelta(days=90),
                        lost_on,
                        "" if competitor == "none" else competitor,
                        reason,
                    )
                    break
                if anniversary > as_of + dt.timedelta(days=300):
                    break
                stage = "closed_won" if anniversary <= as_of else rng.choice(("negotiation", "proposal"))
                self._opportunity(
                    f"R{number}{year}",
                    "renewal",
                    stage,
                    self._arr_on(min(anniversary, as_of)),
                    anniversary - dt.timedelta(days=120),
                    anniversary,
                )
                year += 1

    def activities(self) -> None:
        plan, rng, company = self.plan, self.rng, self.company
        as_of, counter = company.as_of, 0

        def add(
            kind: str,
            day: dt.date,
            subject: str,
            owner: str,
            internal: list[str],
            customers: list[dict],
            materials: bool = False,
            competitor: str = "",
            notes: str = "",
        ) -> None:
            nonlocal counter
            if day > as_of or day < add_months(company.history_start, -12):
                return
            counter += 1
            self.rows["crm/activities"].append(
                [
                    f"V{plan.index:05d}{counter:04d}",
                    plan.account_id,
                    kind,
                    timestamp(day, 480 + counter % 480),
                    subject,
                    owner,
                    ";".join(dict.fromkeys(internal)),
                    ";".join(c["id"] for c in customers),
                    _bool(materials),
                    competitor,
                    notes,
                ]
            )

        if self.signed_on:
            champion = self.contacts[:1]
            add(
                "discovery_call",
                self.signed_on - dt.timedelta(days=70),
                "Discovery call",
                self.ae,
                [self.ae],
                champion,
            )
            kickoff = add_business_days(self.signed_on, plan.kickoff_delay_business_days)
            add("kickoff", kickoff, "Kickoff", self.csm, [self.csm, self.ae], self.contacts[:2])
            for week in range(1, 5 if rng.random() < 0.8 else 3):
                add(
                    "status_meeting",
                    kickoff + dt.timedelta(days=7 * week),
                    f"Weekly status {week}",
                    self.csm,
                    [self.csm],
                    champion,
                )
            add("training", kickoff + dt.timedelta(days=20), "Admin training", self.csm, [self.csm], champion)
        needs_qbr = plan.tier in ("growth", "enterprise", "strategic")
        quarter = quarter_start(max(plan.first_start, add_months(company.history_start, -12)))
        rotation = 0
        while quarter <= as_of:
            day = quarter + dt.timedelta(days=rng.randint(15, 75))
            if plan.seats_on(day) > 0:
                held = rng.random() < (0.9 if needs_qbr else 0.15)
                if plan.skip_qbr_from and day >= plan.skip_qbr_from:
                    held = False
                if held:
                    present = self._active_contacts(day)
                    senior = [c for c in present if c["seniority"] in ("c_level", "vp")]
                    attendees = ([rng.choice(senior)] if senior and rng.random() < 0.7 else []) + present[:1]
                    internal = [self.csm, self.ae]
                    if plan.tier in ("enterprise", "strategic"):
                        internal.append(self.sponsor or company.execs[rotation % len(company.execs)])
                        rotation += 1
                    add(
                        "qbr",
                        day,
                        f"QBR {quarter_of(day)}",
                        self.csm,
                        internal,
                        attendees,
                        materials=rng.random() < 0.75,
                    )
                if plan.tier == "strategic" and quarter.month == 4:
                    add(
                        "exec_visit",
                        day + dt.timedelta(days=10),
                        "Executive visit",
                        company.ceo,
                        [company.ceo, self.sponsor or self.ae],
                        self._active_contacts(day)[:2],
                    )
                for offset in (10, 40):
                    if rng.random() < 0.6:
                        mention = rng.choice(COMPETITORS) if rng.random() < 0.05 else ""
                        add(
                            "call",
                            day + dt.timedelta(days=offset - 30),
                            "Check-in call",
                            self.csm,
                            [self.csm],
                            self._active_contacts(day)[:1],
                            competitor=mention,
                            notes=f"Discussed {rng.choice(TOPICS)}." if rng.random() < 0.5 else "",
                        )
            quarter = add_months(quarter, 3)
        if plan.reference_mode in ("green", "random") and rng.random() < 0.5:
            add(
                "reference_call",
                as_of - dt.timedelta(days=rng.randint(20, 300)),
                "Reference call for a prospect",
                self.ae,
                [self.ae],
                self.contacts[1:2],
            )
        if plan.reference_mode == "fatigue":
            last_quarter = add_months(quarter_start(as_of), -3)
            for offset in (10, 35, 70):
                add(
                    "reference_call",
                    last_quarter + dt.timedelta(days=offset),
                    "Reference call for a prospect",
                    self.ae,
                    [self.ae],
                    self.contacts[1:2],
                )
        if plan.churned_on:
            add(
                "churn_interview",
                plan.churned_on + dt.timedelta(days=14),
                "Churn interview",
                self.csm,
                [self.csm, company.execs[1]],
                self.contacts[1:2],
                notes="Why they left: see the lost renewal.",
            )

    def value_plans(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        if not plan.value_plan_mode or plan.seats_on(as_of) == 0:
            return
        current = quarter_start(as_of)
        objectives = (
            ("Cut month-end close time", "Automate reconciliations", "Days to close", "days", 12, 6),
            (
                "Raise self-service adoption",
                "Roll out dashboards to managers",
                "Weekly active managers",
                "users",
                20,
                80,
            ),
            ("Reduce support backlog", "Train admins on workflows", "Open tickets", "tickets", 60, 20),
            (
                "Faster onboarding of new hires",
                "Templates for team setup",
                "Days to productive",
                "days",
                30,
                10,
            ),
            ("Consolidate tools", "Retire legacy reporting", "Legacy reports", "reports", 40, 0),
        )
        quarters = [(add_months(current, -3), False), (current, True)]
        number = 0
        for quarter, is_current in quarters:
            count = 5 if (plan.value_plan_mode == "too_many" and is_current) else rng.randint(2, 3)
            for item in range(count):
                number += 1
                objective, tactic, metric, unit, baseline, target = objectives[item % len(objectives)]
                due = add_months(quarter, 3) - dt.timedelta(days=1)
                if is_current:
                    if plan.value_plan_mode == "stalled" and item < 2:
                        due, status = as_of - dt.timedelta(days=20), rng.choice(("in_progress", "blocked"))
                    else:
                        status = rng.choice(("not_started", "in_progress", "in_progress"))
                    actual = baseline + (target - baseline) * rng.uniform(0.0, 0.5)
                else:
                    status = rng.choice(("achieved", "achieved", "missed"))
                    actual = target if status == "achieved" else baseline + (target - baseline) * 0.4
                self.rows["crm/value_plans"].append(
                    [
                        f"I{plan.index:05d}{number:02d}",
                        plan.account_id,
                        quarter_of(quarter),
                        objective,
                        tactic,
                        metric,
                        baseline,
                        target,
                        f"{actual:.1f}",
                        unit,
                        status,
                        self.csm,
                        timestamp(quarter + dt.timedelta(days=5)),
                        iso(due),
                        timestamp(min(as_of, quarter + dt.timedelta(days=rng.randint(20, 80)))),
                    ]
                )

    def references(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        if not plan.reference_mode or not plan.spells:
            return
        log: list[tuple[str, str, dt.date]] = []
        if plan.reference_mode in ("green", "fatigue"):
            log += [
                ("private_reference_call", "amber", as_of - dt.timedelta(days=400)),
                ("private_reference_call", "green", as_of - dt.timedelta(days=200)),
                ("case_study", "green", as_of - dt.timedelta(days=150)),
                ("logo_on_website", "green", as_of - dt.timedelta(days=300)),
            ]
        elif plan.reference_mode == "amber":
            log += [
                ("private_reference_call", "amber", as_of - dt.timedelta(days=60)),
                ("logo_on_website", "green", as_of - dt.timedelta(days=250)),
            ]
        else:
            for kind in rng.sample(REFERENCE_TYPES, rng.randint(1, 3)):
                day = as_of - dt.timedelta(days=rng.randint(300, 900))
                log.append((kind, "amber", day))
                if rng.random() < 0.6:
                    log.append(
                        (
                            kind,
                            rng.choice(("green", "green", "red")),
                            day + dt.timedelta(days=rng.randint(30, 250)),
                        )
                    )
        for kind, status, day in log:
            self.rows["crm/references"].append(
                [
                    plan.account_id,
                    kind,
                    status,
                    timestamp(day, 700),
                    "Ask for a quote" if status != "green" else "",
                    self.csm,
                ]
            )

    def sow_milestones(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        if not self.signed_on or self.signed_on < add_months(self.company.history_start, -1):
            return
        milestones = (
            ("Project plan signed off", "joint", 10, False),
            ("Data integration live", "vendor", 25, False),
            ("Customer data cleaned", "customer", 35, False),
            ("Go-live: first value", "joint", 50, True),
        )
        late = plan.kickoff_delay_business_days >= 6
        for number, (name, party, days, is_value) in enumerate(milestones, start=1):
            committed = self.signed_on + dt.timedelta(days=days)
            delay = rng.randint(5, 20) if late and number % 2 == 0 else rng.randint(-3, 6)
            completed = committed + dt.timedelta(days=delay)
            if completed > as_of or rng.random() < 0.05:
                completed = None
            self.rows["crm/sow_milestones"].append(
                [
                    f"M{plan.index:05d}{number}",
                    plan.account_id,
                    self.new_business_opportunity,
                    name,
                    party,
                    iso(committed),
                    iso(completed),
                    _bool(is_value),
                ]
            )

    # --- billing ---------------------------------------------------------------------------------------
    def billing(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        customer = f"cus_{plan.index:06d}"
        self.rows["billing/customers"].append(
            [
                customer,
                plan.name,
                plan.account_id,
                plan.currency,
                timestamp(plan.first_start - dt.timedelta(days=5)),
            ]
        )
        unit = plan.seat_price * plan.billing_period_months
        period = 0
        for number, spell in enumerate(plan.spells):
            subscription = f"sub_{plan.index:06d}_{number}"
            for start, end, seats in spell.segments:
                period += 1
                self.rows["billing/subscription_periods"].append(
                    [
                        f"per_{plan.index:06d}_{period:03d}",
                        subscription,
                        customer,
                        plan.plan_name,
                        iso(start),
                        iso(end),
                        seats,
                        _money(unit),
                        plan.billing_period_months,
                        plan.discount_percent,
                        plan.currency,
                    ]
                )
                self._invoices(
                    customer, subscription, start, end, seats * unit * (1 - plan.discount_percent / 100)
                )
        if plan.second_billing_customer and plan.seats_on(as_of) > 0:
            extra = f"cus_{plan.index:06d}b"
            start = max(plan.spells[-1].start, add_months(as_of, -rng.randint(3, 20))).replace(day=1)
            self.rows["billing/customers"].append(
                [extra, f"{plan.name} (analytics)", plan.account_id, plan.currency, timestamp(start)]
            )
            self.rows["billing/subscription_periods"].append(
                [
                    f"per_{plan.index:06d}_b01",
                    f"sub_{plan.index:06d}_b",
                    extra,
                    "Analytics add-on",
                    iso(start),
                    "",
                    rng.randint(1, 10),
                    _money(25.0),
                    1,
                    0,
                    plan.currency,
                ]
            )

    def _invoices(
        self, customer: str, subscription: str, start: dt.date, end: dt.date | None, amount: float
    ) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        issued = start
        history = add_months(self.company.history_start, -12)
        while issued < as_of and (end is None or issued < end):
            if issued >= history:
                due = issued + dt.timedelta(days=30)
                days_to_pay = (
                    rng.randint(40, 80) if plan.late_payer else rng.choice((3, 8, 15, 25, 28, 33, 45))
                )
                paid = issued + dt.timedelta(days=days_to_pay)
                status = "paid"
                if plan.late_payer and issued >= as_of - dt.timedelta(days=100):
                    paid = None
                if paid is not None and paid > as_of:
                    paid = None
                if paid is None:
                    status = "open"
                elif rng.random() < 0.005:
                    status, paid = "void", None
                invoice_number = len(self.rows["billing/invoices"])
                self.rows["billing/invoices"].append(
                    [
                        f"inv_{plan.index:06d}_{invoice_number:06d}",
                        customer,
                        subscription,
                        timestamp(issued, 60),
                        iso(due),
                        timestamp(paid, 720),
                        _money(amount),
                        _money(amount if status == "paid" else 0),
                        plan.currency,
                        status,
                    ]
                )
            issued = add_months(issued, plan.billing_period_months)

    # --- product, support, surveys -----------------------------------------------------------------------
    def usage(self) -> None:
        plan, rng = self.plan, self.rng
        months = self._active_months()
        expansion = next((start for spell in plan.spells for start, _, _ in spell.segments[1:]), None)
        utilization = rng.uniform(0.55, 0.85)
        for position, month in enumerate(months):
            seats = plan.seats_on(month.replace(day=14))
            if plan.utilization == "grows" and expansion:
                before = [m for m in months if m < expansion]
                if month < expansion:
                    utilization = 0.6 + 0.38 * (position + 1) / max(1, len(before))
                else:
                    after = months.index(month) - len(before)
                    utilization = min(0.97, 0.72 + 0.13 * after)
            else:
                utilization = min(0.98, max(0.2, utilization + rng.uniform(-0.05, 0.05)))
            active = round(seats * utilization)
            self.rows["product/usage_monthly"].append(
                [
                    plan.account_id,
                    iso(month),
                    seats,
                    active,
                    round(active * rng.uniform(0.5, 3)),
                    rng.randint(1, 8),
                    round(active * rng.uniform(50, 400)),
                ]
            )

    def tickets(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        organization = f"org_{plan.index:06d}"
        self.rows["support/organizations"].append([organization, plan.name, plan.account_id])
        rate = {"scale": 0.5, "growth": 1.2, "enterprise": 2.5, "strategic": 4.0}[plan.tier]
        number = 0
        for month in self._active_months():
            count = int(rate + rng.random())
            burst = (
                plan.ticket_burst
                and plan.ticket_burst[0] <= month + dt.timedelta(days=14) <= plan.ticket_burst[1]
            )
            if burst:
                count += 4
            for item in range(count):
                number += 1
                created = month + dt.timedelta(days=rng.randint(0, 27), minutes=rng.randint(0, 1439))
                if created > as_of:
                    continue
                if burst and item >= count - 4:
                    priority = rng.choice(("urgent", "urgent", "high"))
                else:
                    priority = rng.choices(("low", "normal", "high", "urgent"), weights=(25, 50, 18, 7))[0]
                response_hours = rng.uniform(0.3, 4) if priority == "urgent" else rng.uniform(1, 30)
                if burst:
                    response_hours *= 3
                first_response = created + dt.timedelta(hours=response_hours)
                solved = first_response + dt.timedelta(hours=rng.uniform(2, 240 if not burst else 500))
                if solved <= as_of:
                    status = "closed" if as_of - solved > dt.timedelta(days=30) else "solved"
                    roll = rng.random()
                    bad_share = 0.45 if burst else 0.1
                    satisfaction = (
                        "bad" if roll < bad_share else ("good" if roll < 0.8 else rng.choice(("offered", "")))
                    )
                else:
                    status, satisfaction, solved = (
                        rng.choice(("new", "open", "open", "pending", "on_hold")),
                        "",
                        None,
                    )
                if first_response > as_of:
                    first_response = None
                requester = rng.choice(self._active_contacts(created))["email"]
                self.rows["support/tickets"].append(
                    [
                        f"T{plan.index:05d}{number:05d}",
                        organization,
                        requester,
                        _dt(created),
                        _dt(first_response),
                        _dt(solved),
                        status,
                        priority,
                        rng.choice(("question", "incident", "problem", "task")),
                        rng.choice(TOPICS),
                        satisfaction,
                        rng.choice(("email", "web", "chat", "phone")),
                    ]
                )

    def nps(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.company.as_of
        number = 0
        survey = dt.date(self.company.history_start.year, 1, 10)
        while survey <= as_of:
            if plan.seats_on(survey) > 0:
                for contact in self._active_contacts(survey)[:2]:
                    number += 1
                    responded = survey + dt.timedelta(days=rng.randint(1, 14)) if rng.random() < 0.6 else None
                    if responded and responded > as_of:
                        responded = None
                    score = comment = ""
                    if responded:
                        value = max(0, min(10, round(rng.gauss(8 + plan.nps_bias, 1.5))))
                        score = str(value)
                        band = "promoter" if value >= 9 else ("passive" if value >= 7 else "detractor")
                        comment = rng.choice(COMMENTS[band]) if rng.random() < 0.5 else ""
                    self.rows["surveys/nps"].append(
                        [
                            f"Q{plan.index:05d}{number:03d}",
                            plan.account_id,
                            contact["id"],
                            timestamp(survey, 540),
                            timestamp(responded, 900),
                            score,
                            comment,
                        ]
                    )
            survey = add_months(survey, 6)


def _dt(value: dt.datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def unmatched_rows(company: Company, rows: Rows) -> None:
    """Billing customers and support organizations that do not link to the CRM."""
    rng = random.Random(f"tenure-sample-unmatched:{company.seed}")
    as_of = company.as_of
    for number, crm_id in enumerate(("", "", "A99999"), start=1):
        customer = f"cus_x{number:05d}"
        start = add_months(month_start(as_of), -rng.randint(4, 20))
        rows["billing/customers"].append(
            [customer, f"Unlinked Customer {number}", crm_id, "USD", timestamp(start)]
        )
        rows["billing/subscription_periods"].append(
            [
                f"per_x{number:05d}",
                f"sub_x{number:05d}",
                customer,
                "Team",
                iso(start),
                "",
                rng.randint(5, 40),
                _money(60.0),
                1,
                0,
                "USD",
            ]
        )
    for number in range(1, 4):
        organization = f"org_x{number:05d}"
        rows["support/organizations"].append([organization, f"Unlinked Org {number}", ""])
        for ticket in range(rng.randint(2, 6)):
            created = dt.datetime.combine(as_of - dt.timedelta(days=rng.randint(1, 300)), dt.time(9))
            rows["support/tickets"].append(
                [
                    f"TX{number:02d}{ticket:03d}",
                    organization,
                    f"someone{ticket}@unlinked.example",
                    _dt(created),
                    _dt(created + dt.timedelta(hours=3)),
                    _dt(created + dt.timedelta(hours=30)),
                    "closed",
                    "normal",
                    "question",
                    rng.choice(TOPICS),
                    "",
                    "email",
                ]
            )


def empty_rows() -> Rows:
    return defaultdict(list)
