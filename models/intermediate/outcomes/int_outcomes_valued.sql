{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome with its value_score (1..10) and whether it earns credit.
-- The score comes from the matching value rule with the lowest precedence,
-- unless an explicit override says otherwise. Reverted work, the revert
-- itself, canceled issues and closed-unmerged pull requests earn nothing.
--
-- Goodhart rules (var('goodhart_rules_enabled'); each threshold is a var):
-- once the score matters it will be gamed, so credit is removed from the
-- patterns gaming produces and honest work does not:
--   split_change         a change split into many quick pull requests (each
--                        open under pr_burst_max_open_minutes) merged in a
--                        burst of at least pr_burst_min_size (same author and
--                        repository, each within pr_burst_window_minutes of
--                        the last) earns the value of its most valuable pull
--                        request, once; reviewed pull requests never burst;
--   trivial_ticket       an issue with no estimate closed within
--                        min_ticket_lifetime_minutes of being opened;
--   self_resolved_noise  an incident raised by hand and resolved within
--                        min_incident_minutes;
--   a label alone cannot earn a high score: a value rule with min_open_hours
--   applies only to pull requests open that long (is_label_uncorroborated).
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

rules as (
    select * from {{ ref('outcome_value_rules') }}
),

overrides as (
    select * from {{ ref('outcome_value_overrides') }}
),

revert_signals as (
    -- A revert names what it undoes in its body ("Reverts owner/repo#N", as
    -- GitHub's revert button writes it) or its branch ("revert-N-...").
    select
        outcome_id,
        completion_status,
        coalesce(
            {{ regexp_extract_group('body', 'Reverts ([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#[0-9]+', 1) }},
            repository_full_name
        ) as reverted_repository,
        cast(coalesce(
            {{ regexp_extract_group('body', 'Reverts [A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#([0-9]+)', 1) }},
            {{ regexp_extract_group('head_ref', '^revert-([0-9]+)-', 1) }}
        ) as {{ api.Column.translate_type('bigint') }}) as reverted_number,
        title like 'Revert "%'
        or {{ regexp_extract_group('head_ref', '^revert-([0-9]+)-', 1) }} is not null
        or {{ regexp_extract_group('body', '(Reverts [A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[0-9]+)', 1) }} is not null
            as is_revert
    from outcomes
    where outcome_type = 'pull_request'
),

merged_reverts as (
    select distinct
        reverted_repository,
        reverted_number
    from revert_signals
    where is_revert and completion_status = 'completed' and reverted_number is not null
),

rule_matches as (
    select
        outcomes.outcome_id,
        rules.rule_id,
        rules.value_score,
        row_number() over (partition by outcomes.outcome_id order by rules.precedence, rules.rule_id) as match_rank
    from outcomes
    inner join rules
        on
            outcomes.outcome_source = rules.outcome_source
            and outcomes.outcome_type = rules.outcome_type
            -- Labels match whole: ',bug,' within ',bug,feature,'.
            and (
                rules.match_label is null
                or {{ dbt.position(
                    dbt.concat(["','", 'rules.match_label', "','"]),
                    dbt.concat(["','", "coalesce(outcomes.label_names, '')", "','"])
                ) }} > 0
            )
            and (rules.match_work_type is null or outcomes.work_type = rules.match_work_type)
            and (rules.min_size is null or outcomes.size_points >= rules.min_size)
            and (rules.max_size is null or outcomes.size_points <= rules.max_size)
            and (rules.match_priority is null or outcomes.priority = rules.match_priority)
            and (rules.match_urgency is null or outcomes.urgency = rules.match_urgency)
            {%- if var('goodhart_rules_enabled') %}
                and (rules.min_open_hours is null or outcomes.open_minutes >= rules.min_open_hours * 60)
            {%- endif %}
),

uncorroborated_labels as (
    -- Outcomes carrying a label whose rule asks for more than the label.
    select distinct outcomes.outcome_id
    from outcomes
    inner join rules
        on
            outcomes.outcome_source = rules.outcome_source
            and outcomes.outcome_type = rules.outcome_type
            and rules.min_open_hours is not null
            and {{ dbt.position(
                dbt.concat(["','", 'rules.match_label', "','"]),
                dbt.concat(["','", "coalesce(outcomes.label_names, '')", "','"])
            ) }} > 0
    where outcomes.open_minutes < rules.min_open_hours * 60
),

valued as (
    select
        outcomes.*,
        coalesce(revert_signals.is_revert, false) as is_revert,
        merged_reverts.reverted_number is not null as is_reverted,
        rule_matches.rule_id as value_rule_id,
        rule_matches.value_score as rule_value_score,
        overrides.value_score as override_value_score,
        overrides.reason as override_reason,
        coalesce(overrides.value_score, rule_matches.value_score) as value_score,
        uncorroborated_labels.outcome_id is not null as is_label_uncorroborated
    from outcomes
    left join revert_signals
        on outcomes.outcome_id = revert_signals.outcome_id
    left join merged_reverts
        on
            outcomes.repository_full_name = merged_reverts.reverted_repository
            and outcomes.pull_request_number = merged_reverts.reverted_number
    left join rule_matches
        on
            outcomes.outcome_id = rule_matches.outcome_id
            and rule_matches.match_rank = 1
    left join overrides
        on outcomes.outcome_id = overrides.external_ref
    left join uncorroborated_labels
        on outcomes.outcome_id = uncorroborated_labels.outcome_id
),

merge_groups as (
    -- Only quick pull requests can form a burst; any other outcome is its
    -- own group.
    select
        *,
        case
            when
                outcome_type = 'pull_request' and completion_status = 'completed'
                and open_minutes < {{ var('pr_burst_max_open_minutes') }}
                then {{ dbt.concat(["'quick:'", 'identity_key', "':'", 'repository_full_name']) }}
            else outcome_id
        end as merge_group
    from valued
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
        *,
        case
            when completion_status = 'canceled' then 'canceled'
            when completion_status = 'closed_unmerged' then 'closed_unmerged'
            when is_reverted then 'reverted'
            when is_revert then 'is_revert'
            {%- if var('goodhart_rules_enabled') %}
                when burst_size >= {{ var('pr_burst_min_size') }} and burst_value_rank > 1 then 'split_change'
                when
                    outcome_type = 'issue' and size_points is null
                    and open_minutes < {{ var('min_ticket_lifetime_minutes') }} then 'trivial_ticket'
                when
                    outcome_type = 'incident' and is_manually_triggered
                    and open_minutes < {{ var('min_incident_minutes') }} then 'self_resolved_noise'
            {%- endif %}
        end as value_exclusion_reason
    from burst_ranked
)

select * from final
