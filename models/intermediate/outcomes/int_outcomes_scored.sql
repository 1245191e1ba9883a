{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome's value_score (1..10): from the matching value rule with
-- the lowest precedence, unless an explicit override says otherwise. An
-- outcome no rule matches keeps a null score.
--
-- A label alone cannot earn a high score (Goodhart rules,
-- var('goodhart_rules_enabled')): a rule with min_open_hours applies only
-- to work open that long, and an outcome carrying such a rule's label
-- without it is is_label_uncorroborated whether the rules are on or not
-- (the flag board reads it).
{#- Labels match whole: ',bug,' within ',bug,feature,'. -#}
{%- set label_matches = dbt.position(
    dbt.concat(["','", 'rules.match_label', "','"]),
    dbt.concat(["','", "coalesce(outcomes.label_names, '')", "','"])
) ~ ' > 0' %}
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
            and (rules.match_label is null or {{ label_matches }})
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
            and {{ label_matches }}
    where outcomes.open_minutes < rules.min_open_hours * 60
),

final as (
    select
        outcomes.outcome_id,
        rule_matches.rule_id as value_rule_id,
        rule_matches.value_score as rule_value_score,
        overrides.value_score as override_value_score,
        overrides.reason as override_reason,
        coalesce(overrides.value_score, rule_matches.value_score) as value_score,
        uncorroborated_labels.outcome_id is not null as is_label_uncorroborated
    from outcomes
    left join rule_matches
        on
            outcomes.outcome_id = rule_matches.outcome_id
            and rule_matches.match_rank = 1
    left join overrides
        on outcomes.outcome_id = overrides.external_ref
    left join uncorroborated_labels
        on outcomes.outcome_id = uncorroborated_labels.outcome_id
)

select * from final
