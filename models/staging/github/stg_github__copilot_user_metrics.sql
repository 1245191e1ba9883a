{{ config(enabled=var('enable_github') and var('enable_copilot')) }}

-- GitHub Copilot usage metrics, one row per organisation (or enterprise),
-- user and day: the latest extract's version (GitHub restates a day for a
-- day or two). Activity, not spend: the AI-credit usage report is the bill.
with

user_days as (
    select * from {{ ref('base_github__copilot_user_metrics') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        activity_date,
        enterprise_id,
        organization_id,
        github_user_id,
        user_login,
        interaction_count,
        code_generation_count,
        code_acceptance_count,
        lines_suggested_to_add,
        lines_suggested_to_delete,
        lines_added,
        lines_deleted,
        used_agent_text = 'true' as used_agent,
        used_chat_text = 'true' as used_chat,
        used_cli_text = 'true' as used_cli,
        used_coding_agent_text = 'true' as used_coding_agent,
        ai_credits_used,
        cli_request_count,
        cli_session_count,
        cli_prompt_tokens,
        cli_output_tokens,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from user_days
)

select * from final
