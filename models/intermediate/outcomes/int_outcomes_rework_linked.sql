{{ config(grants={'select': var('core_readers')}) }}

-- Rework: bugs linked to the finished work that caused them, one row per
-- bug and cause, with where the link comes from:
--   jira_issue_link    a Jira issue whose link reads "this issue <one of
--                      var('jira_cause_link_descriptions')> the other"
--                      (Jira's Problem/Incident type: "is caused by");
--   linear_attachment  a Linear issue labelled one of
--                      var('rework_issue_labels') that attaches a pull
--                      request merged before the issue was opened (one
--                      merged after it is its fix; Linear's relations say
--                      blocks, duplicate, related or similar, never cause).
-- The cause must have finished before the bug was opened.
{%- set rework_sources = [] %}
{%- if var('enable_jira') %}{% do rework_sources.append('jira_rework') %}{% endif %}
{%- if var('enable_linear') %}{% do rework_sources.append('linear_rework') %}{% endif %}
with

{% if var('enable_jira') -%}
    jira_issues as (
        select * from {{ ref('stg_jira__issues') }}
    ),

    jira_links as (
        select * from {{ ref('stg_jira__issue_links') }}
    ),

{% endif -%}
{% if var('enable_linear') -%}
    linear_issues as (
        select * from {{ ref('stg_linear__issues') }}
    ),

    linear_attachments as (
        select * from {{ ref('stg_linear__issue_attachments') }}
    ),

{% endif -%}
outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

finished_work as (
    select
        outcome_id,
        outcome_type,
        own_work_item_key,
        lower(repository_full_name) as repository,
        pull_request_number,
        completed_at
    from outcomes
    where completion_status = 'completed'
),

{% if var('enable_jira') -%}
    jira_rework as (
        select
            jira_links.issue_ref as rework_ref,
            bugs.created_at as rework_created_at,
            {{ dbt.concat(["'jira:issue:'", 'jira_links.linked_issue_id']) }} as cause_outcome_id,
            'jira_issue_link' as link_source
        from jira_links
        inner join jira_issues as bugs
            on jira_links.issue_ref = bugs.external_ref
        where
            jira_links.link_direction = 'inward'
            and jira_links.link_description in (
                {%- for description in var('jira_cause_link_descriptions') -%}
                    '{{ description | lower }}'{{ ', ' if not loop.last }}
                {%- endfor -%}
            )
    ),

{% endif -%}
{% if var('enable_linear') -%}
    linear_rework as (
        select
            linear_attachments.issue_ref as rework_ref,
            bugs.created_at as rework_created_at,
            pull_requests.outcome_id as cause_outcome_id,
            'linear_attachment' as link_source
        from linear_attachments
        inner join linear_issues as bugs
            on linear_attachments.issue_ref = bugs.external_ref
        inner join finished_work as pull_requests
            on
                pull_requests.outcome_type = 'pull_request'
                and linear_attachments.pull_request_repository = pull_requests.repository
                and linear_attachments.pull_request_number = pull_requests.pull_request_number
        where
            {%- for label in var('rework_issue_labels') %}
                {{ 'or ' if not loop.first }}{{ dbt.position(
                    "'," ~ label | lower ~ ",'", dbt.concat(["','", "coalesce(bugs.label_names, '')", "','"])
                ) }} > 0
            {%- endfor %}
    ),

{% endif -%}
links as (
    {%- if rework_sources %}
        {{ union_ctes(rework_sources) }}
    {%- else %}
        -- Neither Jira nor Linear: no bug names a cause.
        select
            cast(null as {{ dbt.type_string() }}) as rework_ref,
            cast(null as {{ dbt.type_timestamp() }}) as rework_created_at,
            cast(null as {{ dbt.type_string() }}) as cause_outcome_id,
            cast(null as {{ dbt.type_string() }}) as link_source
        where 1 = 0
    {%- endif %}
),

final as (
    select distinct
        {{ dbt.concat(['links.rework_ref', "'|'", 'links.cause_outcome_id']) }} as rework_link_id,
        links.rework_ref,
        links.cause_outcome_id,
        links.rework_created_at,
        causes.completed_at as cause_completed_at,
        links.link_source
    from links
    inner join finished_work as causes
        on links.cause_outcome_id = causes.outcome_id
    where causes.completed_at <= links.rework_created_at
)

select * from final
