{#
    Overrides dbt-spark's spark__datediff (dbt.datediff on Spark and
    Databricks) for hours, minutes and seconds; other date parts go to
    dbt-spark's own. It wins because dbt_project.yml's `dispatch` searches
    token_outcomes before dbt.
    Why: dbt-spark counts hours, minutes and seconds as elapsed time rounded
    away from zero and fails on a null; DuckDB, PostgreSQL and dbt's other
    adapters count the boundaries crossed, and so does this. Without it, an
    outcome's open minutes and the minutes between merges (the rules on
    pull-request bursts, churned tickets and noise incidents) differ on
    Spark from the other engines, and the engine comparison
    (tests/pytest/test_engines.py) fails.
#}

{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- set seconds_per_part = {'hour': 3600, 'minute': 60, 'second': 1} -%}
    {%- if datepart in seconds_per_part -%}
        cast((
            unix_seconds(date_trunc('{{ datepart }}', {{ second_date }}))
            - unix_seconds(date_trunc('{{ datepart }}', {{ first_date }}))
        ) / {{ seconds_per_part[datepart] }} as bigint)
    {%- else -%}
        {{ return(dbt.spark__datediff(first_date, second_date, datepart)) }}
    {%- endif -%}
{%- endmacro %}
