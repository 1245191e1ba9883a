{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome's merge burst, for the split_change Goodhart rule: a change
-- split into many quick pull requests (each open under
-- pr_burst_max_open_minutes) by one author in one repository, each merged
-- within pr_burst_window_minutes of the last. Reviewed (slower) pull
-- requests and every other outcome are a burst of one. Whether a burst is
-- large enough to cost credit is int_outcomes_valued's call.
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

scores as (
    select * from {{ ref('int_outcomes_scored') }}
),

merge_groups as (
    -- Only quick pull requests can form a burst; any other outcome is its
    -- own group.
    select
        outcomes.outcome_id,
        outcomes.completed_at,
        scores.value_score,
        case
            when
                outcomes.outcome_type = 'pull_request' and outcomes.completion_status = 'completed'
                and outcomes.open_minutes < {{ var('pr_burst_max_open_minutes') }}
                then {{ dbt.concat(["'quick:'", 'outcomes.identity_key', "':'", 'outcomes.repository_full_name']) }}
            else outcomes.outcome_id
        end as merge_group
    from outcomes
    left join scores
        on outcomes.outcome_id = scores.outcome_id
),

merge_gaps as (
    select
        *,
        {{ dbt.datediff(
            'lag(completed_at) over (partition by merge_group order by completed_at, outcome_id)',
            'completed_at',
            'minute'
        ) }} as minutes_since_previous_merge
    from merge_groups
),

burst_starts as (
    select
        *,
        case
            when minutes_since_previous_merge is null then 1
            when minutes_since_previous_merge > {{ var('pr_burst_window_minutes') }} then 1
            else 0
        end as starts_burst
    from merge_gaps
),

bursts as (
    select
        *,
        sum(starts_burst) over (
            partition by merge_group
            order by completed_at, outcome_id
            rows between unbounded preceding and current row
        ) as burst_number
    from burst_starts
),

burst_ranked as (
    select
        *,
        count(*) over (partition by merge_group, burst_number) as burst_size,
        row_number() over (
            partition by merge_group, burst_number
            order by value_score desc, completed_at asc, outcome_id asc
        ) as burst_value_rank
    from bursts
),

final as (
    select
        outcome_id,
        merge_group,
        minutes_since_previous_merge,
        starts_burst,
        burst_number,
        burst_size,
        burst_value_rank
    from burst_ranked
)

select * from final
