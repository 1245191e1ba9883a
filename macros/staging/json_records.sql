{% macro landed_json_records(source_relation, fields=none) -%}
    {#- The landed lines with their JSON parsed (json_parse) and nulled when
        it does not parse, so every JSON function downstream returns null
        instead of failing; with json_fields, those fields extracted in the
        same pass where the engine needs it. -#}
    {%- set field_texts = token_outcomes.json_extract_texts('_line', fields.paths) | trim if fields else '' %}
    select
        _source_file,
        _line_number,
        _extracted_at,
        {{ token_outcomes.json_is_valid('_line') }} as is_valid_json,
        {%- if field_texts %}
        case when {{ token_outcomes.json_is_valid('_line') }} then {{ field_texts }} end as {{ fields.texts }},
        {%- endif %}
        case when {{ token_outcomes.json_is_valid('_line') }} then {{ token_outcomes.json_parse('_line') }} end as record_json,
        -- Only a line that does not parse is kept as text: a parsed one is
        -- its fields, and stays in its landing file.
        case when not {{ token_outcomes.json_is_valid('_line') }} then _line end as _line
    from {{ source_relation }}
    {{ token_outcomes.new_landing_files_only() }}
{%- endmacro %}


{% macro json_bigint(json_expression, path) -%}
    {{ dbt.safe_cast(token_outcomes.json_text(json_expression, path), api.Column.translate_type('bigint')) }}
{%- endmacro %}


{% macro json_number(json_expression, path) -%}
    {{ dbt.safe_cast(token_outcomes.json_text(json_expression, path), dbt.type_numeric()) }}
{%- endmacro %}


{% macro is_unparseable(text_column, parsed_column) -%}
    {#- A value was given but could not be read: quarantine, never null it. -#}
    ({{ text_column }} is not null and {{ parsed_column }} is null)
{%- endmacro %}


{% macro key_part(expression) -%}
    {#- One component of an external_ref: text, '' for null. -#}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), '')
{%- endmacro %}
