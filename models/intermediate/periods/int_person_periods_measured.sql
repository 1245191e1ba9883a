{{ config(grants={'select': var('core_readers')}) }}

-- Each person-period (int_person_periods_employed) with what it consumed and
-- what it delivered: tokens by type and spend from the ledger
-- (fct_token_usage), credited outcomes and value points, net and gross of
-- quality deductions, and merged changes with those that caused incidents
-- (fct_outcomes).
-- A person-period with neither has zeros, never nulls.
with

person_periods as (
    select * from {{ ref('int_person_periods_employed') }}
),

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

outcomes as (
    select * from {{ ref('fct_outcomes') }}
),

spend as (
    select
        employee_id,
        period_start,
        cast(sum(uncached_input_tokens) as {{ dbt.type_bigint() }}) as uncached_input_tokens,
        cast(sum(cache_read_tokens) as {{ dbt.type_bigint() }}) as cache_read_tokens,
        cast(sum(cache_write_5m_tokens + cache_write_1h_tokens) as {{ dbt.type_bigint() }}) as cache_write_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        cast(sum(case when pricing_status = 'unpriced_model' then total_tokens else 0 end) as {{ dbt.type_bigint() }})
            as unpriced_tokens,
        coalesce(sum(spend_usd), 0) as spend_usd
    from usage_lines
    where employee_id is not null
    group by employee_id, period_start
),

value as (
    select
        employee_id,
        period_start,
        cast(sum(case when is_credited then 1 else 0 end) as {{ dbt.type_bigint() }}) as outcome_count,
        cast(sum(case when is_credited then 0 else 1 end) as {{ dbt.type_bigint() }}) as uncredited_outcome_count,
        cast(sum(credited_value_points) as {{ dbt.type_bigint() }}) as value_points,
        cast(sum(gross_value_points) as {{ dbt.type_bigint() }}) as gross_value_points,
        -- Merged pull requests, and those of them that caused an incident.
        cast(
            sum(case when outcome_type = 'pull_request' and completion_status = 'completed' then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as merged_change_count,
        cast(sum(
            case
                when outcome_type = 'pull_request' and completion_status = 'completed' and caused_incident_count > 0
                    then 1
                else 0
            end
        ) as {{ dbt.type_bigint() }}) as incident_causing_change_count
    from outcomes
    where employee_id is not null
    group by employee_id, period_start
),

final as (
    select
        person_periods.*,
        coalesce(spend.uncached_input_tokens, 0) as uncached_input_tokens,
        coalesce(spend.cache_read_tokens, 0) as cache_read_tokens,
        coalesce(spend.cache_write_tokens, 0) as cache_write_tokens,
        coalesce(spend.output_tokens, 0) as output_tokens,
        coalesce(spend.total_tokens, 0) as total_tokens,
        coalesce(spend.unpriced_tokens, 0) as unpriced_tokens,
        cast(coalesce(spend.spend_usd, 0) as {{ dbt.type_numeric() }}) as spend_usd,
        coalesce(value.outcome_count, 0) as outcome_count,
        coalesce(value.uncredited_outcome_count, 0) as uncredited_outcome_count,
        coalesce(value.value_points, 0) as value_points,
        coalesce(value.gross_value_points, 0) as gross_value_points,
        coalesce(value.merged_change_count, 0) as merged_change_count,
        coalesce(value.incident_causing_change_count, 0) as incident_causing_change_count
    from person_periods
    left join spend
        on
            person_periods.employee_id = spend.employee_id
            and person_periods.period_start = spend.period_start
    left join value
        on
            person_periods.employee_id = value.employee_id
            and person_periods.period_start = value.period_start
)

select * from final
