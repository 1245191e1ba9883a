{{ config(enabled=var('enable_gateway') and var('enable_otlp'), **incremental_config('external_ref')) }}

{%- set span = json_fields([
    'traceId',
    'spanId',
    'name',
    'startTimeUnixNano'
], parsed='span_json', texts='span_texts') %}
{%- set attribute = json_fields([
    'key',
    'value.stringValue',
    'value.intValue',
    'value.doubleValue',
    'value.boolValue'
], parsed='attribute_json', texts='attribute_texts') %}
{#- The attributes read off a span, by the OpenTelemetry GenAI semantic
    conventions (and the user conventions for who made the request). -#}
{%- set span_attributes = {
    'gen_ai.operation.name': 'operation_name',
    'gen_ai.provider.name': 'provider_name_attribute',
    'gen_ai.system': 'system_attribute',
    'gen_ai.request.model': 'request_model',
    'gen_ai.response.model': 'response_model',
    'gen_ai.usage.input_tokens': 'input_tokens_text',
    'gen_ai.usage.output_tokens': 'output_tokens_text',
    'gen_ai.usage.cache_read.input_tokens': 'cache_read_tokens_text',
    'gen_ai.usage.cache_creation.input_tokens': 'cache_creation_tokens_text',
    'user.email': 'span_user_email',
    'user.id': 'span_user_id',
    'enduser.id': 'span_enduser_id'
} %}
{%- set resource_attributes = {
    'service.name': 'service_name',
    'user.email': 'resource_user_email',
    'user.id': 'resource_user_id',
    'enduser.id': 'resource_enduser_id'
} %}

-- Every GenAI span of every landed OpenTelemetry Collector file-exporter
-- line (OTLP/JSON: one export request per line, `resourceSpans[]`,
-- `scopeSpans[]`, `spans[]`, attributes as key/value lists), whatever its
-- quality, with the reason it cannot be used if any. A span with no
-- `gen_ai.` attribute (an HTTP or database span of the same service) is
-- not usage: a line holding only such spans yields no row.
with

records as (
    {{ landed_json_records(source('gateway', 'otlp_traces')) }}
),

resource_rows as (
    {{ json_array_rows('records', 'record_json', 'resourceSpans') }}
),

resources as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        element as resource_json,
        element_index as resource_index
    from resource_rows
),

resource_attribute_rows as (
    {{ json_array_rows('resources', 'resource_json', 'resource.attributes') }}
),

resource_attribute_values as (
    select
        resource_attribute_rows.*,
        {{ json_field_texts('resource_attribute_rows.element', attribute) }}
        resource_attribute_rows.element as attribute_json
    from resource_attribute_rows
),

-- One row per resource: its attributes by name.
resource_fields as (
    select
        _source_file,
        _line_number,
        resource_index,
        max(case when {{ json_text(attribute, 'key') }} = 'service.name'
            then {{ json_text(attribute, 'value.stringValue') }} end) as service_name,
        max(case when {{ json_text(attribute, 'key') }} = 'user.email'
            then {{ json_text(attribute, 'value.stringValue') }} end) as resource_user_email,
        max(case when {{ json_text(attribute, 'key') }} in ('user.id', 'enduser.id')
            then {{ json_text(attribute, 'value.stringValue') }} end) as resource_user_id
    from resource_attribute_values
    group by _source_file, _line_number, resource_index
),

scope_rows as (
    {{ json_array_rows('resources', 'resource_json', 'scopeSpans') }}
),

scopes as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        resource_index,
        element as scope_json,
        element_index as scope_index
    from scope_rows
),

span_rows as (
    {{ json_array_rows('scopes', 'scope_json', 'spans') }}
),

spans as (
    select
        span_rows.*,
        {{ json_field_texts('span_rows.element', span) }}
        span_rows.element as span_json,
        span_rows.element_index as span_index
    from span_rows
),

span_fields as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        resource_index,
        scope_index,
        span_index,
        -- Ids are hexadecimal, case-insensitive; '' is no id.
        nullif(lower({{ json_text(span, 'traceId') }}), '') as trace_id,
        nullif(lower({{ json_text(span, 'spanId') }}), '') as span_id,
        {{ json_text(span, 'name') }} as span_name,
        -- Unix nanoseconds, a number in a string (or a number).
        {{ json_text(span, 'startTimeUnixNano') }} as started_at_text,
        span_json
    from spans
),

span_attribute_rows as (
    {{ json_array_rows('span_fields', 'span_json', 'attributes') }}
),

span_attribute_values as (
    select
        span_attribute_rows.*,
        {{ json_field_texts('span_attribute_rows.element', attribute) }}
        span_attribute_rows.element as attribute_json
    from span_attribute_rows
),

-- One row per span: its attributes by name (an int64 comes as a string, a
-- number may come as a double).
span_values as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        resource_index,
        scope_index,
        span_index,
        trace_id,
        span_id,
        span_name,
        started_at_text,
        {%- for attribute_name, column in span_attributes.items() %}
        max(case when {{ json_text(attribute, 'key') }} = '{{ attribute_name }}' then coalesce(
            {{ json_text(attribute, 'value.stringValue') }}, {{ json_text(attribute, 'value.intValue') }},
            {{ json_text(attribute, 'value.doubleValue') }}, {{ json_text(attribute, 'value.boolValue') }}
        ) end) as {{ column }},
        {%- endfor %}
        max(case when {{ json_text(attribute, 'key') }} like 'gen\_ai.%' escape '\' then 1 else 0 end) = 1
            as has_gen_ai_attribute
    from span_attribute_values
    group by
        _source_file, _source_file_bytes, _line_number, _extracted_at, _line, is_valid_json, is_json_object,
        resource_index, scope_index, span_index, trace_id, span_id, span_name, started_at_text
),

typed as (
    select
        span_values.*,
        resource_fields.service_name,
        {{ epoch_to_utc(whole_number('span_values.started_at_text')) }} as started_at,
        {{ whole_number('input_tokens_text') }} as input_tokens,
        {{ whole_number('output_tokens_text') }} as output_tokens,
        {{ whole_number('cache_read_tokens_text') }} as cache_read_tokens,
        {{ whole_number('cache_creation_tokens_text') }} as cache_creation_tokens,
        coalesce(response_model, request_model) as model_id,
        coalesce(provider_name_attribute, system_attribute) as provider_name,
        -- The person: the span's user, else the resource's (a collector
        -- that stamps every span of a developer's machine).
        coalesce(
            span_user_email, resource_fields.resource_user_email, span_user_id, span_enduser_id,
            resource_fields.resource_user_id
        ) as user_identifier
    from span_values
    left join resource_fields
        on
            span_values._source_file = resource_fields._source_file
            and span_values._line_number = resource_fields._line_number
            and span_values.resource_index = resource_fields.resource_index
    -- A span that says nothing of GenAI is not usage (a line that is not a
    -- record at all is kept, to be quarantined).
    where has_gen_ai_attribute or not is_valid_json or not is_json_object or span_values.resource_index is null
),

validated as (
    select
        *,
        case when user_identifier like '%@%' then 'email' when user_identifier is not null then 'otel_user' end
            as identity_system,
        case
            when user_identifier like '%@%' then {{ canonical_email('user_identifier') }} else user_identifier
        end as identity_key,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when resource_index is null then 'missing_usage_array'
            when trace_id is null or span_id is null or started_at_text is null then 'missing_external_key'
            when {{ is_unparseable('started_at_text', 'started_at') }} then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('started_at') }} then 'implausible_timestamp'
            when
                {{ is_unparseable('input_tokens_text', 'input_tokens') }}
                or {{ is_unparseable('output_tokens_text', 'output_tokens') }}
                or {{ is_unparseable('cache_read_tokens_text', 'cache_read_tokens') }}
                or {{ is_unparseable('cache_creation_tokens_text', 'cache_creation_tokens') }} then 'unreadable_number'
            when {{ has_negative(['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens']) }}
                then 'negative_tokens'
            -- The conventions count cache reads and writes in input_tokens.
            when
                coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0) > coalesce(input_tokens, 0)
                then 'cached_tokens_exceed_input'
            when {{ has_implausible_tokens(['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens']) }}
                then 'implausible_token_count'
        end as _quarantine_reason,
        -- The span's place in its line (resource, scope, span), as the other
        -- multi-record lines number their elements.
        row_number() over (
            partition by _source_file, _line_number order by resource_index, scope_index, span_index
        ) as _element_index,
        -- A span id is unique within its trace.
        {{ dbt.concat(["'otel:span:'", key_part('trace_id'), "':'", key_part('span_id')]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated', ['_element_index']) }} as versions
)

select * from final
