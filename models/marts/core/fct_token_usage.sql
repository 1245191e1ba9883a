{{ config(
    grants={'select': var('core_readers')},
    post_hook="{{ delete_lines_that_left_the_ledger() }}",
    **incremental_config('usage_line_id'),
) }}
{%- set period_fingerprint = reference_fingerprint(var_names=['score_period']) -%}
{%- set watermark = none if fingerprint_changed(period_fingerprint) else last_loaded_at() %}

-- The ledger: one row per usage line (a Claude Code actor-day-model, an API
-- usage bucket line, or the gateway requests of a person-day-tool-model),
-- priced and attributed.
-- Incremental: a run takes the lines attributed since its last run; a new
-- score_period recomputes every line's period. A line that left the ledger
-- (a gateway line emptied by a re-extract; a vendor-report line a finer
-- source covers: int_token_usage_covered) replaces the old line and is then
-- deleted (delete_lines_that_left_the_ledger); a full build never writes one.
with

usage_lines as (
    select * from {{ ref('int_token_usage_attributed') }}
    where {{ loaded_after(watermark) }}
),

ledger_lines as (
    select * from usage_lines
    {%- if not is_incremental() %}
        where not {{ left_the_ledger() }}
    {%- endif %}
),

final as (
    select
        usage_line_id,
        usage_source,
        provider,
        model_id,
        tool_name,
        usage_date,
        {{ score_period_start('usage_date') }} as period_start,
        employee_id,
        person_version_id,
        role,
        level,
        cohort_key,
        team,
        cost_center,
        attribution_status,
        identity_system,
        identity_key,
        api_key_id,
        workspace_id,
        project_id,
        service_account_id,
        uncached_input_tokens,
        cache_read_tokens,
        cache_write_5m_tokens,
        cache_write_1h_tokens,
        output_tokens,
        total_tokens,
        request_count,
        night_request_count,
        vendor_cost_usd,
        list_price_cost_usd,
        price_effective_from,
        spend_usd,
        pricing_status,
        '{{ period_fingerprint }}' as _reference_fingerprint,
        {{ run_started_timestamp() }} as _loaded_at
    from ledger_lines
)

select * from final
