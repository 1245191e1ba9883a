{% test expression_is_true(model, expression, where_clause=none) %}
    {#- Fails on every row for which `expression` is not true. -#}
    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
    {%- if where_clause %}
        and ({{ where_clause }})
    {%- endif %}
{% endtest %}


{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is not null
        and (
            false
            {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
            {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
        )
{% endtest %}


{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}


{% test all_landed_records_parsed(model, source_name, table_name, empty_array_path=none) %}
    {#- Every landed record (file, line) has at least one row in the parsed
        model: nothing is dropped between landing and staging. For JSON
        lines, a line whose array at `empty_array_path` is empty (an API
        bucket with no usage) holds no record and may yield no row. -#}
    {%- set valid_line = token_outcomes.json_is_valid('landed._line') %}
    with landed as (
        select *
        from {{ source(source_name, table_name) }}
    ),

    parsed as (
        select distinct _source_file, _line_number
        from {{ model }}
    ),

    missing as (
        select landed._source_file, landed._line_number
        from landed
        left join parsed
            on landed._source_file = parsed._source_file
            and landed._line_number = parsed._line_number
        where parsed._line_number is null
        {%- if empty_array_path %}
            and not coalesce(
                {{ valid_line }}
                and {{ token_outcomes.json_array_length(
                    'case when ' ~ valid_line ~ ' then ' ~ token_outcomes.json_parse('landed._line') ~ ' end', empty_array_path
                ) }} = 0,
                false
            )
        {%- endif %}
    )

    select * from missing
{% endtest %}
