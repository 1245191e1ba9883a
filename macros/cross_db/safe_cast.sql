{% macro duckdb__safe_cast(field, type) -%}
    {#- dbt-duckdb inherits dbt's default safe_cast, a plain cast that fails
        the build on one bad value; try_cast yields null, which staging
        quarantines with a reason. -#}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    {#- Spark 4 runs in ANSI mode, where a bad value fails the cast. -#}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro postgres__safe_cast(field, type) -%}
    {{ token_outcomes.postgres__try_cast(field, type) }}
{%- endmacro %}


{% macro postgres__try_cast(field, type) -%}
    {#- PostgreSQL has no try_cast: token_outcomes_try_cast (created by
        prepare_engine) returns null where the cast fails. Plain
        integers and decimals, the common case, are cast directly. -#}
    {%- set normalized = type | lower | replace(' ', '') -%}
    {%- set fast_paths = {
        'integer': '^[+-]?[0-9]{1,9}$', 'int': '^[+-]?[0-9]{1,9}$', 'int4': '^[+-]?[0-9]{1,9}$',
        'bigint': '^[+-]?[0-9]{1,18}$', 'int8': '^[+-]?[0-9]{1,18}$',
        'numeric(28,6)': '^[+-]?[0-9]{1,22}([.][0-9]*)?$',
    } -%}
    {%- set fallback -%}
        cast({{ target.schema }}.token_outcomes_try_cast({{ field }}, cast(null as {{ type }})) as {{ type }})
    {%- endset -%}
    {%- if normalized in fast_paths -%}
        case
            when cast({{ field }} as text) ~ '{{ fast_paths[normalized] }}' then cast({{ field }} as {{ type }})
            else {{ fallback }}
        end
    {%- else -%}
        {{ fallback }}
    {%- endif -%}
{%- endmacro %}


{% macro prepare_engine() -%}
    {#- on-run-start: what an engine needs before any model runs. Nothing
        on DuckDB and Spark. -#}
    {{ return(adapter.dispatch('prepare_engine', 'token_outcomes')()) }}
{%- endmacro %}

{% macro default__prepare_engine() -%}
    select 1
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


{% macro type_double() -%}
    {#- 64-bit floating point (dbt.type_float() is 32-bit on DuckDB). -#}
    {{ return(adapter.dispatch('type_double', 'token_outcomes')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
