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
# The hazard model (README.md, "How churn is drawn"). Contracts renew every 12 months from the start of a
# subscription; an account churns only at a renewal. The chance of churning at a renewal is the tier's base
# chance times the multiplier of each sign of trouble the account showed in the months before it, capped.
# Signs come at random (with or without a churn to follow), so the health score can see them coming, but
# not always: many troubled accounts renew, and some quiet ones leave.
CHURN_PER_RENEWAL = {"scale": 0.11, "growth": 0.07, "enterprise": 0.04, "strategic": 0.025}
TROUBLE_SIGNS = {  # sign: (chance per stretch between two contract events, hazard multiplier)
    "champion_loss": (0.07, 3.0),
    "usage_decline": (0.10, 2.5),
    "ticket_burst": (0.06, 2.0),
    "late_payment": (0.05, 2.0),
    "detractor": (0.08, 2.0),
}
HAZARD_MAX = 0.8
TROUBLE_LOOKBACK_DAYS = 300  # a sign counts at a renewal when it came at most this long before it


class Trouble(NamedTuple):
    sign: str  # a key of TROUBLE_SIGNS
    on: dt.date  # the day it started


def churn_hazard(tier: str, signs: set[str]) -> float:
    """The chance of churning at a renewal with these signs of trouble in the months before it."""
    hazard = CHURN_PER_RENEWAL[tier]
    for sign in signs:
        hazard *= TROUBLE_SIGNS[sign][1]
    return min(HAZARD_MAX, hazard)


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
    troubles: list[Trouble] = field(default_factory=list)  # the hazard model's signs (first of each kind)
    usage_declines_from: dt.date | None = None  # utilisation falls for some months from this day
    late_payment: tuple[dt.date, dt.date] | None = None  # invoices issued between these days are paid late
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


def _random_life(
    rng: random.Random, tier: str, seats: int, price: float, history_start: dt.date, as_of: dt.date
) -> tuple[list[Spell], list[Trouble]]:
    """Paying spells from a start somewhere in (or before) the history, and the signs of trouble on the way.

    Seats change every 4 to 14 months; every 12 months from a spell's start the contract renews, and only
    there can the account churn (churn_hazard). Each stretch between two contract events may bring a sign
    of trouble (the first of each kind is kept: the tables show one champion loss, one usage decline...);
    a troubled account also cuts seats more often than it adds them."""
    months_of_history = (as_of.year - history_start.year) * 12 + as_of.month - history_start.month
    if rng.random() < 0.35:
        start = add_months(history_start, -rng.randint(1, 24))  # a customer from before the history
    else:
        start = add_months(history_start, rng.randint(0, months_of_history - 1))
    start = start.replace(day=15 if rng.random() < 0.2 else 1)
    spells: list[Spell] = []
    troubles: list[Trouble] = []
    segments: list[Segment] = []
    current, spell_start, renewals = start, start, 1
    while True:
        renewal = add_months(spell_start, 12 * renewals)
        change = add_months(month_start(current), rng.randint(4, 14))
        at_renewal = renewal <= change
        if at_renewal:
            change = renewal
        _draw_troubles(rng, troubles, current, min(change, as_of), spell_start)
        recent = {
            trouble.sign
            for trouble in troubles
            if change - dt.timedelta(days=TROUBLE_LOOKBACK_DAYS) <= trouble.on < change
        }
        if change > as_of:
            # Mostly open-ended; a few gave notice and end at the renewal after as_of (still paying now).
            scheduled_end = (
                at_renewal
                and change <= as_of + dt.timedelta(days=100)
                and rng.random() < churn_hazard(tier, recent) / 2
            )
            segments.append(Segment(current, change if scheduled_end else None, seats, price))
            spells.append(Spell(segments))
            return spells, troubles
        segments.append(Segment(current, change, seats, price))
        if at_renewal:
            renewals += 1
            if rng.random() < churn_hazard(tier, recent):
                spells.append(Spell(segments))
                back = add_months(change, rng.randint(2, 8))
                if rng.random() < 0.25 and back < as_of:  # reactivation after a gap
                    segments, current, spell_start, renewals = [], back, back, 1
                    seats = max(1, round(seats * rng.uniform(0.5, 1.0)))
                    continue
                return spells, troubles
        roll = rng.random()
        expand, cut = (0.2, 0.55) if recent else (0.45, 0.2)
        if roll < expand:
            seats += max(1, round(seats * rng.uniform(0.1, 0.4)))
        elif roll < expand + cut:
            seats = max(1, seats - max(1, round(seats * rng.uniform(0.1, 0.3))))
        elif roll < expand + cut + 0.15 and at_renewal:
            price = round(price * 1.05, 2)  # a price uplift at renewal: same seats, new period
        else:
            seats += 1
        current = change


def _draw_troubles(
    rng: random.Random, troubles: list[Trouble], start: dt.date, end: dt.date, spell_start: dt.date
) -> None:
    """Signs of trouble in the stretch [start, end): each kind at most once in an account's life, never in
    its first 90 days."""
    earliest = max(start, spell_start + dt.timedelta(days=90))
    days = (end - earliest).days
    seen = {trouble.sign for trouble in troubles}
    for sign, (chance, _) in TROUBLE_SIGNS.items():
        roll = rng.random()
        if days > 0 and sign not in seen and roll < chance:
            troubles.append(Trouble(sign, earliest + dt.timedelta(days=rng.randrange(days))))


# The loss reason a CSM records when the last sign of trouble before the churn was this one.
LOSS_REASON_OF_SIGN = {
    "champion_loss": "Champion left",
    "usage_decline": "Low adoption",
    "ticket_burst": "Moved to a competitor",
    "late_payment": "Budget cut",
    "detractor": "Moved to a competitor",
}


def _loss_reason(rng: random.Random, troubles: list[Trouble], ends_on: dt.date) -> str:
    before = [trouble for trouble in troubles if trouble.on < ends_on]
    if before and rng.random() < 0.8:
        return LOSS_REASON_OF_SIGN[max(before, key=lambda trouble: trouble.on).sign]
    return rng.choice(LOSS_REASONS)


def _apply_troubles(plan: AccountPlan, rng: random.Random) -> None:
    """Turn the signs of trouble into what the tables show (each table module reads these fields)."""
    for trouble in plan.troubles:
        if trouble.sign == "champion_loss":
            plan.champion_left_on = trouble.on
            if rng.random() < 0.4:  # a successor is named some weeks later
                plan.champion_replaced_on = trouble.on + dt.timedelta(days=rng.randint(60, 150))
        elif trouble.sign == "usage_decline":
            plan.usage_declines_from = trouble.on
        elif trouble.sign == "ticket_burst":
            plan.ticket_burst = (trouble.on, trouble.on + dt.timedelta(days=rng.randint(45, 120)))
        elif trouble.sign == "late_payment":
            plan.late_payment = (trouble.on, trouble.on + dt.timedelta(days=rng.randint(90, 240)))
        elif trouble.sign == "detractor":
            plan.nps_bias, plan.nps_bias_since = -5, trouble.on


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
        nps_bias=rng.choice((-1, 0, 0, 1, 1, 2)),  # a detractor is a sign of trouble, not the norm
        second_billing_customer=rng.random() < 0.04,
        value_plan_mode="normal" if tier in ("enterprise", "strategic") or rng.random() < 0.15 else None,
        reference_mode="random" if rng.random() < 0.3 else None,
    )
    if rng.random() < 0.92:  # the rest are prospects that never bought
        plan.spells, plan.troubles = _random_life(
            rng, tier, seats_for(target_arr, price), price, history_start, as_of
        )
    _draw_pilot(plan, rng, as_of)
    if plan.ends_on is not None:
        plan.lost_to = (rng.choice((*COMPETITORS, "")), _loss_reason(rng, plan.troubles, plan.ends_on))
    _apply_troubles(plan, rng)
    if plan.champion_replaced_on is not None and plan.champion_replaced_on > as_of:
        plan.champion_replaced_on = None
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
