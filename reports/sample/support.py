"""support/ rows: one account's organizations and tickets; the organizations nobody linked to the CRM."""

from __future__ import annotations

import datetime as dt

from reports.sample.calendar import MINUTES_PER_DAY, instant, minute_of, minute_stamp
from reports.sample.company import Company
from reports.sample.context import AccountContext, Rows
from reports.sample.randomness import seeded
from reports.sample.vocabulary import TICKET_CHANNELS, TICKET_TOPICS, TICKET_TYPES

TICKETS_PER_MONTH = {"scale": 0.5, "growth": 1.2, "enterprise": 2.5, "strategic": 4.0}
BURST_TICKETS_PER_MONTH = 4  # extra urgent/high tickets per month while the plan's ticket burst lasts
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_CUMULATIVE_WEIGHTS = (25, 75, 93, 100)  # low 25%, normal 50%, high 18%, urgent 7%
OPEN_STATUSES = ("new", "open", "open", "pending", "on_hold")


def tickets(ctx: AccountContext) -> None:
    """The account's support organization (a second one for some large accounts) and its tickets, from
    its paying months; requesters are contacts still at the customer."""
    plan, as_of = ctx.plan, ctx.company.as_of
    rng = ctx.rng("tickets")
    organizations = [f"org_{plan.index:06d}"]
    ctx.rows["support/organizations"].append([organizations[0], plan.name, plan.account_id])
    if plan.tier in ("enterprise", "strategic") and rng.random() < 0.2:
        organizations.append(f"org_{plan.index:06d}b")
        ctx.rows["support/organizations"].append(
            [organizations[1], f"{plan.name} ({plan.region})", plan.account_id]
        )
    rate = TICKETS_PER_MONTH[plan.tier]
    last_minute = minute_of(as_of) + MINUTES_PER_DAY - 1  # times are minutes from EPOCH (calendar.py)
    burst = plan.ticket_burst
    number = 0
    for month in ctx.active_months():
        count = int(rate + rng.random())
        middle = month + dt.timedelta(days=14)
        in_burst = burst is not None and burst[0] <= middle <= burst[1]
        if in_burst:
            count += BURST_TICKETS_PER_MONTH
        requesters = [contact.email for contact in ctx.active_contacts(middle)]
        month_minute = minute_of(month)
        for item in range(count):
            number += 1
            created = month_minute + rng.randint(0, 28 * MINUTES_PER_DAY - 1)
            if created > last_minute:
                continue
            if in_burst and item >= count - BURST_TICKETS_PER_MONTH:
                priority = rng.choice(("urgent", "urgent", "high"))
            else:
                priority = rng.choices(PRIORITIES, cum_weights=PRIORITY_CUMULATIVE_WEIGHTS)[0]
            response_hours = rng.uniform(0.3, 4) if priority == "urgent" else rng.uniform(1, 30)
            if in_burst:
                response_hours *= 3
            first_response = created + 1 + int(response_hours * 60)
            solved = first_response + int(rng.uniform(2, 500 if in_burst else 240) * 60)
            solved_at: int | None = solved
            if solved <= last_minute:
                status = "closed" if last_minute - solved > 30 * MINUTES_PER_DAY else "solved"
                roll = rng.random()
                satisfaction = (
                    "bad"
                    if roll < (0.45 if in_burst else 0.1)
                    else ("good" if roll < 0.8 else rng.choice(("offered", "")))
                )
            else:
                status, satisfaction, solved_at = rng.choice(OPEN_STATUSES), "", None
            responded_at = None if status == "new" or first_response > last_minute else first_response
            ctx.rows["support/tickets"].append(
                [
                    f"T{plan.index:05d}-{number:05d}",
                    organizations[0] if len(organizations) == 1 or rng.random() < 0.7 else organizations[1],
                    rng.choice(requesters),
                    minute_stamp(created),
                    minute_stamp(responded_at),
                    minute_stamp(solved_at),
                    status,
                    priority,
                    rng.choice(TICKET_TYPES),
                    rng.choice(TICKET_TOPICS),
                    satisfaction,
                    rng.choice(TICKET_CHANNELS),
                ]
            )


def unmatched_organizations(company: Company, rows: Rows) -> None:
    """Support organizations with no external_id (no CRM link), each with a few tickets."""
    rng = seeded(company.seed, "unmatched-support")
    for number in range(1, 4):
        organization = f"org_x{number:05d}"
        rows["support/organizations"].append([organization, f"Unlinked Org {number}", ""])
        for ticket in range(rng.randint(2, 6)):
            created = dt.datetime.combine(company.as_of - dt.timedelta(days=rng.randint(1, 300)), dt.time(9))
            rows["support/tickets"].append(
                [
                    f"TX{number:02d}-{ticket:03d}",
                    organization,
                    f"someone{ticket}@unlinked.example",
                    instant(created),
                    instant(created + dt.timedelta(hours=3)),
                    instant(created + dt.timedelta(hours=30)),
                    "closed",
                    rng.choice(PRIORITIES),
                    rng.choice(TICKET_TYPES),
                    rng.choice(TICKET_TOPICS),
                    rng.choice(("good", "")),
                    rng.choice(TICKET_CHANNELS),
                ]
            )
