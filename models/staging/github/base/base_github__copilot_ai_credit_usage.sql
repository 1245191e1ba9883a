{{ config(enabled=var('enable_github') and var('enable_copilot'), **incremental_config('external_ref')) }}

{%- set report = json_fields([
    'timePeriod.year',
    'timePeriod.month',
    'timePeriod.day',
    'organization',
    'enterprise',
    'user'
]) %}
{%- set usage_item = json_fields([
    'product',
    'sku',
    'model',
    'unitType',
    'pricePerUnit',
    'grossQuantity',
    'grossAmount',
    'discountQuantity',
    'discountAmount',
    'netQuantity',
    'netAmount'
], parsed='item_json', texts='item_texts') %}
{#- Every quantity and amount is a decimal number. -#}
{%- set amount_pairs = [] -%}
{%- for field in [
    'pricePerUnit', 'grossQuantity', 'grossAmount', 'discountQuantity', 'discountAmount', 'netQuantity', 'netAmount'
] -%}
    {%- do amount_pairs.append((json_text(usage_item, field), json_decimal(usage_item, field))) -%}
{%- endfor %}

-- One row per usage item of every landed GitHub Copilot AI-credit usage
-- report, whatever its quality, with the reason it cannot be used if any.
-- The report is one object per request (no array to split into lines): its
-- items say neither day nor user, which only the report's `timePeriod` and
-- `user` (the request's filters, echoed) do. So a line is a whole report.
with

records as (
    {{ landed_json_records(source('github', 'copilot_ai_credit_usage'), report) }}
),

reports as (
    select
        records.*,
        {{ json_array_length('record_json', 'usageItems') }} as item_count,
        {{ json_is_array('record_json', 'usageItems') }} as has_usage_array
    from records
),

-- One row per element of `usageItems` (a report with none is kept once).
elements as (
    {{ json_array_rows('reports', 'record_json', 'usageItems') }}
),

usage_items as (
    select
        elements.*,
        {{ json_field_texts('elements.element', usage_item) }}
        elements.element as item_json,
        elements.element_index as _element_index
    from elements
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _element_index,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        is_json_object and not has_usage_array as is_usage_items_missing,
        coalesce({{ json_is_object('item_json') }}, true) as is_item_object,
        {{ json_text(report, 'timePeriod.year') }} as year_text,
        {{ json_text(report, 'timePeriod.month') }} as month_text,
        {{ json_text(report, 'timePeriod.day') }} as day_text,
        {{ json_bigint(report, 'timePeriod.year') }} as period_year,
        {{ json_bigint(report, 'timePeriod.month') }} as period_month,
        {{ json_bigint(report, 'timePeriod.day') }} as period_day,
        -- The report's scope: an organisation's or an enterprise's.
        case
            when {{ json_text(report, 'enterprise') }} is not null then 'enterprise'
            when {{ json_text(report, 'organization') }} is not null then 'organization'
        end as scope_type,
        coalesce({{ json_text(report, 'enterprise') }}, {{ json_text(report, 'organization') }}) as scope_name,
        -- GitHub logins are case-insensitive.
        lower(trim({{ json_text(report, 'user') }})) as user_login,
        {{ json_text(usage_item, 'product') }} as product,
        {{ json_text(usage_item, 'sku') }} as sku,
        -- Copilot's display name of the model ("GPT-5", "Auto: Claude
        -- Haiku 4.5" when auto model selection chose it), as landed.
        {{ json_text(usage_item, 'model') }} as model_id,
        {{ json_text(usage_item, 'unitType') }} as unit_type,
        {{ json_text(usage_item, 'netAmount') }} as net_amount_text,
        {{ has_unreadable_number(amount_pairs) }} as has_unreadable_number,
        -- Quantities are AI credits; amounts US dollars (1 credit is 0.01).
        {{ json_decimal(usage_item, 'pricePerUnit') }} as price_per_unit_usd,
        {{ json_decimal(usage_item, 'grossQuantity') }} as gross_credits,
        {{ json_decimal(usage_item, 'grossAmount') }} as gross_amount_usd,
        {{ json_decimal(usage_item, 'discountQuantity') }} as discount_credits,
        {{ json_decimal(usage_item, 'discountAmount') }} as discount_amount_usd,
        {{ json_decimal(usage_item, 'netQuantity') }} as net_credits,
        {{ json_decimal(usage_item, 'netAmount') }} as net_amount_usd,
        is_json_object and has_usage_array and item_count = 0 as is_report_without_usage
    from usage_items
),

typed as (
    select
        *,
        {{ dbt.safe_cast(
            dbt.concat([
                "cast(period_year as " ~ dbt.type_string() ~ ")", "'-'",
                "lpad(cast(period_month as " ~ dbt.type_string() ~ "), 2, '0')", "'-'",
                "lpad(cast(period_day as " ~ dbt.type_string() ~ "), 2, '0')"
            ]),
            'date'
        ) }} as usage_date
    from parsed
    -- A report whose usageItems is empty holds no usage, not a record.
    where not is_report_without_usage
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object or not is_item_object then 'not_an_object'
            when is_usage_items_missing then 'missing_usage_array'
            when year_text is null or scope_name is null or model_id is null then 'missing_external_key'
            -- A year's or a month's report (asked without `month` or `day`)
            -- overlaps every daily report of it, and changes until it closes.
            when month_text is null or day_text is null then 'partial_bucket'
            when
                {{ is_unparseable('year_text', 'period_year') }}
                or {{ is_unparseable('month_text', 'period_month') }}
                or {{ is_unparseable('day_text', 'period_day') }}
                or usage_date is null then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('usage_date') }} then 'implausible_timestamp'
            -- A report not asked per user is the scope's total of the day:
            -- every per-user report of the day holds it again.
            when user_login is null then 'organization_total'
            when has_unreadable_number then 'unreadable_number'
            when net_amount_text is null then 'missing_amount'
            when {{ has_negative(['gross_credits', 'net_credits', 'gross_amount_usd']) }} then 'negative_tokens'
        end as _quarantine_reason,
        -- Keys are values: the day as a date, the login lower-case.
        {{ dbt.concat([
            "'github:copilot_ai_credit:'", key_part('scope_type'), "':'", key_part('scope_name'),
            "':'", key_part('usage_date'), "':'", key_part('user_login'), "':'", key_part('product'),
            "':'", key_part('sku'), "':'", key_part('model_id'), "':'", key_part('unit_type')
        ]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated', ['_element_index']) }} as versions
)

select * from final
