{#
    Overrides dbt-spark's spark__load_csv_rows (how dbt seed inserts a
    seed's rows on Spark). It wins because dbt_project.yml's `dispatch`
    searches token_outcomes before dbt.
    Why: dbt-spark's session connection binds a seed's empty cell as the
    text 'None' and cannot bind a quote; the values are written as SQL
    literals instead. Without it, on Spark (session method) every empty cell
    of the seeds is the text 'None' (a value rule's `match_label is null`
    never holds, so outcomes are valued differently from the other engines),
    and a seed value with a quote fails the seed.
#}

{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            (
                {%- for column_name in agate_table.column_names -%}
                    {%- set column_type = column_override.get(column_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    cast({{ token_outcomes.spark_literal(row[loop.index0]) }} as {{ column_type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
            ){{ ',' if not loop.last }}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{%- endmacro %}


{% macro spark_literal(value) -%}
    {#- A seed cell as a Spark SQL literal, for spark__load_csv_rows. -#}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ value | string | lower }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
