"""The raw-data contract as data: every extract table, its folder, whether it is required, its columns.

The sample generator writes exactly these columns; the dbt sources (models/staging/*/_*__sources.yml) declare
the same tables and columns, and a test checks that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    folder: str
    name: str
    required: bool
    columns: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"


def _table(path: str, required: bool, columns: str) -> Table:
    folder, name = path.split("/")
    return Table(folder, name, required, tuple(column.strip() for column in columns.split(",")))


TABLES: tuple[Table, ...] = (
    _table(
        "crm/accounts",
        True,
        "account_id, account_name, industry, employee_count, region, owner_user_id, "
        "csm_user_id, exec_sponsor_user_id, parent_account_id, created_at",
    ),
    _table("crm/users", True, "user_id, full_name, role, title, manager_user_id, is_active"),
    _table(
        "crm/contacts",
        False,
        "contact_id, account_id, full_name, title, seniority, department, email, "
        "is_champion, is_customer_sponsor, is_evangelist, referral_mode, referral_scope, created_at, left_at",
    ),
    _table(
        "crm/opportunities",
        True,
        "opportunity_id, account_id, opportunity_type, stage, amount, currency, "
        "created_at, close_date, forecast_category, owner_user_id, primary_competitor, loss_reason",
    ),
    _table("crm/forecast_snapshots", False, "snapshot_date, opportunity_id, forecast_category, amount"),
    _table(
        "crm/activities",
        False,
        "activity_id, account_id, activity_type, occurred_at, subject, owner_user_id, "
        "internal_attendee_user_ids, customer_attendee_contact_ids, materials_shared, "
        "competitor_mentioned, notes",
    ),
    _table(
        "crm/value_plans",
        False,
        "item_id, account_id, quarter, objective, tactic, success_metric, "
        "baseline_value, target_value, actual_value, unit, status, owner_user_id, agreed_at, "
        "due_date, updated_at",
    ),
    _table(
        "crm/references", False, "account_id, reference_type, status, changed_at, next_step, owner_user_id"
    ),
    _table(
        "crm/sow_milestones",
        False,
        "milestone_id, account_id, opportunity_id, milestone_name, "
        "responsible_party, committed_date, completed_date, is_value_milestone",
    ),
    _table(
        "billing/customers", True, "billing_customer_id, customer_name, crm_account_id, currency, created_at"
    ),
    _table(
        "billing/subscription_periods",
        True,
        "period_id, subscription_id, billing_customer_id, plan_name, "
        "start_date, end_date, quantity, unit_amount, billing_period_months, discount_percent, currency",
    ),
    _table(
        "billing/invoices",
        False,
        "invoice_id, billing_customer_id, subscription_id, issued_at, due_date, "
        "paid_at, amount_due, amount_paid, currency, status",
    ),
    _table("billing/fx_rates", False, "currency, month, rate_to_reporting"),
    _table("support/organizations", True, "organization_id, organization_name, external_id"),
    _table(
        "support/tickets",
        True,
        "ticket_id, organization_id, requester_email, created_at, first_response_at, "
        "solved_at, status, priority, ticket_type, topic, satisfaction, channel",
    ),
    _table(
        "product/usage_monthly",
        False,
        "account_id, month, licensed_seats, active_users, reports_created, integrations_active, api_calls",
    ),
    _table(
        "surveys/nps", False, "invitation_id, account_id, contact_id, sent_at, responded_at, score, comment"
    ),
)

TABLES_BY_PATH = {table.path: table for table in TABLES}

REFERENCE_TYPES = (
    "press_release",
    "analyst_quote",
    "logo_on_website",
    "case_study",
    "public_speech",
    "social_mention",
    "showcase_visit",
    "private_seminar_speech",
    "user_group_speech",
    "private_reference_call",
    "nda_material_mention",
    "investor_material_mention",
)
