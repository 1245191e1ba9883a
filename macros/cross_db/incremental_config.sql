{% macro incremental_config(unique_key) -%}
    {#- The materialization of a model that grows with time, for its
        config(): `{{ config(**incremental_config('external_ref')) }}`.
        Incremental with delete+insert on the key where the engine can
        replace rows (DuckDB, PostgreSQL, Snowflake, BigQuery, Databricks'
        Delta). Spark's plain Parquet tables can neither delete nor merge
        (that needs Delta, Iceberg or Hudi jars): there the model is
        rebuilt as a table every run, which gives the same rows. -#}
    {{ return(adapter.dispatch('incremental_config', 'token_outcomes')(unique_key)) }}
{%- endmacro %}

{% macro default__incremental_config(unique_key) -%}
    {{ return({'materialized': 'incremental', 'incremental_strategy': 'delete+insert', 'unique_key': unique_key}) }}
{%- endmacro %}

{% macro spark__incremental_config(unique_key) -%}
    {%- if var('spark_file_format', 'parquet' if target.type == 'spark' else 'delta') in ['delta', 'iceberg', 'hudi'] -%}
        {{ return({'materialized': 'incremental', 'incremental_strategy': 'merge', 'unique_key': unique_key}) }}
    {%- endif -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}
