{#
    Timestamps to UTC, from ISO 8601 text or Unix time. Each family holds
    every engine's variant; the snowflake__ and bigquery__ ones are written
    from the vendors' SQL references and have never run (README, "Engines").
    Snowflake reads a timestamp without an offset as zone-less (UTC),
    whatever the session's time zone.
#}

{% macro iso_timestamp_pattern() -%}
    {#- The shapes to_utc_timestamp reads: an ISO 8601 / RFC 3339 date, or
        date and time, with an optional offset. Checked first on every
        engine, so words an engine would read ('yesterday', '08/08/2025')
        are unparseable everywhere. -#}
    {{- return('^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$') -}}
{%- endmacro %}

{% macro iso_offset_pattern() -%}
    {#- After a time only: a bare date's '-01' is its day, not an offset.
        '+00' is how a loader prints a timestamp with time zone. -#}
    {{- return('[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$') -}}
{%- endmacro %}


{% macro to_utc_timestamp(text_expression) -%}
    {#- Parses an ISO 8601 / RFC 3339 string to a UTC timestamp (no zone).
        Accepts 'Z', '+00:00' and Jira's '+0000' offsets and converts them
        to UTC; a string with no offset, or a bare date, is taken as UTC.
        Unparseable text gives null, which staging quarantines. -#}
    {{ return(adapter.dispatch('to_utc_timestamp', 'token_outcomes')(text_expression)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(text_expression) -%}
    {#- DuckDB. The shapes nearly every API writes, RFC 3339 in UTC with or
        without milliseconds ('2026-05-01T09:30:00.000Z'), are read by
        strptime and kept only when they print back as the same text
        (strptime alone also takes '2026-5-1'); anything else goes through
        the checks. Measured on 5 million timestamps: 0.5 s instead of
        1.4 s. -#}
    coalesce(
        {%- for utc_format in ["'%Y-%m-%dT%H:%M:%S.%gZ'", "'%Y-%m-%dT%H:%M:%SZ'"] %}
        case
            when strftime(try_strptime({{ text_expression }}, {{ utc_format }}), {{ utc_format }}) = {{ text_expression }}
                then try_strptime({{ text_expression }}, {{ utc_format }})
        end,
        {%- endfor %}
        {{ token_outcomes.iso_timestamp_checked(text_expression) }}
    )
{%- endmacro %}

{% macro iso_timestamp_checked(text_expression) -%}
    {#- DuckDB: any shape of iso_timestamp_pattern, offsets converted. -#}
    case
        when not regexp_matches(trim({{ text_expression }}), '{{ token_outcomes.iso_timestamp_pattern() }}') then null
        when regexp_matches(trim({{ text_expression }}), '{{ token_outcomes.iso_offset_pattern() }}')
            then timezone('UTC', try_cast(trim({{ text_expression }}) as timestamptz))
        else try_cast(trim({{ text_expression }}) as timestamp)
    end
{%- endmacro %}

{% macro postgres__to_utc_timestamp(text_expression) -%}
    case
        when not trim({{ text_expression }}) ~ '{{ token_outcomes.iso_timestamp_pattern() }}' then null
        when trim({{ text_expression }}) ~ '{{ token_outcomes.iso_offset_pattern() }}'
            then timezone('UTC', {{ token_outcomes.postgres__try_cast('trim(' ~ text_expression ~ ')', 'timestamptz') }})
        else {{ token_outcomes.postgres__try_cast('trim(' ~ text_expression ~ ')', 'timestamp') }}
    end
{%- endmacro %}

{% macro spark__to_utc_timestamp(text_expression) -%}
    {#- Spark reads the offset itself; a value without one is read in the
        session time zone, which the profile sets to UTC. -#}
    case
        when trim({{ text_expression }}) rlike '{{ token_outcomes.iso_timestamp_pattern() }}'
            then try_cast(trim({{ text_expression }}) as timestamp)
    end
{%- endmacro %}

{% macro snowflake__to_utc_timestamp(text_expression) -%}
    case
        when not regexp_like(trim({{ text_expression }}), '{{ token_outcomes.iso_timestamp_pattern() }}') then null
        when regexp_like(trim({{ text_expression }}), '.*{{ token_outcomes.iso_offset_pattern() }}')
            then cast(convert_timezone('UTC', try_to_timestamp_tz(trim({{ text_expression }}))) as timestamp_ntz)
        else try_to_timestamp_ntz(trim({{ text_expression }}))
    end
{%- endmacro %}

{% macro bigquery__to_utc_timestamp(text_expression) -%}
    case
        when regexp_contains(trim({{ text_expression }}), '{{ token_outcomes.iso_timestamp_pattern() }}')
            then safe_cast(trim({{ text_expression }}) as timestamp)
    end
{%- endmacro %}


{% macro unix_seconds_to_utc(seconds_expression) -%}
    {{ return(adapter.dispatch('unix_seconds_to_utc', 'token_outcomes')(seconds_expression)) }}
{%- endmacro %}

{% macro default__unix_seconds_to_utc(seconds_expression) -%}
    timezone('UTC', to_timestamp(cast({{ seconds_expression }} as double)))
{%- endmacro %}

{% macro postgres__unix_seconds_to_utc(seconds_expression) -%}
    timezone('UTC', to_timestamp(cast({{ seconds_expression }} as double precision)))
{%- endmacro %}

{% macro spark__unix_seconds_to_utc(seconds_expression) -%}
    timestamp_seconds({{ seconds_expression }})
{%- endmacro %}

{% macro snowflake__unix_seconds_to_utc(seconds_expression) -%}
    to_timestamp_ntz(cast({{ seconds_expression }} as bigint))
{%- endmacro %}

{% macro bigquery__unix_seconds_to_utc(seconds_expression) -%}
    timestamp_seconds(cast({{ seconds_expression }} as int64))
{%- endmacro %}


{% macro hour_of_day(timestamp_expression) -%}
    {{ return(adapter.dispatch('hour_of_day', 'token_outcomes')(timestamp_expression)) }}
{%- endmacro %}

{% macro default__hour_of_day(timestamp_expression) -%}
    extract(hour from {{ timestamp_expression }})
{%- endmacro %}


{% macro unix_nanos_to_utc(text_expression) -%}
    {#- Nanoseconds since the Unix epoch, as OTLP writes a time: whole digits
        in a string or a number. Exact to the microsecond, a timestamp's
        precision: the last three digits are dropped, not rounded (through
        a double, 1760000000123456789 came out as .123457). Null for
        anything else, which staging quarantines. Unlike epoch_to_utc, the
        unit is not guessed: seconds written here land in 1970. -#}
    {{ token_outcomes.unix_seconds_to_utc(
        token_outcomes.whole_number(
            token_outcomes.regexp_extract_group('trim(' ~ text_expression ~ ')', '^([0-9]{1,16})[0-9]{3}$', 1)
        ) ~ ' / 1000000.0'
    ) }}
{%- endmacro %}

{% macro epoch_to_utc(number_expression) -%}
    {#- Unix time as a whole number, in whichever unit its size says:
        seconds (up to 11 digits, past the year 5000), milliseconds (up to
        14), microseconds (up to 17) or nanoseconds (OpenTelemetry's
        time_unix_nano). Only for sources whose format allows any of them. -#}
    case
        when abs({{ number_expression }}) < 100000000000
            then {{ token_outcomes.unix_seconds_to_utc(number_expression) }}
        when abs({{ number_expression }}) < 100000000000000
            then {{ token_outcomes.unix_seconds_to_utc(number_expression ~ ' / 1000.0') }}
        when abs({{ number_expression }}) < 100000000000000000
            then {{ token_outcomes.unix_seconds_to_utc(number_expression ~ ' / 1000000.0') }}
        else {{ token_outcomes.unix_seconds_to_utc(number_expression ~ ' / 1000000000.0') }}
    end
{%- endmacro %}
