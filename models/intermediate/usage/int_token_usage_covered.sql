-- Every dollar once: each priced usage line with the source the ledger takes
-- it from. A line of a vendor's usage report (per key, workspace or project)
-- in a slice that a finer source also reports (var usage_coverage_rules) is
-- covered: the finer source's lines, which know the person, count instead,
-- and this line stays here, with the rule that covered it, for the audit and
-- the bill reconciliation. It leaves the ledger downstream (left_the_ledger).
-- Where rules of two finer sources name the same line, the finest wins
-- (the request sources, then Anthropic's analytics, then Claude Code;
-- coverage_sources), then the rule id. Anthropic's Usage and Cost Analytics
-- API reports requests again that a request source reports per person: the
-- rules naming an anthropic_api key or workspace for a request source cover
-- its lines too. Its own default rules (usage_coverage_rules) hold on the
-- days it reports.
--
-- Incremental: a run decides the lines priced since its last run, and every
-- line of a day the analytics API reports for the first time in it; a change
-- to the rules, or to which sources are on, decides every line again.
{{ config(grants={'select': var('core_readers')}, **incremental_config('usage_line_id')) }}
{%- set coverage_fingerprint = reference_fingerprint(var_names=[
    'usage_coverage_rules', 'enable_anthropic', 'enable_openai', 'enable_gateway', 'enable_cursor',
    'enable_bedrock', 'enable_copilot', 'enable_litellm', 'enable_otlp',
    'enable_anthropic_analytics'
]) -%}
{%- set watermark = none if fingerprint_changed(coverage_fingerprint) else last_loaded_at() -%}
{%- set line_columns = [
    'usage_line_id', 'usage_source', 'provider', 'usage_date', 'model_id', 'tool_name',
    'identity_system', 'identity_key', 'api_key_id', 'workspace_id', 'project_id', 'service_account_id',
    'customer_type', 'uncached_input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens',
    'output_tokens', 'total_tokens', 'request_count', 'night_request_count', 'vendor_cost_usd',
    'list_price_cost_usd', 'price_effective_from', 'spend_usd', 'pricing_status',
] %}

with

priced as (
    select {{ line_columns | join(', ') }}, _loaded_at from {{ ref('int_token_usage_priced') }}
),

-- The days Anthropic's analytics API reports (none while it is off): its
-- default rules hold on them only.
analytics_days as (
    select distinct usage_date from priced
    where usage_source = 'anthropic_analytics'
),

-- Days it reports for the first time in this run: their lines, decided
-- before, are decided again.
analytics_days_loaded as (
    select distinct usage_date from priced
    where usage_source = 'anthropic_analytics' and {{ loaded_after(watermark) }}
),

priced_lines as (
    select {{ line_columns | join(', ') }} from priced
    where
        {{ loaded_after(watermark) }}
        or usage_date in (select analytics_days_loaded.usage_date from analytics_days_loaded)
),

coverage_rules as (
    {{ usage_coverage_rules() }}
),

-- A rule only moves a slice to a source that is switched on: with the
-- gateway off, nobody finer reports its key, and the vendor report counts.
rules_in_force as (
    select * from coverage_rules
    where is_covering_source_enabled
),

rule_matches as (
    select
        priced_lines.usage_line_id,
        rules_in_force.rule_id,
        rules_in_force.covering_source,
        row_number() over (
            partition by priced_lines.usage_line_id
            order by rules_in_force.covering_fineness, rules_in_force.rule_id
        ) as match_rank
    from priced_lines
    inner join rules_in_force
        on
            (
                priced_lines.usage_source = rules_in_force.covered_source
                -- The analytics API reports an API key's requests again:
                -- a request source's rule covers them there too.
                or (
                    priced_lines.usage_source = 'anthropic_analytics'
                    and rules_in_force.covered_source = 'anthropic_api'
                    and rules_in_force.covering_fineness = 1
                )
            )
            and rules_in_force.slice_value = case rules_in_force.slice_name
                when 'api_key_id' then priced_lines.api_key_id
                when 'workspace_id' then priced_lines.workspace_id
                when 'project_id' then priced_lines.project_id
                when 'service_account_id' then priced_lines.service_account_id
                -- The analytics API's default rules.
                when 'usage_source' then priced_lines.usage_source
                when 'customer_type' then priced_lines.customer_type
            end
            and (rules_in_force.valid_from is null or priced_lines.usage_date >= rules_in_force.valid_from)
            and (rules_in_force.valid_to is null or priced_lines.usage_date < rules_in_force.valid_to)
            and (
                rules_in_force.covering_source <> 'anthropic_analytics'
                or priced_lines.usage_date in (select analytics_days.usage_date from analytics_days)
            )
),

deciding_rules as (
    select * from rule_matches
    where match_rank = 1
),

final as (
    select
        priced_lines.*,
        deciding_rules.covering_source as covered_by_source,
        deciding_rules.rule_id as coverage_rule_id,
        '{{ coverage_fingerprint }}' as _reference_fingerprint,
        {{ run_started_timestamp() }} as _loaded_at
    from priced_lines
    left join deciding_rules
        on priced_lines.usage_line_id = deciding_rules.usage_line_id
)

select * from final
