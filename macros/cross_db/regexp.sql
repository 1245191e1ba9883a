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

{#- The snowflake__ and bigquery__ variants are written from the vendors'
    references and have never run (README, "Engines"). -#}

{% macro snowflake__regexp_extract_group(text_expression, pattern, group_number) -%}
    regexp_substr({{ text_expression }}, '{{ pattern }}', 1, 1, 'e', {{ group_number }})
{%- endmacro %}

{% macro bigquery__regexp_extract_group(text_expression, pattern, group_number) -%}
    {%- if group_number != 1 -%}
        {{ exceptions.raise_compiler_error("regexp_extract_group on BigQuery reads the first group only") }}
    {%- endif -%}
    regexp_extract({{ text_expression }}, '{{ pattern }}')
{%- endmacro %}
