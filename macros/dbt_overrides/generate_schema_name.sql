{#
    Overrides dbt's generate_schema_name (a root project's macro of that
    name replaces dbt's default__generate_schema_name, which writes
    <target schema>_<custom schema>: main_people_ops).
    Why: audience schemas keep their plain names (people_ops, finance,
    engineers, analytics, core, intermediate, audit, reference) so grants,
    readers, the dashboard, the finance export and the tests can name them
    on every target; without a custom schema a model lands in the target's
    schema. Without it every schema name gains the target's prefix and
    whatever reads `people_ops.fct_person_period_scores` and the like
    (scripts, exposures, tests) finds nothing.
#}

{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
