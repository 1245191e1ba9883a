{#- Every dollar once: the coverage rules of var('usage_coverage_rules').

    A rule says that one slice of a coarse usage report (a vendor's report per
    API key, workspace or project, which does not know the person) is also
    reported by a finer source that does (Claude Code Analytics per person,
    the gateway per request). The ledger then takes that slice from the finer
    source only: int_token_usage_covered. README, "Every dollar once". -#}

{% macro coverage_sources() -%}
    {#- The sources a rule may name. `slices`: the slices of a coarse source
        a rule can name (columns of int_token_usage_priced). `fineness`: the
        finer a covering source, the earlier it wins where rules overlap. -#}
    {{ return({
        'covered': {
            'anthropic_api': {'slices': ['api_key_id', 'workspace_id', 'service_account_id'], 'enabled': var('enable_anthropic')},
            'openai_api': {'slices': ['api_key_id', 'project_id'], 'enabled': var('enable_openai')},
        },
        'covering': {
            'gateway': {'fineness': 1, 'enabled': var('enable_gateway')},
            'litellm': {'fineness': 1, 'enabled': var('enable_gateway') and var('enable_litellm')},
            'otlp': {'fineness': 1, 'enabled': var('enable_gateway') and var('enable_otlp')},
            'anthropic_analytics': {
                'fineness': 2, 'enabled': var('enable_anthropic') and var('enable_anthropic_analytics')
            },
            'anthropic_claude_code': {'fineness': 3, 'enabled': var('enable_anthropic')},
        },
    }) }}
{%- endmacro %}


{% macro usage_coverage_rules() -%}
    {#- The rules as a relation (one row per rule), checked at compile time: a
        rule that names an unknown source or slice stops the run with a
        message naming it, rather than silently covering nothing. Returns a
        select for an import CTE.

        With the Usage and Cost Analytics API on, two rules hold without
        being declared (rule ids `default:...`): it reports every Anthropic
        API request per actor, so it covers the whole Messages usage report,
        and Claude Code's API-billed records (customer_type api), whose cost
        it bills. int_token_usage_covered applies them only on the days the
        API reports: history before an organisation starts landing it keeps
        its other sources. -#}
    {%- set sources = token_outcomes.coverage_sources() -%}
    {%- set rules = var('usage_coverage_rules', []) or [] -%}
    {%- set rows = [] -%}
    {%- for rule in rules -%}
        {%- set where = "usage_coverage_rules[" ~ loop.index0 ~ "] " ~ (rule | tojson) -%}
        {%- if rule is not mapping -%}
            {{ exceptions.raise_compiler_error(where ~ ": a rule is a mapping such as {source: anthropic_api, workspace_id: wrkspc_..., covered_by: anthropic_claude_code}") }}
        {%- endif -%}
        {%- set unknown_keys = rule.keys() | reject('in', ['source', 'covered_by', 'valid_from', 'valid_to', 'note', 'api_key_id', 'workspace_id', 'project_id', 'service_account_id']) | list -%}
        {%- if unknown_keys -%}
            {{ exceptions.raise_compiler_error(where ~ ": unknown key(s) " ~ unknown_keys | join(', ')) }}
        {%- endif -%}
        {%- if rule.get('source') not in sources.covered -%}
            {{ exceptions.raise_compiler_error(where ~ ": source must be one of " ~ sources.covered.keys() | join(', ')) }}
        {%- endif -%}
        {%- if rule.get('covered_by') not in sources.covering -%}
            {{ exceptions.raise_compiler_error(where ~ ": covered_by must be one of " ~ sources.covering.keys() | join(', ')) }}
        {%- endif -%}
        {%- set slice_names = rule.keys() | select('in', ['api_key_id', 'workspace_id', 'project_id', 'service_account_id']) | list -%}
        {%- if slice_names | length != 1 or slice_names[0] not in sources.covered[rule.source].slices -%}
            {{ exceptions.raise_compiler_error(where ~ ": name exactly one slice of " ~ rule.source ~ ": one of " ~ sources.covered[rule.source].slices | join(', ')) }}
        {%- endif -%}
        {%- set slice_value = rule[slice_names[0]] -%}
        {%- if slice_value is none or (slice_value | string | trim) == '' -%}
            {{ exceptions.raise_compiler_error(where ~ ": the " ~ slice_names[0] ~ " is empty") }}
        {%- endif -%}
        {%- do rows.append({
            'rule_id': rule.source ~ ':' ~ slice_names[0] ~ '=' ~ slice_value ~ (':from=' ~ rule.valid_from if rule.get('valid_from') else ''),
            'covered_source': rule.source,
            'slice_name': slice_names[0],
            'slice_value': slice_value | string | trim,
            'covering_source': rule.covered_by,
            'covering_fineness': sources.covering[rule.covered_by].fineness,
            'is_covering_source_enabled': sources.covering[rule.covered_by].enabled,
            'valid_from': rule.get('valid_from'),
            'valid_to': rule.get('valid_to'),
        }) -%}
    {%- endfor -%}
    {%- set rule_ids = rows | map(attribute='rule_id') | list -%}
    {%- if rule_ids | length != rule_ids | unique | list | length -%}
        {{ exceptions.raise_compiler_error("usage_coverage_rules names the same slice twice from the same date: " ~ rule_ids | join(', ')) }}
    {%- endif -%}
    {%- if sources.covering.anthropic_analytics.enabled -%}
        {%- for covered_source, slice_name, slice_value in [
            ('anthropic_api', 'usage_source', 'anthropic_api'),
            ('anthropic_claude_code', 'customer_type', 'api')
        ] -%}
            {%- do rows.append({
                'rule_id': 'default:' ~ covered_source ~ ':' ~ slice_name ~ '=' ~ slice_value,
                'covered_source': covered_source,
                'slice_name': slice_name,
                'slice_value': slice_value,
                'covering_source': 'anthropic_analytics',
                'covering_fineness': sources.covering.anthropic_analytics.fineness,
                'is_covering_source_enabled': true,
                'valid_from': none,
                'valid_to': none,
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set text_type = dbt.type_string() -%}
    {%- if not rows %}
    select
        cast(null as {{ text_type }}) as rule_id,
        cast(null as {{ text_type }}) as covered_source,
        cast(null as {{ text_type }}) as slice_name,
        cast(null as {{ text_type }}) as slice_value,
        cast(null as {{ text_type }}) as covering_source,
        cast(null as {{ dbt.type_int() }}) as covering_fineness,
        cast(null as {{ dbt.type_boolean() }}) as is_covering_source_enabled,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    where 1 = 0
    {%- endif -%}
    {%- for row in rows %}
    select
        cast({{ token_outcomes.sql_string(row.rule_id) }} as {{ text_type }}) as rule_id,
        cast({{ token_outcomes.sql_string(row.covered_source) }} as {{ text_type }}) as covered_source,
        cast({{ token_outcomes.sql_string(row.slice_name) }} as {{ text_type }}) as slice_name,
        cast({{ token_outcomes.sql_string(row.slice_value) }} as {{ text_type }}) as slice_value,
        cast({{ token_outcomes.sql_string(row.covering_source) }} as {{ text_type }}) as covering_source,
        cast({{ row.covering_fineness }} as {{ dbt.type_int() }}) as covering_fineness,
        {{ 'true' if row.is_covering_source_enabled else 'false' }} as is_covering_source_enabled,
        cast({{ token_outcomes.sql_string(row.valid_from | string) if row.valid_from else 'null' }} as date) as valid_from,
        cast({{ token_outcomes.sql_string(row.valid_to | string) if row.valid_to else 'null' }} as date) as valid_to
        {%- if not loop.last %}
    union all
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
