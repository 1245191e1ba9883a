{{ config(enabled=var('enable_github') and var('enable_copilot')) }}

-- GitHub Copilot AI-credit usage, one row per scope, day, user, product,
-- SKU and model: the latest extract's version (GitHub restates a day's
-- report for a day or two).
with

usage_items as (
    select * from {{ ref('base_github__copilot_ai_credit_usage') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        usage_date,
        scope_type,
        scope_name,
        user_login,
        product,
        sku,
        model_id,
        unit_type,
        price_per_unit_usd,
        -- AI credits: what was used, what the plan's included credits (or
        -- a discount) covered, and what is billed. GitHub does not promise
        -- gross - discount = net: each is kept as reported.
        gross_credits,
        discount_credits,
        net_credits,
        -- US dollars. Billed: net_amount_usd; list: gross_amount_usd.
        gross_amount_usd,
        discount_amount_usd,
        net_amount_usd,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from usage_items
)

select * from final
