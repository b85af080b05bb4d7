"""support/ rows: one account's organizations and tickets; the organizations nobody linked to the CRM."""

from __future__ import annotations

import datetime as dt
import random

from reports.sample.calendar import instant
from reports.sample.company import Company
from reports.sample.context import AccountContext, Rows
from reports.sample.vocabulary import TICKET_CHANNELS, TICKET_TOPICS, TICKET_TYPES

TICKETS_PER_MONTH = {"scale": 0.5, "growth": 1.2, "enterprise": 2.5, "strategic": 4.0}
BURST_TICKETS_PER_MONTH = 4  # extra urgent/high tickets per month while the plan's ticket burst lasts
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = (25, 50, 18, 7)
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
    as_of_end = dt.datetime.combine(as_of, dt.time(23, 59))
    burst = plan.ticket_burst
    number = 0
    for month in ctx.active_months():
        count = int(rate + rng.random())
        in_burst = burst is not None and burst[0] <= month + dt.timedelta(days=14) <= burst[1]
        if in_burst:
            count += BURST_TICKETS_PER_MONTH
        for item in range(count):
            number += 1
            created = dt.datetime.combine(month, dt.time()) + dt.timedelta(
                days=rng.randint(0, 27), minutes=rng.randint(0, 1439)
            )
            if created > as_of_end:
                continue
            if in_burst and item >= count - BURST_TICKETS_PER_MONTH:
                priority = rng.choice(("urgent", "urgent", "high"))
            else:
                priority = rng.choices(PRIORITIES, weights=PRIORITY_WEIGHTS)[0]
            response_hours = rng.uniform(0.3, 4) if priority == "urgent" else rng.uniform(1, 30)
            if in_burst:
                response_hours *= 3
            first_response: dt.datetime | None = created + dt.timedelta(hours=response_hours)
            solved: dt.datetime | None = first_response + dt.timedelta(
                hours=rng.uniform(2, 500 if in_burst else 240)
            )
            if solved <= as_of_end:
                status = "closed" if (as_of_end - solved).days > 30 else "solved"
                roll = rng.random()
                satisfaction = (
                    "bad"
                    if roll < (0.45 if in_burst else 0.1)
                    else ("good" if roll < 0.8 else rng.choice(("offered", "")))
                )
            else:
                status, satisfaction, solved = rng.choice(OPEN_STATUSES), "", None
            if status == "new" or first_response > as_of_end:
                first_response = None
            ctx.rows["support/tickets"].append(
                [
                    f"T{plan.index:05d}-{number:05d}",
                    organizations[0] if len(organizations) == 1 or rng.random() < 0.7 else organizations[1],
                    rng.choice(ctx.active_contacts(created.date())).email,
                    instant(created),
                    instant(first_response),
                    instant(solved),
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
    rng = random.Random(f"tenure-sample:{company.seed}:unmatched-support")
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
