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

{% macro bigquery__median(expression) -%}
    {#- BigQuery has no exact median aggregate: a percentile over the
        group's values. Written from the vendor's reference, never run
        (README, "Engines"). -#}
    (
        select percentile_cont(group_value, 0.5) over ()
        from unnest(array_agg({{ expression }} ignore nulls)) as group_value
        limit 1
    )
{%- endmacro %}
