{% macro duckdb__safe_cast(field, type) -%}
    {#- dbt-duckdb inherits dbt's default safe_cast, a plain cast that fails
        the build on one bad value; try_cast yields null, which staging
        quarantines with a reason. -#}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}


{% macro type_double() -%}
    {#- 64-bit floating point (dbt.type_float() is 32-bit on DuckDB). -#}
    {{ return(adapter.dispatch('type_double', 'token_outcomes')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
