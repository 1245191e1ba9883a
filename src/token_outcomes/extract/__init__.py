"""Extractors: each source's API into the landing folder, in the landing contract (README, "Extract").

- cli: the command (`token_outcomes extract`, or `python -m token_outcomes.extract`).
- core: the run's context, the windows asked for, landing one entity; http: retries and rate limits;
  landing: raw array elements and whole-file landing; state: where each source got to; progress.
- one module per vendor: anthropic, openai, github, cursor, litellm, linear, jira, pagerduty; files: the
  sources that deliver files (AWS Bedrock logs, OpenTelemetry Collector exports), from S3 or a folder.
"""
