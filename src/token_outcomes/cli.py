"""The `token_outcomes` command: `token_outcomes extract ...` (the only subcommand so far)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("extract",):
        print("usage: token_outcomes extract [SOURCE ...] [--since DATE] [--landing DIR] (--help for more)",
              file=sys.stderr)
        return 2
    from token_outcomes.extract.cli import main as extract

    return extract(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
