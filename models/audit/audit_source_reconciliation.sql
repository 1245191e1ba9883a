-- Per source entity: records landed, kept by staging, dropped as older
-- versions of a kept record, and quarantined. The test on this model holds
-- the design's promise: raw = kept + duplicates + quarantined.
with

{% for entity in landing_entities() %}
    {{ entity.base }}_counts as (
        select
            count(*) as raw_records,
            -- 0, not null, for an entity with no record (an optional one
            -- of which nothing has landed).
            coalesce(sum(case when _quarantine_reason is null and _version_rank > 1 then 1 else 0 end), 0)
                as duplicate_records,
            count(distinct case when _quarantine_reason is null then external_ref end) as distinct_usable_refs
        from {{ ref(entity.base) }}
    ),

    {{ entity.staging }}_counts as (
        select count(*) as kept_records
        from {{ ref(entity.staging) }}
    ),

{% endfor %}
quarantine_counts as (
    select
        source_name,
        entity_name,
        count(*) as quarantined_records
    from {{ ref('audit_quarantined_records') }}
    group by source_name, entity_name
),

per_entity as (
    {%- for entity in landing_entities() %}
        select
            '{{ entity.source }}' as source_name,
            '{{ entity.entity }}' as entity_name,
            base_counts.raw_records,
            staging_counts.kept_records,
            base_counts.duplicate_records,
            base_counts.distinct_usable_refs
        from {{ entity.base }}_counts as base_counts
        cross join {{ entity.staging }}_counts as staging_counts
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        {{ dbt.concat(["per_entity.source_name", "'.'", "per_entity.entity_name"]) }} as source_entity,
        per_entity.source_name,
        per_entity.entity_name,
        per_entity.raw_records,
        per_entity.kept_records,
        per_entity.duplicate_records,
        coalesce(quarantine_counts.quarantined_records, 0) as quarantined_records,
        per_entity.distinct_usable_refs
    from per_entity
    left join quarantine_counts
        on
            per_entity.source_name = quarantine_counts.source_name
            and per_entity.entity_name = quarantine_counts.entity_name
)

select * from final
