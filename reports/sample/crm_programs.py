"""crm/value_plans and crm/references rows of one account: the customer-success programs' spreadsheets."""

from __future__ import annotations

import datetime as dt

from reports.contract import REFERENCE_TYPES
from reports.sample.calendar import add_months, iso, quarter_of, quarter_start, timestamp
from reports.sample.context import AccountContext
from reports.sample.vocabulary import REFERENCE_NEXT_STEPS, VALUE_PLAN_ITEMS

VALUE_PLAN_QUARTERS = 8  # the current quarter and the seven before it
MISSED_SHARE = {False: 0.12, True: 0.6}  # of past items, without and with a sign of trouble that quarter


def value_plans(ctx: AccountContext) -> None:
    """A plan per quarter for accounts with one (enterprise and up, some others) while they pay, churned
    ones included (their plans stop with them).

    Past quarters' items are achieved or missed (missed more often in a quarter with a sign of trouble, see
    plans.py); the current quarter's are under way and due at its end, except in the planted stories:
    stalled items already past due, or more than 3 active tactics.
    """
    plan, as_of = ctx.plan, ctx.company.as_of
    if not plan.value_plan_mode or not plan.spells:
        return
    rng = ctx.rng("value_plans")
    current = quarter_start(as_of)
    skip_current = plan.value_plan_mode == "normal" and rng.random() < 0.2  # coverage is not 100%
    number = 0
    for back in range(VALUE_PLAN_QUARTERS - 1, -1, -1):
        quarter = add_months(current, -3 * back)
        is_current = back == 0
        if plan.seats_on(quarter) == 0 or (is_current and skip_current):
            continue
        quarter_end = add_months(quarter, 3)
        troubled = any(
            quarter - dt.timedelta(days=90) <= trouble.on < quarter_end for trouble in plan.troubles
        )
        count = 5 if (plan.value_plan_mode == "too_many" and is_current) else rng.randint(2, 3)
        first_item = rng.randrange(len(VALUE_PLAN_ITEMS))
        for item in range(count):
            number += 1
            objective, tactic, metric, unit, baseline, target = VALUE_PLAN_ITEMS[
                (first_item + item) % len(VALUE_PLAN_ITEMS)
            ]
            due = add_months(quarter, 3) - dt.timedelta(days=1)
            if is_current and plan.value_plan_mode == "stalled" and item < 2:
                due = max(quarter, as_of - dt.timedelta(days=20))
                if due >= as_of:
                    due = as_of - dt.timedelta(days=1)
                status = ("in_progress", "blocked")[item]
                actual = baseline + (target - baseline) * 0.2
            elif is_current:
                status = rng.choice(("not_started", "in_progress", "in_progress", "in_progress", "blocked"))
                actual = baseline + (target - baseline) * rng.uniform(0.0, 0.5)
            else:
                status = "missed" if rng.random() < MISSED_SHARE[troubled] else "achieved"
                actual = target if status == "achieved" else baseline + (target - baseline) * 0.4
            ctx.rows["crm/value_plans"].append(
                [
                    f"I{plan.index:05d}-{number:02d}",
                    plan.account_id,
                    quarter_of(quarter),
                    objective,
                    tactic,
                    metric,
                    baseline,
                    target,
                    "" if status == "not_started" else f"{actual:.1f}",
                    unit,
                    status,
                    ctx.csm,
                    timestamp(quarter + dt.timedelta(days=5)),
                    iso(due),
                    timestamp(min(as_of, quarter + dt.timedelta(days=rng.randint(20, 80)))),
                ]
            )


def references(ctx: AccountContext) -> None:
    """The reference log: one row per status change, per reference type."""
    plan, as_of = ctx.plan, ctx.company.as_of
    if not plan.reference_mode or not plan.spells:
        return
    rng = ctx.rng("references")
    log: list[tuple[str, str, dt.date]] = []
    if plan.reference_mode in ("green", "fatigue"):
        log += [
            ("private_reference_call", "amber", as_of - dt.timedelta(days=400)),
            ("private_reference_call", "green", as_of - dt.timedelta(days=200)),
            ("case_study", "amber", as_of - dt.timedelta(days=330)),
            ("case_study", "green", as_of - dt.timedelta(days=150)),
            ("logo_on_website", "green", as_of - dt.timedelta(days=300)),
            ("user_group_speech", "green", as_of - dt.timedelta(days=160)),
        ]
    elif plan.reference_mode == "amber":
        log += [
            ("logo_on_website", "green", as_of - dt.timedelta(days=250)),
            ("private_reference_call", "amber", as_of - dt.timedelta(days=60)),
        ]
    else:
        assert plan.first_start is not None, "only customers give references"
        start = max(plan.first_start, as_of - dt.timedelta(days=1000))
        for kind in rng.sample(REFERENCE_TYPES, rng.randint(1, 3)):
            day = start + dt.timedelta(days=rng.randint(30, 400))
            log.append((kind, "amber", day))
            if rng.random() < 0.6:
                day += dt.timedelta(days=rng.randint(30, 250))
                log.append((kind, rng.choice(("green", "green", "red")), day))
                if rng.random() < 0.2:  # a green reference can turn red (and a red one be won back)
                    day += dt.timedelta(days=rng.randint(60, 300))
                    log.append((kind, "red" if log[-1][1] == "green" else "green", day))
    for kind, status, day in log:
        if day > as_of:
            continue
        ctx.rows["crm/references"].append(
            [
                plan.account_id,
                kind,
                status,
                timestamp(day, 700),
                rng.choice(REFERENCE_NEXT_STEPS[status]),
                ctx.csm,
            ]
        )
