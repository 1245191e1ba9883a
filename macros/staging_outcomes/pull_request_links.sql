{% macro pull_request_url_pattern() -%}
    {#- A pull request's page in a lower-cased link, on github.com or a GitHub
        Enterprise host: `/<owner>/<repo>/pull/<number>`, the repository's
        full name as group 1 and the number as group 2 (regexp_extract_group).
        Change events, Linear attachments and incident titles link pull
        requests this way. -#}
    {{- return('/([a-z0-9_.-]+/[a-z0-9_.-]+)/pull/([0-9]+)') -}}
{%- endmacro %}
