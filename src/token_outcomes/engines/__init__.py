"""The project on engines other than DuckDB: load_landing puts the landing files in raw tables (PostgreSQL,
Spark), postgres_server runs a throwaway PostgreSQL server for a command, compare_engines compares every
mart of a build there with the DuckDB build."""
