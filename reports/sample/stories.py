"""The stories the sample extract plants, at fixed account ids, for the finished site to reveal.

Each story is a small set of overrides of the plan an account would otherwise get at random (see plans.py).
They are present whenever the sample has at least `len(PLANTED_STORIES)` accounts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    key: str
    account_id: str
    account_name: str
    description: str


def _story(index: int, key: str, name: str, description: str) -> Story:
    return Story(key, f"A{index:05d}", name, description)


PLANTED_STORIES: tuple[Story, ...] = (
    _story(
        1,
        "champion_loss_at_risk",
        "Halcyon Freight",
        "Champion left about 4 months before as_of with no replacement; urgent tickets pile up in the last "
        "90 days; NPS detractor; renewal open and due in about 4 months; still paying.",
    ),
    _story(
        2,
        "champion_loss_churned",
        "Bramblecote Insurance",
        "Champion left about 14 months before as_of; urgent tickets piled up; renewal lost to a competitor "
        "with a loss reason; all subscriptions ended about 6 months before as_of; a churn interview.",
    ),
    _story(
        3,
        "usage_expansion",
        "Lumen Analytics",
        "Active users grow until seat utilisation passes 95%; an expansion deal is won and seats go up "
        "about 2 months before as_of; utilisation is high again at as_of.",
    ),
    _story(
        4,
        "strategic_no_qbr",
        "Orbital Dynamics",
        "Strategic (ARR over 1,000,000) with earlier QBRs but none in the last two full quarters.",
    ),
    _story(
        5,
        "late_payer",
        "Kestrel Retail",
        "Pays late throughout; several open invoices past due at as_of, the worst more than 60 days.",
    ),
    _story(6, "pilot_converted", "Cobalt Health", "Won a pilot, then a new_business deal 60 days later."),
    _story(
        7,
        "pilot_not_converted",
        "Driftwood Media",
        "Won a pilot about 8 months before as_of; no new_business deal followed.",
    ),
    _story(
        8,
        "reactivation",
        "Phoenix Works",
        "Churned, paid nothing for 5 months, then came back with a new subscription.",
    ),
    _story(9, "contraction", "Granite Manufacturing", "Seats cut by about 40% three months before as_of."),
    _story(
        10, "foreign_currency", "Edelweiss Bank", "Billed in EUR; its MRR is converted at each month's rate."
    ),
    _story(
        11,
        "stalled_value_plan",
        "Meridian Foods",
        "Current-quarter value-plan items past their due date and not achieved.",
    ),
    _story(
        12,
        "too_many_tactics",
        "Sierra Outfitters",
        "Five active value-plan tactics this quarter (more than 3).",
    ),
    _story(
        13,
        "referenceable",
        "Aurora Robotics",
        "Green on private_reference_call, with evangelist contacts (unprompted, external).",
    ),
    _story(
        14,
        "reference_forecast",
        "Beacon Labs",
        "Amber on private_reference_call: the next reference-able customer.",
    ),
    _story(
        15,
        "reference_fatigue",
        "Quartz Logistics",
        "Three reference calls in the last full quarter (fatigue).",
    ),
    _story(
        16,
        "late_kickoff",
        "Nimbus Education",
        "New customer signed about 2 months before as_of; kickoff 6 business days later; some SOW "
        "milestones late.",
    ),
    _story(
        17,
        "no_exec_sponsor",
        "Titan Aerospace",
        "Strategic account, among the top ARR, with no executive sponsor assigned.",
    ),
)

STORIES_BY_ACCOUNT = {story.account_id: story for story in PLANTED_STORIES}
STORIES_BY_KEY = {story.key: story for story in PLANTED_STORIES}
