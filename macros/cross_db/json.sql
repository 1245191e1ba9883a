{#
    JSON access for raw vendor records kept as text. Paths are dotted
    ('base.repo.full_name'); every macro returns null for null input, so a
    malformed line (nulled before parsing) yields nulls instead of an error.
#}

{% macro json_is_valid(json_text) -%}
    {{ return(adapter.dispatch('json_is_valid', 'token_outcomes')(json_text)) }}
{%- endmacro %}

{% macro default__json_is_valid(json_text) -%}
    coalesce(json_valid({{ json_text }}), false)
{%- endmacro %}


{% macro json_text(json_expression, path) -%}
    {{ return(adapter.dispatch('json_text', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_text(json_expression, path) -%}
    json_extract_string({{ json_expression }}, '$.{{ path }}')
{%- endmacro %}

{% macro postgres__json_text(json_expression, path) -%}
    (cast({{ json_expression }} as jsonb) #>> '{ {{- path.split('.') | join(',') -}} }')
{%- endmacro %}


{% macro json_object(json_expression, path) -%}
    {#- The JSON text of a nested object or array (null when absent). -#}
    {{ return(adapter.dispatch('json_object', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_object(json_expression, path) -%}
    cast(json_extract({{ json_expression }}, '$.{{ path }}') as {{ dbt.type_string() }})
{%- endmacro %}


{% macro json_type(json_expression, path) -%}
    {#- 'ARRAY', 'OBJECT', 'VARCHAR', 'BIGINT', 'NULL', ... ; null when absent. -#}
    {{ return(adapter.dispatch('json_type', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_type(json_expression, path) -%}
    upper(json_type({{ json_expression }}, '$.{{ path }}'))
{%- endmacro %}


{% macro json_array_length(json_expression, path) -%}
    {{ return(adapter.dispatch('json_array_length', 'token_outcomes')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_array_length(json_expression, path) -%}
    json_array_length({{ json_expression }}, '$.{{ path }}')
{%- endmacro %}


{% macro json_joined_strings(json_expression, array_path, field=none, separator=',') -%}
    {#- The `field` of every element of an array (or the elements themselves
        when they are strings and `field` is none), lowercased, sorted and
        joined: a portable, comparable form of label lists. Null when the
        array is absent; '' when it is empty. -#}
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


{% macro json_array_left_join(json_expression, path, alias) -%}
    {#- A join clause exposing one row per element of the array at `path`
        as <alias>.element (JSON text) and <alias>.element_index (1-based).
        A row whose array is absent or empty is kept once, with nulls. -#}
    {{ return(adapter.dispatch('json_array_left_join', 'token_outcomes')(json_expression, path, alias)) }}
{%- endmacro %}

{% macro default__json_array_left_join(json_expression, path, alias) -%}
    left join unnest(
        cast(json_extract({{ json_expression }}, '$.{{ path }}[*]') as {{ dbt.type_string() }}[])
    ) with ordinality as {{ alias }} (element, element_index) on true
{%- endmacro %}

{% macro postgres__json_array_left_join(json_expression, path, alias) -%}
    left join lateral jsonb_array_elements(
        case
            when jsonb_typeof(cast({{ json_expression }} as jsonb) #> '{ {{- path.split('.') | join(',') -}} }') = 'array'
                then cast({{ json_expression }} as jsonb) #> '{ {{- path.split('.') | join(',') -}} }'
        end
    ) with ordinality as {{ alias }} (element, element_index) on true
{%- endmacro %}
