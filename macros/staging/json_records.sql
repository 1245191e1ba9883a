{% macro landed_json_records(source_relation, fields=none) -%}
    {#- The landed lines with their JSON parsed (json_parse) and nulled when
        it does not parse, so every JSON function downstream returns null
        instead of failing; with json_fields, those fields extracted in the
        same pass where the engine needs it. -#}
    {%- set field_texts = token_outcomes.json_extract_texts('_line', fields.paths) | trim if fields else '' %}
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        {{ token_outcomes.json_is_valid('_line') }} as is_valid_json,
        -- Valid JSON that is an array, a number or a string is not a record.
        case
            when {{ token_outcomes.json_is_valid('_line') }}
                then coalesce({{ token_outcomes.json_is_object(token_outcomes.json_parse('_line')) }}, false)
            else false
        end as is_json_object,
        {%- if field_texts %}
        case when {{ token_outcomes.json_is_valid('_line') }} then {{ field_texts }} end as {{ fields.texts }},
        {%- endif %}
        case when {{ token_outcomes.json_is_valid('_line') }} then {{ token_outcomes.json_parse('_line') }} end as record_json,
        -- Only a line that does not parse is kept as text: a parsed one is
        -- its fields, and stays in its landing file.
        case when not {{ token_outcomes.json_is_valid('_line') }} then _line end as _line
    from {{ source_relation }}
    where {{ token_outcomes.in_new_landing_files() }}
{%- endmacro %}


{% macro json_bigint(json_expression, path) -%}
    {#- A whole number at `path` (see whole_number); null when absent or unreadable. -#}
    {{ token_outcomes.whole_number(token_outcomes.json_text(json_expression, path)) }}
{%- endmacro %}


{% macro json_number(json_expression, path) -%}
    {{ dbt.safe_cast(token_outcomes.json_text(json_expression, path), dbt.type_numeric()) }}
{%- endmacro %}


{% macro json_decimal(json_expression, path) -%}
    {#- An amount at `path` (see decimal_number); null when absent or unreadable. -#}
    {{ token_outcomes.decimal_number(token_outcomes.json_text(json_expression, path)) }}
{%- endmacro %}


{% macro is_unparseable(text_column, parsed_column) -%}
    {#- A value was given but could not be read: quarantine, never null it. -#}
    ({{ text_column }} is not null and {{ parsed_column }} is null)
{%- endmacro %}


{% macro key_part(expression) -%}
    {#- One component of an external_ref: text, '' for null. -#}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), '')
{%- endmacro %}


{% macro whole_number(text_expression) -%}
    {#- A count read from text: a whole number that fits 64 bits, written
        as digits with an optional sign and an optional zero fraction
        ('12', '-3', '1000.0', as DuckDB prints 1e3); null for anything
        else (a fraction, a word, a boolean, an object, a number past 64
        bits), which staging quarantines as unreadable_number. A plain
        cast would round 1.5 to 2. -#}
    {{ dbt.safe_cast(
        token_outcomes.regexp_extract_group('trim(' ~ text_expression ~ ')', '^([+-]?[0-9]{1,19})([.]0*)?$', 1),
        api.Column.translate_type('bigint')
    ) }}
{%- endmacro %}


{% macro decimal_number(text_expression) -%}
    {#- An amount of money read from text: a number as JSON writes one,
        digits with an optional sign, fraction and exponent ('123.4567',
        '-0.5', '1.2e-05', '1E3'), in a JSON number or in a string. The
        exponent is read because the engines print a JSON number in that
        form (DuckDB '1e-07', Spark '1.2E-5'), and a number and the same
        value written in a string must read alike. Up to 26 digits before
        the point, 12 after (a finer fraction is rounded, never a whole
        amount). Null for anything else (an object, a boolean, a word, an
        empty string, NaN, Infinity, '1,5', '1_000', '.5', a hexadecimal
        number, an amount past 26 digits), which staging quarantines as
        unreadable_number: a plain cast would take DuckDB's '1_000' and
        PostgreSQL's 'NaN'. Negative amounts are amounts (credits). The size
        is checked as a double first: PostgreSQL's try_cast loses the
        precision of the type and would fail the cast after it on '1E400'. -#}
    {%- set number_text = token_outcomes.regexp_extract_group(
        'trim(' ~ text_expression ~ ')', '^([+-]?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?)$', 1
    ) -%}
    case
        when abs({{ dbt.safe_cast(number_text, token_outcomes.type_double()) }}) < 1e26
            then {{ dbt.safe_cast(number_text, api.Column.numeric_type('decimal', 38, 12)) }}
    end
{%- endmacro %}


{% macro has_unreadable_number(text_and_value_pairs) -%}
    {#- True when any (text, parsed value) pair holds a value that was given
        but could not be read as a number: `unreadable_number`. -#}
    (
        {%- for text_expression, value_expression in text_and_value_pairs %}
        {{ token_outcomes.is_unparseable(text_expression, value_expression) }}{{ ' or' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}


{% macro json_has_unreadable_number(json_expression, paths) -%}
    {#- has_unreadable_number over the whole numbers at `paths` of a JSON record. -#}
    {%- set pairs = [] -%}
    {%- for path in paths -%}
        {%- do pairs.append((
            token_outcomes.json_text(json_expression, path), token_outcomes.json_bigint(json_expression, path)
        )) -%}
    {%- endfor -%}
    {{ token_outcomes.has_unreadable_number(pairs) }}
{%- endmacro %}


{% macro has_negative(value_expressions) -%}
    {#- True when any of the values is below zero (nulls are not). -#}
    coalesce(
        {%- for value_expression in value_expressions %}
        {{ value_expression }} < 0{{ ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}


{% macro has_implausible_tokens(token_expressions) -%}
    {#- True when one token type, or all of them together, exceed
        var('max_tokens_per_usage_line'). Every type is checked on its own
        (a null in one never hides another), and the total is summed in
        decimal so that two counts near 64 bits cannot overflow. -#}
    (
        {%- for token_expression in token_expressions %}
        coalesce({{ token_expression }} > {{ var('max_tokens_per_usage_line') }}, false) or
        {%- endfor %}
        {% for token_expression in token_expressions -%}
        coalesce(cast({{ token_expression }} as {{ api.Column.numeric_type('decimal', 38, 0) }}), 0)
        {{- ' + ' if not loop.last }}
        {%- endfor %} > {{ var('max_tokens_per_usage_line') }}
    )
{%- endmacro %}


{% macro is_implausible_timestamp(timestamp_expression, floor_var='min_plausible_timestamp', extracted_at='_extracted_at') -%}
    {#- A time no real record carries: before the floor in var(floor_var)
        (1970 from a zero, a date typed without its century) or more than a
        day after the extract that holds it (9999, milliseconds read as
        seconds, a clock years ahead). Null times are not implausible. -#}
    coalesce(
        {{ timestamp_expression }} < cast('{{ var(floor_var) }}' as {{ dbt.type_timestamp() }})
        or {{ timestamp_expression }} > {{ dbt.dateadd('day', 1, extracted_at) }},
        false
    )
{%- endmacro %}


{% macro canonical_email(text_expression) -%}
    {#- An e-mail as a key: trimmed and lower-case, so two spellings of one
        address are one person and one key. -#}
    nullif(lower(trim({{ text_expression }})), '')
{%- endmacro %}


{% macro is_whole_utc_day(start_expression, end_expression) -%}
    {#- True when a usage bucket is one whole UTC day: it starts at midnight
        UTC and ends exactly a day later. Only such buckets reach the
        ledger: buckets of one grouping that are whole days never overlap,
        whatever window each extract asked for. -#}
    coalesce(
        {{ start_expression }} = {{ dbt.date_trunc('day', start_expression) }}
        and {{ end_expression }} = {{ dbt.dateadd('day', 1, start_expression) }},
        false
    )
{%- endmacro %}
