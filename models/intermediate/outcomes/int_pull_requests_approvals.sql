{{ config(grants={'select': var('core_readers')}) }}

-- Every finished pull request with the evidence of an independent review:
-- an approval (a review in state APPROVED in its latest extract, so one
-- since dismissed does not count) submitted before the merge by a person
-- who is not the author: a GitHub login the identity map gives to another
-- employee. A bot, an account nobody in HRIS owns (a second account of the
-- author's) and the author cannot approve. Approval is costly to fake: it
-- takes a colleague's name on the change.
-- An organisation that lands no reviews at all has no evidence either way:
-- is_independently_approved is then null, and the Goodhart rules fall back
-- to their time cut-offs (int_outcomes_credit_groups).
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

reviews as (
    select * from {{ ref('stg_github__pull_request_reviews') }}
),

identity_map as (
    select * from {{ ref('int_identity_map') }}
),

review_coverage as (
    select count(*) as landed_review_count
    from reviews
),

pull_requests as (
    select
        outcomes.outcome_id,
        outcomes.repository_full_name,
        outcomes.pull_request_number,
        outcomes.completed_at,
        authors.employee_id as author_employee_id
    from outcomes
    left join identity_map as authors
        on
            outcomes.identity_system = authors.identity_system
            and outcomes.identity_key = authors.identity_key
    where outcomes.outcome_type = 'pull_request'
),

pull_request_reviews as (
    select
        pull_requests.outcome_id,
        reviews.external_ref as review_ref,
        reviews.state,
        reviews.submitted_at,
        reviews.is_bot_reviewer,
        reviewers.employee_id as reviewer_employee_id,
        reviews.state = 'APPROVED'
        and reviews.submitted_at <= pull_requests.completed_at
        and not reviews.is_bot_reviewer
        and reviewers.employee_id is not null
        and reviewers.employee_id <> coalesce(pull_requests.author_employee_id, '') as is_independent_approval
    from pull_requests
    inner join reviews
        on
            lower(pull_requests.repository_full_name) = lower(reviews.repository_full_name)
            and pull_requests.pull_request_number = reviews.pull_request_number
    left join identity_map as reviewers
        on
            reviewers.identity_system = 'github'
            and lower(reviews.reviewer_login) = reviewers.identity_key
),

review_summary as (
    select
        outcome_id,
        count(*) as review_count,
        sum(case when is_independent_approval then 1 else 0 end) as independent_approval_count,
        sum(case when state = 'APPROVED' and not is_independent_approval then 1 else 0 end)
            as other_approval_count,
        min(case when is_independent_approval then submitted_at end) as first_independent_approval_at
    from pull_request_reviews
    group by outcome_id
),

final as (
    select
        pull_requests.outcome_id,
        pull_requests.author_employee_id,
        cast(coalesce(review_summary.review_count, 0) as {{ dbt.type_bigint() }}) as review_count,
        cast(coalesce(review_summary.independent_approval_count, 0) as {{ dbt.type_bigint() }})
            as independent_approval_count,
        -- Approvals that are not evidence: by a bot, an unknown account or
        -- the author, or submitted after the merge.
        cast(coalesce(review_summary.other_approval_count, 0) as {{ dbt.type_bigint() }}) as other_approval_count,
        review_summary.first_independent_approval_at,
        case
            when review_coverage.landed_review_count > 0
                then coalesce(review_summary.independent_approval_count, 0) > 0
        end as is_independently_approved
    from pull_requests
    cross join review_coverage
    left join review_summary
        on pull_requests.outcome_id = review_summary.outcome_id
)

select * from final
