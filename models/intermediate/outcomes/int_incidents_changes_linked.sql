{{ config(grants={'select': var('core_readers')}) }}

-- Incidents linked to the merged pull requests that caused them, one row per
-- incident and pull request, with the evidence of the link:
--   related_change_event         PagerDuty relates the pull request's change
--                                event to the incident (GET /incidents/{id}/
--                                related_change_events);
--   incident_names_pull_request  the incident's title names the pull request
--                                (its page's URL, else owner/repo#number; the
--                                first such reference of the title);
--   deploy_window                weak, and only with
--                                var('link_incidents_by_deploy_window'): the
--                                pull request's change event was the last on
--                                the incident's service in the
--                                var('incident_deploy_window_minutes') before.
-- A pull request merged after the incident began did not cause it (an
-- incident that names one names its fix), so it is never linked.
{%- set title_reference = '([a-z0-9_.-]+/[a-z0-9_.-]+)#([0-9]+)' %}
{%- set title_link = pull_request_url_pattern() %}
with

{% if var('enable_pagerduty') and var('enable_github') -%}
    incidents as (
        select * from {{ ref('stg_pagerduty__incidents') }}
    ),

    related_change_events as (
        select * from {{ ref('stg_pagerduty__related_change_events') }}
    ),

    outcomes as (
        select * from {{ ref('int_outcomes_unioned') }}
    ),

    pull_requests as (
        select
            outcome_id as pull_request_outcome_id,
            lower(repository_full_name) as repository,
            pull_request_number,
            completed_at as merged_at
        from outcomes
        where outcome_type = 'pull_request' and completion_status = 'completed'
    ),

    related_links as (
        select
            incidents.external_ref as incident_ref,
            related_change_events.pull_request_repository as repository,
            related_change_events.pull_request_number,
            'related_change_event' as link_evidence
        from related_change_events
        inner join incidents
            on related_change_events.incident_id = incidents.incident_id
        where related_change_events.pull_request_number is not null
    ),

    named_references as (
        select
            external_ref as incident_ref,
            coalesce(
                {{ regexp_extract_group('lower(title)', title_link, 1) }},
                {{ regexp_extract_group('lower(title)', title_reference, 1) }}
            ) as repository,
            cast(coalesce(
                {{ regexp_extract_group('lower(title)', title_link, 2) }},
                {{ regexp_extract_group('lower(title)', title_reference, 2) }}
            ) as {{ dbt.type_bigint() }}) as pull_request_number,
            'incident_names_pull_request' as link_evidence
        from incidents
    ),

    named_links as (
        select * from named_references
        where pull_request_number is not null
    ),

    {% if var('link_incidents_by_deploy_window') -%}
        change_events as (
            select * from {{ ref('stg_pagerduty__change_events') }}
        ),

        deploys_before as (
            select
                incidents.external_ref as incident_ref,
                change_events.pull_request_repository as repository,
                change_events.pull_request_number,
                row_number() over (
                    partition by incidents.external_ref
                    order by change_events.changed_at desc, change_events.change_event_id desc
                ) as recency_rank
            from incidents
            inner join change_events
                on
                    incidents.service_id = change_events.service_id
                    and change_events.changed_at < incidents.created_at
                    and change_events.changed_at >= {{ dbt.dateadd(
                        'minute', -var('incident_deploy_window_minutes'), 'incidents.created_at'
                    ) }}
        ),

        window_links as (
            select
                incident_ref,
                repository,
                pull_request_number,
                'deploy_window' as link_evidence
            from deploys_before
            where recency_rank = 1 and pull_request_number is not null
        ),

    {% endif -%}
    links as (
        select * from related_links
        union all
        select * from named_links
        {%- if var('link_incidents_by_deploy_window') %}
            union all
            select * from window_links
        {%- endif %}
    ),

    linked as (
        select
            links.incident_ref,
            pull_requests.pull_request_outcome_id,
            incidents.created_at as incident_created_at,
            incidents.priority_name,
            incidents.urgency,
            pull_requests.merged_at,
            links.link_evidence
        from links
        inner join incidents
            on links.incident_ref = incidents.external_ref
        inner join pull_requests
            on
                links.repository = pull_requests.repository
                and links.pull_request_number = pull_requests.pull_request_number
        where pull_requests.merged_at <= incidents.created_at
    ),

{% else -%}
    -- Without PagerDuty or GitHub there is nothing to link: no rows.
    linked as (
        select
            cast(null as {{ dbt.type_string() }}) as incident_ref,
            cast(null as {{ dbt.type_string() }}) as pull_request_outcome_id,
            cast(null as {{ dbt.type_timestamp() }}) as incident_created_at,
            cast(null as {{ dbt.type_string() }}) as priority_name,
            cast(null as {{ dbt.type_string() }}) as urgency,
            cast(null as {{ dbt.type_timestamp() }}) as merged_at,
            cast(null as {{ dbt.type_string() }}) as link_evidence
        where 1 = 0
    ),

{% endif -%}
final as (
    select
        {{ dbt.concat(['incident_ref', "'|'", 'pull_request_outcome_id']) }} as incident_link_id,
        incident_ref,
        pull_request_outcome_id,
        min(incident_created_at) as incident_created_at,
        min(merged_at) as merged_at,
        min(lower(priority_name)) as incident_priority,
        min(urgency) as incident_urgency,
        max(case when link_evidence = 'related_change_event' then 1 else 0 end) = 1 as is_related_change_event,
        max(case when link_evidence = 'incident_names_pull_request' then 1 else 0 end) = 1 as is_named_by_incident,
        max(case when link_evidence = 'deploy_window' then 1 else 0 end) = 1 as is_deploy_window,
        -- The strongest evidence: a deploy window alone is the weakest.
        case
            when max(case when link_evidence = 'related_change_event' then 1 else 0 end) = 1
                then 'related_change_event'
            when max(case when link_evidence = 'incident_names_pull_request' then 1 else 0 end) = 1
                then 'incident_names_pull_request'
            else 'deploy_window'
        end as strongest_link_evidence
    from linked
    group by incident_ref, pull_request_outcome_id
)

select * from final
