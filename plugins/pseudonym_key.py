"""dbt-duckdb plugin: hand the pseudonym key to every DuckDB session dbt opens, never to dbt itself.

The engineers' mart hashes employee ids with a key (macros/cross_db/pseudonym.sql). dbt must not
render the key: whatever Jinja renders lands in compiled SQL, target/manifest.json, run results,
target/partial_parse.msgpack and logs/dbt.log. DuckDB has no SQL function that reads the
environment, so this plugin copies TOKEN_OUTCOMES_PSEUDONYM_SALT into the session variable
`token_outcomes_pseudonym_salt` of each connection and cursor, as a bound parameter (no SQL text
holds it), and the models read it with getvariable(). Unset or empty, nothing is set and the
engineers' mart stops with a message saying how to set it.

Registered in profiles.yml (`module_paths: [plugins]`, relative to the folder dbt runs in).
"""

from __future__ import annotations

import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

KEY_VARIABLE = "TOKEN_OUTCOMES_PSEUDONYM_SALT"
SESSION_VARIABLE = "token_outcomes_pseudonym_salt"


def set_session_key(connection: Any) -> None:
    """Set the session variable from the environment, when the key is there."""
    key = os.environ.get(KEY_VARIABLE)
    if key:
        connection.execute(f"set variable {SESSION_VARIABLE} = ?", [key])


class Plugin(BasePlugin):
    def configure_connection(self, conn: Any) -> None:
        set_session_key(conn)

    def configure_cursor(self, cursor: Any) -> None:
        # A DuckDB cursor is a connection of its own: variables do not carry over.
        set_session_key(cursor)
