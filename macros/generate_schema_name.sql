{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Audience schemas keep their plain names (people_ops, finance, ...) so
        grants can be written against them; without a custom schema a
        model lands in the target's schema. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
