{% macro postgres__try_cast(field, type) -%}
    {#- PostgreSQL has no try_cast: token_outcomes_try_cast, a PL/pgSQL
        function that the on-run-start hook prepare_engine creates
        (macros/cross_db/engine_setup.sql), returns null where the cast
        fails. Plain integers and decimals, the common case, are cast
        directly. Used by postgres__safe_cast (macros/dbt_overrides/) and
        the PostgreSQL variants of the JSON and time macros. -#}
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
