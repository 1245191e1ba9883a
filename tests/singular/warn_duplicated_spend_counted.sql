-- Spend that looks counted twice: a slice of a vendor's usage report whose
-- usage a finer source reports too (audit_usage_overlaps), and which no
-- coverage rule covers, so the ledger counts both. A warning, not an error:
-- the match is evidence, not proof. Declare the suggested rule
-- (var usage_coverage_rules) once you have checked it.
{{ config(severity='warn') }}

with

overlap_rows as (
    select * from {{ ref('audit_usage_overlaps') }}
)

select
    provider,
    covered_source,
    slice_name,
    slice_value,
    covering_source,
    finer_slice,
    duplicated_spend_counted_usd,
    suggested_rule
from overlap_rows
where not is_declared
