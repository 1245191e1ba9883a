{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome's credit group: outcomes that are one piece of work, of
-- which only the most valuable earns (credit_group_rank 1), so that how
-- finely the work is cut does not change what it earns. Whether a group
-- costs the others their credit is int_outcomes_valued's call.
--   work_item   an issue and the approved pull requests that deliver it
--               (int_outcomes_evidence): the item's value, once;
--   unreviewed  merged pull requests with no approval by another employee,
--               by one author in one repository in one scoring period: one
--               change, however many pull requests it was cut into (an
--               approval is the evidence that a pull request is a change of
--               its own);
--   quick       only where no reviews have landed at all: the old cut-off,
--               a burst of pull requests each open under
--               pr_burst_max_open_minutes, merged within
--               pr_burst_window_minutes of the last;
--   single      everything else, a group of one.
-- Outcomes that earn nothing anyway (canceled, closed unmerged, reverted, a
-- revert) are groups of one and never outrank work that stands.
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

evidence as (
    select * from {{ ref('int_outcomes_evidence') }}
),

reverts as (
    select * from {{ ref('int_pull_requests_reverts_detected') }}
),

scores as (
    select * from {{ ref('int_outcomes_scored') }}
),

candidates as (
    select
        outcomes.outcome_id,
        outcomes.completed_at,
        scores.value_score,
        case
            when
                outcomes.completion_status <> 'completed'
                or coalesce(reverts.is_revert, false)
                or coalesce(reverts.is_reverted, false) then 'single'
            when outcomes.outcome_type = 'pull_request' and not evidence.has_independent_approval then 'unreviewed'
            when
                outcomes.outcome_type = 'pull_request' and evidence.has_independent_approval is null
                and outcomes.open_minutes < {{ var('pr_burst_max_open_minutes') }} then 'quick'
            when evidence.work_item_key is not null then 'work_item'
            else 'single'
        end as credit_group_kind,
        outcomes.identity_key,
        outcomes.repository_full_name,
        evidence.work_item_key,
        {{ score_period_start('outcomes.completed_date') }} as period_start
    from outcomes
    inner join evidence
        on outcomes.outcome_id = evidence.outcome_id
    inner join scores
        on outcomes.outcome_id = scores.outcome_id
    left join reverts
        on outcomes.outcome_id = reverts.outcome_id
),

grouped as (
    select
        *,
        case credit_group_kind
            when 'work_item' then {{ dbt.concat(["'item:'", 'work_item_key']) }}
            when 'unreviewed' then {{ dbt.concat([
                "'unreviewed:'", 'identity_key', "':'", 'repository_full_name', "':'", key_part('period_start')
            ]) }}
            when 'quick' then {{ dbt.concat(["'quick:'", 'identity_key', "':'", 'repository_full_name']) }}
            else outcome_id
        end as credit_group
    from candidates
),

merge_gaps as (
    select
        *,
        {{ dbt.datediff(
            'lag(completed_at) over (partition by credit_group order by completed_at, outcome_id)',
            'completed_at',
            'minute'
        ) }} as minutes_since_previous_merge
    from grouped
),

burst_starts as (
    -- Only the quick groups split in time: a gap above the window starts a
    -- new burst.
    select
        *,
        case
            when minutes_since_previous_merge is null then 1
            when
                credit_group_kind = 'quick'
                and minutes_since_previous_merge > {{ var('pr_burst_window_minutes') }} then 1
            else 0
        end as starts_burst
    from merge_gaps
),

bursts as (
    select
        *,
        sum(starts_burst) over (
            partition by credit_group
            order by completed_at, outcome_id
            rows between unbounded preceding and current row
        ) as burst_number
    from burst_starts
),

ranked as (
    select
        *,
        count(*) over (partition by credit_group, burst_number) as credit_group_size,
        row_number() over (
            partition by credit_group, burst_number
            order by coalesce(value_score, 0) desc, completed_at asc, outcome_id asc
        ) as credit_group_rank
    from bursts
),

final as (
    select
        outcome_id,
        credit_group_kind,
        case
            when credit_group_kind = 'quick'
                then {{ dbt.concat(['credit_group', "':'", 'cast(burst_number as ' ~ dbt.type_string() ~ ')']) }}
            else credit_group
        end as credit_group,
        minutes_since_previous_merge,
        cast(credit_group_size as {{ dbt.type_bigint() }}) as credit_group_size,
        cast(credit_group_rank as {{ dbt.type_bigint() }}) as credit_group_rank
    from ranked
)

select * from final
