"""The sample extract in the layouts Fivetran syncs Salesforce, Stripe and Zendesk in
(`build.py sample --layout fivetran`): the same company as the contract layout, written as those systems
hold it, so that a test can build both and compare the sites.

It reads the contract-layout extract just written and rewrites each system's tables the way the real
system keeps them: Salesforce ids and picklist labels, `is_closed`/`is_won` instead of stage names,
custom fields for what Salesforce has no standard field for (named as dbt_project.yml's var salesforce
expects), and soft-deleted rows that must not count. The customer-success tables (value plans, references,
SOW milestones, forecast snapshots) stay in the contract layout, as they do for a company whose CS team keeps
them in spreadsheets.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import yaml

from reports.sample.calendar import add_months
from reports.sample.writer import write_csv

# The labels a Salesforce org shows for the contract's values (the inverse of the seeds in
# seeds/salesforce/, which read them back).
OPPORTUNITY_TYPES = {
    "new_business": "New Business",
    "expansion": "Expansion",
    "renewal": "Renewal",
    "pilot": "Pilot",
}
FORECAST_CATEGORIES = {
    "commit": "Commit",
    "best_case": "Best Case",
    "pipeline": "Pipeline",
    "omitted": "Omitted",
}
ROLE_NAMES = {
    "ceo": "CEO",
    "exec": "Executive Team",
    "ae": "Account Executive",
    "csm": "Customer Success Manager",
    "support": "Support Engineer",
    "se": "Solutions Engineer",
}
ACTIVITY_TYPES = {
    "qbr": "QBR",
    "exec_visit": "Executive Visit",
    "kickoff": "Kickoff",
    "status_meeting": "Status Meeting",
    "call": "Call",
    "discovery_call": "Discovery Call",
    "training": "Training",
    "user_group": "User Group",
    "advisory_board": "Advisory Board",
    "reference_call": "Reference Call",
    "churn_interview": "Churn Interview",
}
# Calls are Salesforce tasks; meetings are events.
TASK_TYPES = {"call", "discovery_call", "reference_call", "churn_interview"}
BILLING_COUNTRIES = {"North America": "United States", "EMEA": "Germany", "APAC": "Japan", "LATAM": "Brazil"}
# One in this many accounts, contacts and opportunities also has a soft-deleted twin, as real orgs do.
DELETED_EVERY = 7


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    write_csv(path, ([row.get(name, "") for name in header] for row in rows), header)


def salesforce_time(value: str) -> str:
    """2026-03-04T10:15:00Z as Fivetran writes Salesforce datetimes: 2026-03-04 10:15:00 (UTC)."""
    return value.replace("T", " ").removesuffix("Z") if value else ""


def _deleted_twins(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    return [
        {**row, key: f"{row[key]}-DEL", "is_deleted": "true"}
        for index, row in enumerate(rows)
        if index % DELETED_EVERY == DELETED_EVERY - 1
    ]


def write_salesforce(extract: Path) -> None:
    crm = extract / "crm"
    accounts = [
        {
            "id": row["account_id"],
            "name": row["account_name"],
            "industry": row["industry"],
            "number_of_employees": row["employee_count"],
            "billing_country": BILLING_COUNTRIES.get(row["region"], ""),
            "region_c": row["region"],
            "owner_id": row["owner_user_id"],
            "csm_c": row["csm_user_id"],
            "executive_sponsor_c": row["exec_sponsor_user_id"],
            "parent_id": row["parent_account_id"],
            "created_date": salesforce_time(row["created_at"]),
            "is_deleted": "false",
        }
        for row in _read(crm / "accounts.csv")
    ]
    _write(
        crm / "account.csv",
        [
            "id",
            "_fivetran_synced",
            "name",
            "industry",
            "number_of_employees",
            "billing_country",
            "region_c",
            "owner_id",
            "csm_c",
            "executive_sponsor_c",
            "parent_id",
            "created_date",
            "is_deleted",
        ],
        accounts + _deleted_twins(accounts, "id"),
    )

    users = _read(crm / "users.csv")
    roles = sorted({row["role"] for row in users})
    role_ids = {role: f"00E{index:015d}" for index, role in enumerate(roles, 1)}
    _write(
        crm / "user_role.csv",
        ["id", "_fivetran_synced", "name", "_fivetran_deleted"],
        ({"id": role_ids[role], "name": ROLE_NAMES[role], "_fivetran_deleted": "false"} for role in roles),
    )
    _write(
        crm / "user.csv",
        [
            "id",
            "_fivetran_synced",
            "name",
            "title",
            "user_role_id",
            "manager_id",
            "is_active",
            "_fivetran_deleted",
        ],
        (
            {
                "id": row["user_id"],
                "name": row["full_name"],
                "title": row["title"],
                "user_role_id": role_ids[row["role"]],
                "manager_id": row["manager_user_id"],
                "is_active": row["is_active"],
                "_fivetran_deleted": "false",
            }
            for row in users
        ),
    )

    contacts = [
        {
            "id": row["contact_id"],
            "account_id": row["account_id"],
            "name": row["full_name"],
            "title": row["title"],
            "department": row["department"],
            "email": row["email"],
            "created_date": salesforce_time(row["created_at"]),
            "is_deleted": "false",
            "seniority_c": row["seniority"],
            "is_champion_c": row["is_champion"],
            "is_customer_sponsor_c": row["is_customer_sponsor"],
            "is_evangelist_c": row["is_evangelist"],
            "referral_mode_c": row["referral_mode"],
            "referral_scope_c": row["referral_scope"],
            "left_company_date_c": salesforce_time(row["left_at"]),
        }
        for row in _read(crm / "contacts.csv")
    ]
    _write(
        crm / "contact.csv",
        [
            "id",
            "_fivetran_synced",
            "account_id",
            "name",
            "title",
            "department",
            "email",
            "created_date",
            "is_deleted",
            "seniority_c",
            "is_champion_c",
            "is_customer_sponsor_c",
            "is_evangelist_c",
            "referral_mode_c",
            "referral_scope_c",
            "left_company_date_c",
        ],
        contacts + _deleted_twins(contacts, "id"),
    )

    opportunities = [
        {
            "id": row["opportunity_id"],
            "account_id": row["account_id"],
            "type": OPPORTUNITY_TYPES.get(row["opportunity_type"], row["opportunity_type"]),
            "stage_name": {"closed_won": "Closed Won", "closed_lost": "Closed Lost"}.get(
                row["stage"], row["stage"]
            ),
            "is_closed": "true" if row["stage"] in ("closed_won", "closed_lost") else "false",
            "is_won": "true" if row["stage"] == "closed_won" else "false",
            "amount": row["amount"],
            "currency_iso_code": row["currency"],
            "created_date": salesforce_time(row["created_at"]),
            "close_date": row["close_date"],
            "forecast_category_name": FORECAST_CATEGORIES.get(
                row["forecast_category"], row["forecast_category"]
            ),
            "owner_id": row["owner_user_id"],
            "primary_competitor_c": row["primary_competitor"],
            "loss_reason_c": row["loss_reason"],
            "is_deleted": "false",
        }
        for row in _read(crm / "opportunities.csv")
    ]
    _write(
        crm / "opportunity.csv",
        [
            "id",
            "_fivetran_synced",
            "account_id",
            "type",
            "stage_name",
            "is_closed",
            "is_won",
            "amount",
            "currency_iso_code",
            "created_date",
            "close_date",
            "forecast_category_name",
            "owner_id",
            "primary_competitor_c",
            "loss_reason_c",
            "is_deleted",
        ],
        opportunities + _deleted_twins(opportunities, "id"),
    )

    tasks, events = [], []
    for row in _read(crm / "activities.csv"):
        activity = {
            "id": row["activity_id"],
            "account_id": row["account_id"],
            "type": ACTIVITY_TYPES.get(row["activity_type"], row["activity_type"]),
            "subject": row["subject"],
            "owner_id": row["owner_user_id"],
            "description": row["notes"],
            "is_deleted": "false",
            "internal_attendee_ids_c": row["internal_attendee_user_ids"],
            "customer_attendee_ids_c": row["customer_attendee_contact_ids"],
            "materials_shared_c": row["materials_shared"],
            "competitor_mentioned_c": row["competitor_mentioned"],
        }
        if row["activity_type"] in TASK_TYPES:
            tasks.append({**activity, "activity_date": salesforce_time(row["occurred_at"])})
        else:
            events.append({**activity, "start_date_time": salesforce_time(row["occurred_at"])})
    common = [
        "account_id",
        "type",
        "subject",
        "owner_id",
        "description",
        "is_deleted",
        "internal_attendee_ids_c",
        "customer_attendee_ids_c",
        "materials_shared_c",
        "competitor_mentioned_c",
    ]
    _write(crm / "task.csv", ["id", "_fivetran_synced", "activity_date", *common], tasks)
    _write(crm / "event.csv", ["id", "_fivetran_synced", "start_date_time", *common], events)

    for name in ("accounts", "users", "contacts", "opportunities", "activities"):
        (crm / f"{name}.csv").unlink()


ZENDESK_STATUSES = {"on_hold": "hold"}
AGENT_ID = "900000000001"


def write_zendesk(extract: Path) -> None:
    """Zendesk keeps no first-response or solve time on a ticket: they are in its comments and its status
    history, and the requester is a user with an e-mail."""
    support = extract / "support"
    _write(
        support / "organization.csv",
        ["id", "_fivetran_synced", "name", "external_id", "_fivetran_deleted"],
        (
            {
                "id": row["organization_id"],
                "name": row["organization_name"],
                "external_id": row["external_id"],
                "_fivetran_deleted": "false",
            }
            for row in _read(support / "organizations.csv")
        ),
    )
    tickets_in = _read(support / "tickets.csv")
    emails = sorted({row["requester_email"] for row in tickets_in if row["requester_email"]})
    user_ids = {email: f"{900000100000 + index}" for index, email in enumerate(emails, 1)}
    _write(
        support / "user.csv",
        ["id", "_fivetran_synced", "email", "role"],
        [
            {"id": AGENT_ID, "email": "support@tenure.example", "role": "agent"},
            *({"id": user_ids[email], "email": email, "role": "end-user"} for email in emails),
        ],
    )
    tickets, comments, history, ratings, tags = [], [], [], [], []
    for row in tickets_in:
        ticket_id = row["ticket_id"]
        requester = user_ids.get(row["requester_email"], "")
        tickets.append(
            {
                "id": ticket_id,
                "organization_id": row["organization_id"],
                "requester_id": requester,
                "created_at": salesforce_time(row["created_at"]),
                "status": ZENDESK_STATUSES.get(row["status"], row["status"]),
                "priority": row["priority"],
                "type": row["ticket_type"],
                "via_channel": row["channel"],
                "custom_topic": row["topic"],
                "_fivetran_deleted": "false",
            }
        )
        comments.append(
            {
                "id": f"{ticket_id}-c1",
                "ticket_id": ticket_id,
                "user_id": requester,
                "created": salesforce_time(row["created_at"]),
                "public": "true",
            }
        )
        if row["first_response_at"]:
            comments.append(
                {
                    "id": f"{ticket_id}-c2",
                    "ticket_id": ticket_id,
                    "user_id": AGENT_ID,
                    "created": salesforce_time(row["first_response_at"]),
                    "public": "true",
                }
            )
        history.append(
            {
                "ticket_id": ticket_id,
                "field_name": "status",
                "value": "new",
                "updated": salesforce_time(row["created_at"]),
            }
        )
        if row["solved_at"]:
            history.append(
                {
                    "ticket_id": ticket_id,
                    "field_name": "status",
                    "value": "solved",
                    "updated": salesforce_time(row["solved_at"]),
                }
            )
        if row["topic"]:
            tags.append({"ticket_id": ticket_id, "tag": row["topic"].lower().replace(" ", "_")})
        if row["satisfaction"]:
            ratings.append(
                {
                    "id": f"{ticket_id}-r",
                    "ticket_id": ticket_id,
                    "score": row["satisfaction"],
                    "updated_at": salesforce_time(row["solved_at"] or row["created_at"]),
                }
            )
    deleted = [
        {**ticket, "id": f"{ticket['id']}-DEL", "status": "deleted"}
        for index, ticket in enumerate(tickets)
        if index % DELETED_EVERY == DELETED_EVERY - 1
    ]
    _write(
        support / "ticket.csv",
        [
            "id",
            "_fivetran_synced",
            "organization_id",
            "requester_id",
            "created_at",
            "status",
            "priority",
            "type",
            "via_channel",
            "custom_topic",
            "_fivetran_deleted",
        ],
        tickets + deleted,
    )
    _write(
        support / "ticket_comment.csv",
        ["id", "_fivetran_synced", "ticket_id", "user_id", "created", "public"],
        comments,
    )
    _write(
        support / "ticket_field_history.csv",
        ["ticket_id", "field_name", "value", "updated", "_fivetran_synced"],
        history,
    )
    _write(support / "ticket_tag.csv", ["ticket_id", "tag", "_fivetran_synced"], tags)
    _write(support / "satisfaction_rating.csv", ["id", "ticket_id", "score", "updated_at"], ratings)
    for name in ("organizations", "tickets"):
        (support / f"{name}.csv").unlink()


def _cents(amount: str) -> str:
    return str(round(float(amount) * 100)) if amount else ""


def _midnight(day: dt.date | str) -> str:
    return f"{day} 00:00:00" if day else ""


def write_stripe(extract: Path, as_of: dt.date) -> None:
    """Stripe keeps a subscription's current state; its history is in the invoice line items, one per
    billing period of each item, priced in minor units. Every contract period is billed from its start in
    steps of its billing period (as the sample's invoices are issued), the last step cut at its end."""
    billing = extract / "billing"
    customers = _read(billing / "customers.csv")
    _write(
        billing / "customer.csv",
        ["id", "_fivetran_synced", "name", "metadata", "currency", "created", "is_deleted"],
        [
            *(
                {
                    "id": row["billing_customer_id"],
                    "name": row["customer_name"],
                    "metadata": json.dumps(
                        {"crm_account_id": row["crm_account_id"]} if row["crm_account_id"] else {}
                    ),
                    "currency": row["currency"].lower(),
                    "created": salesforce_time(row["created_at"]),
                    "is_deleted": "false",
                }
                for row in customers
            ),
            *(
                {
                    "id": f"{row['billing_customer_id']}_del",
                    "name": row["customer_name"],
                    "metadata": "{}",
                    "currency": row["currency"].lower(),
                    "created": salesforce_time(row["created_at"]),
                    "is_deleted": "true",
                }
                for index, row in enumerate(customers)
                if index % DELETED_EVERY == DELETED_EVERY - 1
            ),
        ],
    )

    invoices = _read(billing / "invoices.csv")
    invoice_of = {(row["subscription_id"], row["issued_at"][:10]): row["invoice_id"] for row in invoices}
    _write(
        billing / "invoice.csv",
        [
            "id",
            "_fivetran_synced",
            "customer_id",
            "subscription_id",
            "created",
            "due_date",
            "status_transitions_paid_at",
            "amount_due",
            "amount_paid",
            "currency",
            "status",
            "is_deleted",
        ],
        [
            *(
                {
                    "id": row["invoice_id"],
                    "customer_id": row["billing_customer_id"],
                    "subscription_id": row["subscription_id"],
                    "created": salesforce_time(row["issued_at"]),
                    "due_date": _midnight(row["due_date"]),
                    "status_transitions_paid_at": salesforce_time(row["paid_at"]),
                    "amount_due": _cents(row["amount_due"]),
                    "amount_paid": _cents(row["amount_paid"]),
                    "currency": row["currency"].lower(),
                    "status": row["status"],
                    "is_deleted": "false",
                }
                for row in invoices
            ),
            *(
                {
                    "id": f"{row['invoice_id']}_draft",
                    "customer_id": row["billing_customer_id"],
                    "subscription_id": row["subscription_id"],
                    "created": salesforce_time(row["issued_at"]),
                    "amount_due": _cents(row["amount_due"]),
                    "amount_paid": "0",
                    "currency": row["currency"].lower(),
                    "status": "draft",
                    "is_deleted": "false",
                }
                for index, row in enumerate(invoices)
                if index % DELETED_EVERY == DELETED_EVERY - 1
            ),
        ],
    )

    periods = _read(billing / "subscription_periods.csv")
    products = {
        name: f"prod_{index:04d}" for index, name in enumerate(sorted({p["plan_name"] for p in periods}), 1)
    }
    price_keys = sorted(
        {
            (p["plan_name"], _cents(p["unit_amount"]), p["currency"], p["billing_period_months"])
            for p in periods
        }
    )
    prices = {key: f"price_{index:05d}" for index, key in enumerate(price_keys, 1)}
    _write(
        billing / "product.csv",
        ["id", "_fivetran_synced", "name"],
        ({"id": pid, "name": name} for name, pid in products.items()),
    )
    _write(
        billing / "price.csv",
        [
            "id",
            "_fivetran_synced",
            "unit_amount",
            "currency",
            "recurring_interval",
            "recurring_interval_count",
            "product_id",
        ],
        (
            {
                "id": pid,
                "unit_amount": cents,
                "currency": currency.lower(),
                "recurring_interval": "year" if int(months) % 12 == 0 else "month",
                "recurring_interval_count": str(int(months) // 12 if int(months) % 12 == 0 else int(months)),
                "product_id": products[plan],
            }
            for (plan, cents, currency, months), pid in prices.items()
        ),
    )

    lines, coupons = [], set()
    subscriptions: dict[str, dict[str, str]] = {}
    discounts: dict[str, tuple[str, str]] = {}
    for period in periods:
        subscription = period["subscription_id"]
        months = int(period["billing_period_months"])
        start = dt.date.fromisoformat(period["start_date"])
        end = dt.date.fromisoformat(period["end_date"]) if period["end_date"] else None
        price = prices[(period["plan_name"], _cents(period["unit_amount"]), period["currency"], str(months))]
        cycle = start
        while cycle <= as_of and (end is None or cycle < end):
            following = add_months(cycle, months)
            cut = min(following, end) if end else following
            quantity = float(period["quantity"])
            amount = (
                quantity
                * float(_cents(period["unit_amount"]))
                * (1 - float(period["discount_percent"] or 0) / 100)
            )
            lines.append(
                {
                    "id": f"il_{subscription}_{cycle.isoformat()}",
                    "invoice_id": invoice_of.get(
                        (subscription, cycle.isoformat()), f"in_unexported_{subscription}"
                    ),
                    "subscription_id": subscription,
                    "subscription_item_id": f"si_{subscription}",
                    "price_id": price,
                    "quantity": period["quantity"],
                    "period_start": _midnight(cycle),
                    "period_end": _midnight(cut),
                    "amount": str(round(amount)),
                    "type": "subscription",
                }
            )
            cycle = following
        state = subscriptions.setdefault(subscription, {"customer": period["billing_customer_id"], "end": ""})
        state["end"] = period["end_date"] if state["end"] != "open" and period["end_date"] else "open"
        if float(period["discount_percent"] or 0) > 0:
            percent = period["discount_percent"]
            coupons.add(percent)
            discounts.setdefault(subscription, (f"coupon_{percent}", period["start_date"]))
    _write(
        billing / "invoice_line_item.csv",
        [
            "id",
            "_fivetran_synced",
            "invoice_id",
            "subscription_id",
            "subscription_item_id",
            "price_id",
            "quantity",
            "period_start",
            "period_end",
            "amount",
            "type",
        ],
        lines,
    )
    _write(
        billing / "subscription.csv",
        ["id", "_fivetran_synced", "customer_id", "status", "ended_at"],
        (
            {
                "id": subscription,
                "customer_id": state["customer"],
                "status": "active" if state["end"] == "open" else "canceled",
                "ended_at": "" if state["end"] == "open" else _midnight(state["end"]),
            }
            for subscription, state in subscriptions.items()
        ),
    )
    _write(
        billing / "coupon.csv",
        ["id", "_fivetran_synced", "percent_off", "amount_off", "currency"],
        ({"id": f"coupon_{percent}", "percent_off": percent} for percent in sorted(coupons)),
    )
    _write(
        billing / "discount.csv",
        ["id", "_fivetran_synced", "coupon_id", "subscription_id", "start", "end"],
        (
            {
                "id": f"di_{subscription}",
                "coupon_id": coupon,
                "subscription_id": subscription,
                "start": _midnight(start),
            }
            for subscription, (coupon, start) in discounts.items()
        ),
    )
    for name in ("customers", "subscription_periods", "invoices"):
        (billing / f"{name}.csv").unlink()


def write_fivetran_layouts(extract: Path) -> None:
    """Rewrite the contract-layout extract in `extract` in Fivetran's layouts, and say so in extract.yml."""
    settings = extract / "extract.yml"
    text = settings.read_text(encoding="utf-8")
    as_of = dt.date.fromisoformat(str(yaml.safe_load(text)["as_of"]))
    write_salesforce(extract)
    write_stripe(extract, as_of)
    write_zendesk(extract)
    settings.write_text(
        text + "sources:\n  crm: salesforce\n  billing: stripe\n  support: zendesk\n", encoding="utf-8"
    )
