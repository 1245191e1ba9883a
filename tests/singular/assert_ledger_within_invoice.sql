-- The ledger never holds more than the bill: for every provider and month
-- that both the cost report and the usage ledger cover in full, the ledger's
-- spend exceeds the invoice by at most var('invoice_tolerance') (1 % by
-- default). More means usage counted twice (see audit_usage_overlaps and
-- var usage_coverage_rules) or a price book above the vendor's prices.
with

reconciliation as (
    select * from {{ ref('rpt_bill_reconciliation') }}
),

provider_months as (
    select
        provider,
        billing_month,
        sum(invoice_usd) as invoice_usd,
        sum(ledger_spend_usd) as ledger_spend_usd
    from reconciliation
    where is_complete
    group by 1, 2
)

select *
from provider_months
where ledger_spend_usd > invoice_usd * (1 + {{ var('invoice_tolerance') }})
