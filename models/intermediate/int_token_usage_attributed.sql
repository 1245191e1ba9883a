-- Priced usage lines with the person they belong to and the job that person
-- had on the usage date. A line nobody can be found for stays, with
-- attribution_status = 'unmapped_person': its spend still counts.
with

usage_lines as (
    select * from {{ ref('int_token_usage_priced') }}
),

identity_map as (
    select * from {{ ref('int_identity_map') }}
),

people_history as (
    select * from {{ ref('int_people_history') }}
),

attributed as (
    {{ attribute_to_people('usage_lines', 'usage_date') }}
)

select * from attributed
