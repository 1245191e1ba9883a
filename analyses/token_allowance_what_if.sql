-- What a per-person monthly token allowance would change: for a set of
-- candidate allowances, how many person-periods would exceed it, the tokens
-- and spend above it (priced at each person's own average cost per token),
-- and how much credited value those over-allowance people produced, so an
-- allowance that would cut the most productive work shows up as such.
{%- set allowances = [100000000, 250000000, 500000000, 1000000000, 2000000000] %}
with

scores as (
    select * from {{ ref('fct_person_period_scores') }}
),

allowances as (
    {%- for allowance in allowances %}
        select cast({{ allowance }} as {{ dbt.type_bigint() }}) as monthly_token_allowance
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

over_allowance as (
    select
        allowances.monthly_token_allowance,
        scores.period_start,
        scores.total_tokens - allowances.monthly_token_allowance as tokens_above_allowance,
        case
            when scores.total_tokens > 0
                then scores.spend_usd * (scores.total_tokens - allowances.monthly_token_allowance) / scores.total_tokens
        end as spend_above_allowance_usd,
        scores.value_points,
        scores.quadrant
    from allowances
    inner join scores
        on allowances.monthly_token_allowance < scores.total_tokens
),

final as (
    select
        monthly_token_allowance,
        period_start,
        count(*) as person_periods_over,
        sum(tokens_above_allowance) as tokens_above_allowance,
        sum(spend_above_allowance_usd) as spend_above_allowance_usd,
        sum(value_points) as value_points_of_people_over,
        sum(case when quadrant = 'power_user' then 1 else 0 end) as power_users_over
    from over_allowance
    group by monthly_token_allowance, period_start
)

select * from final
order by monthly_token_allowance, period_start
