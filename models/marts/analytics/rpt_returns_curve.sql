{{ config(grants={'select': var('analytics_readers')}) }}

-- Where extra spend stops paying, per role-and-level cohort. Over every
-- person-period of the cohort, value points y are fitted by least squares
-- against x = ln(1 + spend_usd):
--   concave:       y = a + b x              (slope, intercept, r squared)
--   hump-shaped:   y = a + b x + c x^2      (when c < 0 the value peaks at
--                                            spend = exp(-b / 2c) - 1)
-- and, from the concave fit, the spend above which one more dollar buys
-- less than var('marginal_value_fraction') of the cohort's average value
-- per dollar: dy/dspend = b / (1 + spend). Both fits are closed-form sums
-- (normal equations, Cramer's rule), so they run in SQL on every engine.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

points as (
    select
        cohort_key,
        role,
        level,
        -- Spend stays exact for its sums: a sum of floating-point spend
        -- depends on row order and can round differently run to run.
        spend_usd,
        ln(1 + cast(spend_usd as {{ type_double() }})) as x,
        cast(value_points as {{ type_double() }}) as y
    from person_periods
),

sums as (
    select
        cohort_key,
        min(role) as role,
        min(level) as level,
        cast(count(*) as {{ type_double() }}) as n,
        sum(x) as sx,
        sum(y) as sy,
        sum(x * x) as sxx,
        sum(x * y) as sxy,
        sum(y * y) as syy,
        sum(x * x * x) as sx3,
        sum(x * x * x * x) as sx4,
        sum(x * x * y) as sxxy,
        cast(sum(spend_usd) as {{ type_double() }}) as total_spend_usd,
        cast(min(spend_usd) as {{ type_double() }}) as min_spend_usd,
        cast(max(spend_usd) as {{ type_double() }}) as max_spend_usd
    from points
    group by cohort_key
),

linear_fit as (
    select
        *,
        n * sxx - sx * sx as linear_denominator,
        case when n * sxx - sx * sx > 0 then (n * sxy - sx * sy) / (n * sxx - sx * sx) end as linear_slope,
        -- The 3x3 normal equations of the quadratic fit, by Cramer's rule.
        n * (sxx * sx4 - sx3 * sx3) - sx * (sx * sx4 - sx3 * sxx) + sxx * (sx * sx3 - sxx * sxx)
            as quadratic_determinant,
        sy * (sxx * sx4 - sx3 * sx3) - sx * (sxy * sx4 - sx3 * sxxy) + sxx * (sxy * sx3 - sxx * sxxy)
            as quadratic_determinant_a,
        n * (sxy * sx4 - sxxy * sx3) - sy * (sx * sx4 - sx3 * sxx) + sxx * (sx * sxxy - sxx * sxy)
            as quadratic_determinant_b,
        n * (sxx * sxxy - sx3 * sxy) - sx * (sx * sxxy - sxx * sxy) + sy * (sx * sx3 - sxx * sxx)
            as quadratic_determinant_c
    from sums
),

fits as (
    select
        *,
        (sy - linear_slope * sx) / n as linear_intercept,
        case
            when n * syy - sy * sy > 0 and linear_denominator > 0
                then (n * sxy - sx * sy) * (n * sxy - sx * sy) / (linear_denominator * (n * syy - sy * sy))
        end as linear_r_squared,
        case when quadratic_determinant <> 0 then quadratic_determinant_a / quadratic_determinant end as quadratic_a,
        case when quadratic_determinant <> 0 then quadratic_determinant_b / quadratic_determinant end as quadratic_b,
        case when quadratic_determinant <> 0 then quadratic_determinant_c / quadratic_determinant end as quadratic_c,
        case when total_spend_usd > 0 then sy / total_spend_usd end as average_value_per_usd
    from linear_fit
),

fitted_curve as (
    select
        cohort_key,
        role,
        level,
        cast(n as {{ api.Column.translate_type('integer') }}) as person_period_count,
        total_spend_usd,
        min_spend_usd,
        max_spend_usd,
        sy as total_value_points,
        average_value_per_usd,
        linear_intercept,
        linear_slope,
        linear_r_squared,
        quadratic_a,
        quadratic_b,
        quadratic_c,
        case
            when n * syy - sy * sy > 0 and quadratic_determinant <> 0
                then 1 - (
                    syy
                    - 2 * (quadratic_a * sy + quadratic_b * sxy + quadratic_c * sxxy)
                    + quadratic_a * quadratic_a * n + quadratic_b * quadratic_b * sxx + quadratic_c * quadratic_c * sx4
                    + 2 * quadratic_a * quadratic_b * sx + 2 * quadratic_a * quadratic_c * sxx
                    + 2 * quadratic_b * quadratic_c * sx3
                ) / (syy - sy * sy / n)
        end as quadratic_r_squared,
        -- Curvature is judged at the precision reported, so an exact line's
        -- rounding noise never reads as a hump.
        coalesce(round(quadratic_c, 4) < 0, false) as is_hump_shaped,
        -- The peak is only reported where the cohort's data can show one:
        -- inside the range of spend it observed.
        case
            when
                round(quadratic_c, 4) < 0
                and -quadratic_b / (2 * quadratic_c) between ln(1 + min_spend_usd) and ln(1 + max_spend_usd)
                then exp(-quadratic_b / (2 * quadratic_c)) - 1
        end as optimum_spend_usd,
        case
            when linear_slope > 0 and average_value_per_usd > 0
                then greatest(linear_slope / ({{ var('marginal_value_fraction') }} * average_value_per_usd) - 1, 0)
        end as diminishing_returns_spend_usd
    from fits
    -- Three points at least, with spread in spend, or there is nothing to fit.
    where n >= 3 and linear_denominator > 0
),

final as (
    -- Coefficients to 4 decimals: what a reader can use, and stable across
    -- engines (adding 0 turns a rounded -0.0 into 0.0).
    select
        cohort_key,
        role,
        level,
        person_period_count,
        round(total_spend_usd, 4) + 0 as total_spend_usd,
        round(min_spend_usd, 4) + 0 as min_spend_usd,
        round(max_spend_usd, 4) + 0 as max_spend_usd,
        round(total_value_points, 4) + 0 as total_value_points,
        round(average_value_per_usd, 4) + 0 as average_value_per_usd,
        round(linear_intercept, 4) + 0 as linear_intercept,
        round(linear_slope, 4) + 0 as linear_slope,
        round(linear_r_squared, 4) + 0 as linear_r_squared,
        round(quadratic_a, 4) + 0 as quadratic_a,
        round(quadratic_b, 4) + 0 as quadratic_b,
        round(quadratic_c, 4) + 0 as quadratic_c,
        round(quadratic_r_squared, 4) + 0 as quadratic_r_squared,
        is_hump_shaped,
        round(optimum_spend_usd, 4) + 0 as optimum_spend_usd,
        round(diminishing_returns_spend_usd, 4) + 0 as diminishing_returns_spend_usd
    from fitted_curve
)

select * from final
