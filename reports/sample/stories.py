"""The stories the sample extract plants, at fixed account ids, for the finished site to reveal.

Data only: tests import `PLANTED_STORIES` to find the accounts; planting.py bends each account's plan so it
tells its story. A sample of at least `STORY_MIN_ACCOUNTS` accounts carries all of them, at the first ids.
"""

from __future__ import annotations

from dataclasses import dataclass

STORY_MIN_ACCOUNTS = 20


@dataclass(frozen=True)
class Story:
    key: str
    account_id: str
    account_name: str
    description: str
    shows_on: str  # where on the site the story must be visible


def _story(index: int, key: str, name: str, description: str, shows_on: str) -> Story:
    return Story(key, f"A{index:05d}", name, description, shows_on)


PLANTED_STORIES: tuple[Story, ...] = (
    _story(
        1,
        "champion_loss_at_risk",
        "Halcyon Freight",
        "Champion left about 4 months before as_of with no replacement; urgent and high tickets pile up in "
        "the last 90 days; NPS turned detractor after the champion left; renewal open and due within 4 "
        "months; still paying.",
        "Renewals & LxL (champion loss, renewing within 180 days); account page; home 'what changed'.",
    ),
    _story(
        2,
        "champion_loss_churned",
        "Bramblecote Insurance",
        "Champion left about 14 months before as_of; urgent tickets piled up; renewal lost to Vantage with a "
        "loss reason; all subscriptions ended 6 months before as_of; a churn interview.",
        "Retention: churn reasons and churn retrospective; MRR bridge (churn); competitors.",
    ),
    _story(
        3,
        "usage_expansion",
        "Lumen Analytics",
        "Active users grow until seat utilisation passes 95%; an expansion deal is won and seats go up 50% "
        "2 months before as_of; utilisation is above 95% again at as_of.",
        "Account page (usage, MRR expansion); LxL expansion candidates; home MRR bridge (expansion).",
    ),
    _story(
        4,
        "strategic_no_qbr",
        "Orbital Dynamics",
        "Strategic (ARR 1.6M) with earlier QBRs but none in the last two full quarters.",
        "QBR coverage: overdue QBRs, strategic tier coverage below 100%.",
    ),
    _story(
        5,
        "late_payer",
        "Kestrel Retail",
        "Pays 40-80 days after issue throughout; several open invoices past due at as_of, the worst about "
        "90 days.",
        "Account page (invoices past due); LxL (> 60 days past due); references: not eligible now.",
    ),
    _story(
        6,
        "pilot_converted",
        "Cobalt Health",
        "Won a pilot, then a new_business deal 57 days later.",
        "Onboarding & pilots: pilot conversion (converted, days to convert).",
    ),
    _story(
        7,
        "pilot_not_converted",
        "Driftwood Media",
        "Won a pilot about 8 months before as_of; no new_business deal was won (one is still open).",
        "Onboarding & pilots: pilot conversion (not converted).",
    ),
    _story(
        8,
        "reactivation",
        "Phoenix Works",
        "Churned 16 months before as_of, paid nothing for 5 months, then came back with a new subscription.",
        "MRR bridge (churn, then reactivation); account page MRR history.",
    ),
    _story(
        9,
        "contraction",
        "Granite Manufacturing",
        "Seats cut by 40% three months before as_of.",
        "MRR bridge (contraction); account page; health backtest.",
    ),
    _story(
        10,
        "foreign_currency",
        "Edelweiss Bank",
        "Billed in EUR; its MRR is converted at each month's rate.",
        "Account page ARR in USD; data quality (currencies and rates).",
    ),
    _story(
        11,
        "stalled_value_plan",
        "Meridian Foods",
        "Two current-quarter value-plan items past their due date and not achieved (in progress, blocked).",
        "Value plans: stalled items to escalate; account page.",
    ),
    _story(
        12,
        "too_many_tactics",
        "Sierra Outfitters",
        "Five active value-plan tactics this quarter (more than 3).",
        "Value plans: plans with more than 3 active tactics.",
    ),
    _story(
        13,
        "referenceable",
        "Aurora Robotics",
        "Green on private_reference_call, with evangelist contacts (unprompted, external); pays on time.",
        "References: reference-able, closing count, evangelists.",
    ),
    _story(
        14,
        "reference_forecast",
        "Beacon Labs",
        "Amber on private_reference_call: the next reference-able customer.",
        "References: reference forecast.",
    ),
    _story(
        15,
        "reference_fatigue",
        "Quartz Logistics",
        "Three reference calls in the last full quarter (more than 2: fatigue).",
        "References: fatigue flag.",
    ),
    _story(
        16,
        "late_kickoff",
        "Nimbus Education",
        "New customer signed about 2 months before as_of; kickoff 6 business days later; two SOW milestones "
        "completed late.",
        "Onboarding & pilots: kickoff timeliness, SOW milestone delivery, time to value.",
    ),
    _story(
        17,
        "no_exec_sponsor",
        "Titan Aerospace",
        "Strategic (ARR 2.2M), among the top ARR, with no executive sponsor assigned.",
        "QBR coverage: executive-sponsor gaps in the top 20% of ARR.",
    ),
)

STORIES_BY_ACCOUNT = {story.account_id: story for story in PLANTED_STORIES}
STORIES_BY_KEY = {story.key: story for story in PLANTED_STORIES}
