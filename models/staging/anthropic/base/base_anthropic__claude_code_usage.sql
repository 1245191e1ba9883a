-- One row per usage line (actor x day x model) of every landed Claude Code
-- record, whatever its quality, with the reason it cannot be used if any.
{{ config(enabled=var('enable_anthropic'), **incremental_config('external_ref')) }}

with

records as (
    {{ landed_json_records(source('anthropic', 'claude_code_usage')) }}
),

usage_lines as (
    select
        records.*,
        model_breakdown.element as usage_json,
        model_breakdown.element_index as _element_index,
        {{ json_array_length('records.record_json', 'model_breakdown') }} as model_count
    from records
    {{ json_array_left_join('records.record_json', 'model_breakdown', 'model_breakdown') }}
),

parsed as (
    select
        _source_file,
        _line_number,
        _element_index,
        _extracted_at,
        _line,
        is_valid_json,
        {{ json_text('record_json', 'date') }} as usage_date_text,
        {{ json_text('record_json', 'actor.type') }} as actor_type,
        -- E-mails match case-insensitively; API key names are kept as named.
        coalesce(
            lower({{ json_text('record_json', 'actor.email_address') }}),
            {{ json_text('record_json', 'actor.api_key_name') }}
        ) as actor_id,
        lower({{ json_text('record_json', 'actor.email_address') }}) as actor_email,
        {{ json_text('record_json', 'actor.api_key_name') }} as actor_api_key_name,
        {{ json_text('record_json', 'organization_id') }} as organization_id,
        {{ json_text('record_json', 'customer_type') }} as customer_type,
        {{ json_text('record_json', 'subscription_type') }} as subscription_type,
        {{ json_text('record_json', 'terminal_type') }} as terminal_type,
        coalesce({{ dbt.safe_cast(json_text('record_json', 'is_remote'), dbt.type_boolean()) }}, false) as is_remote,
        {{ json_bigint('record_json', 'core_metrics.num_sessions') }} as session_count,
        {{ json_bigint('record_json', 'core_metrics.lines_of_code.added') }} as lines_added,
        {{ json_bigint('record_json', 'core_metrics.lines_of_code.removed') }} as lines_removed,
        {{ json_bigint('record_json', 'core_metrics.commits_by_claude_code') }} as commit_count,
        {{ json_bigint('record_json', 'core_metrics.pull_requests_by_claude_code') }} as pull_request_count,
        {{ json_text('usage_json', 'model') }} as model_id,
        {{ json_bigint('usage_json', 'tokens.input') }} as input_tokens,
        {{ json_bigint('usage_json', 'tokens.output') }} as output_tokens,
        {{ json_bigint('usage_json', 'tokens.cache_read') }} as cache_read_tokens,
        {{ json_bigint('usage_json', 'tokens.cache_creation') }} as cache_creation_tokens,
        {{ json_number('usage_json', 'estimated_cost.amount') }} as estimated_cost_cents,
        {{ json_text('usage_json', 'estimated_cost.currency') }} as estimated_cost_currency,
        is_valid_json and usage_json is null and model_count = 0 as is_day_without_usage
    from usage_lines
),

typed as (
    select
        *,
        cast({{ to_utc_timestamp('usage_date_text') }} as date) as usage_date
    from parsed
    -- A day record whose model_breakdown is empty holds no usage line.
    where not is_day_without_usage
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when usage_date_text is null or actor_id is null or model_id is null then 'missing_external_key'
            when {{ is_unparseable('usage_date_text', 'usage_date') }} then 'unparseable_timestamp'
            when
                input_tokens < 0 or output_tokens < 0 or cache_read_tokens < 0 or cache_creation_tokens < 0
                or estimated_cost_cents < 0 then 'negative_tokens'
            when
                input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens
                > {{ var('max_tokens_per_usage_line') }} then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat([
            "'anthropic:claude_code:'", key_part('usage_date'),
            "':'", key_part('actor_type'), "':'", key_part('actor_id'),
            "':'", key_part('is_remote'), "':'", key_part('model_id')
        ]) }} as external_ref
    from typed
),

final as (
    {{ versions_ranked('validated', ['_element_index']) }}
)

select * from final
