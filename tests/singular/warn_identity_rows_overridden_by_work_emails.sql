-- Identity-map rows that give a work e-mail of HRIS to someone else: the
-- person whose work e-mail it is keeps it (int_identity_map), and this
-- warning names the overridden rows so that HRIS can fix one side.
{{ config(severity='warn') }}

with

identities as (
    select * from {{ ref('stg_hris__identities') }}
),

identity_map as (
    select * from {{ ref('int_identity_map') }}
),

overridden as (
    select
        identities._source_file,
        identities._line_number,
        identities.external_id,
        identities.employee_id as mapped_employee_id,
        identity_map.employee_id as work_email_employee_id
    from identities
    inner join identity_map
        on
            identity_map.identity_system = 'email'
            and identities.identity_system = 'email'
            and identities.external_id = identity_map.identity_key
    where identities.employee_id <> identity_map.employee_id
)

select * from overridden
