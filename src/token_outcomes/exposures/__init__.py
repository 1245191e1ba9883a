"""What the marts' readers get (models/exposures.yml): export_finance writes finance's cost per outcome as
CSV or Parquet, build_dashboard writes the static dashboard pages."""
