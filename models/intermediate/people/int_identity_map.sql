{{ config(grants={'select': var('core_readers')}) }}

-- Who an identifier belongs to: (identity_system, identity_key) ->
-- employee_id. E-mails come from HRIS (matched case-insensitively); GitHub
-- logins, API keys and tool user ids from the HRIS identity map. HRIS
-- people keep their e-mails unique (conflicting_identity in staging), and so
-- does the identity map its identifiers; across the two, a work e-mail wins.
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
    select
        *,
        1 as source_precedence
    from emails
    union all
    select
        *,
        2 as source_precedence
    from mapped_ids
),

-- One owner per identifier. The identity map may name an e-mail too (an
-- alias, an old address): where it names a work e-mail of HRIS, the
-- person whose work e-mail it is keeps it, and the mapping row stays in
-- stg_hris__identities, listed by the warning test on this model.
owners as (
    select
        *,
        row_number() over (
            partition by identity_system, identity_key
            order by source_precedence, employee_id
        ) as owner_rank
    from unioned
),

final as (
    select
        {{ dbt.concat(['identity_system', "':'", 'identity_key']) }} as identity_id,
        identity_system,
        identity_key,
        employee_id
    from owners
    where owner_rank = 1
)

select * from final
