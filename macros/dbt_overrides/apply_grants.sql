{#
    Overrides dbt's apply_grants on Apache Spark (dbt-spark has none of its
    own, so dbt's default__apply_grants runs there: SHOW GRANTS, then GRANT
    and REVOKE). It wins because dbt_project.yml's `dispatch` searches
    token_outcomes before dbt.
    Why: Spark's own catalog has no SHOW GRANTS or GRANT. Every mart and
    intermediate model has a grants config (var '<audience>_readers'), so
    without this every one of them fails on Spark, even with no reader
    configured. As on DuckDB, grants are skipped there; a configured reader
    is named in a warning, so it is not silently ignored. Databricks (whose
    macros fall back to spark__ ones) has grants: dbt's own apply_grants
    runs there.
#}

{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
    {%- if target.type != 'spark' -%}
        {{ return(dbt.default__apply_grants(relation, grant_config, should_revoke)) }}
    {%- endif -%}
    {%- for privilege, grantees in (grant_config or {}).items() if grantees -%}
        {%- do exceptions.warn(
            "token_outcomes: Spark without a catalog that supports grants: " ~ privilege ~ " on " ~ relation
            ~ " for " ~ grantees | join(", ") ~ " is not applied."
        ) -%}
    {%- endfor -%}
{%- endmacro %}
