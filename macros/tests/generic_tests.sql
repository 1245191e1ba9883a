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


{% test all_landed_records_parsed(model, source_name, table_name, empty_array_path=none, record_marker=none) %}
    {#- Every landed record (file, line) has at least one row in the parsed
        model: nothing is dropped between landing and staging. For JSON
        lines, a line whose array at `empty_array_path` is empty (an API
        bucket with no usage) holds no record and may yield no row; so may
        a valid line whose text does not contain `record_marker` (an
        OpenTelemetry export of a service's HTTP spans holds no
        `gen_ai.usage.` attribute, and no request). A line that contains
        the marker and yields no row is reported: the test errs towards
        looking.
        Only the files this invocation parsed (and any not parsed at all)
        are read (see landing_files_to_check): at 100 million events,
        re-reading every landed file on every run cost more than the run
        itself. Of those, only the files with fewer parsed lines than
        landed ones are paired line by line, to name the missing ones (see
        files_short_of_parsed_lines). -#}
    {%- set valid_line = token_outcomes.json_is_valid('landed._line') %}
    {%- set files_to_check = token_outcomes.files_short_of_parsed_lines(
        model, source_name, table_name,
        token_outcomes.landing_files_to_check(model, source_name, table_name)
    ) %}
    with landed as (
        select *
        from {{ token_outcomes.landing_relation(source_name, table_name) }}
        where {{ token_outcomes.in_source_files(files_to_check) }}
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
        {%- if record_marker %}
            and not coalesce(
                {{ valid_line }}
                and landed._line not like {{ token_outcomes.sql_string('%' ~ record_marker ~ '%') }},
                false
            )
        {%- endif %}
    )

    select * from missing
{% endtest %}


{% macro landing_files_to_check(model, source_name, table_name) -%}
    {#- The landed files all_landed_records_parsed reads: those this dbt
        invocation loaded into the model and those with no row in it at
        all; none (every file) when this invocation loaded every file (a
        full build) or the model is not built yet. A base_ model parses a
        landed file once and never again (files are immutable), so a file
        is checked by the `dbt build` that parses it, as dbt's
        recency-limited tests do: that build fails if a record went
        missing, and `dbt build --full-refresh` checks every file again.
        Run the test in the same invocation as the model (dbt build, as
        every script here does); a later `dbt test` checks only the files
        with no row. Re-reading every file on every run instead cost more
        than the run itself at 100 million events (GitHub's 13 GB: 108 s).
        The list is written literally so DuckDB opens only those files. -#}
    {%- if not execute or adapter.get_relation(model.database, model.schema, model.identifier) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set model_files = run_query(
        'select _source_file, max(_loaded_at) = ' ~ token_outcomes.run_started_timestamp() ~ ' as loaded_now'
        ~ ' from ' ~ model ~ ' group by _source_file'
    ) -%}
    {%- set files_loaded_now = model_files.rows | selectattr(1) | map(attribute=0) | list -%}
    {%- if files_loaded_now and files_loaded_now | length == model_files.rows | length -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set known_files = model_files.columns[0].values() -%}
    {%- set unparsed_files = token_outcomes.landed_files(source_name, table_name) | reject('in', known_files) | list -%}
    {{ return(files_loaded_now + unparsed_files) }}
{%- endmacro %}


{% macro files_short_of_parsed_lines(model, source_name, table_name, files_to_check) -%}
    {#- Of `files_to_check` (none: every file), those with fewer distinct
        parsed lines in `model` than landed lines. A base_ model's rows
        come from landed lines, so as many parsed lines as landed ones
        means none is missing, and pairing the lines of that file one by
        one can only find nothing. Counting takes one narrow pass over
        each side; pairing all 100 million gateway lines took 86 s. A line
        that legitimately yields no row (an empty usage array) makes its
        file short, and the pairing then looks at it. -#}
    {%- if not execute or files_to_check is not none and files_to_check | length == 0 -%}
        {{ return(files_to_check) }}
    {%- endif -%}
    {#- `dbt compile` or `docs generate` before the first build: nothing to count. -#}
    {%- if adapter.get_relation(model.database, model.schema, model.identifier) is none -%}
        {{ return(files_to_check) }}
    {%- endif -%}
    {%- set file_filter = ' where ' ~ token_outcomes.in_source_files(files_to_check) -%}
    {%- set short_files = run_query(
        'select landed_files._source_file from ('
        ~ ' select _source_file, count(*) as landed_lines from ' ~ token_outcomes.landing_relation(source_name, table_name)
        ~ file_filter
        ~ ' group by _source_file) as landed_files left join ('
        ~ ' select _source_file, count(distinct _line_number) as parsed_lines from ' ~ model ~ file_filter
        ~ ' group by _source_file) as parsed_files on landed_files._source_file = parsed_files._source_file'
        ~ ' where coalesce(parsed_files.parsed_lines, 0) < landed_files.landed_lines'
    ) -%}
    {{ return(short_files.columns[0].values() | list) }}
{%- endmacro %}
