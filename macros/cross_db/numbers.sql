{#
    Doubles and decimals: the 64-bit floating-point type, rounding a double,
    and a number printed with fixed decimals. The bigquery__ variants are
    written from the vendor's reference and have never run (README,
    "Engines").
#}

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

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}


{% macro round_double(expression, places) -%}
    {#- A double rounded to `places` decimals, still a double. -#}
    {{ return(adapter.dispatch('round_double', 'token_outcomes')(expression, places)) }}
{%- endmacro %}

{% macro default__round_double(expression, places) -%}
    round({{ expression }}, {{ places }})
{%- endmacro %}

{% macro postgres__round_double(expression, places) -%}
    {#- PostgreSQL rounds to decimal places only in numeric. -#}
    cast(round(cast({{ expression }} as numeric), {{ places }}) as double precision)
{%- endmacro %}


{% macro decimal_text(expression, places) -%}
    {#- A number as text with exactly `places` decimals ('12.30'), the same
        on every engine (a double's shortest form differs between them). -#}
    {{ return(adapter.dispatch('decimal_text', 'token_outcomes')(expression, places)) }}
{%- endmacro %}

{% macro default__decimal_text(expression, places) -%}
    cast(cast({{ expression }} as {{ api.Column.numeric_type('decimal', 28, places) }}) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro bigquery__decimal_text(expression, places) -%}
    format('%.{{ places }}f', cast({{ expression }} as numeric))
{%- endmacro %}
