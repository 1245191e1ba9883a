{{ config(enabled=var('enable_cursor'), **incremental_config('external_ref')) }}

{%- set usage_event = json_fields([
    'timestamp',
    'userEmail',
    'model',
    'kind',
    'maxMode',
    'requestsCosts',
    'isTokenBasedCall',
    'isChargeable',
    'isHeadless',
    'isFreeBugbot',
    'tokenUsage',
    'tokenUsage.inputTokens',
    'tokenUsage.outputTokens',
    'tokenUsage.cacheWriteTokens',
    'tokenUsage.cacheReadTokens',
    'tokenUsage.totalCents',
    'tokenUsage.discountPercentOff',
    'chargedCents',
    'cursorTokenFee'
]) %}

-- Every landed Cursor usage event (one element of the Admin API's
-- `usageEvents` array per line), whatever its quality, with the reason it
-- cannot be used if any.
with

records as (
    {{ landed_json_records(source('cursor', 'usage_events'), usage_event) }}
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
        -- Epoch milliseconds in a string ("1750979225854"), as the API
        -- documents: read as a whole number, never as seconds.
        {{ json_text(usage_event, 'timestamp') }} as event_timestamp_text,
        {{ json_bigint(usage_event, 'timestamp') }} as event_timestamp_ms,
        {{ canonical_email(json_text(usage_event, 'userEmail')) }} as user_email,
        {{ json_text(usage_event, 'model') }} as model_id,
        -- Cursor's billing category ("Usage-based", "Included in Business",
        -- "Errored, Not Charged", ...): kept as landed, never enumerated.
        {{ json_text(usage_event, 'kind') }} as event_kind,
        {{ json_text(usage_event, 'maxMode') }} as max_mode_text,
        {{ json_text(usage_event, 'isTokenBasedCall') }} as is_token_based_call_text,
        {{ json_text(usage_event, 'isChargeable') }} as is_chargeable_text,
        {{ json_text(usage_event, 'isHeadless') }} as is_headless_text,
        {{ json_text(usage_event, 'isFreeBugbot') }} as is_free_bugbot_text,
        -- Absent whenever isTokenBasedCall is false.
        {{ json_text(usage_event, 'tokenUsage') }} is not null as has_token_usage,
        {{ json_has_unreadable_number(usage_event, [
            'tokenUsage.inputTokens', 'tokenUsage.outputTokens', 'tokenUsage.cacheWriteTokens',
            'tokenUsage.cacheReadTokens'
        ]) }}
        or {{ is_unparseable(
            json_text(usage_event, 'requestsCosts'), json_decimal(usage_event, 'requestsCosts')
        ) }}
        or {{ is_unparseable(
            json_text(usage_event, 'tokenUsage.totalCents'), json_decimal(usage_event, 'tokenUsage.totalCents')
        ) }}
        or {{ is_unparseable(
            json_text(usage_event, 'tokenUsage.discountPercentOff'),
            json_decimal(usage_event, 'tokenUsage.discountPercentOff')
        ) }}
        or {{ is_unparseable(
            json_text(usage_event, 'cursorTokenFee'), json_decimal(usage_event, 'cursorTokenFee')
        ) }} as has_unreadable_number,
        {{ json_decimal(usage_event, 'requestsCosts') }} as request_units,
        {{ json_bigint(usage_event, 'tokenUsage.inputTokens') }} as input_tokens,
        {{ json_bigint(usage_event, 'tokenUsage.outputTokens') }} as output_tokens,
        {{ json_bigint(usage_event, 'tokenUsage.cacheWriteTokens') }} as cache_write_tokens,
        {{ json_bigint(usage_event, 'tokenUsage.cacheReadTokens') }} as cache_read_tokens,
        -- Money is in cents, fractional: totalCents is the model's list
        -- value, chargedCents what the team is billed (the model cost plus
        -- Cursor's token fee, after any discount).
        {{ json_decimal(usage_event, 'tokenUsage.totalCents') }} as list_cents,
        {{ json_decimal(usage_event, 'tokenUsage.discountPercentOff') }} as discount_percent_off,
        {{ json_text(usage_event, 'chargedCents') }} as charged_cents_text,
        {{ json_decimal(usage_event, 'chargedCents') }} as charged_cents,
        {{ json_decimal(usage_event, 'cursorTokenFee') }} as token_fee_cents
    from records
),

typed as (
    select
        *,
        {{ unix_seconds_to_utc('event_timestamp_ms / 1000.0') }} as event_at,
        -- An event has no id. Two events of one person, model and
        -- millisecond are told apart by their order within their extract,
        -- which every extract of the same window repeats.
        row_number() over (
            partition by _source_file, event_timestamp_ms, user_email, model_id
            order by _line_number
        ) as occurrence
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when event_timestamp_text is null or user_email is null or model_id is null then 'missing_external_key'
            -- A time in another spelling (ISO text, a fraction) is not read
            -- as a guess.
            when {{ is_unparseable('event_timestamp_text', 'event_timestamp_ms') }} then 'unparseable_timestamp'
            -- Seconds read as milliseconds land in January 1970.
            when {{ is_implausible_timestamp('event_at') }} then 'implausible_timestamp'
            when has_unreadable_number or {{ is_unparseable('charged_cents_text', 'charged_cents') }}
                then 'unreadable_number'
            when {{ has_negative([
                'input_tokens', 'output_tokens', 'cache_write_tokens', 'cache_read_tokens', 'charged_cents',
                'list_cents'
            ]) }} then 'negative_tokens'
            when {{ has_implausible_tokens([
                'input_tokens', 'output_tokens', 'cache_write_tokens', 'cache_read_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        -- Keys are values: the instant as its integer of milliseconds, the
        -- e-mail trimmed and lower-case (README, "Cursor").
        {{ dbt.concat([
            "'cursor:usage_event:'", key_part('user_email'), "':'", key_part('event_timestamp_ms'),
            "':'", key_part('model_id'), "':'", key_part('occurrence')
        ]) }} as external_ref
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
