-- Every landed record that staging could not use, with its source, file,
-- line and reason: nothing is dropped silently.
with

{% for entity in landing_entities() %}
    {{ entity.base }} as (
        select
            '{{ entity.source }}' as source_name,
            '{{ entity.entity }}' as entity_name,
            _source_file,
            _line_number,
            {% if entity.has_elements -%}
                _element_index as element_index,
            {%- else -%}
                cast(null as {{ api.Column.translate_type('integer') }}) as element_index,
            {%- endif %}
            _extracted_at,
            external_ref,
            _quarantine_reason
        from {{ ref(entity.base) }}
        where _quarantine_reason is not null
    ),

{% endfor %}
quarantined as (
    {{- union_ctes(landing_entities() | map(attribute='base') | list) }}
),

final as (
    select
        {{ dbt.concat([
            "source_name", "'.'", "entity_name", "':'", "_source_file",
            "':'", key_part('_line_number'), "':'", key_part('element_index')
        ]) }} as quarantine_id,
        source_name,
        entity_name,
        _source_file as source_file,
        _line_number as line_number,
        -- Position in the line's `results` / `model_breakdown` array, for
        -- usage reports; null for one-record-per-line sources.
        element_index,
        _extracted_at as extracted_at,
        -- The key as far as it could be read: partial when a part is missing.
        external_ref,
        _quarantine_reason as quarantine_reason
    from quarantined
)

select * from final
