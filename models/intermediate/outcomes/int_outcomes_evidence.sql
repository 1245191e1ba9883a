{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome with the evidence its value can rest on, evidence that is
-- costly to fake and that the sources really carry. Each is true, false,
-- or null when the extract does not carry it (the Goodhart rules then fall
-- back to their time cut-offs):
--   has_independent_approval  a pull request approved before its merge by
--                             another employee (int_pull_requests_approvals);
--   has_independent_ticket    an issue made by someone other than its
--                             assignee (the creator, not the assignee, wrote
--                             it), or delivered by a pull request that has
--                             an independent approval;
--   has_independent_trigger   an incident raised by monitoring or by a person
--                             other than the one who resolved it.
-- And the work item each outcome delivers (int_pull_requests_work_items for
-- pull requests; an issue is its own).
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

approvals as (
    select * from {{ ref('int_pull_requests_approvals') }}
),

work_items as (
    select * from {{ ref('int_pull_requests_work_items') }}
),

pull_request_evidence as (
    select
        work_items.outcome_id,
        work_items.work_item_key,
        work_items.work_item_reference,
        approvals.is_independently_approved,
        approvals.review_count,
        approvals.independent_approval_count,
        approvals.other_approval_count
    from work_items
    inner join approvals
        on work_items.outcome_id = approvals.outcome_id
),

approved_deliveries as (
    -- Work items delivered by an independently approved pull request.
    select distinct work_item_key
    from pull_request_evidence
    where is_independently_approved and work_item_key is not null
),

joined as (
    select
        outcomes.outcome_id,
        outcomes.outcome_type,
        coalesce(pull_request_evidence.work_item_key, outcomes.own_work_item_key) as work_item_key,
        case
            when outcomes.outcome_type = 'issue' then 'issue'
            else pull_request_evidence.work_item_reference
        end as work_item_reference,
        pull_request_evidence.is_independently_approved,
        pull_request_evidence.review_count,
        pull_request_evidence.independent_approval_count,
        pull_request_evidence.other_approval_count,
        approved_deliveries.work_item_key is not null as is_delivered_by_approved_change,
        case
            when outcomes.creator_identity_key is null then null
            else outcomes.creator_identity_key <> coalesce(outcomes.identity_key, '')
        end as is_made_by_another_person,
        outcomes.creator_identity_key is not null
        and outcomes.creator_identity_key = outcomes.identity_key as is_self_made,
        case
            -- The full trigger log entry names who or what raised it.
            when outcomes.trigger_agent_key is not null
                then
                    outcomes.trigger_agent_type <> 'user_reference'
                    or outcomes.trigger_agent_key <> coalesce(outcomes.identity_key, '')
            -- A reference entry only says how: by monitoring, or by hand
            -- (by whom, it does not say).
            when not outcomes.is_manually_triggered then true
        end as is_raised_independently,
        outcomes.trigger_agent_key is not null
        and outcomes.trigger_agent_type = 'user_reference'
        and outcomes.trigger_agent_key = outcomes.identity_key as is_self_triggered
    from outcomes
    left join pull_request_evidence
        on outcomes.outcome_id = pull_request_evidence.outcome_id
    left join approved_deliveries
        on
            outcomes.outcome_type = 'issue'
            and outcomes.own_work_item_key = approved_deliveries.work_item_key
),

final as (
    select
        outcome_id,
        work_item_key,
        work_item_reference,
        review_count,
        independent_approval_count,
        other_approval_count,
        case when outcome_type = 'pull_request' then is_independently_approved end as has_independent_approval,
        case
            when outcome_type <> 'issue' then null
            when is_delivered_by_approved_change or is_made_by_another_person then true
            when is_made_by_another_person is null then null
            else false
        end as has_independent_ticket,
        case when outcome_type = 'issue' then is_self_made end as is_self_made,
        case when outcome_type = 'incident' then is_raised_independently end as has_independent_trigger,
        case when outcome_type = 'incident' then is_self_triggered end as is_self_triggered
    from joined
)

select * from final
