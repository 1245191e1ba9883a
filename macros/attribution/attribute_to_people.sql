{% macro attribute_to_people(events, event_date_column, identity_map, people_history, fallback_email_column=none) -%}
    {#- A query over relations (refs or CTE names): every row of `events`
        (which has identity_system and identity_key) with the person it
        belongs to and the job that person had on `event_date_column`.
        `identity_map` is int_identity_map (identifier -> employee_id) and
        `people_history` int_people_history (effective-dated jobs). The
        identifier is matched first; an e-mail, when the source has one
        (`fallback_email_column`), is the fallback. Nothing is dropped: a row
        with no person keeps attribution_status 'unmapped_person'. -#}
    select
        events.*,
        coalesce(by_identifier.employee_id{% if fallback_email_column %}, by_email.employee_id{% endif %}) as employee_id,
        people_history.person_version_id,
        people_history.role,
        people_history.level,
        people_history.cohort_key,
        people_history.team,
        people_history.cost_center,
        case
            when people_history.person_version_id is not null then 'attributed'
            when coalesce(by_identifier.employee_id{% if fallback_email_column %}, by_email.employee_id{% endif %}) is null
                then 'unmapped_person'
            else 'no_job_history'
        end as attribution_status
    from {{ events }} as events
    left join {{ identity_map }} as by_identifier
        on events.identity_system = by_identifier.identity_system
        and events.identity_key = by_identifier.identity_key
    {%- if fallback_email_column %}
    left join {{ identity_map }} as by_email
        on by_email.identity_system = 'email'
        and events.{{ fallback_email_column }} = by_email.identity_key
    {%- endif %}
    left join {{ people_history }} as people_history
        on coalesce(by_identifier.employee_id{% if fallback_email_column %}, by_email.employee_id{% endif %})
            = people_history.employee_id
        and events.{{ event_date_column }} >= people_history.valid_from
        and events.{{ event_date_column }} < people_history.valid_to
{%- endmacro %}
