-- Who an identifier belongs to: (identity_system, identity_key) ->
-- employee_id. E-mails come from HRIS (matched case-insensitively); GitHub
-- logins, API keys and tool user ids from the HRIS identity map.
with

people as (
    select * from {{ ref('stg_hris__people') }}
),

identities as (
    select * from {{ ref('stg_hris__identities') }}
),

emails as (
    select distinct
        'email' as identity_system,
        work_email as identity_key,
        employee_id
    from people
    where work_email is not null
),

mapped_ids as (
    select
        identity_system,
        -- GitHub logins are case-insensitive; other ids are compared as given.
        case when identity_system = 'github' then lower(external_id) else external_id end as identity_key,
        employee_id
    from identities
),

unioned as (
    select * from emails
    union all
    select * from mapped_ids
),

final as (
    select
        {{ dbt.concat(['identity_system', "':'", 'identity_key']) }} as identity_id,
        identity_system,
        identity_key,
        employee_id
    from unioned
)

select * from final
