-- Every outcome with its value_score (1..10) and whether it earns credit.
-- The score comes from the matching value rule with the lowest precedence,
-- unless an explicit override says otherwise. Reverted work, the revert
-- itself, canceled issues and closed-unmerged pull requests earn nothing.
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
        coalesce(overrides.value_score, rule_matches.value_score) as value_score
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
),

final as (
    select
        *,
        case
            when completion_status = 'canceled' then 'canceled'
            when completion_status = 'closed_unmerged' then 'closed_unmerged'
            when is_reverted then 'reverted'
            when is_revert then 'is_revert'
        end as value_exclusion_reason
    from valued
)

select * from final
