{{ config(enabled=var('enable_anthropic')) }}

-- Claude Code usage, one row per actor x day x model: the latest extract's version.
with

usage_lines as (
    select * from {{ ref('base_anthropic__claude_code_usage') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        usage_date,
        actor_type,
        actor_id,
        actor_email,
        actor_api_key_name,
        organization_id,
        customer_type,
        subscription_type,
        terminal_type,
        is_remote,
        model_id,
        -- Claude Code's `input` is not documented as including cache
        -- tokens; the cache fields are separate, as in the Messages API.
        coalesce(input_tokens, 0) as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_creation_tokens, 0) as cache_creation_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        -- Vendor money is in cents of `estimated_cost_currency`; only USD is
        -- converted, other currencies leave the cost to the price book.
        case
            when estimated_cost_currency = 'USD'
                then cast(estimated_cost_cents / 100 as {{ dbt.type_numeric() }})
        end as vendor_cost_usd,
        estimated_cost_currency,
        -- Day-level activity belongs to the record, not to a model: it is
        -- carried on the record's first model line only, so sums stay right.
        case when _element_index = 1 then session_count end as session_count,
        case when _element_index = 1 then lines_added end as lines_added,
        case when _element_index = 1 then lines_removed end as lines_removed,
        case when _element_index = 1 then commit_count end as commit_count,
        case when _element_index = 1 then pull_request_count end as pull_request_count,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from usage_lines
)

select * from final
