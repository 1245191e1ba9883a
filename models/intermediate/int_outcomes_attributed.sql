-- Valued outcomes with the person who did the work and the job they had on
-- the completion date. Linear and Jira fall back to the assignee's e-mail
-- when their user id is not in the identity map.
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
    {{ attribute_to_people('outcomes', 'completed_date', 'fallback_email') }}
)

select * from attributed
