{% macro landing_entities() -%}
    {#- Every landing entity of the design, with the var that switches its
        source on or off. The audit models iterate over this list, so a new
        source is one line here plus its staging folder. -#}
    {%- set entities = [
        {'source': 'anthropic', 'entity': 'claude_code_usage', 'staging': 'stg_anthropic__claude_code_usage', 'enabled': var('enable_anthropic')},
        {'source': 'anthropic', 'entity': 'messages_usage', 'staging': 'stg_anthropic__messages_usage', 'enabled': var('enable_anthropic')},
        {'source': 'openai', 'entity': 'completions_usage', 'staging': 'stg_openai__completions_usage', 'enabled': var('enable_openai')},
        {'source': 'gateway', 'entity': 'usage_events', 'staging': 'stg_gateway__usage_events', 'enabled': var('enable_gateway')},
        {'source': 'github', 'entity': 'pull_requests', 'staging': 'stg_github__pull_requests', 'enabled': var('enable_github')},
        {'source': 'linear', 'entity': 'issues', 'staging': 'stg_linear__issues', 'enabled': var('enable_linear')},
        {'source': 'jira', 'entity': 'issues', 'staging': 'stg_jira__issues', 'enabled': var('enable_jira')},
        {'source': 'pagerduty', 'entity': 'incidents', 'staging': 'stg_pagerduty__incidents', 'enabled': var('enable_pagerduty')},
        {'source': 'hris', 'entity': 'people', 'staging': 'stg_hris__people', 'enabled': true},
        {'source': 'hris', 'entity': 'identities', 'staging': 'stg_hris__identities', 'enabled': true},
    ] -%}
    {#- Usage reports hold several usage lines per landed line (a bucket's
        results, a day's models): their records are (line, element). -#}
    {%- set multi_line_entities = ['claude_code_usage', 'messages_usage', 'completions_usage'] -%}
    {%- for entity in entities -%}
        {%- do entity.update({
            'base': 'base_' ~ entity.source ~ '__' ~ entity.entity,
            'has_elements': entity.entity in multi_line_entities,
            'file_extension': 'csv' if entity.source == 'hris' else 'parquet' if entity.source == 'gateway' else 'jsonl',
        }) -%}
        {%- do entity.update({
            'landing_glob': var('landing_path') ~ '/' ~ entity.source ~ '/' ~ entity.entity ~ '/*.' ~ entity.file_extension,
        }) -%}
    {%- endfor -%}
    {{ return(entities | selectattr('enabled') | list) }}
{%- endmacro %}


{% macro latest_version_rank(key, tie_breakers=[]) -%}
    {#- 1 for the version of a record that staging keeps: the one from the
        latest extract; within one extract the later file, then the later
        line, wins, so the choice is deterministic. Quarantined rows are
        ranked apart and never compete with usable ones. -#}
    row_number() over (
        partition by _quarantine_reason is null, {{ key }}
        order by
            _extracted_at desc nulls last,
            _source_file desc,
            _line_number desc
            {%- for tie_breaker in tie_breakers %},
            {{ tie_breaker }} desc
            {%- endfor %}
    )
{%- endmacro %}


{% macro check_landing_folders() -%}
    {#- on-run-start: every enabled source has at least one extract landed.
        DuckDB would otherwise read an empty JSON folder as no records at
        all, silently, and fail on an empty CSV or Parquet folder with a
        reader error; this stops the run first, naming every empty folder.
        Other warehouses read loaded raw tables and are not checked here. -#}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set missing = [] -%}
        {%- for entity in landing_entities() -%}
            {%- set found = run_query("select count(*) from glob('" ~ entity.landing_glob ~ "')") -%}
            {%- if found.columns[0].values()[0] == 0 -%}
                {%- do missing.append(entity.landing_glob) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "No extract has landed in: " ~ missing | join(", ") ~ ". Land at least one file in each folder,"
                ~ " or switch the source off (for example --vars '{enable_jira: false}'); HRIS is always required."
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{% macro landed_files(source_name, table_name) -%}
    {#- Every file landed for a source table. -#}
    {{ return(adapter.dispatch('landed_files', 'token_outcomes')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__landed_files(source_name, table_name) -%}
    {#- A loaded raw table: its distinct files. -#}
    {{ return(run_query('select distinct _source_file from ' ~ source(source_name, table_name)).columns[0].values()) }}
{%- endmacro %}

{% macro duckdb__landed_files(source_name, table_name) -%}
    {#- Landing files read in place: list the folder rather than read them. -#}
    {%- set entity = token_outcomes.landing_entities() | selectattr('source', 'equalto', source_name)
        | selectattr('entity', 'equalto', table_name) | first -%}
    {{ return(run_query("select file from glob('" ~ entity.landing_glob ~ "')").columns[0].values()) }}
{%- endmacro %}


{% macro source_file_filter(file_names) -%}
    {#- A where clause keeping the rows of `file_names` (landing files):
        nothing for none (every file), `1 = 0` for an empty list. The names
        are written literally, so DuckDB opens only those files. -#}
    {%- if file_names is not none and file_names | length == 0 %}
        where 1 = 0
    {%- elif file_names is not none %}
        where _source_file in (
            {%- for file_name in file_names | sort %}
            '{{ file_name | replace("'", "''") }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
