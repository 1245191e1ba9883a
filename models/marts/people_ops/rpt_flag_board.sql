{{ config(grants={'select': var('people_ops_readers')}) }}

-- People Ops only. One row per person, period and flag raised, with the
-- numbers that raised it, so a person is looked at before being judged:
--   spend_spike             spend far above the person's own recent baseline
--   around_the_clock_usage  requests through the night on many days (an
--                           unattended agent loop looks like this)
--   token_allowance_overrun tokens above the allowance for the period
--   repeated_high_spend_low_outcome  the review quadrant period after period
-- and the gaming patterns the Goodhart rules (int_outcomes_valued) neutralise,
-- so People Ops can look before anyone is judged:
--   split_pull_requests, ticket_churn, self_resolved_incidents,
--   label_inflation   at least var('gaming_flag_min_outcomes') outcomes that
--                     matched the pattern, with counts and time windows;
--   token_padding     spend above the cohort median for an outcome score
--                     below the cohort median score / var('padding_score_ratio').
with

scores as (
    select * from {{ ref('fct_person_period_scores') }}
),

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

outcomes as (
    select * from {{ ref('fct_outcomes') }}
),

{%- set period_days = 7 if var('score_period') == 'week' else 30.4375 %}

baselines as (
    select
        *,
        avg(spend_usd) over (
            partition by employee_id order by period_start
            rows between {{ var('spike_baseline_periods') }} preceding and 1 preceding
        ) as baseline_spend_usd,
        count(*) over (
            partition by employee_id order by period_start
            rows between {{ var('spike_baseline_periods') }} preceding and 1 preceding
        ) as baseline_period_count,
        sum(case when quadrant = 'high_spend_low_outcome' then 1 else 0 end) over (
            partition by employee_id order by period_start
            rows between {{ var('repeated_review_window_periods') - 1 }} preceding and current row
        ) as review_periods_in_window
    from scores
),

nightly_activity as (
    -- Request-time evidence exists for gateway events only.
    select
        employee_id,
        period_start,
        count(*) as timed_request_count,
        sum(case when is_night then 1 else 0 end) as night_request_count,
        count(distinct case when is_night then usage_date end) as night_active_days
    from (
        select
            *,
            {{ hour_of_day('usage_at') }} < 6 or {{ hour_of_day('usage_at') }} >= 22 as is_night
        from usage_lines
    ) as timed_usage
    where usage_at is not null and employee_id is not null
    group by employee_id, period_start
),

spend_spikes as (
    select
        employee_id,
        period_start,
        'spend_spike' as flag_type,
        spend_usd as observed_value,
        baseline_spend_usd * {{ var('spike_multiplier') }} as threshold_value,
        baseline_spend_usd as reference_value,
        {{ dbt.concat([
            "'spend '", "cast(round(spend_usd, 2) as " ~ dbt.type_string() ~ ")",
            "' USD vs baseline '", "cast(round(baseline_spend_usd, 2) as " ~ dbt.type_string() ~ ")",
            "' USD over '", "cast(baseline_period_count as " ~ dbt.type_string() ~ ")", "' prior periods'"
        ]) }} as evidence
    from baselines
    where
        baseline_period_count >= 2
        and spend_usd > {{ var('spike_min_spend_usd') }}
        and spend_usd > baseline_spend_usd * {{ var('spike_multiplier') }}
),

around_the_clock as (
    select
        employee_id,
        period_start,
        'around_the_clock_usage' as flag_type,
        cast(night_request_count as {{ dbt.type_numeric() }}) / timed_request_count as observed_value,
        {{ var('around_the_clock_night_share') }} as threshold_value,
        cast(night_active_days as {{ dbt.type_numeric() }}) as reference_value,
        {{ dbt.concat([
            "cast(night_request_count as " ~ dbt.type_string() ~ ")", "' of '",
            "cast(timed_request_count as " ~ dbt.type_string() ~ ")",
            "' requests between 22:00 and 06:00 UTC, on '",
            "cast(night_active_days as " ~ dbt.type_string() ~ ")", "' nights'"
        ]) }} as evidence
    from nightly_activity
    where
        cast(night_request_count as {{ dbt.type_numeric() }}) / timed_request_count
        >= {{ var('around_the_clock_night_share') }}
        and night_active_days >= {{ var('around_the_clock_min_nights') }}
),

allowance_overruns as (
    select
        employee_id,
        period_start,
        'token_allowance_overrun' as flag_type,
        cast(total_tokens as {{ dbt.type_numeric() }}) as observed_value,
        cast({{ var('monthly_token_allowance') }} * {{ period_days }} / 30.4375 as {{ dbt.type_numeric() }})
            as threshold_value,
        spend_usd as reference_value,
        {{ dbt.concat([
            "cast(total_tokens as " ~ dbt.type_string() ~ ")", "' tokens against an allowance of '",
            "cast(round(" ~ var('monthly_token_allowance') ~ " * " ~ period_days ~ " / 30.4375) as "
                ~ api.Column.translate_type('bigint') ~ ")",
            "' ('", "cast(round(spend_usd, 2) as " ~ dbt.type_string() ~ ")", "' USD)'"
        ]) }} as evidence
    from scores
    where total_tokens > {{ var('monthly_token_allowance') }} * {{ period_days }} / 30.4375
),

repeated_reviews as (
    select
        employee_id,
        period_start,
        'repeated_high_spend_low_outcome' as flag_type,
        cast(review_periods_in_window as {{ dbt.type_numeric() }}) as observed_value,
        {{ var('repeated_review_min_periods') }} as threshold_value,
        outcome_score as reference_value,
        {{ dbt.concat([
            "cast(review_periods_in_window as " ~ dbt.type_string() ~ ")",
            "' of the last " ~ var('repeated_review_window_periods') ~ " periods high spend, low outcome; '",
            "cast(value_points as " ~ dbt.type_string() ~ ")", "' value points for '",
            "cast(round(spend_usd, 2) as " ~ dbt.type_string() ~ ")", "' USD'"
        ]) }} as evidence
    from baselines
    where
        quadrant = 'high_spend_low_outcome'
        and review_periods_in_window >= {{ var('repeated_review_min_periods') }}
),

gaming_patterns as (
    select
        employee_id,
        period_start,
        case
            when no_credit_reason = 'split_change' then 'split_pull_requests'
            when no_credit_reason = 'trivial_ticket' then 'ticket_churn'
            when no_credit_reason = 'self_resolved_noise' then 'self_resolved_incidents'
            when is_label_uncorroborated then 'label_inflation'
        end as flag_type,
        completed_at,
        open_minutes
    from outcomes
    where
        employee_id is not null
        and (no_credit_reason in ('split_change', 'trivial_ticket', 'self_resolved_noise') or is_label_uncorroborated)
),

gaming_flags as (
    select
        employee_id,
        period_start,
        flag_type,
        cast(count(*) as {{ dbt.type_numeric() }}) as observed_value,
        {{ var('gaming_flag_min_outcomes') }} as threshold_value,
        cast(max(open_minutes) as {{ dbt.type_numeric() }}) as reference_value,
        {{ dbt.concat([
            "cast(count(*) as " ~ dbt.type_string() ~ ")", "' outcomes earned no credit as '", "flag_type",
            "' between '", "cast(min(completed_at) as " ~ dbt.type_string() ~ ")",
            "' and '", "cast(max(completed_at) as " ~ dbt.type_string() ~ ")",
            "'; each open at most '", "cast(max(open_minutes) as " ~ dbt.type_string() ~ ")", "' minutes'"
        ]) }} as evidence
    from gaming_patterns
    group by employee_id, period_start, flag_type
    having count(*) >= {{ var('gaming_flag_min_outcomes') }}
),

cohort_scores as (
    select
        period_start,
        cohort_key,
        {{ median('outcome_score') }} as median_outcome_score,
        {{ median('spend_usd') }} as median_spend_usd
    from scores
    group by period_start, cohort_key
),

token_padding as (
    select
        scores.employee_id,
        scores.period_start,
        'token_padding' as flag_type,
        scores.outcome_score as observed_value,
        cohort_scores.median_outcome_score / {{ var('padding_score_ratio') }} as threshold_value,
        scores.spend_usd as reference_value,
        {{ dbt.concat([
            "'outcome score '", "cast(round(scores.outcome_score, 4) as " ~ dbt.type_string() ~ ")",
            "' value points per USD against a cohort median of '",
            "cast(round(cohort_scores.median_outcome_score, 4) as " ~ dbt.type_string() ~ ")",
            "', on '", "cast(round(scores.spend_usd, 2) as " ~ dbt.type_string() ~ ")",
            "' USD (cohort median '", "cast(round(cohort_scores.median_spend_usd, 2) as " ~ dbt.type_string() ~ ")", "')'"
        ]) }} as evidence
    from scores
    inner join cohort_scores
        on
            scores.period_start = cohort_scores.period_start
            and scores.cohort_key = cohort_scores.cohort_key
    where
        scores.spend_usd > cohort_scores.median_spend_usd
        and scores.outcome_score < cohort_scores.median_outcome_score / {{ var('padding_score_ratio') }}
),

flags as (
    select * from gaming_flags
    union all
    select * from token_padding
    union all
    select * from spend_spikes
    union all
    select * from around_the_clock
    union all
    select * from allowance_overruns
    union all
    select * from repeated_reviews
),

final as (
    select
        {{ dbt.concat(['flags.employee_id', "':'", key_part('flags.period_start'), "':'", 'flags.flag_type']) }}
            as flag_id,
        flags.employee_id,
        scores.full_name,
        scores.team,
        scores.role,
        scores.level,
        flags.period_start,
        flags.flag_type,
        cast(flags.observed_value as {{ dbt.type_numeric() }}) as observed_value,
        cast(flags.threshold_value as {{ dbt.type_numeric() }}) as threshold_value,
        cast(flags.reference_value as {{ dbt.type_numeric() }}) as reference_value,
        flags.evidence,
        scores.spend_usd,
        scores.value_points,
        scores.quadrant
    from flags
    inner join scores
        on
            flags.employee_id = scores.employee_id
            and flags.period_start = scores.period_start
)

select * from final
