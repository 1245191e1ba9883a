{% macro to_utc_timestamp(text_expression) -%}
    {#- Parses an ISO 8601 / RFC 3339 string to a UTC timestamp (no zone).
        Accepts 'Z', '+00:00' and Jira's '+0000' offsets and converts them
        to UTC; a string with no offset, or a bare date, is taken as UTC.
        Unparseable text gives null, which staging quarantines. -#}
    {{ return(adapter.dispatch('to_utc_timestamp', 'token_outcomes')(text_expression)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(text_expression) -%}
    case
        when regexp_matches(trim({{ text_expression }}), '(Z|z|[+-][0-9]{2}:?[0-9]{2})$')
            then timezone('UTC', try_cast(trim({{ text_expression }}) as timestamptz))
        else try_cast(trim({{ text_expression }}) as timestamp)
    end
{%- endmacro %}


{% macro unix_seconds_to_utc(seconds_expression) -%}
    {{ return(adapter.dispatch('unix_seconds_to_utc', 'token_outcomes')(seconds_expression)) }}
{%- endmacro %}

{% macro default__unix_seconds_to_utc(seconds_expression) -%}
    timezone('UTC', to_timestamp(cast({{ seconds_expression }} as double)))
{%- endmacro %}


{% macro hour_of_day(timestamp_expression) -%}
    {{ return(adapter.dispatch('hour_of_day', 'token_outcomes')(timestamp_expression)) }}
{%- endmacro %}

{% macro default__hour_of_day(timestamp_expression) -%}
    extract(hour from {{ timestamp_expression }})
{%- endmacro %}
