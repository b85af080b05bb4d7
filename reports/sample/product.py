"""product/usage_monthly rows of one account: licensed seats and active users every paying month, plus
three adoption measures (reports created, integrations active, API calls) that track active users."""

from __future__ import annotations

from reports.sample.calendar import add_months, iso
from reports.sample.context import AccountContext

# The adoption measures the sample adds to product/usage_monthly (the contract allows any further numeric
# column there), in the order they are written; dbt_project.yml's sticky_drivers names two of them.
ADOPTION_MEASURES = ("reports_created", "integrations_active", "api_calls")


def usage(ctx: AccountContext) -> None:
    """Seat utilisation wanders between 20% and 98%; from the plan's usage decline (a sign of trouble) it
    falls for four to eight months; in the planted expansion story it climbs past 95%, seats are added
    (utilisation drops), and it climbs back above 95% by as_of."""
    plan = ctx.plan
    rng = ctx.rng("usage")
    months = ctx.active_months()
    expansion = next((segment.start for spell in plan.spells for segment in spell.segments[1:]), None)
    grows = plan.utilization == "grows" and expansion is not None
    before = sum(1 for month in months if expansion is not None and month < expansion)
    integrations = rng.randint(1, 4)
    utilization = rng.uniform(0.55, 0.85)
    decline = plan.usage_declines_from
    decline_months = rng.randint(4, 8)
    for position, month in enumerate(months):
        seats = plan.seats_on(month.replace(day=14))
        if grows and position < before:
            utilization = 0.6 + 0.38 * (position + 1) / before
        elif grows:
            utilization = min(0.97, 0.72 + 0.13 * (position - before))
        elif decline is not None and decline <= month < add_months(decline, decline_months):
            utilization = max(0.12, utilization - rng.uniform(0.06, 0.12))
            if rng.random() < 0.3:
                integrations = max(0, integrations - 1)
        else:
            utilization = min(0.98, max(0.2, utilization + rng.uniform(-0.05, 0.05)))
        active = round(seats * utilization)
        if rng.random() < 0.05:
            integrations = max(0, integrations + rng.choice((-1, 1)))
        ctx.rows["product/usage_monthly"].append(
            [
                plan.account_id,
                iso(month),
                seats,
                active,
                round(active * rng.uniform(0.5, 3)),
                integrations,
                round(active * rng.uniform(50, 400)),
            ]
        )
