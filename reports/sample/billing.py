"""billing/ rows: customers, subscription periods and invoices of one account; the company's FX rates and
the billing customers nobody linked to the CRM."""

from __future__ import annotations

import datetime as dt
import math
import random

from reports.sample.calendar import (
    MINUTES_PER_DAY,
    add_months,
    iso,
    minute_of,
    minute_stamp,
    month_start,
    timestamp,
)
from reports.sample.cells import money
from reports.sample.company import Company
from reports.sample.context import AccountContext, Rows
from reports.sample.plans import FX_BASE
from reports.sample.randomness import seeded

INVOICE_HISTORY_MONTHS = 12  # invoices go back this far before the history starts
FX_HISTORY_MONTHS = 36  # rates go back this far before the history starts (older customers' periods)
NET_DAYS = 30


def account_billing(ctx: AccountContext) -> None:
    """The account's billing customer, one period per segment of each spell (a subscription per spell),
    the invoices of every billing period, and for a few accounts a second customer with an add-on."""
    plan, as_of = ctx.plan, ctx.company.as_of
    first_start = plan.first_start
    assert first_start is not None, "only accounts that became customers are billed"
    rng = ctx.rng("billing")
    customer = f"cus_{plan.index:06d}"
    ctx.rows["billing/customers"].append(
        [
            customer,
            plan.name,
            plan.account_id,
            plan.currency,
            timestamp(first_start - dt.timedelta(days=5)),
        ]
    )
    invoices = _Invoices(ctx, rng)
    period = 0
    for number, spell in enumerate(plan.spells):
        subscription = f"sub_{plan.index:06d}_{number}"
        for segment in spell.segments:
            period += 1
            unit_amount = round(segment.price * plan.billing_period_months, 2)
            ctx.rows["billing/subscription_periods"].append(
                [
                    f"per_{plan.index:06d}_{period:03d}",
                    subscription,
                    customer,
                    plan.plan_name,
                    iso(segment.start),
                    iso(segment.end),
                    segment.seats,
                    money(unit_amount),
                    plan.billing_period_months,
                    plan.discount_percent,
                    plan.currency,
                ]
            )
            invoices.period(
                customer,
                subscription,
                segment.start,
                segment.end,
                plan.billing_period_months,
                segment.seats * unit_amount * (1 - plan.discount_percent / 100),
            )
    if plan.second_billing_customer and plan.seats_on(as_of) > 0:
        extra = f"cus_{plan.index:06d}b"
        start = max(plan.spells[-1].start, add_months(as_of, -rng.randint(3, 20))).replace(day=1)
        seats = rng.randint(1, 10)
        ctx.rows["billing/customers"].append(
            [extra, f"{plan.name} (analytics)", plan.account_id, plan.currency, timestamp(start)]
        )
        ctx.rows["billing/subscription_periods"].append(
            [
                f"per_{plan.index:06d}_b01",
                f"sub_{plan.index:06d}_b",
                extra,
                "Analytics add-on",
                iso(start),
                "",
                seats,
                money(25.0),
                1,
                0,
                plan.currency,
            ]
        )
        invoices.period(extra, f"sub_{plan.index:06d}_b", start, None, 1, seats * 25.0)


class _Invoices:
    """Invoices at the start of every billing period: paid after some days (late payers late, the last
    ones still open), a few voided, and for some churned accounts the last ones written off."""

    def __init__(self, ctx: AccountContext, rng: random.Random) -> None:
        self.ctx, self.plan, self.rng = ctx, ctx.plan, rng
        self.as_of = ctx.company.as_of
        self.earliest = add_months(ctx.company.history_start, -INVOICE_HISTORY_MONTHS)
        self.number = 0
        ends_on = self.plan.ends_on
        churned = ends_on is not None and ends_on <= self.as_of
        self.write_off_from = (
            ends_on - dt.timedelta(days=75)
            if ends_on is not None and churned and rng.random() < 0.3
            else None
        )

    def _days_to_pay(self, issued: dt.date) -> int:
        late = self.plan.late_payment
        if self.plan.late_payer or (late is not None and late[0] <= issued <= late[1]):
            return self.rng.randint(40, 80)
        if self.plan.pays_on_time:
            return self.rng.randint(2, 25)
        return self.rng.choice((3, 8, 15, 25, 28, 29, 33, 45))

    def period(
        self,
        customer: str,
        subscription: str,
        start: dt.date,
        end: dt.date | None,
        months: int,
        amount: float,
    ) -> None:
        rng, as_of = self.rng, self.as_of
        last_minute = minute_of(as_of) + MINUTES_PER_DAY - 1
        issued = start
        while issued <= as_of and (end is None or issued < end):
            if issued >= self.earliest:
                due = issued + dt.timedelta(days=NET_DAYS)
                # paid at noon and some minutes, days after issue (minutes from EPOCH, see calendar.py)
                paid: int | None = (
                    minute_of(issued) + self._days_to_pay(issued) * MINUTES_PER_DAY + 720 + rng.randint(0, 59)
                )
                status = "paid"
                if self.plan.late_payer and issued >= as_of - dt.timedelta(days=130):
                    paid = None  # the late payer's recent invoices are all still open
                if paid is not None and paid > last_minute:
                    paid = None
                if self.write_off_from is not None and issued >= self.write_off_from:
                    status, paid = "uncollectible", None
                elif paid is None:
                    status = "open"
                elif rng.random() < 0.005:
                    status, paid = "void", None
                self.number += 1
                self.ctx.rows["billing/invoices"].append(
                    [
                        f"inv_{self.plan.index:06d}_{self.number:05d}",
                        customer,
                        subscription,
                        timestamp(issued, 60),
                        iso(due),
                        minute_stamp(paid),
                        money(amount),
                        money(amount if status == "paid" else 0),
                        self.plan.currency,
                        status,
                    ]
                )
            issued = add_months(issued, months)


def fx_rates(company: Company) -> list[list[object]]:
    """A rate to USD for EUR and GBP on the first of every month of the history (and the years before it,
    for customers that started earlier), drifting a few percent around 1.08 and 1.27."""
    rows: list[list[object]] = []
    first = add_months(company.history_start, -FX_HISTORY_MONTHS)
    months = (company.as_of.year - first.year) * 12 + company.as_of.month - first.month + 1
    for currency in ("EUR", "GBP"):
        phase = 1.0 if currency == "GBP" else 0.0
        for k in range(months):
            month = add_months(first, k)
            position = month.year * 12 + month.month  # the same month gets the same rate whatever as_of
            rate = FX_BASE[currency] * (1 + 0.03 * math.sin(position / 5 + phase))
            rows.append([currency, iso(month), f"{rate:.4f}"])
    return rows


def unmatched_customers(company: Company, rows: Rows) -> None:
    """Billing customers that do not link to any CRM account (three without a link, one naming an account
    that does not exist), each paying for a subscription: their MRR counts in the company totals."""
    rng = seeded(company.seed, "unmatched-billing")
    as_of = company.as_of
    for number, crm_id in enumerate(("", "", "", "A00000"), start=1):
        customer = f"cus_x{number:05d}"
        start = add_months(month_start(as_of), -rng.randint(4, 20))
        seats = rng.randint(5, 40)
        rows["billing/customers"].append(
            [customer, f"Unlinked Customer {number}", crm_id, "USD", timestamp(start)]
        )
        rows["billing/subscription_periods"].append(
            [
                f"per_x{number:05d}",
                f"sub_x{number:05d}",
                customer,
                "Team",
                iso(start),
                "",
                seats,
                money(60.0),
                1,
                0,
                "USD",
            ]
        )
