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
    {{ json_array_rows('resources', 'resource_json', 'resource.attributes', row_key=[
        '_source_file', '_line_number', 'resource_index'
    ]) }}
),

resource_attribute_values as (
    select
        resource_attribute_rows.*,
        {{ json_field_texts('resource_attribute_rows.element', attribute) }}
        resource_attribute_rows.element as attribute_json,
        {{ json_text('resource_attribute_rows.element', 'value.stringValue') }} as resource_value
    from resource_attribute_rows
),

-- One row per resource: the attributes it is read by.
resource_fields as (
    select
        _source_file,
        _line_number,
        resource_index,
        max(case when {{ json_text(attribute, 'key') }} = 'service.name' then resource_value end) as service_name,
        max(case when {{ json_text(attribute, 'key') }} = 'user.email' then resource_value end) as resource_user_email,
        max(case when {{ json_text(attribute, 'key') }} in ('user.id', 'enduser.id') then resource_value end)
            as resource_user_id
    from resource_attribute_values
    group by _source_file, _line_number, resource_index
),

scope_rows as (
    {{ json_array_rows('resources', 'resource_json', 'scopeSpans', row_key=[
        '_source_file', '_line_number', 'resource_index'
    ]) }}
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
    {{ json_array_rows('scopes', 'scope_json', 'spans', row_key=[
        '_source_file', '_line_number', 'resource_index', 'scope_index'
    ]) }}
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
    {{ json_array_rows('span_fields', 'span_json', 'attributes', row_key=[
        '_source_file', '_line_number', 'resource_index', 'scope_index', 'span_index'
    ]) }}
),

span_attribute_values as (
    select
        span_attribute_rows.*,
        {{ json_field_texts('span_attribute_rows.element', attribute) }}
        span_attribute_rows.element as attribute_json
    from span_attribute_rows
),

-- Each attribute's key and value as text, whichever type the value has (an
-- int64 comes as a string, a number may come as a double).
span_attributes as (
    select
        *,
        {{ json_text(attribute, 'key') }} as attribute_key,
        coalesce(
            {{ json_text(attribute, 'value.stringValue') }}, {{ json_text(attribute, 'value.intValue') }},
            {{ json_text(attribute, 'value.doubleValue') }}, {{ json_text(attribute, 'value.boolValue') }}
        ) as attribute_value
    from span_attribute_values
),

-- One row per span: the attributes it is read by, named by the OpenTelemetry
-- GenAI semantic conventions (with the deprecated gen_ai.system and
-- prompt/completion token names some libraries still write, used where the
-- current ones are absent) and the user
-- conventions for who made the request.
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
        max(case when attribute_key = 'gen_ai.operation.name' then attribute_value end) as operation_name,
        max(case when attribute_key = 'gen_ai.provider.name' then attribute_value end) as provider_name_attribute,
        max(case when attribute_key = 'gen_ai.system' then attribute_value end) as system_attribute,
        max(case when attribute_key = 'gen_ai.request.model' then attribute_value end) as request_model,
        max(case when attribute_key = 'gen_ai.response.model' then attribute_value end) as response_model,
        coalesce(
            max(case when attribute_key = 'gen_ai.usage.input_tokens' then attribute_value end),
            max(case when attribute_key = 'gen_ai.usage.prompt_tokens' then attribute_value end)
        ) as input_tokens_text,
        coalesce(
            max(case when attribute_key = 'gen_ai.usage.output_tokens' then attribute_value end),
            max(case when attribute_key = 'gen_ai.usage.completion_tokens' then attribute_value end)
        ) as output_tokens_text,
        max(case when attribute_key = 'gen_ai.usage.cache_read.input_tokens' then attribute_value end)
            as cache_read_tokens_text,
        max(case when attribute_key = 'gen_ai.usage.cache_creation.input_tokens' then attribute_value end)
            as cache_creation_tokens_text,
        max(case when attribute_key = 'user.email' then attribute_value end) as span_user_email,
        max(case when attribute_key = 'user.id' then attribute_value end) as span_user_id,
        max(case when attribute_key = 'enduser.id' then attribute_value end) as span_enduser_id,
        -- A span that reports token usage is a request (a service's HTTP or
        -- database spans, and GenAI spans without usage, are not).
        -- (A LIKE without ESCAPE, which engines write differently: `_`
        -- matches itself too.)
        max(case when attribute_key like 'gen_ai.usage.%' then 1 else 0 end) = 1 as has_usage
    from span_attributes
    group by
        _source_file, _source_file_bytes, _line_number, _extracted_at, _line, is_valid_json, is_json_object,
        resource_index, scope_index, span_index, trace_id, span_id, span_name, started_at_text
),

typed as (
    select
        span_values.*,
        resource_fields.service_name,
        {{ unix_nanos_to_utc('span_values.started_at_text') }} as started_at,
        {{ whole_number('span_values.input_tokens_text') }} as input_tokens,
        {{ whole_number('span_values.output_tokens_text') }} as output_tokens,
        {{ whole_number('span_values.cache_read_tokens_text') }} as cache_read_tokens,
        {{ whole_number('span_values.cache_creation_tokens_text') }} as cache_creation_tokens,
        coalesce(span_values.response_model, span_values.request_model) as model_id,
        coalesce(span_values.provider_name_attribute, span_values.system_attribute) as provider_name,
        -- The person: the span's own user, else the resource's (a
        -- collector that stamps every span of a developer's machine).
        coalesce(
            span_values.span_user_email, span_values.span_user_id, span_values.span_enduser_id,
            resource_fields.resource_user_email, resource_fields.resource_user_id
        ) as user_identifier
    from span_values
    left join resource_fields
        on
            span_values._source_file = resource_fields._source_file
            and span_values._line_number = resource_fields._line_number
            and span_values.resource_index = resource_fields.resource_index
    -- A span without token usage is not a request (a line that is not an
    -- export request at all is kept, to be quarantined).
    where
        span_values.has_usage
        or not span_values.is_valid_json
        or not span_values.is_json_object
        or span_values.resource_index is null
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
            -- An agent's span sums the usage of the model calls under it,
            -- whose own spans report it: counting it would count them twice.
            when operation_name in ('invoke_agent', 'create_agent') then 'agent_operation_total'
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
            when {{ has_implausible_tokens([
                'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens'
            ]) }} then 'implausible_token_count'
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
