{#
    Overrides dbt.safe_cast on DuckDB, PostgreSQL and Spark (dbt's own
    default__safe_cast, which dbt-duckdb and dbt-postgres inherit, and
    dbt-spark's spark__safe_cast are a plain cast). These win because
    dbt_project.yml's `dispatch` searches token_outcomes before dbt.
    Why: staging casts vendor text with dbt.safe_cast and quarantines the
    nulls of what does not cast, with a reason. Without these, one bad value
    in one landed record (a token count of "12k", an impossible date) fails
    the whole build on DuckDB, and on Spark 4 (ANSI mode) too, instead of
    being counted in audit_quarantined_records.
#}

{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro postgres__safe_cast(field, type) -%}
    {#- PostgreSQL has no try_cast: macros/cross_db/try_cast.sql. -#}
    {{ token_outcomes.postgres__try_cast(field, type) }}
{%- endmacro %}
