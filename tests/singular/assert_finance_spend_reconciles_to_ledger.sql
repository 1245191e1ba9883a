-- Every finance table adds up to the ledger, to the micro-dollar: no spend
-- is lost to small-team roll-ups or unattributed usage, none is counted twice.
-- The only spend finance does not show is that of groups suppressed below
-- the privacy floor (int_team_periods.is_suppressed), withheld on purpose.
with

ledger as (
    select coalesce(sum(usage_lines.spend_usd), 0) as spend_usd
    from {{ ref('fct_token_usage') }} as usage_lines
    left join {{ ref('int_team_periods') }} as team_periods
        on
            usage_lines.team = team_periods.team
            and usage_lines.period_start = team_periods.period_start
    where not coalesce(team_periods.is_suppressed, false)
),

finance_tables as (
    select 'rpt_cost_per_outcome' as table_name, coalesce(sum(spend_usd), 0) as spend_usd
    from {{ ref('rpt_cost_per_outcome') }}
    union all
    select 'rpt_spend_by_model', coalesce(sum(spend_usd), 0)
    from {{ ref('rpt_spend_by_model') }}
),

mismatches as (
    select
        finance_tables.table_name,
        finance_tables.spend_usd as table_spend_usd,
        ledger.spend_usd as ledger_spend_usd
    from finance_tables
    cross join ledger
    where abs(finance_tables.spend_usd - ledger.spend_usd) > 0.000001
)

select * from mismatches
