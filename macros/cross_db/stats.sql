{% macro median(expression) -%}
    {#- Median as an aggregate (group by), exact on every engine. -#}
    {{ return(adapter.dispatch('median', 'token_outcomes')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro postgres__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}


{% macro regexp_extract_group(text_expression, pattern, group_number=1) -%}
    {#- The `group_number`th capture group of the first match; null when none. -#}
    {{ return(adapter.dispatch('regexp_extract_group', 'token_outcomes')(text_expression, pattern, group_number)) }}
{%- endmacro %}

{% macro default__regexp_extract_group(text_expression, pattern, group_number) -%}
    nullif(regexp_extract({{ text_expression }}, '{{ pattern }}', {{ group_number }}), '')
{%- endmacro %}

{% macro postgres__regexp_extract_group(text_expression, pattern, group_number) -%}
    (regexp_match({{ text_expression }}, '{{ pattern }}'))[{{ group_number }}]
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
