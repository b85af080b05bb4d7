"""crm/opportunities, crm/forecast_snapshots and crm/sow_milestones rows of one account.

Deals follow the subscription spells: a won new_business deal a few days before each spell starts, a won
expansion before each seat increase, a renewal at each anniversary (won while the account stays, lost
before it leaves), the next renewal open. Prospects have open or lost deals; pilots come first.
"""

from __future__ import annotations

import datetime as dt
import random

from reports.sample.calendar import add_months, iso, quarter_start, timestamp
from reports.sample.cells import boolean, money
from reports.sample.context import AccountContext
from reports.sample.vocabulary import COMPETITORS, LOSS_REASONS, OPEN_STAGES

FORECAST_HISTORY_MONTHS = 24  # snapshots are kept for deals closing in the last two years and later
SOW_MILESTONES = (
    # name, responsible party, days after signature committed, first value?
    ("Project plan signed off", "joint", 10, False),
    ("Data integration live", "vendor", 25, False),
    ("Customer data cleaned", "customer", 35, False),
    ("Go-live: first value", "joint", 50, True),
)


class _Deals:
    def __init__(self, ctx: AccountContext) -> None:
        self.ctx, self.plan, self.as_of = ctx, ctx.plan, ctx.company.as_of
        self.rng = ctx.rng("opportunities")
        self.snapshot_rng = ctx.rng("forecast_snapshots")

    def add(
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
        opportunity_id = f"O{self.plan.index:05d}-{suffix}"
        created = min(created, self.as_of)  # nothing in the extract was created after it was taken
        if stage == "closed_won":
            category = "commit"
        elif stage == "closed_lost":
            category = "omitted"
        else:
            category = self.rng.choice(("commit", "best_case", "pipeline"))
        self.ctx.rows["crm/opportunities"].append(
            [
                opportunity_id,
                self.plan.account_id,
                kind,
                stage,
                money(amount),
                self.plan.currency,
                timestamp(created, 540),
                iso(close),
                category,
                self.ctx.ae,
                competitor,
                loss_reason,
            ]
        )
        self._snapshots(opportunity_id, stage, category, amount, created, close)
        return opportunity_id

    def _snapshots(
        self, opportunity_id: str, stage: str, category: str, amount: float, created: dt.date, close: dt.date
    ) -> None:
        """What the forecast said at each quarter start while the deal was open (for forecast accuracy)."""
        if close < add_months(self.as_of, -FORECAST_HISTORY_MONTHS):
            return
        rng = self.snapshot_rng
        snapshot = quarter_start(created)
        if snapshot < created:
            snapshot = add_months(snapshot, 3)
        while snapshot <= min(close, self.as_of):
            if stage == "closed_won":
                said = "commit" if rng.random() < 0.7 else "best_case"
            elif stage == "closed_lost":
                said = rng.choice(("commit", "best_case", "pipeline", "omitted"))
            else:
                said = category if rng.random() < 0.6 else rng.choice(("best_case", "pipeline"))
            self.ctx.rows["crm/forecast_snapshots"].append(
                [iso(snapshot), opportunity_id, said, money(amount * rng.choice((0.9, 1.0, 1.0, 1.1)))]
            )
            snapshot = add_months(snapshot, 3)

    def pilot(self) -> None:
        pilot = self.plan.pilot
        if pilot is None:
            return
        lost = pilot.stage == "closed_lost"
        self.add(
            "P",
            "pilot",
            pilot.stage,
            self.rng.choice((10_000, 15_000, 25_000)),
            pilot.closed_on - dt.timedelta(days=45),
            pilot.closed_on,
            self.rng.choice(COMPETITORS) if lost else "",
            "Pilot did not meet success criteria" if lost else "",
        )

    def prospect(self) -> None:
        """A prospect that never bought: one new_business deal, open or lost."""
        rng, as_of = self.rng, self.as_of
        stage = rng.choice((*OPEN_STAGES, "closed_lost"))
        close = as_of + dt.timedelta(days=rng.randint(-200, 120))
        if stage != "closed_lost" and close < as_of:
            close = as_of + dt.timedelta(days=rng.randint(10, 90))
        if stage == "closed_lost" and close > as_of:
            close = as_of - dt.timedelta(days=rng.randint(1, 60))
        if self.plan.pilot is not None:  # the deal the pilot was meant to lead to
            close = max(close, self.plan.pilot.closed_on + dt.timedelta(days=30))
            if stage == "closed_lost" and close > as_of:
                stage = rng.choice(OPEN_STAGES)
        created = close - dt.timedelta(days=90)
        self.ctx.prospect_opened_on = min(created, as_of)
        lost = stage == "closed_lost"
        self.add(
            "N0",
            "new_business",
            stage,
            rng.randint(20, 200) * 1000,
            created,
            close,
            rng.choice(COMPETITORS) if lost else "",
            rng.choice(("Went with a competitor", "No budget", "No decision")) if lost else "",
        )

    def customer(self) -> None:
        plan, rng, as_of = self.plan, self.rng, self.as_of
        for number, spell in enumerate(plan.spells):
            signed = spell.start - dt.timedelta(days=3)
            opportunity = self.add(
                f"N{number}",
                "new_business",
                "closed_won",
                plan.arr_on(spell.start),
                signed - dt.timedelta(days=90),
                signed,
                rng.choice(COMPETITORS) if rng.random() < 0.2 else "",  # won against a competitor
            )
            if number == 0:
                self.ctx.new_business_opportunity, self.ctx.signed_on = opportunity, signed
            for position in range(1, len(spell.segments)):
                before, after = spell.segments[position - 1], spell.segments[position]
                if after.seats > before.seats:
                    delta = plan.arr_on(after.start) - plan.arr_on(before.start)
                    self.add(
                        f"E{number}{position}",
                        "expansion",
                        "closed_won",
                        delta,
                        after.start - dt.timedelta(days=60),
                        after.start - dt.timedelta(days=5),
                    )
            self._renewals(number, spell.start, spell.end)
        if (
            plan.story_key is None
            and plan.seats_on(as_of) > 0
            and (plan.ends_on is None or plan.ends_on > as_of + dt.timedelta(days=200))
        ):
            roll = rng.random()
            arr = plan.arr_on(as_of)
            if roll < 0.08:  # an upsell in the pipeline
                close = as_of + dt.timedelta(days=rng.randint(20, 120))
                self.add(
                    "X1",
                    "expansion",
                    rng.choice(OPEN_STAGES),
                    arr * rng.uniform(0.1, 0.3),
                    close - dt.timedelta(days=60),
                    close,
                )
            elif roll < 0.12:  # an upsell lost this year
                close = as_of - dt.timedelta(days=rng.randint(30, 300))
                self.add(
                    "X1",
                    "expansion",
                    "closed_lost",
                    arr * rng.uniform(0.1, 0.3),
                    close - dt.timedelta(days=60),
                    close,
                    rng.choice((*COMPETITORS, "")),
                    rng.choice(("Budget cut", "Price", "No decision")),
                )

    def _renewals(self, number: int, start: dt.date, end: dt.date | None) -> None:
        plan, rng, as_of = self.plan, self.rng, self.as_of
        year = 1
        while True:
            anniversary = add_months(start, 12 * year)
            if end is not None and anniversary >= end - dt.timedelta(days=45):
                competitor, reason = plan.lost_to or (rng.choice(COMPETITORS), rng.choice(LOSS_REASONS))
                lost_on = min(end - dt.timedelta(days=30), as_of)
                self.add(
                    f"R{number}{year}",
                    "renewal",
                    "closed_lost",
                    plan.arr_on(end - dt.timedelta(days=1)),
                    lost_on - dt.timedelta(days=90),
                    lost_on,
                    competitor,
                    reason,
                )
                return
            if anniversary > as_of + dt.timedelta(days=300):
                return
            if anniversary <= as_of:
                stage, competitor = "closed_won", (rng.choice(COMPETITORS) if rng.random() < 0.05 else "")
            else:
                stage, competitor = rng.choice(OPEN_STAGES[1:]), ""
            self.add(
                f"R{number}{year}",
                "renewal",
                stage,
                plan.arr_on(min(anniversary, as_of)),
                anniversary - dt.timedelta(days=120),
                anniversary,
                competitor,
            )
            year += 1


def opportunities(ctx: AccountContext) -> None:
    deals = _Deals(ctx)
    deals.pilot()
    if ctx.plan.spells:
        deals.customer()
    else:
        deals.prospect()


def sow_milestones(ctx: AccountContext) -> None:
    """The statement-of-work plan of the first deal, for customers signed in the history."""
    plan, as_of, signed = ctx.plan, ctx.company.as_of, ctx.signed_on
    if signed is None or signed < add_months(ctx.company.history_start, -1):
        return
    rng: random.Random = ctx.rng("sow_milestones")
    late = plan.kickoff_delay_business_days > 5  # a late start makes the vendor's milestones slip too
    for number, (name, party, days, is_value) in enumerate(SOW_MILESTONES, start=1):
        committed = signed + dt.timedelta(days=days)
        delay = rng.randint(8, 15) if late and number % 2 == 0 else rng.choice((-3, -1, 0, 0, 2, 4, 9))
        done = committed + dt.timedelta(days=delay)
        completed: dt.date | None = None if done > as_of or rng.random() < 0.04 else done
        ctx.rows["crm/sow_milestones"].append(
            [
                f"M{plan.index:05d}-{number}",
                plan.account_id,
                ctx.new_business_opportunity,
                name,
                party,
                iso(committed),
                iso(completed),
                boolean(is_value),
            ]
        )
