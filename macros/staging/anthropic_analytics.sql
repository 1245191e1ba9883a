{#- Anthropic's Usage and Cost Analytics API (beta header
    analytics-usage-cost-2026-08-24): `/v1/organizations/analytics/cost` and
    `/usage` return rows of the same shape, `{starting_at, ending_at, group,
    cost | usage}`, where `group` holds one field per dimension of
    `group_by[]` (null unless grouped by it) and `group.actor` is a tagged
    union on `type` (user_actor, service_account_actor, api_actor,
    federated_actor). Both base models read the same group: these macros
    name its fields and return the expressions both compute from it. -#}

{% macro anthropic_analytics_dimensions() -%}
    {#- The group's dimensions other than the actor, by the API reference's
        names (BetaAnalyticsCostGroup; service_tier, session_id,
        user_profile_id and workspace_id are read off the reference's
        filters of the same names). Every one is part of a row's slice: a
        row is one combination of the dimensions it was grouped by. The
        cost report's cost_type and token_type split a slice's cost into
        components (the usage report has neither): they are not part of the
        slice, only of a cost row's key. -#}
    {{ return([
        'actor_type', 'agent_id', 'api_key_id', 'claude_tag_category', 'claude_tag_user_id', 'context_window',
        'deployment_id', 'environment_id', 'inference_geo', 'model', 'product', 'rbac_group_id',
        'service_tier', 'session_id', 'slack_channel_id', 'speed', 'user_profile_id', 'workspace_id'
    ]) }}
{%- endmacro %}


{% macro anthropic_analytics_paths() -%}
    {#- The JSON paths of a row's bucket and group, for json_fields. -#}
    {%- set paths = ['starting_at', 'ending_at', 'group.actor.type', 'group.actor.user_id',
                     'group.actor.email_address', 'group.actor.service_account_id', 'group.actor.api_key_id',
                     'group.actor.name'] -%}
    {%- for dimension in token_outcomes.anthropic_analytics_dimensions() + ['cost_type', 'token_type'] -%}
        {%- do paths.append('group.' ~ dimension) -%}
    {%- endfor -%}
    {{ return(paths) }}
{%- endmacro %}


{% macro anthropic_analytics_group_columns(fields) -%}
    {#- The select-list items of a row's group, each dimension as a column
        of its name (model as model_id), the actor's type and tagged id,
        and the actor's e-mail and name where it has them. Ends with a comma. -#}
    {{ token_outcomes.json_text(fields, 'group.actor.type') }} as actor_object_type,
    -- The actor's tagged id: user_..., svac_... or apikey_... (a federated
    -- identity has none: its e-mail, else its name).
    coalesce(
        {{ token_outcomes.json_text(fields, 'group.actor.user_id') }},
        {{ token_outcomes.json_text(fields, 'group.actor.service_account_id') }},
        {{ token_outcomes.json_text(fields, 'group.actor.api_key_id') }},
        {{ token_outcomes.json_text(fields, 'group.actor.email_address') }},
        {{ token_outcomes.json_text(fields, 'group.actor.name') }}
    ) as actor_id,
    nullif(trim({{ token_outcomes.json_text(fields, 'group.actor.email_address') }}), '') as actor_email,
    {{ token_outcomes.json_text(fields, 'group.actor.name') }} as actor_name,
    {%- for dimension in token_outcomes.anthropic_analytics_dimensions() + ['cost_type', 'token_type'] %}
    {{ token_outcomes.json_text(fields, 'group.' ~ dimension) }} as {{ 'model_id' if dimension == 'model' else dimension }},
    {%- endfor %}
{%- endmacro %}


{% macro anthropic_analytics_slice() -%}
    {#- A row's slice, from the columns of anthropic_analytics_group_columns:
        its actor and every dimension, as the key's text. The same slice on
        another day is another row of the same grouping. -#}
    {%- set parts = [token_outcomes.key_part('actor_object_type'), "':'", token_outcomes.key_part('actor_id')] -%}
    {%- for dimension in token_outcomes.anthropic_analytics_dimensions() -%}
        {%- do parts.extend(["':'", token_outcomes.key_part('model_id' if dimension == 'model' else dimension)]) -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}


{% macro anthropic_analytics_identity_system() -%}
    {#- How the row's person is found: a user by e-mail, else by Anthropic's
        user id (the Messages report's account_id, system anthropic_account);
        a service account or an API key through the identity map; a
        federated identity by its e-mail. -#}
    case
        when actor_email is not null then 'email'
        when actor_object_type = 'user_actor' then 'anthropic_account'
        when actor_object_type = 'service_account_actor' then 'anthropic_service_account'
        when actor_object_type = 'api_actor' then 'anthropic_api_key'
    end
{%- endmacro %}


{% macro anthropic_analytics_identity_key() -%}
    case
        when actor_email is not null then {{ token_outcomes.canonical_email('actor_email') }}
        when actor_object_type in ('user_actor', 'service_account_actor', 'api_actor') then actor_id
    end
{%- endmacro %}
