-- One row per usage line (actor x day x model) of every landed Claude Code
-- record, whatever its quality, with the reason it cannot be used if any.
{{ config(enabled=var('enable_anthropic'), **incremental_config('external_ref')) }}

{%- set claude_code_day = json_fields([
    'date',
    'actor.type',
    'actor.email_address',
    'actor.api_key_name',
    'organization_id',
    'customer_type',
    'subscription_type',
    'terminal_type',
    'is_remote',
    'core_metrics.num_sessions',
    'core_metrics.lines_of_code.added',
    'core_metrics.lines_of_code.removed',
    'core_metrics.commits_by_claude_code',
    'core_metrics.pull_requests_by_claude_code'
]) %}
{%- set model_usage = json_fields([
    'model',
    'tokens.input',
    'tokens.output',
    'tokens.cache_read',
    'tokens.cache_creation',
    'estimated_cost.amount',
    'estimated_cost.currency'
], parsed='usage_json', texts='usage_texts') %}

with

records as (
    {{ landed_json_records(source('anthropic', 'claude_code_usage'), claude_code_day) }}
),

days as (
    select
        records.*,
        {{ json_array_length('record_json', 'model_breakdown') }} as model_count,
        {{ json_is_array('record_json', 'model_breakdown') }} as has_usage_array
    from records
),

-- One row per element of `model_breakdown` (a day with none is kept once).
elements as (
    {{ json_array_rows('days', 'record_json', 'model_breakdown') }}
),

usage_lines as (
    select
        elements.*,
        {{ json_field_texts('elements.element', model_usage) }}
        elements.element as usage_json,
        elements.element_index as _element_index
    from elements
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _element_index,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        -- Valid JSON whose `model_breakdown` is absent or not an array.
        is_json_object and not has_usage_array as is_breakdown_missing,
        coalesce({{ json_is_object('usage_json') }}, true) as is_usage_object,
        {{ json_text(claude_code_day, 'date') }} as usage_date_text,
        {{ json_text(claude_code_day, 'actor.type') }} as actor_type,
        -- E-mails match case-insensitively; API key names are kept as named.
        coalesce(
            {{ canonical_email(json_text(claude_code_day, 'actor.email_address')) }},
            {{ json_text(claude_code_day, 'actor.api_key_name') }}
        ) as actor_id,
        {{ canonical_email(json_text(claude_code_day, 'actor.email_address')) }} as actor_email,
        {{ json_text(claude_code_day, 'actor.api_key_name') }} as actor_api_key_name,
        {{ json_text(claude_code_day, 'organization_id') }} as organization_id,
        {{ json_text(claude_code_day, 'customer_type') }} as customer_type,
        {{ json_text(claude_code_day, 'subscription_type') }} as subscription_type,
        {{ json_text(claude_code_day, 'terminal_type') }} as terminal_type,
        coalesce({{ dbt.safe_cast(json_text(claude_code_day, 'is_remote'), dbt.type_boolean()) }}, false) as is_remote,
        {{ json_has_unreadable_number(model_usage, [
            'tokens.input', 'tokens.output', 'tokens.cache_read', 'tokens.cache_creation'
        ]) }}
        or {{ is_unparseable(
            json_text(model_usage, 'estimated_cost.amount'), json_number(model_usage, 'estimated_cost.amount')
        ) }} as has_unreadable_number,
        {{ json_bigint(claude_code_day, 'core_metrics.num_sessions') }} as session_count,
        {{ json_bigint(claude_code_day, 'core_metrics.lines_of_code.added') }} as lines_added,
        {{ json_bigint(claude_code_day, 'core_metrics.lines_of_code.removed') }} as lines_removed,
        {{ json_bigint(claude_code_day, 'core_metrics.commits_by_claude_code') }} as commit_count,
        {{ json_bigint(claude_code_day, 'core_metrics.pull_requests_by_claude_code') }} as pull_request_count,
        {{ json_text(model_usage, 'model') }} as model_id,
        {{ json_bigint(model_usage, 'tokens.input') }} as input_tokens,
        {{ json_bigint(model_usage, 'tokens.output') }} as output_tokens,
        {{ json_bigint(model_usage, 'tokens.cache_read') }} as cache_read_tokens,
        {{ json_bigint(model_usage, 'tokens.cache_creation') }} as cache_creation_tokens,
        {{ json_number(model_usage, 'estimated_cost.amount') }} as estimated_cost_cents,
        {{ json_text(model_usage, 'estimated_cost.currency') }} as estimated_cost_currency,
        is_json_object and has_usage_array and model_count = 0 as is_day_without_usage
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
            when not is_json_object or not is_usage_object then 'not_an_object'
            when is_breakdown_missing then 'missing_usage_array'
            when usage_date_text is null or actor_id is null or model_id is null then 'missing_external_key'
            when {{ is_unparseable('usage_date_text', 'usage_date') }} then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('usage_date') }} then 'implausible_timestamp'
            when has_unreadable_number then 'unreadable_number'
            when {{ has_negative([
                'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'estimated_cost_cents'
            ]) }} then 'negative_tokens'
            when {{ has_implausible_tokens([
                'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        -- Keys are values: the day as a date (from a date or a midnight
        -- timestamp), the actor's e-mail trimmed and lower-case.
        {{ dbt.concat([
            "'anthropic:claude_code:'", key_part('usage_date'),
            "':'", key_part('actor_type'), "':'", key_part('actor_id'),
            "':'", key_part('is_remote'), "':'", key_part('model_id')
        ]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated', ['_element_index']) }} as versions
)

select * from final
