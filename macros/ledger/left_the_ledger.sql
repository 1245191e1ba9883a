{#- Lines that leave the ledger: the one protocol, in one place.

    Two kinds of usage line are carried by the intermediate ledger models but
    do not count:
    - an emptied request line (gateway, Cursor): every request of the line moved to
      other lines (a re-extract changed their person, day, model or cost).
      int_usage_requests_aggregated writes it once more, with no request
      and no token, so that the incremental delete+insert of every model
      down to fct_token_usage replaces the line that counted before;
    - a covered vendor-report line: a finer source reports the same usage
      (int_token_usage_covered, var usage_coverage_rules).
    Both travel to fct_token_usage, which is the only model that removes
    them: a full build filters them (left_the_ledger), an incremental run
    writes them (so the old line is replaced) and deletes them in its
    post-hook (delete_lines_that_left_the_ledger). Every mart reads
    fct_token_usage, so no other model has to know about them. -#}


{% macro emptied_usage_line() -%}
    {#- An emptied gateway line (above): no request left in it. -#}
    coalesce(usage_source = 'gateway' and request_count = 0, false)
{%- endmacro %}


{% macro left_the_ledger() -%}
    {#- A usage line that does not count in the ledger (above). -#}
    ({{ token_outcomes.emptied_usage_line() }} or covered_by_source is not null)
{%- endmacro %}


{% macro delete_lines_that_left_the_ledger() -%}
    {#- post-hook of fct_token_usage: the replacement has landed, the line
        that left the ledger goes (the ledger has no covered_by_source: a
        covered line is found in int_token_usage_attributed). A full build (and Spark's plain Parquet,
        rebuilt whole) never writes one: fct_token_usage filters them. -#}
    {%- if model.config.materialized == 'incremental' -%}
        delete from {{ this }}
        where
            {{ token_outcomes.emptied_usage_line() }}
            or usage_line_id in (
                select usage_line_id from {{ ref('int_token_usage_attributed') }}
                where covered_by_source is not null
            )
    {%- endif -%}
{%- endmacro %}
