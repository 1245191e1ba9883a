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
-- The sums are taken over u = x - mean(x): on raw x the normal equations
-- cancel so badly that the quadratic's coefficients came out different in
-- their fifth digit on engines that add in a different order.
-- A cohort of fewer than var('min_cohort_size') people is not published:
-- its totals, minimum and maximum would be a few people's own spend.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

points as (
    select
        cohort_key,
        role,
        level,
        employee_id,
        -- Spend stays exact for its sums: a sum of floating-point spend
        -- depends on row order and can round differently run to run.
        spend_usd,
        ln(1 + cast(spend_usd as {{ type_double() }})) as x,
        cast(value_points as {{ type_double() }}) as y
    from person_periods
),

centered as (
    select
        *,
        x - avg(x) over (partition by cohort_key) as u,
        avg(x) over (partition by cohort_key) as mean_x
    from points
),

sums as (
    select
        cohort_key,
        min(role) as role,
        min(level) as level,
        min(mean_x) as m,
        cast(count(*) as {{ type_double() }}) as n,
        count(distinct employee_id) as person_count,
        sum(u) as su,
        sum(y) as sy,
        sum(u * u) as suu,
        sum(u * y) as suy,
        sum(y * y) as syy,
        sum(u * u * u) as su3,
        sum(u * u * u * u) as su4,
        sum(u * u * y) as suuy,
        cast(sum(spend_usd) as {{ type_double() }}) as total_spend_usd,
        cast(min(spend_usd) as {{ type_double() }}) as min_spend_usd,
        cast(max(spend_usd) as {{ type_double() }}) as max_spend_usd
    from centered
    group by cohort_key
),

linear_fit as (
    select
        *,
        n * suu - su * su as linear_denominator,
        case when n * suu - su * su > 0 then (n * suy - su * sy) / (n * suu - su * su) end as linear_slope,
        -- The 3x3 normal equations of y = qa + qb u + qc u^2, by Cramer's rule.
        n * (suu * su4 - su3 * su3) - su * (su * su4 - su3 * suu) + suu * (su * su3 - suu * suu)
            as quadratic_determinant,
        sy * (suu * su4 - su3 * su3) - su * (suy * su4 - su3 * suuy) + suu * (suy * su3 - suu * suuy)
            as quadratic_determinant_a,
        n * (suy * su4 - suuy * su3) - sy * (su * su4 - su3 * suu) + suu * (su * suuy - suu * suy)
            as quadratic_determinant_b,
        n * (suu * suuy - su3 * suy) - su * (su * suuy - suu * suy) + sy * (su * su3 - suu * suu)
            as quadratic_determinant_c
    from sums
),

centered_fits as (
    select
        *,
        -- Intercept at u = 0, that is at x = m.
        (sy - linear_slope * su) / n as linear_intercept_at_mean,
        case
            when n * syy - sy * sy > 0 and linear_denominator > 0
                then (n * suy - su * sy) * (n * suy - su * sy) / (linear_denominator * (n * syy - sy * sy))
        end as linear_r_squared,
        case when quadratic_determinant <> 0 then quadratic_determinant_a / quadratic_determinant end as qa,
        case when quadratic_determinant <> 0 then quadratic_determinant_b / quadratic_determinant end as qb,
        case when quadratic_determinant <> 0 then quadratic_determinant_c / quadratic_determinant end as qc,
        case when total_spend_usd > 0 then sy / total_spend_usd end as average_value_per_usd
    from linear_fit
),

fits as (
    -- Back to x: a + b x + c x^2 = qa + qb (x - m) + qc (x - m)^2.
    select
        *,
        linear_intercept_at_mean - linear_slope * m as linear_intercept,
        qa - qb * m + qc * m * m as quadratic_a,
        qb - 2 * qc * m as quadratic_b,
        qc as quadratic_c
    from centered_fits
),

fitted_curve as (
    select
        cohort_key,
        role,
        level,
        cast(n as {{ api.Column.translate_type('integer') }}) as person_period_count,
        cast(person_count as {{ api.Column.translate_type('integer') }}) as person_count,
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
                    - 2 * (qa * sy + qb * suy + qc * suuy)
                    + qa * qa * n + qb * qb * suu + qc * qc * su4
                    + 2 * qa * qb * su + 2 * qa * qc * suu
                    + 2 * qb * qc * su3
                ) / (syy - sy * sy / n)
        end as quadratic_r_squared,
        -- Curvature is judged at the precision reported, so an exact line's
        -- rounding noise never reads as a hump.
        coalesce({{ round_double('quadratic_c', 4) }} < 0, false) as is_hump_shaped,
        -- The peak is only reported where the cohort's data can show one:
        -- inside the range of spend it observed.
        case
            when
                {{ round_double('quadratic_c', 4) }} < 0
                and -quadratic_b / (2 * quadratic_c) between ln(1 + min_spend_usd) and ln(1 + max_spend_usd)
                then exp(-quadratic_b / (2 * quadratic_c)) - 1
        end as optimum_spend_usd,
        case
            when linear_slope > 0 and average_value_per_usd > 0
                then greatest(linear_slope / ({{ var('marginal_value_fraction') }} * average_value_per_usd) - 1, 0)
        end as diminishing_returns_spend_usd
    from fits
    -- Three points at least, with spread in spend, or there is nothing to fit;
    -- and people enough to meet the privacy floor.
    where n >= 3 and linear_denominator > 0 and person_count >= {{ var('min_cohort_size') }}
),

final as (
    -- Coefficients to 4 decimals: what a reader can use, and stable across
    -- engines (adding 0 turns a rounded -0.0 into 0.0).
    select
        cohort_key,
        role,
        level,
        person_period_count,
        person_count,
        {{ round_double('total_spend_usd', 4) }} + 0 as total_spend_usd,
        {{ round_double('min_spend_usd', 4) }} + 0 as min_spend_usd,
        {{ round_double('max_spend_usd', 4) }} + 0 as max_spend_usd,
        {{ round_double('total_value_points', 4) }} + 0 as total_value_points,
        {{ round_double('average_value_per_usd', 4) }} + 0 as average_value_per_usd,
        {{ round_double('linear_intercept', 4) }} + 0 as linear_intercept,
        {{ round_double('linear_slope', 4) }} + 0 as linear_slope,
        {{ round_double('linear_r_squared', 4) }} + 0 as linear_r_squared,
        {{ round_double('quadratic_a', 4) }} + 0 as quadratic_a,
        {{ round_double('quadratic_b', 4) }} + 0 as quadratic_b,
        {{ round_double('quadratic_c', 4) }} + 0 as quadratic_c,
        {{ round_double('quadratic_r_squared', 4) }} + 0 as quadratic_r_squared,
        is_hump_shaped,
        {{ round_double('optimum_spend_usd', 4) }} + 0 as optimum_spend_usd,
        {{ round_double('diminishing_returns_spend_usd', 4) }} + 0 as diminishing_returns_spend_usd
    from fitted_curve
)

select * from final
