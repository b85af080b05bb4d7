"""One account's rows in every table: draw its plan, plant its story if it has one, derive the tables."""

from __future__ import annotations

from reports.sample import (
    billing,
    crm_deals,
    crm_engagement,
    crm_people,
    crm_programs,
    product,
    support,
    surveys,
)
from reports.sample.company import Company
from reports.sample.context import AccountContext, Rows
from reports.sample.plans import draw_plan
from reports.sample.planting import plant
from reports.sample.stories import STORIES_BY_ACCOUNT


def emit_account(index: int, company: Company, stories: bool, rows: Rows) -> None:
    """Append account number `index`'s rows to `rows`; `stories`: plant the story of a story account.

    The order matters only where one table needs another's facts: contacts before meetings, the first
    deal before onboarding and SOW milestones."""
    plan = draw_plan(index, company.seed, company.history_start, company.as_of)
    story = STORIES_BY_ACCOUNT.get(plan.account_id) if stories else None
    if story is not None:
        plant(plan, story, company.history_start, company.as_of)
    ctx = AccountContext(plan, company, rows)
    crm_people.account(ctx)
    crm_people.contacts(ctx)
    crm_deals.opportunities(ctx)
    crm_engagement.activities(ctx)
    if plan.spells:
        billing.account_billing(ctx)
        product.usage(ctx)
        support.tickets(ctx)
        surveys.nps(ctx)
        crm_programs.value_plans(ctx)
        crm_programs.references(ctx)
        crm_deals.sow_milestones(ctx)
