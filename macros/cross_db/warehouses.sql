{#
    Snowflake and BigQuery variants of the project's cross-database macros.
    Written from the vendors' SQL references; no account is reachable from
    the machines that test this project, so they have never run (README,
    "Engines"). Databricks runs the spark__ variants.
#}

{#- Snowflake: JSON is a VARIANT; timestamps without an offset are read
    as zone-less (UTC), whatever the session's time zone. -#}

{% macro snowflake__json_parse(json_text) -%}
    try_parse_json({{ json_text }})
{%- endmacro %}

{% macro snowflake__json_is_valid(json_text) -%}
    (try_parse_json({{ json_text }}) is not null)
{%- endmacro %}

{% macro snowflake__json_text(json_expression, path) -%}
    cast(get_path({{ json_expression }}, '{{ path }}') as varchar)
{%- endmacro %}

{% macro snowflake__json_array_length(json_expression, path) -%}
    case
        when is_array(get_path({{ json_expression }}, '{{ path }}'))
            then cast(array_size(get_path({{ json_expression }}, '{{ path }}')) as bigint)
        when get_path({{ json_expression }}, '{{ path }}') is not null then cast(0 as bigint)
    end
{%- endmacro %}

{% macro snowflake__json_joined_strings(json_expression, array_path, field, separator) -%}
    case
        when is_array(get_path({{ json_expression }}, '{{ array_path }}'))
            then array_to_string(
                array_sort(transform(
                    cast(get_path({{ json_expression }}, '{{ array_path }}') as array),
                    array_element -> lower(cast({{ "get_path(array_element, '" ~ field ~ "')" if field else 'array_element' }} as varchar))
                )),
                '{{ separator }}'
            )
    end
{%- endmacro %}

{% macro snowflake__json_array_left_join(json_expression, path, alias) -%}
    , lateral (
        select
            flattened.value as element,
            cast(flattened.index + 1 as bigint) as element_index
        from table(flatten(
            input => case
                when is_array(get_path({{ json_expression }}, '{{ path }}'))
                    then get_path({{ json_expression }}, '{{ path }}')
            end,
            outer => true
        )) as flattened
    ) as {{ alias }}
{%- endmacro %}

{% macro snowflake__to_utc_timestamp(text_expression) -%}
    case
        when not regexp_like(trim({{ text_expression }}), '{{ token_outcomes.iso_timestamp_pattern() }}') then null
        when regexp_like(trim({{ text_expression }}), '.*{{ token_outcomes.iso_offset_pattern() }}')
            then cast(convert_timezone('UTC', try_to_timestamp_tz(trim({{ text_expression }}))) as timestamp_ntz)
        else try_to_timestamp_ntz(trim({{ text_expression }}))
    end
{%- endmacro %}

{% macro snowflake__unix_seconds_to_utc(seconds_expression) -%}
    to_timestamp_ntz(cast({{ seconds_expression }} as bigint))
{%- endmacro %}

{% macro snowflake__regexp_extract_group(text_expression, pattern, group_number) -%}
    regexp_substr({{ text_expression }}, '{{ pattern }}', 1, 1, 'e', {{ group_number }})
{%- endmacro %}


{#- BigQuery: JSON is the JSON type; a median is a percentile over the
    group's values (BigQuery has no exact median aggregate). -#}

{% macro bigquery__json_parse(json_text) -%}
    safe.parse_json({{ json_text }})
{%- endmacro %}

{% macro bigquery__json_is_valid(json_text) -%}
    (safe.parse_json({{ json_text }}) is not null)
{%- endmacro %}

{% macro bigquery__json_text(json_expression, path) -%}
    case
        when json_type(json_query({{ json_expression }}, '$.{{ path }}')) in ('object', 'array')
            then to_json_string(json_query({{ json_expression }}, '$.{{ path }}'))
        else json_value({{ json_expression }}, '$.{{ path }}')
    end
{%- endmacro %}

{% macro bigquery__json_array_length(json_expression, path) -%}
    case
        when json_type(json_query({{ json_expression }}, '$.{{ path }}')) = 'array'
            then array_length(json_query_array({{ json_expression }}, '$.{{ path }}'))
        when json_query({{ json_expression }}, '$.{{ path }}') is not null then 0
    end
{%- endmacro %}

{% macro bigquery__json_joined_strings(json_expression, array_path, field, separator) -%}
    {%- set label = "lower(json_value(array_element, '$" ~ ('.' ~ field if field else '') ~ "'))" -%}
    case
        when json_type(json_query({{ json_expression }}, '$.{{ array_path }}')) = 'array'
            then coalesce((
                select string_agg({{ label }}, '{{ separator }}' order by {{ label }})
                from unnest(json_query_array({{ json_expression }}, '$.{{ array_path }}')) as array_element
            ), '')
    end
{%- endmacro %}

{% macro bigquery__json_array_left_join(json_expression, path, alias) -%}
    left join unnest(array(
        select as struct array_element as element, array_offset + 1 as element_index
        from unnest(
            case
                when json_type(json_query({{ json_expression }}, '$.{{ path }}')) = 'array'
                    then json_query_array({{ json_expression }}, '$.{{ path }}')
            end
        ) as array_element with offset as array_offset
    )) as {{ alias }}
{%- endmacro %}

{% macro bigquery__to_utc_timestamp(text_expression) -%}
    case
        when regexp_contains(trim({{ text_expression }}), '{{ token_outcomes.iso_timestamp_pattern() }}')
            then safe_cast(trim({{ text_expression }}) as timestamp)
    end
{%- endmacro %}

{% macro bigquery__unix_seconds_to_utc(seconds_expression) -%}
    timestamp_seconds(cast({{ seconds_expression }} as int64))
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    (
        select percentile_cont(group_value, 0.5) over ()
        from unnest(array_agg({{ expression }} ignore nulls)) as group_value
        limit 1
    )
{%- endmacro %}

{% macro bigquery__regexp_extract_group(text_expression, pattern, group_number) -%}
    {%- if group_number != 1 -%}
        {{ exceptions.raise_compiler_error("regexp_extract_group on BigQuery reads the first group only") }}
    {%- endif -%}
    regexp_extract({{ text_expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}

{% macro bigquery__decimal_text(expression, places) -%}
    format('%.{{ places }}f', cast({{ expression }} as numeric))
{%- endmacro %}
