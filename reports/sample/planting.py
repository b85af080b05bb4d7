"""Bends an account's drawn plan so that it tells its planted story (stories.py).

Every story account is made plain first (USD unless the story says otherwise, no discount, no pilot, no
parent, no second billing customer, pays on time, no random champion loss), so that only the story shows.
Dates are relative to as_of, so the stories hold for any extract date.
"""

from __future__ import annotations

import datetime as dt

from reports.sample.calendar import add_months, month_start, quarter_start
from reports.sample.plans import (
    EMPLOYEES,
    PLANS,
    AccountPlan,
    Pilot,
    Segment,
    Spell,
    local_price,
    seats_for,
)
from reports.sample.stories import Story

INDUSTRY = {
    "champion_loss_at_risk": "Logistics",
    "champion_loss_churned": "Financial services",
    "usage_expansion": "Software",
    "strategic_no_qbr": "Manufacturing",
    "late_payer": "Retail",
    "pilot_converted": "Healthcare",
    "pilot_not_converted": "Media",
    "reactivation": "Software",
    "contraction": "Manufacturing",
    "foreign_currency": "Financial services",
    "stalled_value_plan": "Retail",
    "too_many_tactics": "Retail",
    "referenceable": "Manufacturing",
    "reference_forecast": "Healthcare",
    "reference_fatigue": "Logistics",
    "late_kickoff": "Education",
    "no_exec_sponsor": "Manufacturing",
}


def _spell(start: dt.date, end: dt.date | None, seats: int, price: float, changes=()) -> Spell:
    """One subscription from `start` to `end` (None: open), seats changing at (day, seats) `changes`."""
    segments, current, current_seats = [], start, seats
    for day, new_seats in changes:
        segments.append(Segment(current, day, current_seats, price))
        current, current_seats = day, new_seats
    segments.append(Segment(current, end, current_seats, price))
    return Spell(segments)


def plant(plan: AccountPlan, story: Story, history_start: dt.date, as_of: dt.date) -> None:
    """Override `plan` so the account tells `story`."""
    key, this_month = story.key, month_start(as_of)
    plan.name, plan.industry, plan.story_key = story.account_name, INDUSTRY[key], key
    plan.currency, plan.discount_percent, plan.pilot, plan.parent_index = "USD", 0, None, None
    plan.champion_left_on = plan.champion_replaced_on = None
    plan.troubles, plan.usage_declines_from, plan.late_payment, plan.ticket_burst = [], None, None, None
    plan.second_billing_customer, plan.pays_on_time, plan.lost_to = False, True, None
    plan.reference_mode, plan.nps_bias, plan.kickoff_delay_business_days = None, 1, 2

    def size(tier: str, arr: float) -> tuple[int, float]:
        plan.tier, plan.plan_name = tier, PLANS[tier]
        plan.seat_price = local_price(plan.plan_name, plan.currency)
        plan.employee_count = {"scale": 150, "growth": 1400, "enterprise": 6000, "strategic": 40000}[tier]
        assert EMPLOYEES[tier][0] <= plan.employee_count <= EMPLOYEES[tier][1]
        plan.value_plan_mode = "normal" if tier in ("enterprise", "strategic") else None
        return seats_for(arr, plan.seat_price), plan.seat_price

    if key == "champion_loss_at_risk":
        seats, price = size("growth", 300_000)
        plan.spells = [_spell(add_months(this_month, 4 - 36), None, seats, price)]  # renews in ~4 months
        plan.billing_period_months = 12
        plan.champion_left_on = as_of - dt.timedelta(days=125)
        plan.ticket_burst = (as_of - dt.timedelta(days=90), as_of)
        plan.nps_bias, plan.nps_bias_since = -7, plan.champion_left_on
    elif key == "champion_loss_churned":
        seats, price = size("enterprise", 600_000)
        churn = add_months(this_month, -6)
        plan.spells = [_spell(add_months(churn, -36), churn, seats, price)]
        plan.billing_period_months = 12
        plan.champion_left_on = add_months(as_of, -14)
        plan.ticket_burst = (plan.champion_left_on + dt.timedelta(days=30), churn)
        plan.lost_to = ("Vantage", "Champion left; moved to a competitor")
        plan.nps_bias, plan.nps_bias_since = -6, plan.champion_left_on
    elif key == "usage_expansion":
        seats, price = size("growth", 200_000)
        expansion = add_months(this_month, -2)
        plan.spells = [
            _spell(add_months(this_month, -31), None, seats, price, [(expansion, round(seats * 1.5))])
        ]
        plan.utilization = "grows"
        plan.nps_bias = 3
    elif key == "strategic_no_qbr":
        seats, price = size("strategic", 1_600_000)
        plan.spells = [_spell(add_months(history_start, -10), None, seats, price)]
        plan.skip_qbr_from = add_months(quarter_start(this_month), -6)
        plan.has_exec_sponsor = True
    elif key == "late_payer":
        seats, price = size("growth", 150_000)
        plan.spells = [_spell(add_months(history_start, -4), None, seats, price)]
        plan.billing_period_months = 1
        plan.late_payer, plan.pays_on_time = True, False
        plan.nps_bias = -2
    elif key == "pilot_converted":
        seats, price = size("growth", 180_000)
        start = add_months(this_month, -10)
        plan.spells = [_spell(start, None, seats, price)]
        plan.pilot = Pilot(start - dt.timedelta(days=60), "closed_won")
    elif key == "pilot_not_converted":
        size("scale", 50_000)
        plan.spells = []
        plan.pilot = Pilot(add_months(this_month, -8), "closed_won")
    elif key == "reactivation":
        seats, price = size("scale", 60_000)
        churn = add_months(this_month, -16)
        plan.spells = [
            _spell(add_months(churn, -24), churn, seats, price),  # ends at its second renewal
            _spell(add_months(churn, 5), None, seats, price),
        ]
        plan.billing_period_months = 1
    elif key == "contraction":
        seats, price = size("growth", 250_000)
        cut = add_months(this_month, -3)
        plan.spells = [_spell(add_months(history_start, -6), None, seats, price, [(cut, round(seats * 0.6))])]
    elif key == "foreign_currency":
        plan.currency, plan.region = "EUR", "EMEA"
        seats, price = size("enterprise", 550_000)
        plan.spells = [_spell(add_months(history_start, 3), None, seats, price)]
        plan.billing_period_months = 12
    elif key in ("stalled_value_plan", "too_many_tactics"):
        seats, price = size("enterprise", 700_000)
        plan.spells = [_spell(add_months(history_start, 2), None, seats, price)]
        plan.value_plan_mode = "stalled" if key == "stalled_value_plan" else "too_many"
    elif key in ("referenceable", "reference_forecast", "reference_fatigue"):
        seats, price = size("growth", 320_000)
        plan.spells = [_spell(add_months(history_start, -8), None, seats, price)]
        plan.reference_mode = {
            "referenceable": "green",
            "reference_forecast": "amber",
            "reference_fatigue": "fatigue",
        }[key]
        plan.nps_bias = 3
    elif key == "late_kickoff":
        seats, price = size("growth", 150_000)
        plan.spells = [_spell(as_of - dt.timedelta(days=57), None, seats, price)]  # signed 3 days before
        plan.kickoff_delay_business_days = 6
    elif key == "no_exec_sponsor":
        seats, price = size("strategic", 2_200_000)
        plan.spells = [_spell(add_months(history_start, -12), None, seats, price)]
        plan.has_exec_sponsor = False
    else:  # pragma: no cover - every story in stories.py has a branch
        raise KeyError(key)
