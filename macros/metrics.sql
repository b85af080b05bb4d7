{#
  The formulas more than one model uses, written once.

  Net and gross revenue retention over a base of accounts paying at the start (the board definition): NRR is
  their MRR now over their MRR then, expansion included; GRR counts each account at no more than its MRR then.
  Used by marts/retention/rpt_revenue_retention (company and segments) and marts/team/rpt_leaderboard (books).
#}
{% macro gross_retained_mrr(mrr_now, mrr_before) -%}
  least({{ mrr_now }}, {{ mrr_before }})
{%- endmacro %}

{% macro retention_rate(retained_mrr, base_mrr) -%}
  case when {{ base_mrr }} > 0 then {{ retained_mrr }} / {{ base_mrr }} end
{%- endmacro %}

{#
  CSAT: good ratings over good and bad ones (offered but unanswered ratings do not count); none rated: NULL.
  Used by intermediate/signals/int_account_support_monthly (accounts) and marts/support/rpt_support_monthly.
#}
{% macro csat_share(good, bad) -%}
  case
      when {{ good }} + {{ bad }} > 0
          then cast({{ good }} as {{ tenure_type_double() }}) / ({{ good }} + {{ bad }})
  end
{%- endmacro %}
