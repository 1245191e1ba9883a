{{ config(grants={'select': var('core_readers')}) }}

-- Every finished pull request with the work item it delivers, when it names
-- one, so that pull requests delivering the same item share its value once
-- (int_outcomes_credit_groups):
--   a Linear or Jira issue key (PLAT-123) starting a segment of its branch
--   name (alice/plat-123-retry), else in its title, else in its body. Only
--   the key of an issue that has landed counts: a made-up key links nothing.
--   Failing those, the GitHub issue its body closes with one of GitHub's
--   closing keywords ("Fixes #12", "closes: owner/repo#12"); GitHub issues
--   are not landed, so that key is taken as written.
-- An organisation whose Linear and Jira keys overlap (the same PLAT-123 in
-- both) gets both issues in one work item.
{%- set branch_key = '(^|/)([A-Za-z][A-Za-z0-9]*-[0-9]+)' %}
{%- set text_key = '([A-Z][A-Z0-9]*-[0-9]+)' %}
{#- close(s|d), fix(es|ed), resolve(s|d), in any case: group 3 the repository
    (optional), group 4 the issue number. -#}
{%- set closing_keyword = '([Cc][Ll][Oo][Ss][Ee][SsDd]?|[Ff][Ii][Xx]([Ee][SsDd])?|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][SsDd]?)'
    ~ ':? +([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)?#([0-9]+)' %}
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

issue_keys as (
    select distinct own_work_item_key as work_item_key
    from outcomes
    where outcome_type = 'issue' and own_work_item_key is not null
),

pull_requests as (
    select
        outcome_id,
        repository_full_name,
        upper({{ regexp_extract_group('head_ref', branch_key, 2) }}) as branch_key,
        {{ regexp_extract_group('title', text_key, 1) }} as title_key,
        {{ regexp_extract_group('body', text_key, 1) }} as body_key,
        {{ regexp_extract_group('body', closing_keyword, 3) }} as closed_issue_repository,
        {{ regexp_extract_group('body', closing_keyword, 4) }} as closed_issue_number
    from outcomes
    where outcome_type = 'pull_request'
),

resolved as (
    select
        pull_requests.*,
        branch_issues.work_item_key as branch_issue_key,
        title_issues.work_item_key as title_issue_key,
        body_issues.work_item_key as body_issue_key,
        case
            when pull_requests.closed_issue_number is not null
                then {{ dbt.concat([
                    'lower(coalesce(pull_requests.closed_issue_repository, pull_requests.repository_full_name))',
                    "'#'", 'pull_requests.closed_issue_number'
                ]) }}
        end as closed_issue_key
    from pull_requests
    left join issue_keys as branch_issues
        on pull_requests.branch_key = branch_issues.work_item_key
    left join issue_keys as title_issues
        on pull_requests.title_key = title_issues.work_item_key
    left join issue_keys as body_issues
        on pull_requests.body_key = body_issues.work_item_key
),

final as (
    select
        outcome_id,
        coalesce(branch_issue_key, title_issue_key, body_issue_key, closed_issue_key) as work_item_key,
        case
            when branch_issue_key is not null then 'branch_name'
            when title_issue_key is not null then 'title'
            when body_issue_key is not null then 'body'
            when closed_issue_key is not null then 'closing_keyword'
        end as work_item_reference
    from resolved
)

select * from final
