"""python -m token_outcomes.extract: the same as `token_outcomes extract`."""

from token_outcomes.extract.cli import main

raise SystemExit(main())
