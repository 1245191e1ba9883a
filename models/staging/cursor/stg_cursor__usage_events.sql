{{ config(enabled=var('enable_cursor')) }}

-- Cursor usage events, one row per request: the latest extract's version.
with

usage_events as (
    select * from {{ ref('base_cursor__usage_events') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        event_at,
        cast(event_at as date) as usage_date,
        user_email,
        model_id,
        event_kind,
        max_mode_text = 'true' as is_max_mode,
        is_token_based_call_text = 'true' as is_token_based_call,
        -- Absent from older extracts: unknown, not false.
        case is_chargeable_text when 'true' then true when 'false' then false end as is_chargeable,
        is_headless_text = 'true' as is_headless,
        is_free_bugbot_text = 'true' as is_free_bugbot,
        request_units,
        -- Cursor's inputTokens excludes the cache reads and writes, which
        -- it reports apart (the documented example: 126 input beside 11,964
        -- cache reads). A request that is not token-based has no counts:
        -- zero tokens, and still a request.
        coalesce(input_tokens, 0) as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_write_tokens, 0) as cache_write_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        -- Cents to dollars, every digit kept (a request costs fractions of a
        -- cent; the ledger rounds its daily lines, not each request). Billed:
        -- chargedCents (0 for a request included in the plan, which is still
        -- usage). List: tokenUsage.totalCents.
        cast(charged_cents / 100 as {{ api.Column.numeric_type('decimal', 38, 12) }}) as charged_usd,
        cast(list_cents / 100 as {{ api.Column.numeric_type('decimal', 38, 12) }}) as list_usd,
        cast(token_fee_cents / 100 as {{ api.Column.numeric_type('decimal', 38, 12) }}) as token_fee_usd,
        discount_percent_off,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from usage_events
)

select * from final
