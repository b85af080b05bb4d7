{#- The health band mix at as_of: per band of var health_bands (best first), the paying accounts scored in it
    and their ARR; accounts paying but without a score (no signal with data) are the last row, band NULL, when
    there are any. The Health page shows it; the home page's ARR at risk is its worst band (rpt_home_kpis). -#}
{%- set bands = var('health_bands') | sort(attribute='min_score', reverse=true) -%}

with current_health as (
    select health_band, arr
    from {{ ref('fct_account_health_monthly') }}
    where is_as_of_month
),

bands as (
    {% for band in bands %}
    select {{ tenure_sql_string(band['name']) }} as health_band, {{ loop.index }} as band_order
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

mix as (
    select
        bands.health_band,
        bands.band_order,
        count(current_health.health_band) as accounts,
        coalesce(sum(current_health.arr), 0) as arr
    from bands
    left join current_health on current_health.health_band = bands.health_band
    group by bands.health_band, bands.band_order
    union all
    select
        cast(null as {{ dbt.type_string() }}) as health_band,
        {{ bands | length + 1 }} as band_order,
        count(*) as accounts,
        coalesce(sum(arr), 0) as arr
    from current_health
    where health_band is null
    having count(*) > 0
)

select health_band, band_order, accounts, arr from mix
