"""token_outcomes' Python code, beside the dbt project it serves."""
