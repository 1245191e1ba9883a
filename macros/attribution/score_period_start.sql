{% macro score_period_start(date_expression) -%}
    {#- First day of the scoring period (var('score_period'): month or week) holding the date. -#}
    cast({{ dbt.date_trunc(var('score_period'), date_expression) }} as date)
{%- endmacro %}
