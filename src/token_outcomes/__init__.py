"""token_outcomes' Python code, beside the dbt project it serves (installed editable by scripts/setup.sh).

- token_outcomes.demo: the demo data generator (`python -m token_outcomes.demo --out DIR`).
- token_outcomes.engines: the landing loader for PostgreSQL and Spark, a throwaway PostgreSQL
  server, and the comparison of a build there with the DuckDB build.
- token_outcomes.exposures: the finance export and the dashboard (models/exposures.yml).
- token_outcomes.paths: where the dbt project is (the checkout the package is installed from).
"""
