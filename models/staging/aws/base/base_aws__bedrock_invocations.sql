{{ config(enabled=var('enable_bedrock'), **incremental_config('external_ref')) }}

{#- Only these fields are read: a record's prompt and response bodies
    (`input.inputBodyJson`, `output.outputBodyJson`, or their S3 paths) never
    reach a model, not even when a loader landed them against the contract. -#}
{%- set invocation = json_fields([
    'schemaType',
    'schemaVersion',
    'timestamp',
    'accountId',
    'identity.arn',
    'region',
    'requestId',
    'operation',
    'modelId',
    'inferenceRegion',
    'errorCode',
    'input.inputTokenCount',
    'input.cacheReadInputTokenCount',
    'input.cacheWriteInputTokenCount',
    'output.outputTokenCount'
]) %}
{%- set model_arn_pattern = '^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile)/(.+)$' %}

-- Every landed AWS Bedrock model invocation log record (one
-- ModelInvocationLog per line, as Bedrock delivers them to S3 or CloudWatch
-- Logs), whatever its quality, with the reason it cannot be used if any.
with

records as (
    {{ landed_json_records(source('aws', 'bedrock_invocations'), invocation) }}
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        -- A line that does not parse may hold a prompt: its text is not
        -- kept (the file and line say where it is).
        cast(null as {{ dbt.type_string() }}) as _line,
        is_valid_json,
        is_json_object,
        {{ json_text(invocation, 'schemaType') }} as schema_type,
        {{ json_text(invocation, 'schemaVersion') }} as schema_version,
        {{ json_text(invocation, 'timestamp') }} as invoked_at_text,
        {{ to_utc_timestamp(json_text(invocation, 'timestamp')) }} as invoked_at,
        {{ json_text(invocation, 'accountId') }} as account_id,
        {{ json_text(invocation, 'identity.arn') }} as identity_arn,
        {{ json_text(invocation, 'region') }} as region,
        {{ json_text(invocation, 'requestId') }} as request_id,
        {{ json_text(invocation, 'operation') }} as api_operation,
        {{ json_text(invocation, 'modelId') }} as bedrock_model_id,
        {{ json_text(invocation, 'inferenceRegion') }} as inference_region,
        {{ json_text(invocation, 'errorCode') }} as error_code,
        {{ json_has_unreadable_number(invocation, [
            'input.inputTokenCount', 'input.cacheReadInputTokenCount', 'input.cacheWriteInputTokenCount',
            'output.outputTokenCount'
        ]) }} as has_unreadable_number,
        {{ json_bigint(invocation, 'input.inputTokenCount') }} as input_tokens,
        {{ json_bigint(invocation, 'input.cacheReadInputTokenCount') }} as cache_read_tokens,
        {{ json_bigint(invocation, 'input.cacheWriteInputTokenCount') }} as cache_write_tokens,
        {{ json_bigint(invocation, 'output.outputTokenCount') }} as output_tokens
    from records
),

-- The caller: an IAM user (arn:aws:iam::<account>:user/<name>) or an
-- assumed role's session (arn:aws:sts::<account>:assumed-role/<role>/
-- <session>, an e-mail under IAM Identity Center).
principals as (
    select
        *,
        {{ regexp_extract_group('identity_arn', '^arn:aws[a-z-]*:iam::[^:]*:user/(.*/)?([^/]+)$', 2) }}
            as iam_user_name,
        {{ regexp_extract_group('identity_arn', '^arn:aws[a-z-]*:sts::[^:]*:assumed-role/([^/]+)/', 1) }}
            as assumed_role_name,
        {{ regexp_extract_group('identity_arn', '^arn:aws[a-z-]*:sts::[^:]*:assumed-role/[^/]+/(.+)$', 1) }}
            as role_session_name,
        -- The model as the caller named it: a base id, an inference
        -- profile (us., eu., apac., jp., au., global.), or the ARN of either.
        coalesce(
            {{ regexp_extract_group('bedrock_model_id', model_arn_pattern, 2) }},
            bedrock_model_id
        ) as model_or_profile_id
    from parsed
),

models as (
    select
        *,
        -- The base model id without its inference-profile prefix.
        coalesce(
            {{ regexp_extract_group('model_or_profile_id', '^(us|eu|apac|jp|au|global)[.](.+)$', 2) }},
            model_or_profile_id
        ) as foundation_model_id
    from principals
),

typed as (
    select
        *,
        -- Who made the request: an IAM Identity Center session is named by
        -- the person's e-mail, found through HRIS; any other principal (an
        -- IAM user, a role session) through the identity map (system
        -- aws_iam, external id the user or session name).
        case
            when role_session_name like '%@%' then 'email'
            when coalesce(iam_user_name, role_session_name) is not null then 'aws_iam'
        end as identity_system,
        case
            when role_session_name like '%@%' then {{ canonical_email('role_session_name') }}
            else coalesce(iam_user_name, role_session_name)
        end as identity_key,
        -- Anthropic's models by Anthropic's own ids, the price book's:
        -- anthropic.claude-sonnet-4-5-20250929-v1:0 is
        -- claude-sonnet-4-5-20250929. Other vendors' models, and an
        -- application inference profile (an opaque id), keep the id the
        -- log names, and stay unpriced until the price book names them.
        case
            when foundation_model_id like 'anthropic.%'
                then coalesce(
                    {{ regexp_extract_group('foundation_model_id', '^anthropic[.](.+)-v[0-9]+(:[0-9]+)?$', 1) }},
                    {{ regexp_extract_group('foundation_model_id', '^anthropic[.](.+)$', 1) }}
                )
            else foundation_model_id
        end as model_id
    from models
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when request_id is null or invoked_at_text is null then 'missing_external_key'
            when {{ is_unparseable('invoked_at_text', 'invoked_at') }} then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('invoked_at') }} then 'implausible_timestamp'
            when has_unreadable_number then 'unreadable_number'
            when {{ has_negative(['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens']) }}
                then 'negative_tokens'
            when {{ has_implausible_tokens([
                'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        -- requestId is unique per invocation; the account and region keep
        -- it unique where several accounts deliver to one bucket.
        {{ dbt.concat([
            "'aws:bedrock_invocation:'", key_part('account_id'), "':'", key_part('region'),
            "':'", key_part('request_id')
        ]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
