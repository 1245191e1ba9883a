-- The value rules seed has no loophole of the linear_urgent kind (any
-- urgent ticket, whatever its size, once earned 5): every rule that awards
-- var('evidence_required_from_value') points or more names the evidence a
-- high-value outcome has (required_evidence), evidence the rule's source can
-- carry, and a ticket rule on priority alone also asks for a size.
with

rules as (
    select * from {{ ref('outcome_value_rules') }}
),

evidence_by_source as (
    select
        'github' as outcome_source,
        'approved_review' as required_evidence
    union all
    select
        'linear',
        'independent_ticket'
    union all
    select
        'jira',
        'independent_ticket'
    union all
    select
        'pagerduty',
        'independent_trigger'
),

loopholes as (
    select
        rules.rule_id,
        rules.value_score,
        rules.required_evidence,
        case
            when rules.required_evidence is null then 'no_evidence_required'
            when evidence_by_source.required_evidence is null then 'evidence_the_source_cannot_carry'
            else 'priority_without_size'
        end as loophole
    from rules
    left join evidence_by_source
        on
            rules.outcome_source = evidence_by_source.outcome_source
            and rules.required_evidence = evidence_by_source.required_evidence
    where
        rules.value_score >= {{ var('evidence_required_from_value') }}
        and (
            rules.required_evidence is null
            or evidence_by_source.required_evidence is null
            or (
                rules.outcome_type = 'issue' and rules.match_priority is not null
                and rules.min_size is null and rules.match_work_type is null
            )
        )
)

select * from loopholes
