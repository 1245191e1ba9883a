{{ config(grants={'select': var('core_readers')}) }}

-- Valued outcomes with the person who did the work and the job they had on
-- the completion date, and the credit they earn: gross, less what its
-- quality costs it (int_outcomes_quality_deductions, never below zero),
-- net. Linear and Jira fall back to the assignee's e-mail when their user id
-- is not in the identity map. Work nobody can be found for earns no one
-- credit and stays visible. Pull requests carry the evidence that AI wrote
-- them (int_pull_requests_ai_evidence).
with

valued as (
    select * from {{ ref('int_outcomes_valued') }}
),

deductions as (
    select * from {{ ref('int_outcomes_quality_deductions') }}
),

ai_evidence as (
    select * from {{ ref('int_pull_requests_ai_evidence') }}
),

outcomes as (
    select
        valued.*,
        coalesce(deductions.caused_incident_count, 0) as caused_incident_count,
        coalesce(deductions.rework_count, 0) as rework_count,
        coalesce(deductions.quality_deduction_points, 0) as quality_deduction_points,
        deductions.quality_deduction_reason,
        ai_evidence.is_ai_assisted,
        ai_evidence.ai_evidence_kind,
        ai_evidence.has_coding_agent_author,
        ai_evidence.has_claude_code_footer,
        ai_evidence.has_ai_co_author_trailer,
        ai_evidence.has_cursor_ai_commit
    from valued
    left join deductions
        on valued.outcome_id = deductions.outcome_id
    left join ai_evidence
        on valued.outcome_id = ai_evidence.outcome_id
),

identity_map as (
    select * from {{ ref('int_identity_map') }}
),

people_history as (
    select * from {{ ref('int_people_history') }}
),

attributed as (
    {{ attribute_to_people(
        'outcomes', 'completed_date',
        identity_map='identity_map', people_history='people_history', fallback_email_column='fallback_email',
    ) }}
),

credited as (
    select
        *,
        value_exclusion_reason is null and attribution_status = 'attributed' as is_credited,
        coalesce(value_exclusion_reason, case when attribution_status <> 'attributed' then attribution_status end)
            as no_credit_reason,
        case
            when value_exclusion_reason is null and attribution_status = 'attributed' then value_score else 0
        end as gross_value_points
    from attributed
),

final as (
    select
        *,
        cast(
            case
                when quality_deduction_points < gross_value_points then quality_deduction_points
                else gross_value_points
            end as {{ dbt.type_int() }}
        ) as value_deduction_points,
        case when gross_value_points > 0 then quality_deduction_reason end as value_deduction_reason,
        cast(
            case
                when quality_deduction_points < gross_value_points then gross_value_points - quality_deduction_points
                else 0
            end as {{ dbt.type_int() }}
        ) as credited_value_points
    from credited
)

select * from final
