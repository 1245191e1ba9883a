{#
    Overrides dbt's default__get_where_subquery (how a data test's `where`
    config filters the tested relation). It wins because dbt_project.yml's
    `dispatch` searches token_outcomes before dbt.
    Why: it keeps dbt's `where` and adds one value, `latest_load`. Without
    it, the tests configured `where: latest_load` (the key tests of the
    gateway and ledger models) would be filtered by `where latest_load`, a
    column no model has, and fail.
#}

{% macro default__get_where_subquery(relation) -%}
    {#- dbt's `where` config of data tests, plus one value of its own:
        `where: latest_load` tests only the rows of the model's latest load
        (its greatest `_loaded_at`). For an incremental model whose tested
        key is its unique_key (or whose every version of a touched key is
        rewritten together, as the base_ models do), this proves what a
        test of every row would: an older row was tested when it was loaded
        and no run changes it without writing it again, and delete+insert
        replaces rather than duplicates a key. A full build loads every row
        at once, so it tests them all. At 100 million events, testing
        every row of every ledger model on every run took longer than the
        run's work. -#}
    {%- set where = config.get('where', '') -%}
    {%- if where == 'latest_load' -%}
        {%- set where = '_loaded_at = (select max(_loaded_at) from ' ~ relation ~ ')' -%}
    {%- endif -%}
    {%- if where -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
