{% macro pseudonym(expression) -%}
    {#- A stable pseudonymous id: a keyed hash of `expression`, so the
        engineers' mart can carry a person key that no one can recompute
        without the key. The key is read by the warehouse session when the
        query runs (pseudonym_key), never rendered here: it appears in no
        compiled SQL, manifest, run result, partial-parse file or log. -#}
    {{ dbt.hash(dbt.concat([token_outcomes.pseudonym_key(), "':'", expression])) }}
{%- endmacro %}


{% macro pseudonym_key() -%}
    {#- The pseudonym key (TOKEN_OUTCOMES_PSEUDONYM_SALT) as a text
        expression evaluated by the warehouse at run time. It has no
        default: without it the expression stops the query with a message
        saying how to set it, so the engineers' mart is not built. -#}
    {{ return(adapter.dispatch('pseudonym_key', 'token_outcomes')()) }}
{%- endmacro %}

{% macro pseudonym_key_missing(how) -%}
    {#- The message of a missing key, as a SQL string literal. -#}
    'token_outcomes: no pseudonym key, so the engineers mart is not built. Set TOKEN_OUTCOMES_PSEUDONYM_SALT to a long random secret kept outside the project (for example: export TOKEN_OUTCOMES_PSEUDONYM_SALT=$(openssl rand -hex 32)) and keep it: pseudonyms stay the same only under the same key. {{ how }}'
{%- endmacro %}

{% macro default__pseudonym_key() -%}
    {{ exceptions.raise_compiler_error(
        "token_outcomes: no pseudonym_key variant for " ~ target.type
        ~ ": add one to macros/cross_db/pseudonym.sql that reads the key in the warehouse session at run time"
        ~ " (never render it into SQL)."
    ) }}
{%- endmacro %}

{% macro duckdb__pseudonym_key() -%}
    {#- DuckDB has no SQL function that reads the environment: the profile's
        plugin (plugins/pseudonym_key.py) copies TOKEN_OUTCOMES_PSEUDONYM_SALT
        into the session variable token_outcomes_pseudonym_salt of every
        connection dbt opens, as a bound parameter. -#}
    case
        when coalesce(getvariable('token_outcomes_pseudonym_salt'), '') = ''
            -- Typed: an untyped error() is a null that || folds away unraised.
            then cast(error({{ token_outcomes.pseudonym_key_missing(
                'DuckDB reads it through the plugin pseudonym_key of the profile (profiles.yml).'
            ) }}) as {{ dbt.type_string() }})
        else getvariable('token_outcomes_pseudonym_salt')
    end
{%- endmacro %}

{% macro postgres__pseudonym_key() -%}
    {#- A custom setting of the session: libpq passes it from the client's
        environment (PGOPTIONS="-c token_outcomes.pseudonym_salt=...") or
        the database keeps it (alter role ... set token_outcomes.pseudonym_salt).
        PostgreSQL has no raise in an expression: casting the message to an
        integer stops the query with the message in the error. The cast
        reads the setting, so it is not folded into an error when the query
        is planned. -#}
    case
        when coalesce(current_setting('token_outcomes.pseudonym_salt', true), '') = ''
            then cast(cast(concat({{ token_outcomes.pseudonym_key_missing(
                'On PostgreSQL the session reads it as the setting token_outcomes.pseudonym_salt: export PGOPTIONS=\"-c token_outcomes.pseudonym_salt=<the key>\" before dbt runs.'
            ) }}, current_setting('token_outcomes.pseudonym_salt', true)) as integer) as text)
        else current_setting('token_outcomes.pseudonym_salt', true)
    end
{%- endmacro %}

{% macro spark__pseudonym_key() -%}
    {#- Spark substitutes ${env:NAME} in the SQL text it parses
        (spark.sql.variable.substitute, on by default) with the driver's
        environment: dbt only ever sees the placeholder. An unset variable
        stays as the placeholder text itself (written here in two pieces so
        it is not substituted). The key must be a plain token (letters,
        digits, - and _): it lands inside a quoted literal. -#}
    case
        when '${env:TOKEN_OUTCOMES_PSEUDONYM_SALT}' in ('', concat('$', '{env:TOKEN_OUTCOMES_PSEUDONYM_SALT}'))
            then cast(raise_error({{ token_outcomes.pseudonym_key_missing(
                'Spark reads it from the environment of the dbt process.'
            ) }}) as {{ dbt.type_string() }})
        else '${env:TOKEN_OUTCOMES_PSEUDONYM_SALT}'
    end
{%- endmacro %}
