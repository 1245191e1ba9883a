{{ config(grants={'select': var('finance_readers')}) }}

-- Finance: the ledger reconciled to the vendors' bills, per provider, month
-- and billing scope (an Anthropic workspace, an OpenAI project). The bill is
-- the vendor's cost report (int_invoice_lines); the ledger is
-- fct_token_usage, where every dollar counts once. The spend removed as
-- overlap is what the vendors' usage reports said again about slices a finer
-- source reports: the covered lines of int_token_usage_covered, the one
-- model besides the ledger that holds them.
-- Claude Code and the gateway do not say which workspace or project they
-- billed: their spend takes the one scope of the vendor-report lines they
-- cover, and stays in scope 'not_reported' when that is not one scope.
-- Anthropic's analytics API names the workspace of each line.
with

-- Every provider of the ledger: one without a cost report (a gateway's
-- third vendor, a line that names none) shows as no_cost_report.
ledger_lines as (
    select
        *,
        coalesce(provider, 'unknown') as billed_provider
    from {{ ref('fct_token_usage') }}
),

covered_lines as (
    select * from {{ ref('int_token_usage_covered') }}
    where covered_by_source is not null
),

-- The bill: the cost lines of the latest extract that holds each day.
invoice_lines as (
    select * from {{ ref('int_invoice_lines') }}
),

-- The scope a covering source's spend was billed in: the one scope of the
-- vendor-report lines it covers.
covering_scopes as (
    select
        provider,
        covered_by_source as usage_source,
        min(coalesce(workspace_id, project_id, 'default')) as billing_scope_id
    from covered_lines
    group by 1, 2
    having count(distinct coalesce(workspace_id, project_id, 'default')) = 1
),

ledger_scoped as (
    select
        ledger_lines.billed_provider as provider,
        ledger_lines.usage_date,
        ledger_lines.model_id,
        ledger_lines.spend_usd,
        ledger_lines.pricing_status,
        ledger_lines.attribution_status,
        case
            -- The vendors' own reports name the workspace or project billed.
            when ledger_lines.usage_source in ('anthropic_api', 'anthropic_analytics', 'openai_api')
                then coalesce(ledger_lines.workspace_id, ledger_lines.project_id, 'default')
            else coalesce(covering_scopes.billing_scope_id, 'not_reported')
        end as billing_scope_id
    from ledger_lines
    left join covering_scopes
        on
            ledger_lines.billed_provider = covering_scopes.provider
            and ledger_lines.usage_source = covering_scopes.usage_source
),

unpriced_models as (
    select distinct
        provider,
        {{ dbt.date_trunc('month', 'usage_date') }} as billing_month,
        model_id
    from ledger_scoped
    where pricing_status = 'unpriced_model'
),

invoice_by_scope as (
    select
        invoice_lines.provider,
        {{ dbt.date_trunc('month', 'invoice_lines.cost_date') }} as billing_month,
        invoice_lines.billing_scope_id,
        sum(invoice_lines.amount_usd) as invoice_usd,
        sum(case when unpriced_models.model_id is not null then invoice_lines.amount_usd else 0 end)
            as invoice_for_unpriced_models_usd,
        count(distinct invoice_lines.cost_date) as invoice_days
    from invoice_lines
    left join unpriced_models
        on
            invoice_lines.provider = unpriced_models.provider
            and {{ dbt.date_trunc('month', 'invoice_lines.cost_date') }} = unpriced_models.billing_month
            and invoice_lines.model_id = unpriced_models.model_id
    group by 1, 2, 3
),

ledger_by_scope as (
    select
        provider,
        {{ dbt.date_trunc('month', 'usage_date') }} as billing_month,
        billing_scope_id,
        sum(spend_usd) as ledger_spend_usd,
        sum(case when attribution_status = 'attributed' then spend_usd else 0 end) as attributed_spend_usd,
        sum(case when attribution_status <> 'attributed' then spend_usd else 0 end) as unattributed_spend_usd,
        count(*) as ledger_lines,
        sum(case when pricing_status = 'unpriced_model' then 1 else 0 end) as unpriced_lines,
        sum(case when pricing_status = 'vendor_reported' then 1 else 0 end) as vendor_priced_lines,
        count(distinct usage_date) as usage_days
    from ledger_scoped
    group by 1, 2, 3
),

overlap_by_scope as (
    select
        provider,
        {{ dbt.date_trunc('month', 'usage_date') }} as billing_month,
        -- A covered line of a source that names no scope (Claude Code's,
        -- covered by Anthropic's analytics) was billed in a scope it does
        -- not say.
        case
            when usage_source in ('anthropic_api', 'anthropic_analytics', 'openai_api')
                then coalesce(workspace_id, project_id, 'default')
            else 'not_reported'
        end as billing_scope_id,
        sum(spend_usd) as overlap_removed_usd
    from covered_lines
    group by 1, 2, 3
),

scopes as (
    select
        provider,
        billing_month,
        billing_scope_id
    from invoice_by_scope
    union distinct
    select
        provider,
        billing_month,
        billing_scope_id
    from ledger_by_scope
    union distinct
    select
        provider,
        billing_month,
        billing_scope_id
    from overlap_by_scope
),

-- A month is complete for a provider when its bill has every day of the
-- month (a day of a vendor's report with no cost holds no record, so a month
-- with a day without any cost counts as incomplete: never tested, rather
-- than tested on a part) and the ledger holds usage of the provider on or
-- before the month's first day and on or after its last.
billed_days as (
    select
        provider,
        {{ dbt.date_trunc('month', 'cost_date') }} as billing_month,
        count(distinct cost_date) as billed_days
    from invoice_lines
    group by 1, 2
),

cost_report_providers as (
    select distinct provider
    from invoice_lines
),

usage_spans as (
    select
        provider,
        min(usage_date) as first_usage_date,
        max(usage_date) as last_usage_date
    from ledger_scoped
    group by 1
),

reconciled as (
    select
        scopes.provider,
        scopes.billing_month,
        scopes.billing_scope_id,
        coalesce(invoice_by_scope.invoice_usd, 0) as invoice_usd,
        coalesce(ledger_by_scope.ledger_spend_usd, 0) as ledger_spend_usd,
        coalesce(ledger_by_scope.attributed_spend_usd, 0) as attributed_spend_usd,
        coalesce(ledger_by_scope.unattributed_spend_usd, 0) as unattributed_spend_usd,
        coalesce(overlap_by_scope.overlap_removed_usd, 0) as overlap_removed_usd,
        coalesce(invoice_by_scope.invoice_for_unpriced_models_usd, 0) as invoice_for_unpriced_models_usd,
        coalesce(ledger_by_scope.ledger_lines, 0) as ledger_lines,
        coalesce(ledger_by_scope.unpriced_lines, 0) as unpriced_lines,
        coalesce(invoice_by_scope.invoice_days, 0) as invoice_days,
        coalesce(ledger_by_scope.usage_days, 0) as usage_days,
        cost_report_providers.provider is not null as has_cost_report,
        -- A vendor's own cost is rounded per line (Claude Code's to the cent):
        -- half a cent per such line, and a cent, is rounding.
        0.01 + 0.005 * coalesce(ledger_by_scope.vendor_priced_lines, 0) as rounding_allowance_usd,
        coalesce(
            -- The day of the month's last day is the number of days in it.
            billed_days.billed_days = extract(day from scopes.last_day_of_month)
            and usage_spans.first_usage_date <= scopes.billing_month
            and usage_spans.last_usage_date >= scopes.last_day_of_month,
            false
        ) as is_complete
    from (
        select
            *,
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'billing_month')) }} as last_day_of_month
        from scopes
    ) as scopes
    left join invoice_by_scope
        on
            scopes.provider = invoice_by_scope.provider
            and scopes.billing_month = invoice_by_scope.billing_month
            and scopes.billing_scope_id = invoice_by_scope.billing_scope_id
    left join ledger_by_scope
        on
            scopes.provider = ledger_by_scope.provider
            and scopes.billing_month = ledger_by_scope.billing_month
            and scopes.billing_scope_id = ledger_by_scope.billing_scope_id
    left join overlap_by_scope
        on
            scopes.provider = overlap_by_scope.provider
            and scopes.billing_month = overlap_by_scope.billing_month
            and scopes.billing_scope_id = overlap_by_scope.billing_scope_id
    left join billed_days
        on
            scopes.provider = billed_days.provider
            and scopes.billing_month = billed_days.billing_month
    left join cost_report_providers
        on scopes.provider = cost_report_providers.provider
    left join usage_spans
        on scopes.provider = usage_spans.provider
),

explained as (
    select
        *,
        invoice_usd - ledger_spend_usd as difference_usd,
        -- The first reason that applies, in this order.
        case
            when not has_cost_report then 'no_cost_report'
            when not is_complete then 'month_incomplete'
            when abs(invoice_usd - ledger_spend_usd) <= rounding_allowance_usd then 'rounding'
            when billing_scope_id = 'not_reported' then 'scope_not_reported'
            when invoice_usd > ledger_spend_usd and invoice_for_unpriced_models_usd > 0 then 'unpriced_model'
            when invoice_usd > ledger_spend_usd and usage_days < invoice_days then 'usage_not_landed'
            when invoice_usd > ledger_spend_usd then 'invoice_above_ledger'
            when invoice_days = 0 then 'not_billed'
            -- The ledger prices at list price; a bill below it is a discount
            -- (or usage counted twice: see audit_usage_overlaps).
            else 'list_price_vs_discount'
        end as difference_reason
    from reconciled
),

final as (
    select
        {{ dbt.concat([
            "provider", "':'", "cast(cast(billing_month as date) as " ~ dbt.type_string() ~ ")", "':'", "billing_scope_id"
        ]) }} as reconciliation_id,
        provider,
        cast(billing_month as date) as billing_month,
        billing_scope_id,
        cast(invoice_usd as {{ dbt.type_numeric() }}) as invoice_usd,
        cast(ledger_spend_usd as {{ dbt.type_numeric() }}) as ledger_spend_usd,
        cast(attributed_spend_usd as {{ dbt.type_numeric() }}) as attributed_spend_usd,
        cast(unattributed_spend_usd as {{ dbt.type_numeric() }}) as unattributed_spend_usd,
        cast(overlap_removed_usd as {{ dbt.type_numeric() }}) as overlap_removed_usd,
        cast(invoice_for_unpriced_models_usd as {{ dbt.type_numeric() }}) as invoice_for_unpriced_models_usd,
        -- In cents: the ledger's sums carry per-line rounding of a millionth
        -- of a dollar, which engines do not share; the difference of two
        -- large sums would show it.
        cast(round(difference_usd, 2) as decimal(28, 2)) as difference_usd,
        difference_reason,
        cast(rounding_allowance_usd as {{ dbt.type_numeric() }}) as rounding_allowance_usd,
        cast(ledger_lines as {{ dbt.type_bigint() }}) as ledger_lines,
        cast(unpriced_lines as {{ dbt.type_bigint() }}) as unpriced_lines,
        cast(invoice_days as {{ dbt.type_bigint() }}) as invoice_days,
        cast(usage_days as {{ dbt.type_bigint() }}) as usage_days,
        is_complete
    from explained
)

select * from final
