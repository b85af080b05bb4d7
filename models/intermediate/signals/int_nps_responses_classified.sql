{#- Every NPS answer (an invitation with a score), classified promoter / passive / detractor by the vars
    nps_promoter_min_score and nps_detractor_max_score, with its verbatim comment. -#}
select
    invitation_id,
    account_id,
    contact_id,
    sent_at,
    responded_at,
    score,
    case
        when score >= {{ var('nps_promoter_min_score') }} then 'promoter'
        when score <= {{ var('nps_detractor_max_score') }} then 'detractor'
        else 'passive'
    end as nps_category,
    comment
from {{ ref('stg_surveys__nps') }}
where responded_at is not null and score is not null
