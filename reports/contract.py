"""The raw-data contract as data: every extract table, its folder, whether it is required, its columns and
what each column holds. The sample generator writes exactly these columns, the validator (validation.py)
checks extracts against them before dbt runs, and a test checks that the dbt sources declare the same.

Column kinds: text (ids and free text), date, timestamp, integer, number, boolean, and enum values
(`role=ae|csm|…`); a `!` after the name marks a key or a value that must be there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, timestamp, integer, number, boolean, enum
    values: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Table:
    folder: str
    name: str
    required: bool
    fields: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.fields)


def _column(spec: str) -> Column:
    name, _, kind = spec.strip().partition(":")
    required = name.endswith("!")
    name = name.rstrip("!")
    if "=" in kind:
        return Column(name, "enum", tuple(kind.split("=", 1)[1].split("|")), required)
    return Column(name, kind or "text", (), required)


def _table(path: str, required: bool, columns: str, key: str = "") -> Table:
    folder, name = path.split("/")
    return Table(
        folder,
        name,
        required,
        tuple(_column(spec) for spec in columns.split(",")),
        tuple(part for part in key.split(",") if part),
    )


TABLES: tuple[Table, ...] = (
    _table(
        "crm/accounts",
        True,
        "account_id!, account_name, industry, employee_count:integer, region, "
        "owner_user_id, csm_user_id, exec_sponsor_user_id, parent_account_id, created_at:timestamp",
        "account_id",
    ),
    _table(
        "crm/users",
        True,
        "user_id!, full_name, role:enum=ae|csm|exec|ceo|support|se, title, manager_user_id, "
        "is_active:boolean",
        "user_id",
    ),
    _table(
        "crm/contacts",
        False,
        "contact_id!, account_id, full_name, title, "
        "seniority:enum=c_level|vp|director|manager|individual, department, email, is_champion:boolean, "
        "is_customer_sponsor:boolean, is_evangelist:boolean, referral_mode:enum=unprompted|prompted|none, "
        "referral_scope:enum=external|internal|none, created_at:timestamp, left_at:timestamp",
        "contact_id",
    ),
    _table(
        "crm/opportunities",
        True,
        "opportunity_id!, account_id!, "
        "opportunity_type:enum=pilot|new_business|expansion|renewal, stage!, amount:number, currency, "
        "created_at:timestamp, close_date:date, forecast_category:enum=commit|best_case|pipeline|omitted, "
        "owner_user_id, primary_competitor, loss_reason",
        "opportunity_id",
    ),
    _table(
        "crm/forecast_snapshots",
        False,
        "snapshot_date!:date, opportunity_id!, "
        "forecast_category:enum=commit|best_case|pipeline|omitted, amount:number",
        "snapshot_date,opportunity_id",
    ),
    _table(
        "crm/activities",
        False,
        "activity_id!, account_id, activity_type!, occurred_at:timestamp, subject, "
        "owner_user_id, internal_attendee_user_ids, customer_attendee_contact_ids, materials_shared:boolean, "
        "competitor_mentioned, notes",
        "activity_id",
    ),
    _table(
        "crm/value_plans",
        False,
        "item_id!, account_id, quarter, objective, tactic, success_metric, "
        "baseline_value:number, target_value:number, actual_value:number, unit, "
        "status:enum=not_started|in_progress|achieved|missed|blocked, owner_user_id, agreed_at:timestamp, "
        "due_date:date, updated_at:timestamp",
        "item_id",
    ),
    _table(
        "crm/references",
        False,
        "account_id!, reference_type!:enum=press_release|analyst_quote|"
        "logo_on_website|case_study|public_speech|social_mention|showcase_visit|private_seminar_speech|"
        "user_group_speech|private_reference_call|nda_material_mention|investor_material_mention, "
        "status!:enum=green|amber|red, changed_at!:timestamp, next_step, owner_user_id",
    ),
    _table(
        "crm/sow_milestones",
        False,
        "milestone_id!, account_id, opportunity_id, milestone_name, "
        "responsible_party:enum=vendor|customer|joint, committed_date:date, completed_date:date, "
        "is_value_milestone:boolean",
        "milestone_id",
    ),
    _table(
        "billing/customers",
        True,
        "billing_customer_id!, customer_name, crm_account_id, currency, created_at:timestamp",
        "billing_customer_id",
    ),
    _table(
        "billing/subscription_periods",
        True,
        "period_id!, subscription_id!, billing_customer_id!, plan_name, "
        "start_date!:date, end_date:date, quantity!:number, unit_amount!:number, billing_period_months!:integer, "
        "discount_percent:number, currency!",
        "period_id",
    ),
    _table(
        "billing/invoices",
        False,
        "invoice_id!, billing_customer_id, subscription_id, issued_at:timestamp, "
        "due_date:date, paid_at:timestamp, amount_due:number, amount_paid:number, currency, "
        "status:enum=paid|open|void|uncollectible",
        "invoice_id",
    ),
    _table("billing/fx_rates", False, "currency!, month!:date, rate_to_reporting!:number", "currency,month"),
    _table(
        "support/organizations", True, "organization_id!, organization_name, external_id", "organization_id"
    ),
    _table(
        "support/tickets",
        True,
        "ticket_id!, organization_id, requester_email, created_at!:timestamp, "
        "first_response_at:timestamp, solved_at:timestamp, status:enum=new|open|pending|on_hold|solved|closed, "
        "priority:enum=low|normal|high|urgent, ticket_type, topic, satisfaction:enum=good|bad|offered, channel",
        "ticket_id",
    ),
    _table(
        "product/usage_monthly",
        False,
        "account_id!, month!:date, licensed_seats:integer, active_users:integer, "
        "reports_created:number, integrations_active:number, api_calls:number",
        "account_id,month",
    ),
    _table(
        "surveys/nps",
        False,
        "invitation_id!, account_id, contact_id, sent_at:timestamp, "
        "responded_at:timestamp, score:integer, comment",
        "invitation_id",
    ),
)

TABLES_BY_PATH = {table.path: table for table in TABLES}

REFERENCE_TYPES = next(
    c for c in TABLES_BY_PATH["crm/references"].fields if c.name == "reference_type"
).values

# Extra adoption measures in product/usage_monthly beyond the contract's four are allowed (any numeric column).
OPEN_COLUMN_TABLES = {"product/usage_monthly"}
