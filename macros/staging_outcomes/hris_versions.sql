{% macro hris_loaded_at(current_relation, previous_relation) -%}
    {#- `_loaded_at` of an HRIS base_ row. Who owns an e-mail or an
        identity is settled across records (conflicting_identity), so the
        HRIS base_ models rank every landed row again on every run; a row
        keeps the time of the run that gave it its present version rank and
        quarantine reason (`previous_relation`: the rows as the last run left
        them, joined on file, line and key), and a new or changed row gets
        this run's start. int_token_usage_attributed attributes again the
        people whose rows were (re)written since its own last run. -#}
    coalesce(
        case
            when
                {{ previous_relation }}._version_rank = {{ current_relation }}._version_rank
                and coalesce({{ previous_relation }}._quarantine_reason, '')
                = coalesce({{ current_relation }}._quarantine_reason, '')
                then {{ previous_relation }}._loaded_at
        end,
        {{ token_outcomes.run_started_timestamp() }}
    )
{%- endmacro %}
