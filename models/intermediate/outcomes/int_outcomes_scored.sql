{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome's value_score (1..10): from the matching value rule with
-- the lowest precedence, unless an explicit override says otherwise. An
-- outcome no rule matches keeps a null score.
--
-- A claim alone cannot earn a high score (Goodhart rules,
-- var('goodhart_rules_enabled')): a rule with required_evidence applies
-- only when the outcome has that evidence (int_outcomes_evidence), so a
-- label, an estimate or a priority anyone can set is not enough. Where the
-- extract does not carry the evidence (no reviews landed, no ticket
-- creator, no trigger agent), the rule's min_open_hours cut-off stands in.
-- An outcome whose best rule by its fields lacks its evidence is
-- is_value_uncorroborated whether the rules are on or not (the flag board
-- reads it); with the rules on it falls to the next rule that holds.
{#- Labels match whole: ',bug,' within ',bug,feature,'. -#}
{%- set label_matches = dbt.position(
    dbt.concat(["','", 'rules.match_label', "','"]),
    dbt.concat(["','", "coalesce(outcomes.label_names, '')", "','"])
) ~ ' > 0' %}
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

evidence as (
    select * from {{ ref('int_outcomes_evidence') }}
),

rules as (
    select * from {{ ref('outcome_value_rules') }}
),

overrides as (
    select * from {{ ref('outcome_value_overrides') }}
),

field_matches as (
    -- Every rule whose fields the outcome matches, with the evidence the
    -- rule asks for: true, false, or null when the source does not say.
    select
        outcomes.outcome_id,
        outcomes.open_minutes,
        rules.rule_id,
        rules.value_score,
        rules.precedence,
        rules.min_open_hours,
        case
            when rules.required_evidence is null then true
            when rules.required_evidence = 'approved_review' then evidence.has_independent_approval
            when rules.required_evidence = 'independent_ticket' then evidence.has_independent_ticket
            when rules.required_evidence = 'independent_trigger' then evidence.has_independent_trigger
        end as has_required_evidence
    from outcomes
    inner join evidence
        on outcomes.outcome_id = evidence.outcome_id
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
),

corroborated as (
    select
        *,
        -- Where the extract carries no such evidence, the time cut-off
        -- stands in.
        coalesce(has_required_evidence, min_open_hours is null or open_minutes >= min_open_hours * 60)
            as is_corroborated
    from field_matches
),

ranked as (
    select
        *,
        row_number() over (partition by outcome_id order by precedence, rule_id) as field_rank,
        row_number() over (
            partition by outcome_id
            order by case when is_corroborated then 0 else 1 end, precedence, rule_id
        ) as corroborated_rank
    from corroborated
),

rule_matches as (
    select * from ranked
    {%- if var('goodhart_rules_enabled') %}
        where corroborated_rank = 1 and is_corroborated
    {%- else %}
        where field_rank = 1
    {%- endif %}
),

uncorroborated as (
    -- Outcomes whose best rule by their fields asks for evidence they lack.
    select outcome_id
    from ranked
    where field_rank = 1 and not is_corroborated
),

final as (
    select
        outcomes.outcome_id,
        rule_matches.rule_id as value_rule_id,
        rule_matches.value_score as rule_value_score,
        overrides.value_score as override_value_score,
        overrides.reason as override_reason,
        coalesce(overrides.value_score, rule_matches.value_score) as value_score,
        uncorroborated.outcome_id is not null as is_value_uncorroborated
    from outcomes
    left join rule_matches
        on outcomes.outcome_id = rule_matches.outcome_id
    left join overrides
        on outcomes.outcome_id = overrides.external_ref
    left join uncorroborated
        on outcomes.outcome_id = uncorroborated.outcome_id
)

select * from final
