{{ config(enabled=var('enable_github') and var('enable_copilot'), **incremental_config('external_ref')) }}

{%- set user_day = json_fields([
    'day',
    'user_id',
    'user_login',
    'organization_id',
    'enterprise_id',
    'user_initiated_interaction_count',
    'code_generation_activity_count',
    'code_acceptance_activity_count',
    'loc_suggested_to_add_sum',
    'loc_suggested_to_delete_sum',
    'loc_added_sum',
    'loc_deleted_sum',
    'used_agent',
    'used_chat',
    'used_cli',
    'used_copilot_coding_agent',
    'ai_credits_used',
    'totals_by_cli.request_count',
    'totals_by_cli.session_count',
    'totals_by_cli.token_usage.prompt_tokens_sum',
    'totals_by_cli.token_usage.output_tokens_sum'
]) %}
{%- set counts = [
    'user_initiated_interaction_count', 'code_generation_activity_count', 'code_acceptance_activity_count',
    'loc_suggested_to_add_sum', 'loc_suggested_to_delete_sum', 'loc_added_sum', 'loc_deleted_sum',
    'totals_by_cli.request_count', 'totals_by_cli.session_count', 'totals_by_cli.token_usage.prompt_tokens_sum',
    'totals_by_cli.token_usage.output_tokens_sum'
] %}

-- Every landed record of GitHub Copilot's users-1-day usage-metrics report
-- (the NDJSON files behind the report's download_links, one user and day
-- per line), whatever its quality, with the reason it cannot be used if any.
with

records as (
    -- Optional: an organisation that lands no metrics report reads zero records.
    {{ landed_json_records(landing_relation('github', 'copilot_user_metrics'), user_day) }}
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        {{ json_text(user_day, 'day') }} as day_text,
        cast({{ to_utc_timestamp(json_text(user_day, 'day')) }} as date) as activity_date,
        -- user_id is a number, the organisation and enterprise ids are
        -- numbers in strings: read as values.
        {{ json_text(user_day, 'user_id') }} as user_id_text,
        {{ json_bigint(user_day, 'user_id') }} as github_user_id,
        lower(trim({{ json_text(user_day, 'user_login') }})) as user_login,
        {{ json_text(user_day, 'organization_id') }} as organization_id_text,
        {{ json_bigint(user_day, 'organization_id') }} as organization_id,
        {{ json_text(user_day, 'enterprise_id') }} as enterprise_id_text,
        {{ json_bigint(user_day, 'enterprise_id') }} as enterprise_id,
        {{ json_has_unreadable_number(user_day, counts) }}
        or {{ is_unparseable(json_text(user_day, 'ai_credits_used'), json_decimal(user_day, 'ai_credits_used')) }}
            as has_unreadable_number,
        {{ json_bigint(user_day, 'user_initiated_interaction_count') }} as interaction_count,
        {{ json_bigint(user_day, 'code_generation_activity_count') }} as code_generation_count,
        {{ json_bigint(user_day, 'code_acceptance_activity_count') }} as code_acceptance_count,
        {{ json_bigint(user_day, 'loc_suggested_to_add_sum') }} as lines_suggested_to_add,
        {{ json_bigint(user_day, 'loc_suggested_to_delete_sum') }} as lines_suggested_to_delete,
        {{ json_bigint(user_day, 'loc_added_sum') }} as lines_added,
        {{ json_bigint(user_day, 'loc_deleted_sum') }} as lines_deleted,
        {{ json_text(user_day, 'used_agent') }} as used_agent_text,
        {{ json_text(user_day, 'used_chat') }} as used_chat_text,
        {{ json_text(user_day, 'used_cli') }} as used_cli_text,
        {{ json_text(user_day, 'used_copilot_coding_agent') }} as used_coding_agent_text,
        -- AI credits (not dollars), the user's day across every surface;
        -- absent before 2026-06-19. Telemetry, not the bill.
        {{ json_decimal(user_day, 'ai_credits_used') }} as ai_credits_used,
        -- The only token counts Copilot reports: its CLI's (the object is
        -- absent on a day without CLI use).
        {{ json_bigint(user_day, 'totals_by_cli.request_count') }} as cli_request_count,
        {{ json_bigint(user_day, 'totals_by_cli.session_count') }} as cli_session_count,
        {{ json_bigint(user_day, 'totals_by_cli.token_usage.prompt_tokens_sum') }} as cli_prompt_tokens,
        {{ json_bigint(user_day, 'totals_by_cli.token_usage.output_tokens_sum') }} as cli_output_tokens
    from records
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when day_text is null or user_id_text is null then 'missing_external_key'
            when {{ is_unparseable('day_text', 'activity_date') }} then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('activity_date') }} then 'implausible_timestamp'
            when
                has_unreadable_number
                or {{ is_unparseable('user_id_text', 'github_user_id') }}
                or {{ is_unparseable('organization_id_text', 'organization_id') }}
                or {{ is_unparseable('enterprise_id_text', 'enterprise_id') }} then 'unreadable_number'
            when {{ has_negative([
                'interaction_count', 'code_generation_count', 'code_acceptance_count', 'lines_added',
                'lines_deleted', 'cli_prompt_tokens', 'cli_output_tokens', 'ai_credits_used'
            ]) }} then 'negative_tokens'
        end as _quarantine_reason,
        -- A user in several organisations is in each one's report.
        {{ dbt.concat([
            "'github:copilot_user_metrics:'", key_part('enterprise_id'), "':'", key_part('organization_id'),
            "':'", key_part('github_user_id'), "':'", key_part('activity_date')
        ]) }} as external_ref
    from parsed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
