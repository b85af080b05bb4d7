"""An account's life in the sample, decided once: size, money, subscription spells and the events that show
in more than one table.

Every table an account gets is derived from its plan (the table modules), so the tables agree with each
other: a churned account's renewal is lost, its usage and tickets stop; a champion who left stops attending
meetings. A plan is drawn from a random generator seeded by (seed, account number) alone, so an account does
not change when the sample grows. Choices that matter to one table only are drawn by that table's module
from its own generator. Planted stories (planting.py) then override parts of the plan.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from reports.sample.calendar import add_months, month_start
from reports.sample.randomness import seeded
from reports.sample.vocabulary import (
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    COMPETITORS,
    INDUSTRIES,
    LOSS_REASONS,
    REGION_WEIGHTS,
    REGIONS,
)

TIERS = ("scale", "growth", "enterprise", "strategic")
PLANS = {"scale": "Starter", "growth": "Team", "enterprise": "Business", "strategic": "Enterprise"}
SEAT_PRICE_USD = {"Starter": 40.0, "Team": 60.0, "Business": 80.0, "Enterprise": 100.0}
FX_BASE = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27}
# ARR drawn at signature, per tier (the tier then follows current ARR as seats change).
TIER_ARR = {
    "scale": (6_000, 95_000),
    "growth": (100_000, 480_000),
    "enterprise": (500_000, 950_000),
    "strategic": (1_050_000, 2_500_000),
}
EMPLOYEES = {"scale": (5, 400), "growth": (120, 3000), "enterprise": (800, 12000), "strategic": (4000, 90000)}
# Chance that a contract change point is a churn, by tier: small accounts churn more.
CHURN_PER_CHANGE = {"scale": 0.14, "growth": 0.09, "enterprise": 0.05, "strategic": 0.03}


class Segment(NamedTuple):
    """A stretch with constant seats and price: one subscription period."""

    start: dt.date
    end: dt.date | None  # exclusive; None while open
    seats: int
    price: float  # per seat per month, in the account's currency, before discount, whole cents


@dataclass
class Spell:
    """An uninterrupted stretch of paying (one subscription); seats and price change between segments."""

    segments: list[Segment]

    @property
    def start(self) -> dt.date:
        return self.segments[0].start

    @property
    def end(self) -> dt.date | None:
        return self.segments[-1].end


class Pilot(NamedTuple):
    closed_on: dt.date  # the close date (expected close while open)
    stage: str  # closed_won, closed_lost, or an open stage


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
    seat_price: float  # per seat per month at signature, in `currency`, whole cents
    discount_percent: int
    spells: list[Spell] = field(default_factory=list)
    has_exec_sponsor: bool = False
    parent_index: int | None = None
    pilot: Pilot | None = None
    champion_left_on: dt.date | None = None
    champion_replaced_on: dt.date | None = None  # a new champion named after the old one left
    ticket_burst: tuple[dt.date, dt.date] | None = None  # urgent tickets pile up between these days
    late_payer: bool = False
    pays_on_time: bool = False
    skip_qbr_from: dt.date | None = None
    value_plan_mode: str | None = None  # None, "normal", "stalled", "too_many"
    reference_mode: str | None = None  # None, "random", "green", "amber", "fatigue"
    kickoff_delay_business_days: int = 2
    nps_bias: int = 0  # added to the usual score of 8
    nps_bias_since: dt.date | None = None  # the bias applies from this day on (None: always)
    utilization: str = "steady"  # "steady", "grows"
    second_billing_customer: bool = False
    lost_to: tuple[str, str] | None = None  # (competitor or "", loss reason) of the lost renewal
    story_key: str | None = None  # the planted story this account tells, if any

    @property
    def segments(self) -> list[Segment]:
        return [segment for spell in self.spells for segment in spell.segments]

    @property
    def first_start(self) -> dt.date | None:
        return self.spells[0].start if self.spells else None

    @property
    def ends_on(self) -> dt.date | None:
        """The end of the last spell: the churn date when in the past, a scheduled one when after as_of."""
        return self.spells[-1].end if self.spells else None

    def segment_on(self, day: dt.date) -> Segment | None:
        for spell in self.spells:
            for segment in spell.segments:
                if segment.start <= day and (segment.end is None or day < segment.end):
                    return segment
        return None

    def seats_on(self, day: dt.date) -> int:
        segment = self.segment_on(day)
        return segment.seats if segment else 0

    def arr_on(self, day: dt.date) -> float:
        """ARR in the account's currency on `day` (0 when not paying)."""
        segment = self.segment_on(day)
        if segment is None:
            return 0.0
        return segment.seats * segment.price * 12 * (1 - self.discount_percent / 100)


def local_price(plan_name: str, currency: str) -> float:
    return round(SEAT_PRICE_USD[plan_name] / FX_BASE[currency], 2)


def seats_for(arr: float, price: float) -> int:
    return max(1, round(arr / 12 / price))


def _draw_tier(rng: random.Random) -> str:
    """A few strategic accounts, more enterprise, many growth and scale: a long tail."""
    roll = rng.random()
    if roll < 0.015:
        return "strategic"
    if roll < 0.065:
        return "enterprise"
    if roll < 0.27:
        return "growth"
    return "scale"


def _random_spells(
    rng: random.Random, tier: str, seats: int, price: float, history_start: dt.date, as_of: dt.date
) -> list[Spell]:
    """Paying spells from a start somewhere in (or before) the history, changing every 4 to 14 months."""
    months_of_history = (as_of.year - history_start.year) * 12 + as_of.month - history_start.month
    if rng.random() < 0.35:
        start = add_months(history_start, -rng.randint(1, 24))  # a customer from before the history
    else:
        start = add_months(history_start, rng.randint(0, months_of_history - 1))
    start = start.replace(day=15 if rng.random() < 0.2 else 1)
    churn = CHURN_PER_CHANGE[tier]
    spells: list[Spell] = []
    segments: list[Segment] = []
    current = start
    while True:
        change = add_months(month_start(current), rng.randint(4, 14))
        if change > as_of:
            # Mostly open-ended; a few have given notice and end at a date after as_of (still paying now).
            scheduled_end = change <= as_of + dt.timedelta(days=100) and rng.random() < churn / 2
            segments.append(Segment(current, change if scheduled_end else None, seats, price))
            spells.append(Spell(segments))
            return spells
        segments.append(Segment(current, change, seats, price))
        roll = rng.random()
        if roll < churn:
            spells.append(Spell(segments))
            back = add_months(change, rng.randint(2, 8))
            if rng.random() < 0.25 and back < as_of:  # reactivation after a gap
                segments, current = [], back
                seats = max(1, round(seats * rng.uniform(0.5, 1.0)))
                continue
            return spells
        if roll < churn + 0.45:
            seats += max(1, round(seats * rng.uniform(0.1, 0.4)))
        elif roll < churn + 0.65:
            seats = max(1, seats - max(1, round(seats * rng.uniform(0.1, 0.3))))
        elif roll < churn + 0.8:
            price = round(price * 1.05, 2)  # a price uplift at renewal: same seats, new period
        else:
            seats += 1
        current = change


def draw_plan(index: int, seed: int, history_start: dt.date, as_of: dt.date) -> AccountPlan:
    """The plan of account number `index` (1-based), before any planted story."""
    rng = seeded(seed, index, "plan")
    tier = _draw_tier(rng)
    currency = "USD" if rng.random() < 0.9 else rng.choice(("EUR", "GBP"))
    plan_name = PLANS[tier]
    price = local_price(plan_name, currency)
    low, high = TIER_ARR[tier]
    target_arr = low * (high / low) ** (rng.random() ** 1.6)
    employees_low, employees_high = EMPLOYEES[tier]
    plan = AccountPlan(
        index=index,
        account_id=f"A{index:05d}",
        name=f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_SUFFIXES)} {index}",
        industry=rng.choice(INDUSTRIES),
        employee_count=int(employees_low * (employees_high / employees_low) ** rng.random()),
        region=rng.choices(REGIONS, weights=REGION_WEIGHTS)[0],
        tier=tier,
        plan_name=plan_name,
        currency=currency,
        billing_period_months=rng.choice((1, 1, 3, 12)) if tier == "scale" else rng.choice((3, 12, 12)),
        seat_price=price,
        discount_percent=rng.choice((0, 0, 0, 10, 15, 20)),
        has_exec_sponsor=tier in ("enterprise", "strategic") and rng.random() < 0.85,
        kickoff_delay_business_days=rng.choice((1, 2, 2, 3, 4, 5, 7)),
        nps_bias=rng.randint(-2, 2),
        second_billing_customer=rng.random() < 0.04,
        value_plan_mode="normal" if tier in ("enterprise", "strategic") or rng.random() < 0.15 else None,
        reference_mode="random" if rng.random() < 0.3 else None,
    )
    if rng.random() < 0.92:  # the rest are prospects that never bought
        plan.spells = _random_spells(rng, tier, seats_for(target_arr, price), price, history_start, as_of)
    _draw_pilot(plan, rng, as_of)
    ends_on = plan.ends_on
    if ends_on is not None:
        plan.lost_to = (rng.choice((*COMPETITORS, "")), rng.choice(LOSS_REASONS))
        if rng.random() < 0.35:  # the champion left some months before the churn
            plan.champion_left_on = max(
                plan.first_start + dt.timedelta(days=90), ends_on - dt.timedelta(days=rng.randint(60, 300))
            )
    elif plan.spells and rng.random() < 0.08:
        plan.champion_left_on = as_of - dt.timedelta(days=rng.randint(20, 700))
        if plan.champion_left_on < plan.first_start + dt.timedelta(days=90):
            plan.champion_left_on = None
        elif rng.random() < 0.5:  # a successor is named some weeks later
            replaced = plan.champion_left_on + dt.timedelta(days=rng.randint(30, 150))
            plan.champion_replaced_on = replaced if replaced <= as_of else None
    if plan.champion_left_on is not None and plan.champion_left_on > as_of:
        plan.champion_left_on = None
    if index > 1 and rng.random() < 0.03:
        plan.parent_index = rng.randint(1, index - 1)
    return plan


def _draw_pilot(plan: AccountPlan, rng: random.Random, as_of: dt.date) -> None:
    """Pilots: customers' that converted within 180 days, prospects' won, lost or still in flight."""
    if rng.random() >= (0.12 if plan.spells else 0.4):
        return
    if plan.spells:
        plan.pilot = Pilot(plan.spells[0].start - dt.timedelta(days=rng.randint(30, 170)), "closed_won")
        return
    closed = as_of - dt.timedelta(days=rng.randint(-90, 300))
    if closed > as_of:
        plan.pilot = Pilot(closed, rng.choice(("discovery", "proposal")))
    else:
        plan.pilot = Pilot(closed, rng.choice(("closed_won", "closed_won", "closed_lost")))
