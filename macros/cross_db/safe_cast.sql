{% macro duckdb__safe_cast(field, type) -%}
    {#- dbt-duckdb inherits dbt's default safe_cast, a plain cast that fails
        the build on one bad value; try_cast yields null, which staging
        quarantines with a reason. -#}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
