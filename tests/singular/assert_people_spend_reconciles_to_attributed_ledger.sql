-- The person-period scores hold all attributed spend of the periods they
-- cover: attributed usage outside anyone's employment would show up here.
with

attributed as (
    select coalesce(sum(spend_usd), 0) as spend_usd
    from {{ ref('fct_token_usage') }}
    where attribution_status = 'attributed'
),

scored as (
    select coalesce(sum(spend_usd), 0) as spend_usd
    from {{ ref('fct_person_period_scores') }}
),

mismatches as (
    select
        attributed.spend_usd as attributed_spend_usd,
        scored.spend_usd as scored_spend_usd
    from attributed
    cross join scored
    where abs(attributed.spend_usd - scored.spend_usd) > 0.000001
)

select * from mismatches
