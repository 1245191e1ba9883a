{#
    The landing readers: how DuckDB reads the landing files in place, one
    per format. Each is created in the database as a DuckDB table macro,
    token_outcomes_read_<format>(landing_files), by the on-run-start hook
    prepare_engine (macros/cross_db/engine_setup.sql), so it exists before
    anything reads a source (a build, a test, `dbt source freshness`).
    `landing_files` is a path or a file pattern. Each sources file calls
    one (`external_location` in models/staging/*/_*__sources.yml):
        token_outcomes_read_jsonl('<landing_path>/github/%(name)s/*.jsonl*')
    where %(name)s is the table name (dbt-duckdb's oldstyle formatter, so a
    literal percent sign of the landing path is written %%). A source's
    YAML cannot call a dbt macro, which is why the readers live in the
    database. scripts/load_landing.py creates the same macros in a scratch
    DuckDB database (`dbt run-operation create_landing_readers`) and loads
    each file through them into the raw tables of other warehouses, so both
    paths see identical records, file names and line numbers.

    Every reader yields the same columns as those raw tables
    (_source_file, _source_file_bytes, _line_number, _extracted_at from
    the file name, then the record: the JSON text as _line, or the
    CSV/Parquet columns), so staging never changes. Gzip files (.jsonl.gz,
    .csv.gz) are read as they are. The on-run-start check
    (check_landing_files) refuses, by name, every other file in a landing
    folder, so the readers' patterns never take a file they cannot read.
    _source_file_bytes is the file's size when it was read: a parsed file
    whose size changed has been rewritten or appended to, and the next run
    stops naming it instead of never reading its new lines.
#}

{% macro landing_reader_macros() -%}
    {#- The statements that create (or replace) the three readers. -#}
    create or replace macro token_outcomes_read_jsonl(landing_files) as table
    {{ token_outcomes.jsonl_landing_reader('landing_files') }};
    create or replace macro token_outcomes_read_csv(landing_files) as table
    {{ token_outcomes.csv_landing_reader('landing_files') }};
    create or replace macro token_outcomes_read_parquet(landing_files) as table
    {{ token_outcomes.parquet_landing_reader('landing_files') }};
{%- endmacro %}


{% macro create_landing_readers() -%}
    {#- `dbt run-operation create_landing_readers`: the readers in a DuckDB
        database without building anything (scripts/load_landing.py). -#}
    {%- do run_query(token_outcomes.landing_reader_macros()) -%}
{%- endmacro %}


{% macro jsonl_read_options() -%}
    {#- A JSON line is read by DuckDB's CSV reader as one text column (no
        quote, no escape, a delimiter that valid JSON cannot hold
        unescaped: a raw control character), which streams: reading whole
        files as text and splitting them took 19 times as long and held
        every file in memory (13 GB of pull requests at 100 million
        events). A line may hold up to 100 MB (a day's usage bucket at 100
        million events is 680 KB); DuckDB sizes its buffer for a gzipped
        file by this, so 1 GB would not fit. Line endings are \n or \r\n.
        Each file is read by one thread, in order. check_landing_files reads
        new files with the same options to name lines that are not UTF-8. -#}
    columns = {'_line': 'VARCHAR'}, header = false, auto_detect = false, delim = chr(1), quote = '', escape = '', new_line = '\r\n', strict_mode = false, max_line_size = 100000000, parallel = false
{%- endmacro %}


{% macro jsonl_landing_reader(landing_files) -%}
    {#- JSON lines. An empty line is kept as a null row so that lines are
        numbered as in the file (each file read by one thread, in order,
        numbered by that order), then dropped. -#}
    select
        lines._source_file,
        landed_files.size as _source_file_bytes,
        lines._line_number,
        {{ token_outcomes.extraction_time('lines._source_file') }} as _extracted_at,
        rtrim(lines._line, chr(13)) as _line
    from (
        select
            filename as _source_file,
            row_number() over (partition by filename order by ordinality) as _line_number,
            _line
        from read_csv({{ landing_files }}, {{ token_outcomes.jsonl_read_options() }}, filename = true) with ordinality
    ) as lines
    inner join read_blob({{ landing_files }}) as landed_files on lines._source_file = landed_files.filename
    where trim(lines._line) <> ''
{%- endmacro %}


{% macro csv_read_options() -%}
    {#- Every CSV column as text, named by the header; check_landing_files
        reads new files with the same options to name lines that are not
        UTF-8. -#}
    header = true, all_varchar = true
{%- endmacro %}


{% macro csv_landing_reader(landing_files) -%}
    {#- CSV. A row's line is where it starts in the file: the header is line
        1, and a quoted field that holds line breaks moves every later row
        down by as many lines. Each file is read by one thread in order
        (parallel = false) and numbered by that order (with ordinality); a
        window without an order numbered rows by chance. The line is a
        bigint, as in every reader (DuckDB's sum is a 128-bit integer, which
        other engines read as a decimal and Spark printed as 1.0 in keys). -#}
    select
        csv_rows._source_file,
        landed_files.size as _source_file_bytes,
        cast(
            row_number() over (partition by csv_rows._source_file order by csv_rows._row_order)
            + 1
            + coalesce(sum(csv_rows._line_breaks) over (
                partition by csv_rows._source_file order by csv_rows._row_order
                rows between unbounded preceding and 1 preceding
            ), 0)
            as bigint
        ) as _line_number,
        {{ token_outcomes.extraction_time('csv_rows._source_file') }} as _extracted_at,
        csv_rows.* exclude (_source_file, _row_order, _line_breaks)
    from (
        select
            filename as _source_file,
            ordinality as _row_order,
            length(concat_ws('', *columns(* exclude (filename, ordinality))))
            - length(replace(concat_ws('', *columns(* exclude (filename, ordinality))), chr(10), '')) as _line_breaks,
            * exclude (filename, ordinality)
        from read_csv({{ landing_files }}, {{ token_outcomes.csv_read_options() }}, filename = true, parallel = false) with ordinality
    ) as csv_rows
    inner join read_blob({{ landing_files }}) as landed_files on csv_rows._source_file = landed_files.filename
{%- endmacro %}


{% macro parquet_landing_reader(landing_files) -%}
    {#- Parquet, typed as written; a row's line is its 1-based row number
        in the file. Files whose columns differ are read by name. -#}
    select
        parquet_rows.filename as _source_file,
        landed_files.size as _source_file_bytes,
        parquet_rows.file_row_number + 1 as _line_number,
        {{ token_outcomes.extraction_time('parquet_rows.filename') }} as _extracted_at,
        parquet_rows.* exclude (filename, file_row_number)
    from read_parquet({{ landing_files }}, filename = true, file_row_number = true, union_by_name = true) as parquet_rows
    inner join read_blob({{ landing_files }}) as landed_files on parquet_rows.filename = landed_files.filename
{%- endmacro %}
