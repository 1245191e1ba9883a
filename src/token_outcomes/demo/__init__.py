"""The demo data generator: token_outcomes' demo landing data, deterministically, in the vendors' own shapes.

It writes every landing entity under --out (`<out>/<source>/<entity>/<extracted-at>.<ext>`) for a
made-up organisation, plus `<out>/_demo_truth.json`, the sidecar that records what was planted and
how many records each source must yield, so tests compare the build against what the generator knows
rather than against what the models computed:

    .venv/bin/python -m token_outcomes.demo --out data/landing [--people 150 --days 184 --seed ...]

One module per concern, run in this order by cli.main:

- organisation.py: people, roles and levels, archetypes, identities in every tool, the HRIS exports;
- usage.py: spend per person, day, channel and model, priced, built in DuckDB (so the same code
  feeds a 100-million-event benchmark by raising the scale flags); usage_reports.py writes it as
  Claude Code Analytics, the Messages usage report, OpenAI completions usage, both cost reports and
  the gateway's events;
- outcomes.py: GitHub (pull requests and their reviews), Linear, Jira and PagerDuty records, each with
  the evidence the scoring asks for (who approved, who created the ticket, who triggered the incident);
  curves.py: typical people's outcomes along their cohort's returns curve;
- planted.py: the Goodhart gamers (five that ignore the published cut-offs, eleven that stay just
  inside them), honest people whose work comes near the cut-offs, and the reverted pull request;
- bad_records.py: unusable records of every kind, each with the reason staging must give;
- truth.py: the counts and the sidecars (_demo_truth.json, _demo_vars.json).

JSON records are copies of the vendors' documented example objects (vendor_examples/, see
landing.py) with the demo's values put in, so every field the vendor returns is there.
What other code needs is here: main, the vendor examples, and the identifiers the demo's
usage is known by (the slices reported twice and the coverage rules that remove them).
"""

from token_outcomes.demo.cli import main
from token_outcomes.demo.landing import VENDOR_EXAMPLES
from token_outcomes.demo.usage import (
    CLAUDE_CODE_WORKSPACE,
    COVERAGE_RULES,
    DATA_SCIENCE_WORKSPACE,
    GATEWAY_ANTHROPIC_KEY,
    GATEWAY_OPENAI_KEY,
    GATEWAY_PROJECT,
    GATEWAY_WORKSPACE,
    LITELLM_ANTHROPIC_KEY,
    LITELLM_OPENAI_KEY,
    OTEL_ANTHROPIC_KEY,
    OTEL_OPENAI_KEY,
    RESEARCH_PROJECT,
)

__all__ = [
    "CLAUDE_CODE_WORKSPACE", "COVERAGE_RULES", "DATA_SCIENCE_WORKSPACE", "GATEWAY_ANTHROPIC_KEY", "GATEWAY_OPENAI_KEY",
    "GATEWAY_PROJECT", "GATEWAY_WORKSPACE", "LITELLM_ANTHROPIC_KEY", "LITELLM_OPENAI_KEY", "OTEL_ANTHROPIC_KEY",
    "OTEL_OPENAI_KEY", "RESEARCH_PROJECT",
    "VENDOR_EXAMPLES", "main",
]
