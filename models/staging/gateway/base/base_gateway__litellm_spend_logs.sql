{{ config(enabled=var('enable_gateway') and var('enable_litellm'), **incremental_config('external_ref')) }}

{%- set spend_log = json_fields([
    'request_id',
    'call_type',
    'api_key',
    'spend',
    'total_tokens',
    'prompt_tokens',
    'completion_tokens',
    'startTime',
    'model',
    'model_group',
    'custom_llm_provider',
    'user',
    'end_user',
    'team_id',
    'metadata',
    'cache_hit',
    'status'
]) %}
{%- set usage_object = json_fields([
    'usage_object.cache_read_input_tokens',
    'usage_object.cache_creation_input_tokens',
    'usage_object.prompt_tokens_details.cached_tokens',
    'usage_object.prompt_tokens_details.cache_creation_tokens'
], parsed='metadata_json', texts='metadata_texts') %}

-- Every landed LiteLLM spend log row (one row of its LiteLLM_SpendLogs
-- table per line, as `/spend/logs` returns it or a database export writes
-- it), whatever its quality, with the reason it cannot be used if any.
with

records as (
    {{ landed_json_records(source('gateway', 'litellm_spend_logs'), spend_log) }}
),

-- `metadata` is a JSON object from the API and the database, and a string
-- holding JSON from LiteLLM's logging callbacks: its text is JSON either way.
with_metadata as (
    select
        records.*,
        {{ json_field_texts(json_text(spend_log, 'metadata'), usage_object) }}
        {{ json_parse(json_text(spend_log, 'metadata')) }} as metadata_json
    from records
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
        {{ json_text(spend_log, 'request_id') }} as request_id,
        {{ json_text(spend_log, 'call_type') }} as call_type,
        -- LiteLLM writes '' for an absent value.
        nullif({{ json_text(spend_log, 'api_key') }}, '') as hashed_api_key,
        {{ json_text(spend_log, 'startTime') }} as started_at_text,
        {{ to_utc_timestamp(json_text(spend_log, 'startTime')) }} as started_at,
        nullif({{ json_text(spend_log, 'model') }}, '') as model_text,
        nullif({{ json_text(spend_log, 'model_group') }}, '') as model_group,
        nullif({{ json_text(spend_log, 'custom_llm_provider') }}, '') as custom_llm_provider,
        nullif(trim({{ json_text(spend_log, 'user') }}), '') as litellm_user,
        nullif(trim({{ json_text(spend_log, 'end_user') }}), '') as end_user,
        nullif({{ json_text(spend_log, 'team_id') }}, '') as team_id,
        {{ json_text(spend_log, 'cache_hit') }} as cache_hit_text,
        {{ json_text(spend_log, 'status') }} as status,
        {{ json_text(spend_log, 'spend') }} as spend_text,
        {{ json_decimal(spend_log, 'spend') }} as spend_usd,
        {{ json_has_unreadable_number(spend_log, ['total_tokens', 'prompt_tokens', 'completion_tokens']) }}
        or {{ json_has_unreadable_number(usage_object, [
            'usage_object.cache_read_input_tokens', 'usage_object.cache_creation_input_tokens',
            'usage_object.prompt_tokens_details.cached_tokens',
            'usage_object.prompt_tokens_details.cache_creation_tokens'
        ]) }} as has_unreadable_number,
        {{ json_bigint(spend_log, 'total_tokens') }} as total_tokens,
        -- prompt_tokens includes the cached and cache-written tokens.
        {{ json_bigint(spend_log, 'prompt_tokens') }} as prompt_tokens,
        {{ json_bigint(spend_log, 'completion_tokens') }} as completion_tokens,
        -- Cache counts live only in metadata.usage_object, at its top level
        -- or under prompt_tokens_details (both appear).
        coalesce(
            {{ json_bigint(usage_object, 'usage_object.cache_read_input_tokens') }},
            {{ json_bigint(usage_object, 'usage_object.prompt_tokens_details.cached_tokens') }}
        ) as cache_read_tokens,
        coalesce(
            {{ json_bigint(usage_object, 'usage_object.cache_creation_input_tokens') }},
            {{ json_bigint(usage_object, 'usage_object.prompt_tokens_details.cache_creation_tokens') }}
        ) as cache_creation_tokens
    from with_metadata
),

typed as (
    select
        *,
        -- `model` may name its provider (anthropic/claude-...): the model
        -- is what follows the last slash.
        coalesce({{ regexp_extract_group('model_text', '^.*/([^/]+)$', 1) }}, model_text) as model_id,
        coalesce(custom_llm_provider, {{ regexp_extract_group('model_text', '^([^/]+)/', 1) }}) as provider_name,
        -- The person: LiteLLM's user (an internal user id, often the
        -- e-mail), else the end user the request named.
        case
            when coalesce(litellm_user, end_user) like '%@%' then 'email'
            when litellm_user is not null then 'litellm_user'
            when end_user is not null then 'litellm_end_user'
        end as identity_system,
        case
            when coalesce(litellm_user, end_user) like '%@%'
                then {{ canonical_email('coalesce(litellm_user, end_user)') }}
            else coalesce(litellm_user, end_user)
        end as identity_key
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when request_id is null or started_at_text is null then 'missing_external_key'
            when {{ is_unparseable('started_at_text', 'started_at') }} then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('started_at') }} then 'implausible_timestamp'
            when has_unreadable_number or {{ is_unparseable('spend_text', 'spend_usd') }} then 'unreadable_number'
            when {{ has_negative([
                'prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'spend_usd'
            ]) }} then 'negative_tokens'
            when
                coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0) > coalesce(prompt_tokens, 0)
                then 'cached_tokens_exceed_input'
            when {{ has_implausible_tokens([
                'prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_creation_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat(["'litellm:spend_log:'", key_part('request_id')]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
