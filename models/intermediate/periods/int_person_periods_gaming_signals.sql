{{ config(grants={'select': var('people_ops_readers')}) }}

-- Each person-period (int_person_periods) with the signals of gaming the
-- flag board shows and the cohort medians must not learn from:
--   gaming patterns   outcomes a Goodhart rule took credit from, and those
--                     whose claim went uncorroborated (value_inflation),
--                     counted by pattern; a pattern is a flag in a period
--                     that has it when it adds up to
--                     var('gaming_flag_min_outcomes') over the last
--                     var('gaming_flag_window_periods') periods;
--   volume            the count of finished outcomes against the others in
--                     the person's comparison cohort, in robust statistics:
--                     the median of the others and their median absolute
--                     deviation (MAD x 1.4826 estimates a standard deviation;
--                     at least var('volume_outlier_min_spread') outcomes), so
--                     neither the person nor one other outlier moves the
--                     line; above var('volume_outlier_robust_z') of those is
--                     an outlier. The person's own median over earlier
--                     periods is shown beside it.
-- A person with a signal here in any period is left out of the cohort
-- medians that place everybody else (fct_person_period_scores), so that a
-- gamer cannot move their colleagues' quadrants and flags.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

memberships as (
    select * from {{ ref('int_cohort_memberships') }}
),

outcomes as (
    select * from {{ ref('fct_outcomes') }}
),

counted as (
    select
        person_period_id,
        employee_id,
        period_start,
        comparison_cohort_level,
        comparison_cohort,
        outcome_count + uncredited_outcome_count as finished_outcome_count
    from person_periods
),

patterns as (
    -- One row per outcome and gaming pattern it counts towards: from why it
    -- earned no credit (a Goodhart rule), and, whatever its reason, a claim
    -- without its evidence. same_work_item is none: honest work is often
    -- delivered in several pull requests (a gamer who splits that way shows
    -- in the volume instead).
    select
        employee_id,
        period_start,
        case no_credit_reason
            when 'split_change' then 'split_pull_requests'
            when 'trivial_ticket' then 'ticket_churn'
            when 'self_resolved_noise' then 'self_resolved_incidents'
        end as gaming_pattern
    from outcomes
    where employee_id is not null and no_credit_reason in ('split_change', 'trivial_ticket', 'self_resolved_noise')

    union all

    select
        employee_id,
        period_start,
        'value_inflation' as gaming_pattern
    from outcomes
    where employee_id is not null and is_value_uncorroborated
),

pattern_counts as (
    select
        employee_id,
        period_start,
        sum(case when gaming_pattern = 'split_pull_requests' then 1 else 0 end) as split_pull_request_count,
        sum(case when gaming_pattern = 'ticket_churn' then 1 else 0 end) as ticket_churn_count,
        sum(case when gaming_pattern = 'self_resolved_incidents' then 1 else 0 end) as self_resolved_incident_count,
        sum(case when gaming_pattern = 'value_inflation' then 1 else 0 end) as value_inflation_count
    from patterns
    group by employee_id, period_start
),

pattern_windows as (
    -- Each pattern over the person's last var('gaming_flag_window_periods')
    -- periods, this one included: gaming kept below the line in every
    -- period still adds up.
    select
        pattern_counts.employee_id,
        pattern_counts.period_start,
        sum(earlier.split_pull_request_count) as split_pull_request_window_count,
        sum(earlier.ticket_churn_count) as ticket_churn_window_count,
        sum(earlier.self_resolved_incident_count) as self_resolved_incident_window_count,
        sum(earlier.value_inflation_count) as value_inflation_window_count
    from pattern_counts
    inner join pattern_counts as earlier
        on
            pattern_counts.employee_id = earlier.employee_id
            and pattern_counts.period_start >= earlier.period_start
            and {{ dbt.dateadd(
                var('score_period'), -var('gaming_flag_window_periods'), 'pattern_counts.period_start'
            ) }} < earlier.period_start
    group by pattern_counts.employee_id, pattern_counts.period_start
),

peers as (
    -- Every other member of each person-period's comparison cohort.
    select
        counted.person_period_id,
        peer_counts.finished_outcome_count as peer_outcome_count
    from counted
    inner join memberships
        on
            counted.period_start = memberships.period_start
            and counted.comparison_cohort_level = memberships.cohort_level
            and counted.comparison_cohort = memberships.cohort
            and counted.employee_id <> memberships.employee_id
    inner join counted as peer_counts
        on memberships.person_period_id = peer_counts.person_period_id
),

peer_medians as (
    select
        person_period_id,
        count(*) as peer_count,
        {{ median('peer_outcome_count') }} as peer_median_outcome_count
    from peers
    group by person_period_id
),

peer_spreads as (
    select
        peers.person_period_id,
        {{ median('abs(peers.peer_outcome_count - peer_medians.peer_median_outcome_count)') }}
            as peer_outcome_count_mad
    from peers
    inner join peer_medians
        on peers.person_period_id = peer_medians.person_period_id
    group by peers.person_period_id
),

own_history as (
    select
        counted.person_period_id,
        count(*) as earlier_period_count,
        {{ median('earlier.finished_outcome_count') }} as own_median_outcome_count
    from counted
    inner join counted as earlier
        on
            counted.employee_id = earlier.employee_id
            and counted.period_start > earlier.period_start
    group by counted.person_period_id
),

volume as (
    select
        counted.*,
        peer_medians.peer_count,
        cast(peer_medians.peer_median_outcome_count as {{ type_double() }}) as peer_median_outcome_count,
        cast(peer_spreads.peer_outcome_count_mad as {{ type_double() }}) as peer_outcome_count_mad,
        case
            when 1.4826 * peer_spreads.peer_outcome_count_mad > {{ var('volume_outlier_min_spread') }}
                then 1.4826 * peer_spreads.peer_outcome_count_mad
            else {{ var('volume_outlier_min_spread') }}
        end as robust_spread,
        cast(own_history.own_median_outcome_count as {{ type_double() }}) as own_median_outcome_count,
        coalesce(own_history.earlier_period_count, 0) as earlier_period_count
    from counted
    left join peer_medians
        on counted.person_period_id = peer_medians.person_period_id
    left join peer_spreads
        on counted.person_period_id = peer_spreads.person_period_id
    left join own_history
        on counted.person_period_id = own_history.person_period_id
),

signals as (
    select
        volume.person_period_id,
        volume.employee_id,
        volume.period_start,
        volume.finished_outcome_count,
        cast(volume.peer_count as {{ dbt.type_bigint() }}) as peer_count,
        volume.peer_median_outcome_count,
        volume.peer_outcome_count_mad,
        cast(
            (volume.finished_outcome_count - volume.peer_median_outcome_count) / volume.robust_spread
            as {{ type_double() }}
        ) as outcome_count_robust_z,
        cast(
            volume.peer_median_outcome_count + {{ var('volume_outlier_robust_z') }} * volume.robust_spread
            as {{ type_double() }}
        ) as outlier_threshold_count,
        volume.own_median_outcome_count,
        cast(volume.earlier_period_count as {{ dbt.type_bigint() }}) as earlier_period_count,
        coalesce(
            (volume.finished_outcome_count - volume.peer_median_outcome_count) / volume.robust_spread
            > {{ var('volume_outlier_robust_z') }},
            false
        ) as is_volume_outlier,
        cast(coalesce(pattern_counts.split_pull_request_count, 0) as {{ dbt.type_bigint() }})
            as split_pull_request_count,
        cast(coalesce(pattern_windows.split_pull_request_window_count, 0) as {{ dbt.type_bigint() }})
            as split_pull_request_window_count,
        cast(coalesce(pattern_counts.ticket_churn_count, 0) as {{ dbt.type_bigint() }})
            as ticket_churn_count,
        cast(coalesce(pattern_windows.ticket_churn_window_count, 0) as {{ dbt.type_bigint() }})
            as ticket_churn_window_count,
        cast(coalesce(pattern_counts.self_resolved_incident_count, 0) as {{ dbt.type_bigint() }})
            as self_resolved_incident_count,
        cast(coalesce(pattern_windows.self_resolved_incident_window_count, 0) as {{ dbt.type_bigint() }})
            as self_resolved_incident_window_count,
        cast(coalesce(pattern_counts.value_inflation_count, 0) as {{ dbt.type_bigint() }})
            as value_inflation_count,
        cast(coalesce(pattern_windows.value_inflation_window_count, 0) as {{ dbt.type_bigint() }})
            as value_inflation_window_count
    from volume
    left join pattern_counts
        on
            volume.employee_id = pattern_counts.employee_id
            and volume.period_start = pattern_counts.period_start
    left join pattern_windows
        on
            volume.employee_id = pattern_windows.employee_id
            and volume.period_start = pattern_windows.period_start
),

flagged as (
    select
        *,
        split_pull_request_count > 0 and split_pull_request_window_count >= {{ var('gaming_flag_min_outcomes') }}
            as is_split_pull_requests_flagged,
        ticket_churn_count > 0 and ticket_churn_window_count >= {{ var('gaming_flag_min_outcomes') }}
            as is_ticket_churn_flagged,
        self_resolved_incident_count > 0
        and self_resolved_incident_window_count >= {{ var('gaming_flag_min_outcomes') }}
            as is_self_resolved_incidents_flagged,
        value_inflation_count > 0 and value_inflation_window_count >= {{ var('gaming_flag_min_outcomes') }}
            as is_value_inflation_flagged
    from signals
),

final as (
    select
        *,
        is_volume_outlier
        or is_split_pull_requests_flagged
        or is_ticket_churn_flagged
        or is_self_resolved_incidents_flagged
        or is_value_inflation_flagged as has_gaming_signal
    from flagged
)

select * from final
