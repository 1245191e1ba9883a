{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
    {#- Apache Spark's own catalog has no SHOW GRANTS or GRANT (Databricks,
        through dbt-databricks, has them). As on DuckDB, grants are skipped
        there; a configured reader is named, so it is not silently ignored. -#}
    {%- for privilege, grantees in (grant_config or {}).items() if grantees -%}
        {%- do exceptions.warn(
            "token_outcomes: Spark without a catalog that supports grants: " ~ privilege ~ " on " ~ relation
            ~ " for " ~ grantees | join(", ") ~ " is not applied."
        ) -%}
    {%- endfor -%}
{%- endmacro %}
