{{ config(grants={'select': var('core_readers')}) }}

-- Every finished pull request: whether it reverts another, and whether a
-- merged revert undid it. A revert names what it undoes in its body
-- ("Reverts owner/repo#N", as GitHub's revert button writes it) or its
-- branch ("revert-N-..."); a branch names no repository, so it means the
-- revert's own. Only a merged revert undoes anything: a revert closed
-- unmerged leaves the work standing.
{%- set body_reference = 'Reverts ([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#([0-9]+)' %}
{%- set branch_reference = '^revert-([0-9]+)-' %}
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

pull_requests as (
    select
        outcome_id,
        completion_status,
        repository_full_name,
        pull_request_number,
        title,
        body,
        head_ref
    from outcomes
    where outcome_type = 'pull_request'
),

revert_references as (
    select
        *,
        coalesce(
            {{ regexp_extract_group('body', body_reference, 1) }},
            repository_full_name
        ) as reverted_repository_full_name,
        cast(coalesce(
            {{ regexp_extract_group('body', body_reference, 2) }},
            {{ regexp_extract_group('head_ref', branch_reference, 1) }}
        ) as {{ api.Column.translate_type('bigint') }}) as reverted_pull_request_number,
        title like 'Revert "%'
        or {{ regexp_extract_group('head_ref', branch_reference, 1) }} is not null
        or {{ regexp_extract_group('body', body_reference, 1) }} is not null
            as is_revert
    from pull_requests
),

merged_reverts as (
    select distinct
        reverted_repository_full_name,
        reverted_pull_request_number
    from revert_references
    where is_revert and completion_status = 'completed' and reverted_pull_request_number is not null
),

final as (
    select
        revert_references.outcome_id,
        revert_references.repository_full_name,
        revert_references.pull_request_number,
        coalesce(revert_references.is_revert, false) as is_revert,
        case
            when revert_references.reverted_pull_request_number is not null
                then revert_references.reverted_repository_full_name
        end as reverted_repository_full_name,
        revert_references.reverted_pull_request_number,
        merged_reverts.reverted_pull_request_number is not null as is_reverted
    from revert_references
    left join merged_reverts
        on
            revert_references.repository_full_name = merged_reverts.reverted_repository_full_name
            and revert_references.pull_request_number = merged_reverts.reverted_pull_request_number
)

select * from final
