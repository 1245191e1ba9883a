{#- Incremental loading of the models that grow with time.

    Every incremental model stamps the rows it (re)writes with `_loaded_at`,
    the start of the dbt invocation, and picks up from its inputs only the
    rows loaded after its own latest stamp. The watermark is read once at
    compile time and written into the SQL as a literal, so a warehouse (and
    DuckDB's zone maps) skips the old data instead of joining against it. -#}

{% macro reads_previous_run() -%}
    {#- True when an incremental run may query its own table: not at parse
        time, not on a full build, not in a unit test (which mocks its
        inputs and has no table of its own). -#}
    {{ return(execute and model.resource_type != 'unit_test' and is_incremental()) }}
{%- endmacro %}


{% macro require_incremental_columns(column_names) -%}
    {#- A table built by an older version of the project lacks the columns an
        incremental run reads: say so, instead of a binder error. -#}
    {%- set present = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- for column_name in column_names if column_name not in present -%}
        {{ exceptions.raise_compiler_error(
            this ~ " has no column " ~ column_name ~ ": it was built by an older version of token_outcomes."
            ~ " Rebuild it once with: dbt build --full-refresh --select " ~ model.name ~ "+"
        ) }}
    {%- endfor -%}
{%- endmacro %}


{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{% macro last_loaded_at() -%}
    {#- The latest `_loaded_at` of this incremental model, or none on a full
        build (and at parse time). -#}
    {%- if token_outcomes.reads_previous_run() -%}
        {%- do token_outcomes.require_incremental_columns(['_loaded_at']) -%}
        {%- set latest = run_query('select max(_loaded_at) from ' ~ this).columns[0].values()[0] -%}
        {{ return(latest) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}


{% macro loaded_after(watermark) -%}
    {#- A condition: the input row was loaded after `watermark` (none, on a
        full build: every row). The caller writes the `where` and composes it
        (`where {{ loaded_after(w) }} or ...`). -#}
    {%- if watermark is none -%}
        1 = 1
    {%- else -%}
        _loaded_at > cast('{{ watermark }}' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}


{% macro in_new_landing_files() -%}
    {#- A condition for the landed lines a base_ model reads: on an incremental
        run, only those of the landing files it has not parsed yet (on a full
        build, every line). A landed file is immutable (a re-extract lands as a
        new file, named by its extraction time), so a file parsed once is
        never read again: check_landing_files (on-run-start) stops the run
        when a parsed file's size has changed since. The new files are listed literally, and none as
        `1 = 0`: DuckDB then opens only those files. Excluding the parsed
        files instead (`not in`) made DuckDB read every file and drop its
        lines: 104 s for GitHub's unchanged 12 GB at 100 million events. -#}
    {%- if token_outcomes.reads_previous_run() -%}
        {%- set source_name, table_name = model.sources[0] -%}
        {%- set parsed_files = run_query('select distinct _source_file from ' ~ this).columns[0].values() -%}
        {%- set new_files = token_outcomes.landed_files(source_name, table_name) | reject('in', parsed_files) | list -%}
        {{ token_outcomes.in_source_files(new_files) }}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}


{% macro ranked_versions(records, tie_breakers=[]) -%}
    {#- A relation (a parenthesised query, for a `from` clause): the rows of
        `records` (a CTE of parsed records with an `external_ref`) and the
        versions of the same keys this model already holds, each with its
        `_version_rank`: 1 for the latest extract of its key
        (latest_version_rank, then `tie_breakers`). Staging keeps rank 1.

        On an incremental run the new records meet the versions already kept
        of the same external_refs and all are ranked again, so the model
        stays what a full build gives: its delete+insert on external_ref
        replaces exactly those keys. A full build ranks only the records
        whose key occurs more than once (found by a narrow pass over the
        keys' hashes); every other record is its key's only version, rank 1.
        Numbering all 100 million gateway events made the window sort every
        column: 742 s and 34 GB spilled, against 367 s this way. -#}
    {%- if token_outcomes.reads_previous_run() -%}
        {%- do token_outcomes.require_incremental_columns(['_version_rank', '_loaded_at']) -%}
        {%- set columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(this) -%}
            {%- if column.name | lower not in ['_version_rank', '_loaded_at'] -%}
                {%- do columns.append(adapter.quote(column.name)) -%}
            {%- endif -%}
        {%- endfor -%}
    (
        select
            versions.*,
            {{ token_outcomes.latest_version_rank('external_ref', tie_breakers) }} as _version_rank
        from (
            select {{ columns | join(', ') }} from {{ records }}
            union all
            select {{ columns | join(', ') }} from {{ this }}
            where external_ref in (select external_ref from {{ records }})
        ) as versions
    )
    {%- else -%}
        {%- set repeated_key_hashes -%}
            select {{ token_outcomes.key_hash('external_ref') }} as key_hash from {{ records }}
            group by {{ token_outcomes.key_hash('external_ref') }}
            having count(*) > 1
        {%- endset -%}
    (
        select
            single_versions.*,
            1 as _version_rank
        from {{ records }} as single_versions
        left join ({{ repeated_key_hashes }}) as repeated_keys
            on {{ token_outcomes.key_hash('single_versions.external_ref') }} = repeated_keys.key_hash
        where repeated_keys.key_hash is null
        union all
        select
            *,
            {{ token_outcomes.latest_version_rank('external_ref', tie_breakers) }} as _version_rank
        from {{ records }}
        where {{ token_outcomes.key_hash('external_ref') }} in ({{ repeated_key_hashes }})
    )
    {%- endif -%}
{%- endmacro %}


{% macro reference_fingerprint(seed_names=[], var_names=[]) -%}
    {#- A digest of the reference data an incremental model's rows depend on
        (seeds such as the price book, and vars). Stored with every row; when
        it changes, the next incremental run recomputes every row instead of
        only the new ones, so incremental still equals a full build. A seed
        is known by its file's checksum and its column types, as dbt's
        manifest holds them: no query, so the compiled SQL does not depend
        on what the database holds. -#}
    {#- Unit tests mock the seeds as CTEs, and parsing has no graph yet. -#}
    {%- if not execute or model.resource_type == 'unit_test' -%}{{ return('') }}{%- endif -%}
    {%- set parts = [] -%}
    {%- for seed_name in seed_names -%}
        {%- set seed_node = graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'seed')
            | selectattr('name', 'equalto', seed_name)
            | first -%}
        {%- do parts.append(
            seed_name ~ ':' ~ seed_node.checksum.checksum ~ ':' ~ (seed_node.config.column_types | dictsort | list)
        ) -%}
    {%- endfor -%}
    {%- for var_name in var_names -%}
        {%- do parts.append(var_name ~ '=' ~ var(var_name)) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join('\n'))) }}
{%- endmacro %}


{% macro fingerprint_changed(fingerprint) -%}
    {#- True on an incremental run when some row was computed with other
        reference data than `fingerprint`. -#}
    {%- if token_outcomes.reads_previous_run() -%}
        {%- do token_outcomes.require_incremental_columns(['_reference_fingerprint']) -%}
        {#- One stale row is enough to know: no need to count them all. -#}
        {%- set stale = run_query(
            'select 1 from ' ~ this ~ " where _reference_fingerprint <> '" ~ fingerprint ~ "' limit 1"
        ) -%}
        {{ return(stale.rows | length > 0) }}
    {%- endif -%}
    {{ return(false) }}
{%- endmacro %}
