{{ config(grants={'select': var('core_readers')}) }}

-- Valued outcomes with the person who did the work and the job they had on
-- the completion date, and the credit they earn. Linear and Jira fall back
-- to the assignee's e-mail when their user id is not in the identity map.
-- Work nobody can be found for earns no one credit and stays visible.
with

outcomes as (
    select * from {{ ref('int_outcomes_valued') }}
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

final as (
    select
        *,
        value_exclusion_reason is null and attribution_status = 'attributed' as is_credited,
        coalesce(value_exclusion_reason, case when attribution_status <> 'attributed' then attribution_status end)
            as no_credit_reason,
        case
            when value_exclusion_reason is null and attribution_status = 'attributed' then value_score else 0
        end as credited_value_points
    from attributed
)

select * from final
