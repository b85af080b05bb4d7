"""crm/activities rows of one account: onboarding, QBRs by tier cadence, executive visits, check-in calls,
user groups, advisory boards, reference calls and churn interviews.

Meetings only happen while the account pays (and in the year before the history, so the first quarters
have a past), and only contacts still at the customer attend.
"""

from __future__ import annotations

import datetime as dt

from reports.sample.calendar import add_business_days, add_months, quarter_of, quarter_start, timestamp
from reports.sample.cells import boolean
from reports.sample.context import AccountContext, Contact
from reports.sample.vocabulary import COMPETITORS, QBR_NEXT_STEPS, TICKET_TOPICS

QBR_TIERS = ("growth", "enterprise", "strategic")
EXEC_TIERS = ("enterprise", "strategic")


class _Activities:
    def __init__(self, ctx: AccountContext) -> None:
        self.ctx, self.plan, self.company = ctx, ctx.plan, ctx.company
        self.rng = ctx.rng("activities")
        self.counter = 0
        self.earliest = add_months(ctx.company.history_start, -12)

    def add(
        self,
        kind: str,
        day: dt.date,
        subject: str,
        owner: str,
        internal: list[str],
        customers: list[Contact],
        materials: bool = False,
        competitor: str = "",
        notes: str = "",
    ) -> None:
        if day > self.company.as_of or day < self.earliest:
            return
        self.counter += 1
        self.ctx.rows["crm/activities"].append(
            [
                f"V{self.plan.index:05d}-{self.counter:04d}",
                self.plan.account_id,
                kind,
                timestamp(day, 480 + (self.counter * 37) % 540),
                subject,
                owner,
                ";".join(dict.fromkeys(user for user in internal if user)),
                ";".join(dict.fromkeys(contact.contact_id for contact in customers)),
                boolean(materials),
                competitor,
                notes,
            ]
        )

    def onboarding(self) -> None:
        """Discovery before the first deal; kickoff, weekly status meetings and training after it."""
        ctx, rng, signed = self.ctx, self.rng, self.ctx.signed_on
        if signed is None:
            if ctx.prospect_opened_on is not None:
                self.add(
                    "discovery_call",
                    ctx.prospect_opened_on,
                    "Discovery call",
                    ctx.ae,
                    [ctx.ae],
                    ctx.contacts[:2],
                )
            return
        champion = ctx.contacts[:1]
        self.add(
            "discovery_call", signed - dt.timedelta(days=70), "Discovery call", ctx.ae, [ctx.ae], champion
        )
        kickoff = add_business_days(signed, self.plan.kickoff_delay_business_days)
        self.add("kickoff", kickoff, "Kickoff", ctx.csm, [ctx.csm, ctx.ae], ctx.contacts[:2])
        kept_rhythm = rng.random() < 0.8 or self.plan.story_key is not None  # most keep the weekly rhythm
        weeks = 6 if kept_rhythm else 2
        for week in range(1, weeks + 1):
            day = signed + dt.timedelta(days=7 * week)
            if day > kickoff:
                self.add("status_meeting", day, f"Weekly status {week}", ctx.csm, [ctx.csm], champion)
        self.add("training", kickoff + dt.timedelta(days=20), "Admin training", ctx.csm, [ctx.csm], champion)

    def quarterly(self) -> None:
        """QBRs (growth and up every quarter, most held), exec visits for strategic accounts, check-ins."""
        ctx, plan, rng, company = self.ctx, self.plan, self.rng, self.company
        if plan.first_start is None:
            return
        needs_qbr = plan.tier in QBR_TIERS
        quarter = quarter_start(max(plan.first_start, self.earliest))
        rotation = rng.randrange(len(company.execs))
        while quarter <= company.as_of:
            day = quarter + dt.timedelta(days=rng.randint(15, 75))
            if plan.seats_on(day) > 0:
                present = ctx.active_contacts(day)
                held = rng.random() < (0.88 if needs_qbr else 0.12)
                if plan.skip_qbr_from and day >= plan.skip_qbr_from:
                    held = False
                if held:
                    senior = [c for c in present if c.seniority in ("c_level", "vp") or c.is_sponsor]
                    attendees = present[:1] + ([rng.choice(senior)] if senior and rng.random() < 0.7 else [])
                    attendees += rng.sample(present[1:], min(len(present) - 1, rng.randint(0, 2)))
                    internal = [ctx.csm, ctx.ae]
                    if plan.tier in EXEC_TIERS:  # an executive attends: the sponsor, else in rotation
                        internal.append(ctx.sponsor or company.execs[rotation % len(company.execs)])
                        rotation += 1
                    self.add(
                        "qbr",
                        day,
                        f"QBR {quarter_of(day)}",
                        ctx.csm if rng.random() < 0.75 else ctx.ae,
                        internal,
                        attendees,
                        materials=rng.random() < 0.75,
                        notes=f"Next steps: {', '.join(rng.sample(QBR_NEXT_STEPS, 2))}."
                        if rng.random() < 0.8
                        else "",
                    )
                if plan.tier == "strategic" and quarter.month == 4 and rng.random() < 0.9:
                    self.add(
                        "exec_visit",
                        day + dt.timedelta(days=10),
                        "Executive visit",
                        company.ceo,
                        [company.ceo, ctx.sponsor or ctx.ae],
                        [c for c in present if c.seniority in ("c_level", "vp")][:2] or present[:1],
                    )
                troubled = (
                    plan.ticket_burst is not None and plan.ticket_burst[0] <= day <= plan.ticket_burst[1]
                )
                for offset in (-20, 10):
                    if rng.random() < 0.6:
                        mention = (
                            rng.choice(COMPETITORS) if rng.random() < (0.4 if troubled else 0.04) else ""
                        )
                        self.add(
                            "call",
                            day + dt.timedelta(days=offset),
                            "Check-in call",
                            ctx.csm,
                            [ctx.csm],
                            present[:1],
                            competitor=mention,
                            notes=f"Discussed {rng.choice(TICKET_TOPICS)}." if rng.random() < 0.5 else "",
                        )
            quarter = add_months(quarter, 3)

    def community(self) -> None:
        """The yearly user group (in May) and the customer advisory board (March and September)."""
        ctx, plan, rng, company = self.ctx, self.plan, self.rng, self.company
        if plan.first_start is None:
            return
        for year in range(self.earliest.year, company.as_of.year + 1):
            day = dt.date(year, 5, 20)
            attends = plan.reference_mode in ("green", "fatigue") or rng.random() < (
                0.3 if plan.tier in QBR_TIERS else 0.1
            )
            if plan.seats_on(day) > 0 and attends:
                self.add(
                    "user_group",
                    day,
                    f"Customer user group {year}",
                    ctx.csm,
                    [ctx.csm],
                    ctx.active_contacts(day)[1 : 1 + rng.randint(1, 2)] or ctx.active_contacts(day)[:1],
                )
            if plan.tier not in EXEC_TIERS:
                continue
            for month in (3, 9):
                day = dt.date(year, month, 15)
                if plan.seats_on(day) > 0 and rng.random() < 0.4:
                    senior = [c for c in ctx.active_contacts(day) if c.seniority in ("c_level", "vp")]
                    self.add(
                        "advisory_board",
                        day,
                        f"Customer advisory board {year}-{month:02d}",
                        company.execs[1],
                        [company.execs[1], company.ceo, ctx.csm],
                        senior[:1] or ctx.active_contacts(day)[:1],
                        materials=True,
                    )

    def references_and_exit(self) -> None:
        """Reference calls for prospects (three in one quarter: fatigue), and the churn interview."""
        ctx, plan, rng, as_of = self.ctx, self.plan, self.rng, self.company.as_of
        advocate = ctx.contacts[1:2]
        if plan.reference_mode in ("green", "random") and rng.random() < 0.6:
            for _ in range(1 if plan.reference_mode == "random" else 2):
                self.add(
                    "reference_call",
                    as_of - dt.timedelta(days=rng.randint(20, 400)),
                    "Reference call for a prospect",
                    ctx.ae,
                    [ctx.ae],
                    advocate,
                )
        if plan.reference_mode == "fatigue":
            last_quarter = add_months(quarter_start(as_of), -3)
            for offset in (10, 35, 70):
                self.add(
                    "reference_call",
                    last_quarter + dt.timedelta(days=offset),
                    "Reference call for a prospect",
                    ctx.ae,
                    [ctx.ae],
                    advocate,
                )
        ends_on = plan.ends_on
        if ends_on is not None and ends_on <= as_of:
            self.add(
                "churn_interview",
                ends_on + dt.timedelta(days=14),
                "Churn interview",
                ctx.csm,
                [ctx.csm, self.company.execs[1]],
                advocate,
                notes="Why they left: see the lost renewal.",
            )


def activities(ctx: AccountContext) -> None:
    activity = _Activities(ctx)
    activity.onboarding()
    activity.quarterly()
    activity.community()
    activity.references_and_exit()
