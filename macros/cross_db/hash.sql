{% macro key_hash(key) -%}
    {#- A narrow stand-in for a text key, to find keys that occur more than
        once: equal keys hash alike, and a collision only ranks a few more
        records than needed. Engines without a fast 64-bit hash use the key. -#}
    {{ return(adapter.dispatch('key_hash', 'token_outcomes')(key)) }}
{%- endmacro %}

{% macro default__key_hash(key) -%}
    {{ key }}
{%- endmacro %}

{% macro duckdb__key_hash(key) -%}
    hash({{ key }})
{%- endmacro %}
