{% test group_meets_privacy_floor(model, column_name, measures=none, exempt_where=none) %}
    {#- The privacy floor of a published group: every row whose group (its
        people count in `column_name`) holds fewer than
        var('min_cohort_size') people, or does not say how many, fails,
        unless it is suppressed: every column in `measures` null. Without
        `measures` such a row must not be published at all. `exempt_where`
        names rows that are no group of people (finance's 'unattributed':
        usage no person could be found for); say why where it is used. -#}
    select *
    from {{ model }}
    where
        coalesce({{ column_name }}, 0) < {{ var('min_cohort_size') }}
        {%- if measures %}
        and not (
            {%- for measure in measures %}
            {{ measure }} is null{% if not loop.last %} and{% endif %}
            {%- endfor %}
        )
        {%- endif %}
        {%- if exempt_where %}
        and not coalesce(({{ exempt_where }}), false)
        {%- endif %}
{% endtest %}
