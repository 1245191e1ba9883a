{{ config(grants={'select': var('core_readers')}) }}
{#- Each provider whose usage the project reads; its cost report is the bill. -#}
{%- set billed_providers = [] -%}
{%- if var('enable_anthropic') -%}{%- do billed_providers.append('anthropic') -%}{%- endif -%}
{%- if var('enable_openai') -%}{%- do billed_providers.append('openai') -%}{%- endif -%}

-- The vendors' bills, one row per cost line (provider, day, billing scope
-- and model) of the extract that counts for its day: the latest that holds
-- the day. The cost reports are the Anthropic cost report (scope: workspace)
-- and the OpenAI Costs API (scope: project); rpt_bill_reconciliation sets
-- them against the ledger.
with

{% if var('enable_anthropic') -%}
    anthropic_costs as (
        select * from {{ ref('stg_anthropic__cost_report') }}
    ),

{% endif -%}
{% if var('enable_openai') -%}
    openai_costs as (
        select * from {{ ref('stg_openai__costs') }}
    ),

{% endif -%}
-- The bill, one row per cost line: day, scope and model (null: not a
-- model's cost), with the extract that reported it.
reported_cost_lines as (
    {%- if var('enable_anthropic') %}
        select
            external_ref as cost_line_id,
            'anthropic' as provider,
            cost_date,
            coalesce(workspace_id, 'default') as billing_scope_id,
            model_id,
            amount_usd,
            _extracted_at
        from anthropic_costs
    {%- endif %}
    {%- if var('enable_anthropic') and var('enable_openai') %}
        union all
    {%- endif %}
    {%- if var('enable_openai') %}
        select
            external_ref as cost_line_id,
            'openai' as provider,
            cost_date,
            coalesce(project_id, 'default') as billing_scope_id,
            -- A line item reads '<model>, <kind>' ('gpt-5, cached input');
            -- tool and storage items ('web search tool calls') name no model.
            case when line_item like '%, %' then {{ dbt.split_part('line_item', "', '", 1) }} end as model_id,
            amount_usd,
            _extracted_at
        from openai_costs
    {%- endif %}
    {%- if not billed_providers %}
        select
            cast(null as {{ dbt.type_string() }}) as cost_line_id,
            cast(null as {{ dbt.type_string() }}) as provider,
            cast(null as date) as cost_date,
            cast(null as {{ dbt.type_string() }}) as billing_scope_id,
            cast(null as {{ dbt.type_string() }}) as model_id,
            cast(null as {{ dbt.type_numeric() }}) as amount_usd,
            cast(null as {{ dbt.type_timestamp() }}) as _extracted_at
        where 1 = 0
    {%- endif %}
),

-- A day's bill is its bucket in the latest extract that holds the day.
-- Staging keeps the latest version of each cost line, but a line the vendor
-- restated away, or a line of an extract grouped another way (by workspace
-- only, or not at all), has a key of its own and would add to the bill
-- again: only the latest extract's lines of the day count.
latest_extract_of_day as (
    select
        provider,
        cost_date,
        max(_extracted_at) as latest_extracted_at
    from reported_cost_lines
    group by 1, 2
),

invoice_lines as (
    select reported_cost_lines.*
    from reported_cost_lines
    inner join latest_extract_of_day
        on
            reported_cost_lines.provider = latest_extract_of_day.provider
            and reported_cost_lines.cost_date = latest_extract_of_day.cost_date
            and reported_cost_lines._extracted_at = latest_extract_of_day.latest_extracted_at
),

final as (
    select
        cost_line_id,
        provider,
        cost_date,
        billing_scope_id,
        model_id,
        amount_usd,
        _extracted_at
    from invoice_lines
)

select * from final
