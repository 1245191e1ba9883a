-- Every dollar once, found without configuration: slices of a vendor's usage
-- report (an API key, workspace, project or service account of the Anthropic
-- Messages or OpenAI completions report) whose tokens of one model, day after
-- day, equal those a finer source reports (the gateway, the LiteLLM proxy,
-- OpenTelemetry GenAI spans, or Claude Code Analytics; all of it, or one
-- gateway tool). Such a slice is the same usage
-- reported twice: each row shows both totals and the coverage rule that
-- would count it once. A row whose slice no rule covers yet has spend counted
-- twice (duplicated_spend_counted_usd): the test warn_duplicated_spend_counted
-- warns about it.
--
-- Tokens are compared, not dollars: the two sources may price the same
-- tokens differently (a vendor's own cost against the price book).
with

-- The vendors' usage reports as they report them, covered lines included:
-- the slices compared.
vendor_report_lines as (
    select * from {{ ref('int_token_usage_covered') }}
    where usage_source in ('anthropic_api', 'openai_api')
),

-- The finer sources as the ledger counts them (a coverage rule never covers
-- their lines).
finer_source_lines as (
    select * from {{ ref('fct_token_usage') }}
    where usage_source in ('gateway', 'litellm', 'otlp', 'anthropic_claude_code')
),

-- The slices a coverage rule can name (coverage_sources); a line belongs to
-- each slice its source reports (the others are null).
slice_names as (
    select 'api_key_id' as slice_name
    union all
    select 'workspace_id' as slice_name
    union all
    select 'service_account_id' as slice_name
    union all
    select 'project_id' as slice_name
),

coarse_slice_lines as (
    select
        vendor_report_lines.usage_source,
        vendor_report_lines.provider,
        vendor_report_lines.usage_date,
        vendor_report_lines.model_id,
        slice_names.slice_name,
        case slice_names.slice_name
            when 'api_key_id' then vendor_report_lines.api_key_id
            when 'workspace_id' then vendor_report_lines.workspace_id
            when 'service_account_id' then vendor_report_lines.service_account_id
            when 'project_id' then vendor_report_lines.project_id
        end as slice_value,
        vendor_report_lines.total_tokens,
        vendor_report_lines.spend_usd,
        vendor_report_lines.covered_by_source
    from vendor_report_lines
    cross join slice_names
),

coarse_slice_model_days as (
    select
        usage_source as covered_source,
        provider,
        slice_name,
        slice_value,
        usage_date,
        model_id,
        sum(total_tokens) as tokens,
        sum(spend_usd) as spend_usd,
        -- What of it the ledger counts: nothing once a rule covers the slice.
        sum(case when covered_by_source is null then spend_usd else 0 end) as counted_spend_usd
    from coarse_slice_lines
    where slice_value is not null
    group by usage_source, provider, slice_name, slice_value, usage_date, model_id
),

coarse_slice_days as (
    select
        *,
        -- The models the slice used that day: a day matches only when all agree.
        sum(case when tokens > 0 then 1 else 0 end) over (
            partition by covered_source, provider, slice_name, slice_value, usage_date
        ) as day_model_count
    from coarse_slice_model_days
),

-- The finer sources' usage per day and model: all of a source, and each
-- tool of the gateway (a gateway may call a vendor with one key per tool).
finer_slice_days as (
    select
        usage_source as covering_source,
        'all' as finer_slice,
        provider,
        usage_date,
        model_id,
        sum(total_tokens) as tokens,
        sum(spend_usd) as spend_usd
    from finer_source_lines
    group by usage_source, provider, usage_date, model_id
    union all
    select
        usage_source as covering_source,
        {{ dbt.concat(["'tool_name='", "coalesce(tool_name, 'unknown')"]) }} as finer_slice,
        provider,
        usage_date,
        model_id,
        sum(total_tokens) as tokens,
        sum(spend_usd) as spend_usd
    from finer_source_lines
    where usage_source = 'gateway'
    group by usage_source, tool_name, provider, usage_date, model_id
),

slice_activity as (
    select
        covered_source,
        provider,
        slice_name,
        slice_value,
        count(distinct case when tokens > 0 then usage_date end) as days_with_usage,
        sum(spend_usd) as slice_spend_usd
    from coarse_slice_days
    group by covered_source, provider, slice_name, slice_value
),

-- Per day and model: the slice and the finer slice agree on tokens.
matching_models as (
    select
        coarse_slice_days.covered_source,
        coarse_slice_days.provider,
        coarse_slice_days.slice_name,
        coarse_slice_days.slice_value,
        finer_slice_days.covering_source,
        finer_slice_days.finer_slice,
        coarse_slice_days.usage_date,
        coarse_slice_days.day_model_count,
        coarse_slice_days.spend_usd as slice_spend_usd,
        coarse_slice_days.counted_spend_usd as slice_counted_spend_usd,
        finer_slice_days.spend_usd as finer_spend_usd
    from coarse_slice_days
    inner join finer_slice_days
        on
            coarse_slice_days.provider = finer_slice_days.provider
            and coarse_slice_days.usage_date = finer_slice_days.usage_date
            and coarse_slice_days.model_id = finer_slice_days.model_id
    where
        coarse_slice_days.tokens > 0
        and abs(coarse_slice_days.tokens - finer_slice_days.tokens)
        <= {{ var('overlap_token_tolerance') }} * coarse_slice_days.tokens
),

-- A day matches when every model of the slice that day agrees: one model
-- that only one gateway tool uses is not that tool's key.
matching_days as (
    select
        covered_source,
        provider,
        slice_name,
        slice_value,
        covering_source,
        finer_slice,
        usage_date,
        sum(slice_spend_usd) as slice_spend_usd,
        sum(slice_counted_spend_usd) as slice_counted_spend_usd,
        sum(finer_spend_usd) as finer_spend_usd
    from matching_models
    group by covered_source, provider, slice_name, slice_value, covering_source, finer_slice, usage_date
    having count(*) = max(day_model_count)
),

pairs as (
    select
        covered_source,
        provider,
        slice_name,
        slice_value,
        covering_source,
        finer_slice,
        count(*) as matching_days,
        min(usage_date) as first_matching_date,
        max(usage_date) as last_matching_date,
        sum(slice_spend_usd) as slice_spend_on_matching_days_usd,
        sum(finer_spend_usd) as finer_spend_on_matching_days_usd,
        sum(slice_counted_spend_usd) as duplicated_spend_counted_usd
    from matching_days
    group by covered_source, provider, slice_name, slice_value, covering_source, finer_slice
),

overlapping_slices as (
    select
        pairs.*,
        slice_activity.days_with_usage,
        slice_activity.slice_spend_usd
    from pairs
    inner join slice_activity
        on
            pairs.covered_source = slice_activity.covered_source
            and pairs.provider = slice_activity.provider
            and pairs.slice_name = slice_activity.slice_name
            and pairs.slice_value = slice_activity.slice_value
    where
        pairs.matching_days >= {{ var('overlap_min_matching_days') }}
        and pairs.matching_days >= {{ var('overlap_min_matching_share') }} * slice_activity.days_with_usage
),

final as (
    select
        {{ dbt.concat([
            "covered_source", "':'", "slice_name", "'='", "slice_value", "':'", "covering_source", "':'", "finer_slice"
        ]) }} as overlap_id,
        provider,
        covered_source,
        slice_name,
        slice_value,
        covering_source,
        finer_slice,
        days_with_usage,
        matching_days,
        first_matching_date,
        last_matching_date,
        cast(slice_spend_usd as {{ dbt.type_numeric() }}) as slice_spend_usd,
        cast(slice_spend_on_matching_days_usd as {{ dbt.type_numeric() }}) as slice_spend_on_matching_days_usd,
        cast(finer_spend_on_matching_days_usd as {{ dbt.type_numeric() }}) as finer_spend_on_matching_days_usd,
        cast(duplicated_spend_counted_usd as {{ dbt.type_numeric() }}) as duplicated_spend_counted_usd,
        coalesce(duplicated_spend_counted_usd = 0, true) as is_declared,
        -- The rule, as it goes into var usage_coverage_rules.
        {{ dbt.concat([
            "'{source: '", "covered_source", "', '", "slice_name", "': '", "slice_value",
            "', covered_by: '", "covering_source", "'}'"
        ]) }} as suggested_rule
    from overlapping_slices
)

select * from final
