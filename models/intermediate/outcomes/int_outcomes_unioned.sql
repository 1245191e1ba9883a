{{ config(grants={'select': var('core_readers')}) }}

-- Finished work from every outcome source in one shape: one row per
-- outcome, with who did it and what the value rules read. Work still open
-- is not an outcome yet and is left out; closed-unmerged pull requests and
-- canceled issues stay, earning nothing. Each source contributes only when
-- it is switched on.
{%- set outcome_sources = [] -%}
{%- if var('enable_github') -%}{%- do outcome_sources.append('github_outcomes') -%}{%- endif -%}
{%- if var('enable_linear') -%}{%- do outcome_sources.append('linear_outcomes') -%}{%- endif -%}
{%- if var('enable_jira') -%}{%- do outcome_sources.append('jira_outcomes') -%}{%- endif -%}
{%- if var('enable_pagerduty') -%}{%- do outcome_sources.append('pagerduty_outcomes') -%}{%- endif -%}
{%- if not outcome_sources -%}
    {{ exceptions.raise_compiler_error("token_outcomes needs at least one outcome source switched on") }}
{%- endif %}
{%- set no_text = 'cast(null as ' ~ dbt.type_string() ~ ')' %}
{%- set no_number = 'cast(null as ' ~ type_double() ~ ')' %}
{%- set no_integer = 'cast(null as ' ~ api.Column.translate_type('bigint') ~ ')' %}

with

{% if var('enable_github') -%}
    pull_requests as (
        select * from {{ ref('stg_github__pull_requests') }}
    ),

    github_outcomes as (
        select
            external_ref as outcome_id,
            'github' as outcome_source,
            'pull_request' as outcome_type,
            created_at,
            coalesce(merged_at, closed_at) as completed_at,
            case when is_merged then 'completed' else 'closed_unmerged' end as completion_status,
            'github' as identity_system,
            -- A coding agent's pull request is the work of the person it was
            -- for: its human assignee (unattributed when it has none).
            lower(case when is_agent_authored then human_assignee_login else author_login end) as identity_key,
            {{ no_text }} as fallback_email,
            title,
            label_names,
            {{ no_text }} as work_type,
            {{ no_number }} as size_points,
            {{ no_text }} as priority,
            {{ no_text }} as urgency,
            repository_full_name,
            pull_request_number,
            body,
            head_ref,
            {{ no_text }} as own_work_item_key,
            {{ no_text }} as creator_identity_key,
            additions + deletions as lines_changed,
            false as is_manually_triggered,
            {{ no_text }} as trigger_agent_type,
            {{ no_text }} as trigger_agent_key
        from pull_requests
        where state = 'closed' or is_merged
    ),

{% endif -%}
{% if var('enable_linear') -%}
    linear_issues as (
        select * from {{ ref('stg_linear__issues') }}
    ),

    linear_outcomes as (
        select
            external_ref as outcome_id,
            'linear' as outcome_source,
            'issue' as outcome_type,
            created_at,
            coalesce(completed_at, canceled_at) as completed_at,
            case when is_completed then 'completed' else 'canceled' end as completion_status,
            'linear' as identity_system,
            assignee_user_id as identity_key,
            assignee_email as fallback_email,
            title,
            label_names,
            {{ no_text }} as work_type,
            cast(estimate as {{ type_double() }}) as size_points,
            cast(priority as {{ dbt.type_string() }}) as priority,
            {{ no_text }} as urgency,
            {{ no_text }} as repository_full_name,
            {{ no_integer }} as pull_request_number,
            {{ no_text }} as body,
            {{ no_text }} as head_ref,
            upper(issue_identifier) as own_work_item_key,
            creator_user_id as creator_identity_key,
            {{ no_integer }} as lines_changed,
            false as is_manually_triggered,
            {{ no_text }} as trigger_agent_type,
            {{ no_text }} as trigger_agent_key
        from linear_issues
        where is_completed or is_canceled
    ),

{% endif -%}
{% if var('enable_jira') -%}
    jira_issues as (
        select * from {{ ref('stg_jira__issues') }}
    ),

    jira_outcomes as (
        select
            external_ref as outcome_id,
            'jira' as outcome_source,
            'issue' as outcome_type,
            created_at,
            resolved_at as completed_at,
            'completed' as completion_status,
            'jira' as identity_system,
            assignee_account_id as identity_key,
            assignee_email as fallback_email,
            summary as title,
            label_names,
            lower(issue_type) as work_type,
            cast(story_points as {{ type_double() }}) as size_points,
            lower(priority_name) as priority,
            {{ no_text }} as urgency,
            {{ no_text }} as repository_full_name,
            {{ no_integer }} as pull_request_number,
            {{ no_text }} as body,
            {{ no_text }} as head_ref,
            upper(issue_key) as own_work_item_key,
            -- Who made the ticket: its creator (the reporter field can be
            -- set to anyone, the creator cannot), the reporter when the
            -- extract has no creator.
            coalesce(creator_account_id, reporter_account_id) as creator_identity_key,
            {{ no_integer }} as lines_changed,
            false as is_manually_triggered,
            {{ no_text }} as trigger_agent_type,
            {{ no_text }} as trigger_agent_key
        from jira_issues
        where is_resolved
    ),

{% endif -%}
{% if var('enable_pagerduty') -%}
    incidents as (
        select * from {{ ref('stg_pagerduty__incidents') }}
    ),

    pagerduty_outcomes as (
        select
            external_ref as outcome_id,
            'pagerduty' as outcome_source,
            'incident' as outcome_type,
            created_at,
            resolved_at as completed_at,
            'completed' as completion_status,
            'pagerduty' as identity_system,
            resolved_by_user_id as identity_key,
            {{ no_text }} as fallback_email,
            title,
            {{ no_text }} as label_names,
            {{ no_text }} as work_type,
            {{ no_number }} as size_points,
            lower(priority_name) as priority,
            urgency,
            {{ no_text }} as repository_full_name,
            {{ no_integer }} as pull_request_number,
            {{ no_text }} as body,
            {{ no_text }} as head_ref,
            {{ no_text }} as own_work_item_key,
            {{ no_text }} as creator_identity_key,
            {{ no_integer }} as lines_changed,
            is_manually_triggered,
            trigger_agent_type,
            trigger_agent_id as trigger_agent_key
        from incidents
        where is_resolved
    ),

{% endif -%}
unioned as (
    {{- union_ctes(outcome_sources) }}
),

final as (
    select
        *,
        cast(completed_at as date) as completed_date,
        cast(
            {{ dbt.datediff('created_at', 'completed_at', 'minute') }}
            as {{ dbt.type_bigint() }}
        ) as open_minutes
    from unioned
)

select * from final
