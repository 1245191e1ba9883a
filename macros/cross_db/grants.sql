{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
    {#- Apache Spark's own catalog has no SHOW GRANTS or GRANT. As on DuckDB,
        grants are skipped there; a configured reader is named, so it is not
        silently ignored. Databricks (whose macros fall back to spark__ ones)
        has grants: dbt's own apply_grants runs there. -#}
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
