{#
    What an engine needs before any model runs, made by the on-run-start
    hook prepare_engine (dbt_project.yml): on DuckDB the landing readers, on
    PostgreSQL a try_cast function; nothing on Spark and the warehouses.
#}

{% macro prepare_engine() -%}
    {{ return(adapter.dispatch('prepare_engine', 'token_outcomes')()) }}
{%- endmacro %}

{% macro default__prepare_engine() -%}
    select 1
{%- endmacro %}

{% macro duckdb__prepare_engine() -%}
    {#- The sources read the landing files in place through the landing
        readers, DuckDB table macros (macros/staging/landing_readers.sql),
        created or replaced in the database before anything reads a source:
        a build, a test or `dbt source freshness`. -#}
    {{ token_outcomes.landing_reader_macros() }}
{%- endmacro %}

{% macro postgres__prepare_engine() -%}
    {#- Ties between texts (file names, record keys) are broken bytewise on
        DuckDB and Spark; PostgreSQL sorts by the database's collation. -#}
    {%- if execute -%}
        {%- set collation = run_query('select datcollate from pg_database where datname = current_database()') -%}
        {%- set collation_name = collation.columns[0].values()[0] -%}
        {%- if collation_name not in ['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic'] -%}
            {%- do exceptions.warn(
                "token_outcomes: database collation " ~ collation_name ~ " orders text differently from the other"
                ~ " engines; create the database with LC_COLLATE 'C' (or C.UTF-8) so ties between extracts"
                ~ " are broken the same way everywhere."
            ) -%}
        {%- endif -%}
    {%- endif %}
    create schema if not exists {{ target.schema }};
    {#- PostgreSQL has no try_cast. Assigning `value` to the polymorphic
        result converts it as a cast would (text by the type's input
        function); a failure yields null. Declared volatile although it is
        not: PostgreSQL then computes a CTE that calls it (landed_json_records
        parses each line) once, instead of folding it into every expression
        that reads its columns and parsing the JSON again for each field.
        Parallel unsafe: the exception block needs a subtransaction. -#}
    create or replace function {{ target.schema }}.token_outcomes_try_cast(value anycompatible, target_type anyelement)
    returns anyelement
    language plpgsql volatile parallel unsafe
    as $$
    begin
        target_type := value;
        return target_type;
    exception when others then
        return null;
    end
    $$;
{%- endmacro %}
