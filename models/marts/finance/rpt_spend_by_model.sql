{{ config(grants={'select': var('finance_readers')}) }}

-- Finance: spend and tokens per reporting team, period, provider, tool and model,
-- with each model's share of the team's spend in the period. The one place
-- usage meets finance's team grouping: rpt_cost_per_outcome sums it, so both
-- add up to the ledger, except the groups that stay below the privacy floor
-- (int_team_periods): those are one row each, with no numbers and no models.
with

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

team_periods as (
    select * from {{ ref('int_team_periods') }}
),

reporting_groups as (
    select
        reporting_team,
        period_start,
        cast(sum(people_count) as {{ dbt.type_bigint() }}) as people_count,
        max(case when is_suppressed then 1 else 0 end) = 1 as is_suppressed
    from team_periods
    group by 1, 2
),

by_model as (
    -- A suppressed group does not say which models its few people used.
    select
        coalesce(team_periods.reporting_team, 'unattributed') as reporting_team,
        usage_lines.period_start,
        case
            when team_periods.is_suppressed then 'suppressed' else coalesce(usage_lines.provider, 'unknown')
        end as provider,
        -- The tool the spend went through (claude_code, cursor, the gateway's
        -- tools, anthropic_api, ...): one model costs differently per tool.
        case
            when team_periods.is_suppressed then 'suppressed' else coalesce(usage_lines.tool_name, 'unknown')
        end as tool_name,
        case
            when team_periods.is_suppressed then 'suppressed' else coalesce(usage_lines.model_id, 'unknown')
        end as model_id,
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
    group by 1, 2, 3, 4, 5
),

published as (
    select
        by_model.*,
        coalesce(reporting_groups.people_count, 0) as people_count,
        coalesce(reporting_groups.is_suppressed, false) as is_suppressed
    from by_model
    left join reporting_groups
        on
            by_model.reporting_team = reporting_groups.reporting_team
            and by_model.period_start = reporting_groups.period_start
),

final as (
    select
        {{ dbt.concat([
            'reporting_team', "':'", key_part('period_start'), "':'", 'provider', "':'", 'tool_name',
            "':'", 'model_id'
        ]) }} as team_period_model_id,
        reporting_team,
        period_start,
        provider,
        tool_name,
        model_id,
        people_count,
        is_suppressed,
        case
            when not is_suppressed then cast(coalesce(spend_usd, 0) as {{ dbt.type_numeric() }})
        end as spend_usd,
        case when not is_suppressed then uncached_input_tokens end as uncached_input_tokens,
        case when not is_suppressed then cache_read_tokens end as cache_read_tokens,
        case when not is_suppressed then cache_write_tokens end as cache_write_tokens,
        case when not is_suppressed then output_tokens end as output_tokens,
        case when not is_suppressed then total_tokens end as total_tokens,
        case when not is_suppressed then usage_line_count end as usage_line_count,
        case when not is_suppressed then unpriced_tokens end as unpriced_tokens,
        case when not is_suppressed then unpriced_tokens > 0 end as has_unpriced_usage,
        case
            when not is_suppressed
                then cast(
                    coalesce(spend_usd, 0) / nullif(sum(spend_usd) over (partition by reporting_team, period_start), 0)
                    as {{ dbt.type_numeric() }}
                )
        end as share_of_team_spend
    from published
)

select * from final
