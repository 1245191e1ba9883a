{% macro landing_entities() -%}
    {#- Every landing entity of the design, with the var that switches its
        source on or off. The audit models iterate over this list, so a new
        source is one line here plus its staging folder. An `optional`
        entity is one a source's ledger does not need (the invoice-level
        cost reports beside the usage reports): with no extract landed (no
        folder, an empty folder; on other engines no raw table) it reads as
        zero records instead of stopping the run (see has_landed). Only JSON
        lines entities can be optional (landing_relation). -#}
    {%- set entities = [
        {'source': 'anthropic', 'entity': 'claude_code_usage', 'staging': 'stg_anthropic__claude_code_usage', 'enabled': var('enable_anthropic')},
        {'source': 'anthropic', 'entity': 'messages_usage', 'staging': 'stg_anthropic__messages_usage', 'enabled': var('enable_anthropic')},
        {'source': 'anthropic', 'entity': 'cost_report', 'staging': 'stg_anthropic__cost_report', 'enabled': var('enable_anthropic'), 'optional': true},
        {'source': 'anthropic', 'entity': 'analytics_cost', 'staging': 'stg_anthropic__analytics_cost', 'enabled': var('enable_anthropic') and var('enable_anthropic_analytics'), 'optional': true},
        {'source': 'anthropic', 'entity': 'analytics_usage', 'staging': 'stg_anthropic__analytics_usage', 'enabled': var('enable_anthropic') and var('enable_anthropic_analytics'), 'optional': true},
        {'source': 'openai', 'entity': 'completions_usage', 'staging': 'stg_openai__completions_usage', 'enabled': var('enable_openai')},
        {'source': 'openai', 'entity': 'costs', 'staging': 'stg_openai__costs', 'enabled': var('enable_openai'), 'optional': true},
        {'source': 'gateway', 'entity': 'usage_events', 'staging': 'stg_gateway__usage_events', 'enabled': var('enable_gateway')},
        {'source': 'gateway', 'entity': 'litellm_spend_logs', 'staging': 'stg_gateway__litellm_spend_logs', 'enabled': var('enable_gateway') and var('enable_litellm'), 'format': 'jsonl'},
        {'source': 'gateway', 'entity': 'otlp_traces', 'staging': 'stg_gateway__otlp_traces', 'enabled': var('enable_gateway') and var('enable_otlp'), 'format': 'jsonl'},
        {'source': 'cursor', 'entity': 'usage_events', 'staging': 'stg_cursor__usage_events', 'enabled': var('enable_cursor')},
        {'source': 'cursor', 'entity': 'ai_code_commits', 'staging': 'stg_cursor__ai_code_commits', 'enabled': var('enable_cursor'), 'optional': true},
        {'source': 'aws', 'entity': 'bedrock_invocations', 'staging': 'stg_aws__bedrock_invocations', 'enabled': var('enable_bedrock')},
        {'source': 'github', 'entity': 'pull_requests', 'staging': 'stg_github__pull_requests', 'enabled': var('enable_github')},
        {'source': 'github', 'entity': 'copilot_ai_credit_usage', 'staging': 'stg_github__copilot_ai_credit_usage', 'enabled': var('enable_github') and var('enable_copilot')},
        {'source': 'github', 'entity': 'copilot_user_metrics', 'staging': 'stg_github__copilot_user_metrics', 'enabled': var('enable_github') and var('enable_copilot'), 'optional': true},
        {'source': 'github', 'entity': 'pull_request_reviews', 'staging': 'stg_github__pull_request_reviews', 'enabled': var('enable_github'), 'optional': true},
        {'source': 'linear', 'entity': 'issues', 'staging': 'stg_linear__issues', 'enabled': var('enable_linear')},
        {'source': 'jira', 'entity': 'issues', 'staging': 'stg_jira__issues', 'enabled': var('enable_jira')},
        {'source': 'pagerduty', 'entity': 'incidents', 'staging': 'stg_pagerduty__incidents', 'enabled': var('enable_pagerduty')},
        {'source': 'pagerduty', 'entity': 'change_events', 'staging': 'stg_pagerduty__change_events', 'enabled': var('enable_pagerduty'), 'optional': true},
        {'source': 'pagerduty', 'entity': 'related_change_events', 'staging': 'stg_pagerduty__related_change_events', 'enabled': var('enable_pagerduty'), 'optional': true},
        {'source': 'hris', 'entity': 'people', 'staging': 'stg_hris__people', 'enabled': true},
        {'source': 'hris', 'entity': 'identities', 'staging': 'stg_hris__identities', 'enabled': true},
    ] -%}
    {#- Usage and cost reports hold several lines per landed line (a
        bucket's results, a day's models): their records are (line, element). -#}
    {%- set multi_line_entities = [
        'claude_code_usage', 'messages_usage', 'completions_usage', 'cost_report', 'costs', 'copilot_ai_credit_usage',
        'otlp_traces'
    ] -%}
    {#- What each format lands as, and the names its reader takes: a JSON
        lines or CSV file may be gzipped. -#}
    {%- set formats = {
        'jsonl': {'reader_glob': '*.jsonl*', 'name_pattern': '[.]jsonl([.]gz)?$', 'names': '.jsonl or .jsonl.gz'},
        'csv': {'reader_glob': '*.csv*', 'name_pattern': '[.]csv([.]gz)?$', 'names': '.csv or .csv.gz'},
        'parquet': {'reader_glob': '*.parquet', 'name_pattern': '[.]parquet$', 'names': '.parquet'},
    } -%}
    {%- for entity in entities -%}
        {%- set file_format = entity.get('format') or ('csv' if entity.source == 'hris' else 'parquet' if entity.source == 'gateway' else 'jsonl') -%}
        {%- do entity.update({
            'optional': entity.get('optional', false),
            'base': 'base_' ~ entity.source ~ '__' ~ entity.entity,
            'has_elements': entity.entity in multi_line_entities,
            'file_format': file_format,
            'landing_folder': var('landing_path') ~ '/' ~ entity.source ~ '/' ~ entity.entity,
        }) -%}
        {%- do entity.update(formats[file_format]) -%}
        {%- do entity.update({'landing_glob': entity.landing_folder ~ '/' ~ entity.reader_glob}) -%}
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


{% macro sql_string(text) -%}
    {#- `text` as a SQL string literal (a path may hold a quote). -#}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}


{% macro extraction_time_pattern() -%}
    {#- A landing file's name starts with its extraction time, in UTC. -#}
    {{- return('(^|/)([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}Z)[^/]*$') -}}
{%- endmacro %}

{% macro extraction_time(file_expression) -%}
    {#- DuckDB: the extraction time a landing file's path names (a
        timestamp); null when its name does not start with one. -#}
    try_strptime(regexp_extract({{ file_expression }}, '{{ token_outcomes.extraction_time_pattern() }}', 2), '%Y-%m-%dT%H-%M-%SZ')
{%- endmacro %}


{% macro check_landing_files() -%}
    {#- on-run-start (DuckDB, which reads the landing folders in place): stop
        before anything is built, naming every file that would otherwise be
        lost or misread without a word:
        - a landing path that a glob would misread (it holds * ? [ ] { });
        - an enabled source with no extract (an optional entity may have
          none: it reads as zero records);
        - a file the readers do not take (another format, a temporary or
          hidden file, a .zip) or whose name is not an extraction time
          (its records would have no extraction time, lose to every other
          version, and escape freshness);
        - a parsed file whose size changed since it was parsed (appended to,
          or written again under the same name): its new lines would never
          be read;
        - a line of a new JSON lines or CSV file that is not UTF-8 (DuckDB's
          reader stops the whole build on it, naming no file).
        Other warehouses read loaded raw tables: scripts/load_landing.py
        makes the same checks as it loads. -#}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set landing_path = var('landing_path') -%}
        {%- for character in ['*', '?', '[', ']', '{', '}'] if character in landing_path -%}
            {{ exceptions.raise_compiler_error(
                "landing_path " ~ landing_path ~ " holds '" ~ character ~ "', which a file pattern reads as a wildcard:"
                ~ " move the landing folder to a path without * ? [ ] { }."
            ) }}
        {%- endfor -%}
        {%- set missing, refused, changed, undecodable = [], [], [], [] -%}
        {%- for entity in token_outcomes.landing_entities() -%}
            {%- set landed = run_query(
                "select file, regexp_matches(file, '" ~ token_outcomes.extraction_time_pattern() ~ "')"
                ~ " and " ~ token_outcomes.extraction_time('file') ~ " is not null as is_named_by_time,"
                ~ " regexp_matches(file, '" ~ entity.name_pattern ~ "') as is_readable"
                ~ " from glob(" ~ token_outcomes.sql_string(entity.landing_folder ~ '/*') ~ ") order by file"
            ) -%}
            {%- set readable_files = [] -%}
            {%- for file_name, is_named_by_time, is_readable in landed.rows -%}
                {%- if not is_readable -%}
                    {%- do refused.append(file_name ~ " (not " ~ entity.names ~ ")") -%}
                {%- elif not is_named_by_time -%}
                    {%- do refused.append(file_name ~ " (the name does not start with an extraction time such as 2026-11-20T06-00-00Z)") -%}
                {%- else -%}
                    {%- do readable_files.append(file_name) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if readable_files | length == 0 -%}
                {%- if not entity.optional -%}
                    {%- do missing.append(entity.landing_glob) -%}
                {%- endif -%}
            {%- else -%}
                {%- set parsed_files = token_outcomes.files_parsed_by(entity, readable_files, changed) -%}
                {%- set new_files = readable_files | reject('in', parsed_files) | list -%}
                {%- if new_files and entity.file_format in ['jsonl', 'csv'] -%}
                    {%- do undecodable.extend(token_outcomes.undecodable_lines(entity, new_files)) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set messages = [] -%}
        {%- if missing -%}
            {%- do messages.append(
                "No extract has landed in: " ~ missing | join(", ") ~ ". Land at least one file in each folder,"
                ~ " or switch the source off (for example --vars '{enable_jira: false}'); HRIS is always required."
            ) -%}
        {%- endif -%}
        {%- if refused -%}
            {%- do messages.append(
                "Files in a landing folder that no reader takes: " ~ refused | join("; ") ~ ". A landing file is"
                ~ " named by its extraction time (2026-11-20T06-00-00Z.jsonl; anything may follow the time) and is"
                ~ " JSON lines, CSV (either may be gzipped) or Parquet as its source expects: rename or move these."
            ) -%}
        {%- endif -%}
        {%- if changed -%}
            {%- do messages.append(
                "Landing files changed after they were parsed: " ~ changed | join("; ") ~ ". A landed file is"
                ~ " immutable: land new lines as a new extract (a new file named by its extraction time), or"
                ~ " re-read everything with dbt build --full-refresh."
            ) -%}
        {%- endif -%}
        {%- if undecodable -%}
            {%- do messages.append(
                "Lines that are not UTF-8 text: " ~ undecodable | join("; ") ~ ". Re-export the file as UTF-8"
                ~ " (JSON is UTF-8 by definition), or remove it from the landing folder."
            ) -%}
        {%- endif -%}
        {%- if messages -%}
            {{ exceptions.raise_compiler_error(messages | join("\n")) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{% macro files_parsed_by(entity, landed_files, changed) -%}
    {#- The landing files the entity's base_ model has already parsed, for
        check_landing_files: none on a full refresh or a first build. A
        parsed file whose size differs from what was recorded when it was
        parsed is appended to `changed`; one that is gone from the folder is
        reported as a warning (its records stay; a full refresh would lose
        them). -#}
    {%- set base_relation = adapter.get_relation(target.database, target.schema, entity.base) -%}
    {%- if base_relation is none or flags.FULL_REFRESH -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(base_relation) | map(attribute='name') | map('lower') | list -%}
    {%- if '_source_file_bytes' not in columns -%}
        {{ exceptions.raise_compiler_error(
            base_relation ~ " was built by an older version of token_outcomes, which did not record the size of"
            ~ " each landing file. Rebuild it once with: dbt build --full-refresh"
        ) }}
    {%- endif -%}
    {%- set recorded = run_query(
        "select recorded._source_file, recorded.recorded_bytes, landed.size"
        ~ " from (select _source_file, max(_source_file_bytes) as recorded_bytes from " ~ base_relation
        ~ " group by _source_file) as recorded"
        ~ " left join read_blob(" ~ token_outcomes.sql_string(entity.landing_folder ~ '/*') ~ ") as landed"
        ~ " on recorded._source_file = landed.filename order by recorded._source_file"
    ) -%}
    {%- set parsed = [] -%}
    {%- for file_name, recorded_bytes, landed_bytes in recorded.rows -%}
        {%- do parsed.append(file_name) -%}
        {%- if landed_bytes is none -%}
            {%- do exceptions.warn(
                "token_outcomes: " ~ file_name ~ " was parsed but is gone from its landing folder: its records are"
                ~ " kept, and a --full-refresh would lose them."
            ) -%}
        {%- elif landed_bytes != recorded_bytes -%}
            {%- do changed.append(file_name ~ " (" ~ recorded_bytes ~ " bytes when parsed, " ~ landed_bytes ~ " now)") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parsed) }}
{%- endmacro %}


{% macro undecodable_lines(entity, file_names) -%}
    {#- 'file line N' for every line of `file_names` that DuckDB's reader
        rejects (not UTF-8), read as the entity's reader reads them
        (macros/staging/landing_readers.sql). -#}
    {%- set file_list = [] -%}
    {%- for file_name in file_names -%}
        {%- do file_list.append(token_outcomes.sql_string(file_name)) -%}
    {%- endfor -%}
    {%- if entity.file_format == 'csv' -%}
        {%- set options = token_outcomes.csv_read_options() -%}
    {%- else -%}
        {%- set options = token_outcomes.jsonl_read_options() -%}
    {%- endif -%}
    {#- The reject tables collect every scan of a session: start empty. -#}
    {%- do run_query("drop table if exists token_outcomes_reject_errors; drop table if exists token_outcomes_reject_scans") -%}
    {%- do run_query(
        "select count(*) from read_csv([" ~ file_list | join(", ") ~ "], " ~ options ~ ", ignore_errors = true,"
        ~ " store_rejects = true, rejects_scan = 'token_outcomes_reject_scans',"
        ~ " rejects_table = 'token_outcomes_reject_errors')"
    ) -%}
    {%- set rejected = run_query(
        "select scans.file_path, errors.line from token_outcomes_reject_errors as errors"
        ~ " inner join token_outcomes_reject_scans as scans using (scan_id, file_id)"
        ~ " where errors.error_type = 'INVALID ENCODING' order by scans.file_path, errors.line"
    ) -%}
    {%- set lines = [] -%}
    {%- for file_path, line_number in rejected.rows -%}
        {%- do lines.append(file_path ~ " line " ~ line_number) -%}
    {%- endfor -%}
    {{ return(lines) }}
{%- endmacro %}


{% macro landing_entity(source_name, table_name) -%}
    {#- The landing_entities() entry of a source table (none when disabled). -#}
    {{ return(token_outcomes.landing_entities() | selectattr('source', 'equalto', source_name)
        | selectattr('entity', 'equalto', table_name) | first) }}
{%- endmacro %}


{% macro has_landed(source_name, table_name) -%}
    {#- False only for an optional entity (landing_entities) of which nothing
        has landed: on DuckDB no file in its folder (or no folder), where
        the reader would fail on an empty file pattern; elsewhere no raw
        table, which the loader creates with the first file. True at parse
        time and in unit tests (their inputs are mocked), and for every
        other entity without a query: check_landing_files stops the run
        before one with no extract is read. -#}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set entity = token_outcomes.landing_entity(source_name, table_name) -%}
    {%- if entity is none or not entity.optional -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if target.type == 'duckdb' -%}
        {%- set landed = run_query(
            "select count(*) from glob(" ~ token_outcomes.sql_string(entity.landing_glob) ~ ")"
        ).columns[0].values()[0] -%}
        {{ return(landed > 0) }}
    {%- endif -%}
    {%- set raw_table = source(source_name, table_name) -%}
    {{ return(adapter.get_relation(raw_table.database, raw_table.schema, raw_table.identifier) is not none) }}
{%- endmacro %}


{% macro landing_relation(source_name, table_name) -%}
    {#- What to read a source table from: the source itself, or, for an
        optional entity of which nothing has landed (has_landed), a relation
        with the JSON lines reader's columns and no row. The source is named
        either way, so lineage and `dbt ls` see it. -#}
    {%- set landed_source = source(source_name, table_name) -%}
    {%- if token_outcomes.has_landed(source_name, table_name) -%}
        {{ return(landed_source) }}
    {%- endif -%}
    {%- set no_landed_line -%}
        (
            select * from (
                select
                    cast(null as {{ dbt.type_string() }}) as _source_file,
                    cast(null as {{ dbt.type_bigint() }}) as _source_file_bytes,
                    cast(null as {{ dbt.type_bigint() }}) as _line_number,
                    cast(null as {{ dbt.type_timestamp() }}) as _extracted_at,
                    cast(null as {{ dbt.type_string() }}) as _line
            ) as no_landed_line
            where 1 = 0
        ) as {{ table_name }}_not_landed
    {%- endset -%}
    {{ return(no_landed_line) }}
{%- endmacro %}


{% macro landed_files(source_name, table_name) -%}
    {#- Every file landed for a source table (none for an optional entity
        of which nothing has landed). -#}
    {%- if not token_outcomes.has_landed(source_name, table_name) -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(adapter.dispatch('landed_files', 'token_outcomes')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__landed_files(source_name, table_name) -%}
    {#- A loaded raw table: its distinct files. -#}
    {{ return(run_query('select distinct _source_file from ' ~ source(source_name, table_name)).columns[0].values()) }}
{%- endmacro %}

{% macro duckdb__landed_files(source_name, table_name) -%}
    {#- Landing files read in place: list the folder rather than read them. -#}
    {%- set entity = token_outcomes.landing_entity(source_name, table_name) -%}
    {{ return(run_query("select file from glob(" ~ token_outcomes.sql_string(entity.landing_glob) ~ ")").columns[0].values()) }}
{%- endmacro %}


{% macro in_source_files(file_names) -%}
    {#- A condition: the row comes from one of `file_names` (landing files);
        true for none (every file), false for an empty list. The names are
        written literally, so DuckDB opens only those files. -#}
    {%- if file_names is none -%}
        1 = 1
    {%- elif file_names | length == 0 -%}
        1 = 0
    {%- else -%}
        _source_file in (
            {%- for file_name in file_names | sort %}
            '{{ file_name | replace("'", "''") }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
