{% macro union_ctes(cte_names) -%}
    {#- `select * from a union all select * from b ...` over CTEs of the same
        columns: how the project stacks one CTE per source or entity. -#}
    {%- for cte_name in cte_names %}
    select * from {{ cte_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
