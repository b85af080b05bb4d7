{#- The conventions and thresholds in force for this run: every var of dbt_project.yml as this run sees it
    (after --vars and extract.yml), one row each, its value as JSON. The pages quote these, never a copy of
    dbt_project.yml, so a page always describes the numbers it shows. tests/test_conventions.py checks that
    every var but the extract's own settings is listed. -#}
{%- set names = [
    'source_layouts', 'salesforce', 'zendesk', 'stripe', 'reference_check_severity', 'tiers', 'employee_bands',
    'arr_bands', 'warn_only_checks', 'csv_max_line_bytes', 'reactivation_window_months', 'sticky_drivers',
    'usage_max_age_months', 'support_window_days', 'relationship_window_days', 'value_window_months', 'nps_window_months',
    'champion_loss_window_days', 'nps_promoter_min_score', 'nps_detractor_max_score', 'escalation_priorities',
    'three_high_seniorities', 'relationship_target_levels', 'relationship_target_departments', 'health_weights',
    'health_rules', 'health_min_components', 'health_bands', 'health_backtest_months', 'health_backtest_verdicts',
    'health_fit_min_churned', 'health_weights_in_force', 'risk_declining_points',
    'risk_declining_months', 'renewal_term_months', 'lxl_renewal_window_days',
    'lxl_past_due_days', 'lxl_risk_reasons', 'expansion_min_seat_utilization', 'expansion_min_nps', 'qbr_cadence',
    'exec_rotation_quarters', 'qbr_meaningful_seniorities', 'qbr_history_quarters', 'exec_sponsor_pareto_share',
    'value_plan_max_active_tactics', 'value_plan_coverage_tiers', 'onboarding_kickoff_business_days',
    'onboarding_window_days', 'onboarding_min_status_meetings', 'pilot_conversion_days', 'reference_types',
    'reference_trigger_type', 'reference_fatigue_calls', 'reference_history_quarters',
    'churn_retrospective_months', 'surfaced_window_months', 'surfaced_lead_days', 'competitor_window_months',
] -%}

{% for name in names %}
select
    {{ loop.index }} as convention_order,
    '{{ name }}' as convention,
    {{ tenure_sql_string(tojson(var(name))) }} as value_json
{% if not loop.last %}union all{% endif %}
{% endfor %}
