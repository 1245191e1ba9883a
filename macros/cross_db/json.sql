{#
    JSON access for raw vendor records kept as text. A record is parsed once
    with json_parse (DuckDB: the text itself; PostgreSQL: jsonb; Spark 4
    and Snowflake: a VARIANT; BigQuery: the JSON type), and every other
    macro here takes that parsed value, or an element exposed by
    json_array_left_join. Paths are dotted, with [n] for an array element
    ('base.repo.full_name', 'assignments[0].assignee.id'). Every macro
    returns null for null input, so a malformed line (nulled before
    parsing) yields nulls instead of an error.
    Each family holds every engine's variant. The snowflake__ and bigquery__
    ones are written from the vendors' SQL references and have never run
    (no account is reachable from the machines that test this project:
    README, "Engines"); Databricks runs the spark__ ones.
#}

{% macro json_path_elements(path) -%}
    {#- 'assignments[0].assignee.id' -> ['assignments', '0', 'assignee', 'id']:
        the path as PostgreSQL's #> and #>> operators take it. -#}
    {%- set elements = [] -%}
    {%- for part in path.replace('[', '.').replace(']', '').split('.') if part -%}
        {%- do elements.append(part) -%}
    {%- endfor -%}
    {{ return(elements) }}
{%- endmacro %}

{% macro postgres_json_path(path) -%}
    '{ {{- token_outcomes.json_path_elements(path) | join(',') -}} }'
{%- endmacro %}


{% macro json_parse(json_text) -%}
    {#- The parsed form of a JSON text that the other macros read; only
        called on text that json_is_valid accepted. -#}
    {{ return(adapter.dispatch('json_parse', 'token_outcomes')(json_text)) }}
{%- endmacro %}

{% macro default__json_parse(json_text) -%}
    {{ json_text }}
{%- endmacro %}

{% macro postgres__json_parse(json_text) -%}
    cast({{ json_text }} as jsonb)
{%- endmacro %}

{% macro spark__json_parse(json_text) -%}
    try_parse_json({{ json_text }})
{%- endmacro %}

{% macro snowflake__json_parse(json_text) -%}
    try_parse_json({{ json_text }})
{%- endmacro %}

{% macro bigquery__json_parse(json_text) -%}
    safe.parse_json({{ json_text }})
{%- endmacro %}


{% macro json_fields(paths, parsed='record_json', texts='record_texts') -%}
    {#- The fields a model reads from each landed record, declared once so
        that an engine whose JSON stays text (DuckDB) extracts them all in
        one pass over the record instead of parsing it again per field
        (measured: 60 times faster on GitHub pull requests). Pass it to
        landed_json_records, then to json_text / json_bigint / json_number
        in place of the parsed column. -#}
    {{ return({'paths': paths, 'parsed': parsed, 'texts': texts}) }}
{%- endmacro %}

{% macro json_extract_texts(json_text, paths) -%}
    {#- All `paths` of a JSON text in one pass, as one value read by
        json_field_text; empty on engines that parse a record once anyway
        (json_parse), where the fields are read from the parsed value. -#}
    {{ return(adapter.dispatch('json_extract_texts', 'token_outcomes')(json_text, paths)) }}
{%- endmacro %}

{% macro default__json_extract_texts(json_text, paths) -%}
{%- endmacro %}

{% macro duckdb__json_extract_texts(json_text, paths) -%}
    json_extract_string({{ json_text }}, [
        {%- for path in paths %}'$.{{ path }}'{{ ', ' if not loop.last }}{% endfor -%}
    ])
{%- endmacro %}

{% macro json_field_texts(json_text, fields) -%}
    {#- `<the fields' texts> as <fields.texts>,` where the engine extracts
        fields in one pass (DuckDB), nothing elsewhere: written first in a
        select list over a JSON text, such as an array element. -#}
    {%- set texts = token_outcomes.json_extract_texts(json_text, fields.paths) | trim -%}
    {%- if texts %}{{ texts }} as {{ fields.texts }},{% endif -%}
{%- endmacro %}

{% macro json_field_text(fields, path) -%}
    {{ return(adapter.dispatch('json_field_text', 'token_outcomes')(fields, path)) }}
{%- endmacro %}

{% macro default__json_field_text(fields, path) -%}
    {{ token_outcomes.json_text(fields.parsed, path) }}
{%- endmacro %}

{% macro duckdb__json_field_text(fields, path) -%}
    {%- if path not in fields.paths -%}
        {{ exceptions.raise_compiler_error("json_text: '" ~ path ~ "' is not one of the json_fields " ~ fields.paths | join(', ')) }}
    {%- endif -%}
    {{ fields.texts }}[{{ fields.paths.index(path) + 1 }}]
{%- endmacro %}


{% macro json_is_valid(json_text) -%}
    {#- True when the text is one well-formed JSON value; false for null. -#}
    {{ return(adapter.dispatch('json_is_valid', 'token_outcomes')(json_text)) }}
{%- endmacro %}

{% macro default__json_is_valid(json_text) -%}
    coalesce(json_valid({{ json_text }}), false)
{%- endmacro %}

{% macro postgres__json_is_valid(json_text) -%}
    ({{ token_outcomes.postgres__try_cast(json_text, 'jsonb') }} is not null)
{%- endmacro %}

{% macro spark__json_is_valid(json_text) -%}
    (try_parse_json({{ json_text }}) is not null)
{%- endmacro %}

{% macro snowflake__json_is_valid(json_text) -%}
    (try_parse_json({{ json_text }}) is not null)
{%- endmacro %}

{% macro bigquery__json_is_valid(json_text) -%}
    (safe.parse_json({{ json_text }}) is not null)
{%- endmacro %}


{% macro json_text(json_expression, path) -%}
    {#- The value at `path` as text: a string unquoted, a number or boolean
        as written, an object or array as JSON; null when absent or null.
        `json_expression` is a parsed value, or the json_fields of a record
        (then `path` must be one of its paths). -#}
    {%- if json_expression is mapping -%}
        {{ return(token_outcomes.json_field_text(json_expression, path)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('json_text', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_text(json_expression, path) -%}
    json_extract_string({{ json_expression }}, '$.{{ path }}')
{%- endmacro %}

{% macro postgres__json_text(json_expression, path) -%}
    (cast({{ json_expression }} as jsonb) #>> {{ token_outcomes.postgres_json_path(path) }})
{%- endmacro %}

{% macro spark__json_text(json_expression, path) -%}
    try_variant_get({{ json_expression }}, '$.{{ path }}', 'string')
{%- endmacro %}

{% macro snowflake__json_text(json_expression, path) -%}
    cast(get_path({{ json_expression }}, '{{ path }}') as varchar)
{%- endmacro %}

{% macro bigquery__json_text(json_expression, path) -%}
    case
        when json_type(json_query({{ json_expression }}, '$.{{ path }}')) in ('object', 'array')
            then to_json_string(json_query({{ json_expression }}, '$.{{ path }}'))
        else json_value({{ json_expression }}, '$.{{ path }}')
    end
{%- endmacro %}


{% macro json_is_object(json_expression) -%}
    {#- True when a parsed JSON value (a record, or an array element) is an
        object; false for an array, a number, a string, true, false or a
        JSON null; null for a SQL null. -#}
    {{ return(adapter.dispatch('json_is_object', 'token_outcomes')(json_expression)) }}
{%- endmacro %}

{% macro default__json_is_object(json_expression) -%}
    json_type({{ json_expression }}) = 'OBJECT'
{%- endmacro %}

{% macro duckdb__json_is_object(json_expression) -%}
    {#- DuckDB keeps valid JSON as text: an object is the one value that
        starts with a brace, and reading one character is cheaper than
        parsing the record again. -#}
    left(ltrim(cast({{ json_expression }} as {{ dbt.type_string() }}), ' ' || chr(9) || chr(10) || chr(13)), 1) = '{'
{%- endmacro %}

{% macro postgres__json_is_object(json_expression) -%}
    jsonb_typeof(cast({{ json_expression }} as jsonb)) = 'object'
{%- endmacro %}

{% macro spark__json_is_object(json_expression) -%}
    startswith(schema_of_variant({{ json_expression }}), 'OBJECT')
{%- endmacro %}


{% macro json_is_array(json_expression, path) -%}
    {#- True when the value at `path` is an array (empty or not); false when
        it is absent, null or anything else. -#}
    {{ return(adapter.dispatch('json_is_array', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_is_array(json_expression, path) -%}
    coalesce(json_type({{ json_expression }}, '$.{{ path }}') = 'ARRAY', false)
{%- endmacro %}

{% macro postgres__json_is_array(json_expression, path) -%}
    coalesce(jsonb_typeof(cast({{ json_expression }} as jsonb) #> {{ token_outcomes.postgres_json_path(path) }}) = 'array', false)
{%- endmacro %}

{% macro spark__json_is_array(json_expression, path) -%}
    (try_variant_get({{ json_expression }}, '$.{{ path }}', 'array<variant>') is not null)
{%- endmacro %}


{% macro json_array_length(json_expression, path) -%}
    {#- Elements of the array at `path`; 0 when the value there is not an
        array; null when the path is absent. -#}
    {{ return(adapter.dispatch('json_array_length', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_array_length(json_expression, path) -%}
    json_array_length({{ json_expression }}, '$.{{ path }}')
{%- endmacro %}

{% macro postgres__json_array_length(json_expression, path) -%}
    {%- set value = 'cast(' ~ json_expression ~ ' as jsonb) #> ' ~ token_outcomes.postgres_json_path(path) -%}
    case
        when jsonb_typeof({{ value }}) = 'array' then cast(jsonb_array_length({{ value }}) as bigint)
        when {{ value }} is not null then cast(0 as bigint)
    end
{%- endmacro %}

{% macro spark__json_array_length(json_expression, path) -%}
    case
        when try_variant_get({{ json_expression }}, '$.{{ path }}', 'array<variant>') is not null
            then cast(array_size(try_variant_get({{ json_expression }}, '$.{{ path }}', 'array<variant>')) as bigint)
        when try_variant_get({{ json_expression }}, '$.{{ path }}', 'variant') is not null then cast(0 as bigint)
    end
{%- endmacro %}

{% macro snowflake__json_array_length(json_expression, path) -%}
    case
        when is_array(get_path({{ json_expression }}, '{{ path }}'))
            then cast(array_size(get_path({{ json_expression }}, '{{ path }}')) as bigint)
        when get_path({{ json_expression }}, '{{ path }}') is not null then cast(0 as bigint)
    end
{%- endmacro %}

{% macro bigquery__json_array_length(json_expression, path) -%}
    case
        when json_type(json_query({{ json_expression }}, '$.{{ path }}')) = 'array'
            then array_length(json_query_array({{ json_expression }}, '$.{{ path }}'))
        when json_query({{ json_expression }}, '$.{{ path }}') is not null then 0
    end
{%- endmacro %}


{% macro json_joined_strings(json_expression, array_path, field=none, separator=',') -%}
    {#- The `field` of every element of an array (or the elements themselves
        when they are strings and `field` is none), lowercased, sorted
        bytewise and joined: a portable, comparable form of label lists.
        Null when the array is absent; '' when it is empty. -#}
    {{ return(adapter.dispatch('json_joined_strings', 'token_outcomes')(json_expression, array_path, field, separator)) }}
{%- endmacro %}

{% macro default__json_joined_strings(json_expression, array_path, field, separator) -%}
    case
        when json_type({{ json_expression }}, '$.{{ array_path }}') = 'ARRAY'
            then array_to_string(
                list_sort(list_transform(
                    json_extract_string({{ json_expression }}, '$.{{ array_path }}[*]{{ '.' ~ field if field else '' }}'),
                    lambda label_name: lower(label_name)
                )),
                '{{ separator }}'
            )
    end
{%- endmacro %}

{% macro postgres__json_joined_strings(json_expression, array_path, field, separator) -%}
    {%- set value = 'cast(' ~ json_expression ~ ' as jsonb) #> ' ~ token_outcomes.postgres_json_path(array_path) -%}
    {%- set label = 'lower(array_element #>> ' ~ token_outcomes.postgres_json_path(field or '') ~ ')' -%}
    case
        when jsonb_typeof({{ value }}) = 'array'
            then coalesce((
                select string_agg({{ label }}, '{{ separator }}' order by {{ label }} collate "C")
                from jsonb_array_elements({{ value }}) as array_elements (array_element)
            ), '')
    end
{%- endmacro %}

{% macro spark__json_joined_strings(json_expression, array_path, field, separator) -%}
    {%- set value = "try_variant_get(" ~ json_expression ~ ", '$." ~ array_path ~ "', 'array<variant>')" -%}
    case
        when {{ value }} is not null
            then array_join(
                array_sort(transform(
                    {{ value }},
                    array_element -> lower(try_variant_get(array_element, '${{ '.' ~ field if field else '' }}', 'string'))
                )),
                '{{ separator }}'
            )
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


{% macro json_array_rows(relation, json_column, path, row_key=['_source_file', '_line_number']) -%}
    {#- A select of every row of `relation` once per element of the array at
        `path` in its parsed JSON column, with the element as `element`
        (parsed JSON) and its 1-based position as `element_index` (bigint).
        A row whose array is absent or empty is kept once, with nulls. Read
        the record before this step: the JSON column may not follow.
        `row_key`: the columns that identify a row of `relation` (a landed
        line; a line and the indexes of the arrays unnested before). -#}
    {{ return(adapter.dispatch('json_array_rows', 'token_outcomes')(relation, json_column, path, row_key)) }}
{%- endmacro %}

{% macro default__json_array_rows(relation, json_column, path, row_key) -%}
    select
        {{ relation }}.*,
        array_elements.element,
        array_elements.element_index
    from {{ relation }}
    {{ token_outcomes.json_array_left_join(relation ~ '.' ~ json_column, path, 'array_elements') }}
{%- endmacro %}

{% macro duckdb__json_array_rows(relation, json_column, path, row_key) -%}
    {#- DuckDB: unnest in the select list, of the row's key only, and the
        row's other columns joined back by the key. A lateral join carried
        (and compared) the whole record once per element, and so does an
        unnest whose row carries any column computed from the record: DuckDB
        then carries the record through the unnest (measured: at 10 million
        events, a day's Messages usage bucket is about 750 KB with 1,600
        results, and the model ran out of memory at 6 GB, and at 12, while
        the unnest of keys alone took 6 s). The record is parsed into its
        list of elements first and left behind; the two unnests run side by
        side (an empty or absent array gives one row of nulls). -#}
    select
        {{ relation }}_rows.*,
        {{ relation }}_elements.element,
        {{ relation }}_elements.element_index
    from (select * exclude ({{ json_column }}) from {{ relation }}) as {{ relation }}_rows
    inner join (
        select
            * exclude (array_elements),
            unnest(coalesce(nullif(array_elements, []), [null])) as element,
            unnest(coalesce(nullif(range(1, len(array_elements) + 1), []), [null])) as element_index
        from (
            select
                {{ row_key | join(', ') }},
                cast(json_extract({{ json_column }}, '$.{{ path }}[*]') as {{ dbt.type_string() }}[]) as array_elements
            from {{ relation }}
        ) as {{ relation }}_arrays
    ) as {{ relation }}_elements
        on
        {%- for column in row_key %}
            {{ 'and ' if not loop.first }}{{ relation }}_rows.{{ column }} is not distinct from {{ relation }}_elements.{{ column }}
        {%- endfor %}
{%- endmacro %}


{% macro json_array_left_join(json_expression, path, alias) -%}
    {#- A join clause, written right after the FROM relation, exposing one
        row per element of the array at `path` as <alias>.element (parsed
        JSON) and <alias>.element_index (1-based bigint). A row whose array
        is absent or empty is kept once, with nulls. Used by
        json_array_rows on the engines whose lateral joins do not copy the
        row. -#}
    {{ return(adapter.dispatch('json_array_left_join', 'token_outcomes')(json_expression, path, alias)) }}
{%- endmacro %}

{% macro default__json_array_left_join(json_expression, path, alias) -%}
    left join unnest(
        cast(json_extract({{ json_expression }}, '$.{{ path }}[*]') as {{ dbt.type_string() }}[])
    ) with ordinality as {{ alias }} (element, element_index) on true
{%- endmacro %}

{% macro postgres__json_array_left_join(json_expression, path, alias) -%}
    {%- set value = 'cast(' ~ json_expression ~ ' as jsonb) #> ' ~ token_outcomes.postgres_json_path(path) -%}
    left join lateral jsonb_array_elements(
        case when jsonb_typeof({{ value }}) = 'array' then {{ value }} end
    ) with ordinality as {{ alias }} (element, element_index) on true
{%- endmacro %}

{% macro spark__json_array_left_join(json_expression, path, alias) -%}
    {#- A struct column named like the alias, so <alias>.element reads its field. -#}
    lateral view outer explode(
        transform(
            try_variant_get({{ json_expression }}, '$.{{ path }}', 'array<variant>'),
            (array_element, array_position) -> named_struct(
                'element', array_element, 'element_index', cast(array_position + 1 as bigint)
            )
        )
    ) {{ alias }}_elements as {{ alias }}
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
