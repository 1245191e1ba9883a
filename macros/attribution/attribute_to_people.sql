{% macro attribute_to_people(events_cte, event_date_column, fallback_email_column=none) -%}
    {#- The rows of `events_cte` with the person they belong to and the job
        that person had on `event_date_column`. The caller's query defines
        the CTEs identity_map (int_identity_map) and people_history
        (int_people_history). The identifier is matched first; an e-mail,
        when the source has one, is the fallback. Nothing is dropped: a row
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
    from {{ events_cte }} as events
    left join identity_map as by_identifier
        on events.identity_system = by_identifier.identity_system
        and events.identity_key = by_identifier.identity_key
    {%- if fallback_email_column %}
    left join identity_map as by_email
        on by_email.identity_system = 'email'
        and events.{{ fallback_email_column }} = by_email.identity_key
    {%- endif %}
    left join people_history
        on coalesce(by_identifier.employee_id{% if fallback_email_column %}, by_email.employee_id{% endif %})
            = people_history.employee_id
        and events.{{ event_date_column }} >= people_history.valid_from
        and events.{{ event_date_column }} < people_history.valid_to
{%- endmacro %}
