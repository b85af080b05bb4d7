"""An account's life in the sample, decided once: size, people, subscription spells and what happens to it.

Every table the generator writes for an account is derived from its plan (tables.py), so the tables agree
with each other (a churned account's renewal is lost, its usage stops, its tickets stop). A plan is drawn
from a random generator seeded by (seed, account index) alone, so an account does not change when the
sample grows. Planted stories (stories.py) override parts of the drawn plan.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from reports.sample.calendar import add_months, month_start
from reports.sample.stories import STORIES_BY_ACCOUNT

INDUSTRIES = (
    "Software",
    "Financial services",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Logistics",
    "Education",
    "Media",
    "Energy",
    "Public sector",
)
REGIONS = ("North America", "EMEA", "APAC", "LATAM")
NAME_PARTS = (
    (
        "Acme",
        "Northwind",
        "Contoso",
        "Globex",
        "Initech",
        "Umbrella",
        "Stark",
        "Wayne",
        "Cyberdyne",
        "Hooli",
        "Vandelay",
        "Wonka",
        "Soylent",
        "Tyrell",
        "Massive",
        "Pied Piper",
        "Gringotts",
        "Oscorp",
        "Aperture",
        "Black Mesa",
        "Blue Harbor",
        "Silverline",
        "Red Rock",
        "Evergreen",
        "Summit",
        "Pinecrest",
        "Clearwater",
        "Ironwood",
        "Brightpath",
        "Stonebridge",
    ),
    (
        "Systems",
        "Labs",
        "Group",
        "Holdings",
        "Partners",
        "Industries",
        "Health",
        "Foods",
        "Logistics",
        "Media",
        "Energy",
        "Bank",
        "Insurance",
        "Retail",
        "Robotics",
        "Software",
        "Networks",
        "Studios",
        "Capital",
        "Works",
    ),
)
PLANS = {"scale": "Starter", "growth": "Team", "enterprise": "Business", "strategic": "Enterprise"}
SEAT_PRICE_USD = {"Starter": 40.0, "Team": 60.0, "Business": 80.0, "Enterprise": 100.0}
FX_BASE = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27}
TIER_ARR = {
    "scale": (6_000, 95_000),
    "growth": (100_000, 480_000),
    "enterprise": (500_000, 950_000),
    "strategic": (1_050_000, 2_500_000),
}
CHURN_PER_CHANGE = {"scale": 0.14, "growth": 0.09, "enterprise": 0.05, "strategic": 0.03}


@dataclass
class Spell:
    """An uninterrupted stretch of paying: seat counts changing at `changes` dates."""

    segments: list[tuple[dt.date, dt.date | None, int]]  # (start, end exclusive or None, seats)

    @property
    def start(self) -> dt.date:
        return self.segments[0][0]

    @property
    def end(self) -> dt.date | None:
        return self.segments[-1][1]


@dataclass
class AccountPlan:
    index: int
    account_id: str
    name: str
    industry: str
    employee_count: int
    region: str
    tier: str
    plan_name: str
    currency: str
    billing_period_months: int
    seat_price: float  # per seat per month, in `currency`
    discount_percent: float
    spells: list[Spell] = field(default_factory=list)
    has_exec_sponsor: bool = False
    parent_index: int | None = None
    pilot: tuple[dt.date, bool] | None = None  # (won on, converted to new business)
    champion_left_on: dt.date | None = None
    ticket_burst: tuple[dt.date, dt.date] | None = None
    late_payer: bool = False
    skip_qbr_from: dt.date | None = None
    value_plan_mode: str | None = None  # None, "normal", "stalled", "too_many"
    reference_mode: str | None = None  # None, "random", "green", "amber", "fatigue"
    kickoff_delay_business_days: int = 2
    nps_bias: int = 0
    utilization: str = "steady"  # "steady", "grows"
    second_billing_customer: bool = False
    lost_to: tuple[str, str] | None = None  # (competitor, loss reason) of the lost renewal at churn

    @property
    def first_start(self) -> dt.date | None:
        return self.spells[0].start if self.spells else None

    @property
    def churned_on(self) -> dt.date | None:
        """The end of the last spell when the account no longer pays."""
        return self.spells[-1].end if self.spells else None

    def seats_on(self, day: dt.date) -> int:
        for spell in self.spells:
            for start, end, seats in spell.segments:
                if start <= day and (end is None or day < end):
                    return seats
        return 0


def _draw_tier(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.015:
        return "strategic"
    if roll < 0.065:
        return "enterprise"
    if roll < 0.27:
        return "growth"
    return "scale"


def _employees_for(tier: str, rng: random.Random) -> int:
    low, high = {
        "scale": (5, 400),
        "growth": (120, 3000),
        "enterprise": (800, 12000),
        "strategic": (4000, 90000),
    }[tier]
    return int(low * (high / low) ** rng.random())


def _random_name(index: int, rng: random.Random) -> str:
    first, second = NAME_PARTS
    return f"{rng.choice(first)} {rng.choice(second)} {index}"


def _seats(arr: float, price: float) -> int:
    return max(1, round(arr / 12 / price))


def _random_spells(
    rng: random.Random, tier: str, seats: int, history_start: dt.date, as_of: dt.date
) -> list[Spell]:
    months_of_history = (as_of.year - history_start.year) * 12 + as_of.month - history_start.month
    if rng.random() < 0.35:
        start = add_months(history_start, -rng.randint(1, 24))
    else:
        start = add_months(history_start, rng.randint(0, months_of_history - 1))
    start = start.replace(day=15 if rng.random() < 0.2 else 1)
    spells: list[Spell] = []
    segments: list[tuple[dt.date, dt.date | None, int]] = []
    current = start
    while True:
        change = add_months(month_start(current), rng.randint(4, 14))
        if change > as_of:
            segments.append((current, None, seats))
            spells.append(Spell(segments))
            return spells
        segments.append((current, change, seats))
        roll = rng.random()
        if roll < CHURN_PER_CHANGE[tier]:
            spells.append(Spell(segments))
            back = add_months(change, rng.randint(2, 8))
            if rng.random() < 0.25 and back < as_of:
                segments, current = [], back
                seats = max(1, round(seats * rng.uniform(0.5, 1.0)))
                continue
            return spells
        if roll < CHURN_PER_CHANGE[tier] + 0.45:
            seats = seats + max(1, round(seats * rng.uniform(0.1, 0.4)))
        elif roll < CHURN_PER_CHANGE[tier] + 0.65:
            seats = max(1, seats - max(1, round(seats * rng.uniform(0.1, 0.3))))
        else:
            seats = seats + 1
        current = change


def draw_plan(
    index: int, seed: int, history_start: dt.date, as_of: dt.date, account_count: int
) -> AccountPlan:
    """The plan of account number `index` (1-based)."""
    rng = random.Random(f"tenure-sample:{seed}:{index}")
    tier = _draw_tier(rng)
    currency = "USD" if rng.random() < 0.9 else rng.choice(("EUR", "GBP"))
    plan_name = PLANS[tier]
    price = round(SEAT_PRICE_USD[plan_name] / FX_BASE[currency], 2)
    low, high = TIER_ARR[tier]
    target_arr = low * (high / low) ** (rng.random() ** 1.6)
    plan = AccountPlan(
        index=index,
        account_id=f"A{index:05d}",
        name=_random_name(index, rng),
        industry=rng.choice(INDUSTRIES),
        employee_count=_employees_for(tier, rng),
        region=rng.choices(REGIONS, weights=(5, 3, 2, 1))[0],
        tier=tier,
        plan_name=plan_name,
        currency=currency,
        billing_period_months=rng.choice((1, 1, 3, 12)) if tier == "scale" else rng.choice((3, 12, 12)),
        seat_price=price,
        discount_percent=rng.choice((0, 0, 0, 10, 15, 20)),
        has_exec_sponsor=tier in ("enterprise", "strategic") and rng.random() < 0.85,
        kickoff_delay_business_days=rng.choice((1, 2, 2, 3, 4, 5)),
        nps_bias=rng.randint(-2, 2),
        second_billing_customer=rng.random() < 0.04,
        value_plan_mode="normal" if tier in ("enterprise", "strategic") or rng.random() < 0.15 else None,
        reference_mode="random" if rng.random() < 0.3 else None,
    )
    if rng.random() < 0.92:  # the rest are prospects that never bought
        plan.spells = _random_spells(rng, tier, _seats(target_arr, price), history_start, as_of)
    if rng.random() < 0.12:
        plan.pilot = (add_months(plan.first_start or as_of, -3), bool(plan.spells))
    if plan.churned_on is not None:
        plan.lost_to = (
            rng.choice(("Vantage", "Clarion", "Northstar CS", "none")),
            rng.choice(("Price", "Low adoption", "Champion left", "Budget cut", "Moved to a competitor")),
        )
        if rng.random() < 0.35:
            plan.champion_left_on = plan.churned_on - dt.timedelta(days=rng.randint(60, 300))
    elif rng.random() < 0.05:
        plan.champion_left_on = as_of - dt.timedelta(days=rng.randint(200, 700))
    if index > 1 and rng.random() < 0.03:
        plan.parent_index = rng.randint(1, index - 1)
    if account_count >= len(STORIES_BY_ACCOUNT) and plan.account_id in STORIES_BY_ACCOUNT:
        _apply_story(plan, STORIES_BY_ACCOUNT[plan.account_id].key, history_start, as_of)
    return plan


def _open_spell(start: dt.date, seats: int, changes: list[tuple[dt.date, int]] = ()) -> Spell:  # type: ignore[assignment]
    segments, current, current_seats = [], start, seats
    for day, new_seats in changes:
        segments.append((current, day, current_seats))
        current, current_seats = day, new_seats
    segments.append((current, None, current_seats))
    return Spell(segments)


def _apply_story(plan: AccountPlan, key: str, history_start: dt.date, as_of: dt.date) -> None:
    """Override the drawn plan so the account tells its planted story."""
    story = STORIES_BY_ACCOUNT[plan.account_id]
    this_month = month_start(as_of)
    plan.name = story.account_name
    plan.currency, plan.discount_percent, plan.pilot = "USD", 0, None
    plan.champion_left_on, plan.parent_index, plan.second_billing_customer = None, None, False

    def size(tier: str, arr: float) -> int:
        plan.tier, plan.plan_name = tier, PLANS[tier]
        plan.seat_price = SEAT_PRICE_USD[plan.plan_name] / FX_BASE[plan.currency]
        plan.employee_count = {"scale": 150, "growth": 1400, "enterprise": 6000, "strategic": 40000}[tier]
        return _seats(arr, plan.seat_price)

    if key == "champion_loss_at_risk":
        seats = size("growth", 300_000)
        plan.spells = [_open_spell(add_months(this_month, 4 - 36), seats)]  # renewal in about 4 months
        plan.billing_period_months = 12
        plan.champion_left_on = as_of - dt.timedelta(days=125)
        plan.ticket_burst = (as_of - dt.timedelta(days=90), as_of)
        plan.nps_bias = -7
    elif key == "champion_loss_churned":
        seats = size("enterprise", 600_000)
        churn = add_months(this_month, -6)
        plan.spells = [Spell([(add_months(churn, -36), churn, seats)])]
        plan.billing_period_months = 12
        plan.champion_left_on = add_months(as_of, -14)
        plan.ticket_burst = (plan.champion_left_on + dt.timedelta(days=30), churn)
        plan.lost_to = ("Vantage", "Champion left; moved to a competitor")
        plan.nps_bias = -6
    elif key == "usage_expansion":
        seats = size("growth", 200_000)
        plan.spells = [
            _open_spell(
                add_months(this_month, -31), seats, [(add_months(this_month, -2), round(seats * 1.5))]
            )
        ]
        plan.utilization = "grows"
        plan.nps_bias = 3
    elif key == "strategic_no_qbr":
        seats = size("strategic", 1_600_000)
        plan.spells = [_open_spell(add_months(history_start, -10), seats)]
        plan.skip_qbr_from = add_months(this_month.replace(month=3 * ((this_month.month - 1) // 3) + 1), -6)
        plan.has_exec_sponsor = True
    elif key == "late_payer":
        seats = size("growth", 150_000)
        plan.spells = [_open_spell(add_months(history_start, -4), seats)]
        plan.billing_period_months = 1
        plan.late_payer = True
        plan.nps_bias = -2
    elif key == "pilot_converted":
        seats = size("growth", 180_000)
        start = add_months(this_month, -10)
        plan.spells = [_open_spell(start, seats)]
        plan.pilot = (start - dt.timedelta(days=60), True)
    elif key == "pilot_not_converted":
        size("scale", 50_000)
        plan.spells = []
        plan.pilot = (add_months(this_month, -8), False)
    elif key == "reactivation":
        seats = size("scale", 60_000)
        churn = add_months(this_month, -16)
        plan.spells = [
            Spell([(add_months(churn, -14), churn, seats)]),
            _open_spell(add_months(churn, 5), seats),
        ]
        plan.billing_period_months = 1
    elif key == "contraction":
        seats = size("growth", 250_000)
        plan.spells = [
            _open_spell(
                add_months(history_start, -6), seats, [(add_months(this_month, -3), round(seats * 0.6))]
            )
        ]
    elif key == "foreign_currency":
        plan.currency = "EUR"
        seats = size("enterprise", 550_000)
        plan.spells = [_open_spell(add_months(history_start, 3), seats)]
        plan.billing_period_months = 12
    elif key in ("stalled_value_plan", "too_many_tactics"):
        seats = size("enterprise", 700_000)
        plan.spells = [_open_spell(add_months(history_start, 2), seats)]
        plan.value_plan_mode = "stalled" if key == "stalled_value_plan" else "too_many"
    elif key in ("referenceable", "reference_forecast", "reference_fatigue"):
        seats = size("growth", 320_000)
        plan.spells = [_open_spell(add_months(history_start, -8), seats)]
        plan.reference_mode = {
            "referenceable": "green",
            "reference_forecast": "amber",
            "reference_fatigue": "fatigue",
        }[key]
        plan.nps_bias = 4
    elif key == "late_kickoff":
        seats = size("growth", 150_000)
        plan.spells = [_open_spell(add_months(this_month, -2), seats)]
        plan.kickoff_delay_business_days = 6
    elif key == "no_exec_sponsor":
        seats = size("strategic", 2_200_000)
        plan.spells = [_open_spell(add_months(history_start, -12), seats)]
        plan.has_exec_sponsor = False
    if plan.churned_on is None:
        plan.lost_to = None
