{{ config(grants={'select': var('finance_readers')}) }}

-- Finance: spend and tokens per reporting team, period, provider and model,
-- with each model's share of the team's spend in the period. The one place
-- usage meets finance's team grouping: rpt_cost_per_outcome sums it, so both
-- add up to the ledger.
with

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

team_periods as (
    select * from {{ ref('int_team_periods') }}
),

by_model as (
    select
        coalesce(team_periods.reporting_team, 'unattributed') as reporting_team,
        usage_lines.period_start,
        coalesce(usage_lines.provider, 'unknown') as provider,
        coalesce(usage_lines.model_id, 'unknown') as model_id,
        sum(usage_lines.spend_usd) as spend_usd,
        cast(sum(usage_lines.uncached_input_tokens) as {{ dbt.type_bigint() }}) as uncached_input_tokens,
        cast(sum(usage_lines.cache_read_tokens) as {{ dbt.type_bigint() }}) as cache_read_tokens,
        cast(sum(usage_lines.cache_write_5m_tokens + usage_lines.cache_write_1h_tokens) as {{ dbt.type_bigint() }})
            as cache_write_tokens,
        cast(sum(usage_lines.output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(usage_lines.total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        count(*) as usage_line_count,
        cast(
            sum(case when usage_lines.pricing_status = 'unpriced_model' then usage_lines.total_tokens else 0 end)
            as {{ dbt.type_bigint() }}
        ) as unpriced_tokens
    from usage_lines
    left join team_periods
        on
            usage_lines.team = team_periods.team
            and usage_lines.period_start = team_periods.period_start
    group by 1, 2, 3, 4
),

final as (
    select
        {{ dbt.concat([
            'reporting_team', "':'", key_part('period_start'), "':'", 'provider', "':'", 'model_id'
        ]) }} as team_period_model_id,
        reporting_team,
        period_start,
        provider,
        model_id,
        cast(coalesce(spend_usd, 0) as {{ dbt.type_numeric() }}) as spend_usd,
        uncached_input_tokens,
        cache_read_tokens,
        cache_write_tokens,
        output_tokens,
        total_tokens,
        usage_line_count,
        unpriced_tokens,
        unpriced_tokens > 0 as has_unpriced_usage,
        cast(
            coalesce(spend_usd, 0) / nullif(sum(spend_usd) over (partition by reporting_team, period_start), 0)
            as {{ dbt.type_numeric() }}
        ) as share_of_team_spend
    from by_model
)

select * from final
