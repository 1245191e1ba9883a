"""The engine comparison can fail: it tells rounding from a wrong value, a missing row and a changed type."""

from __future__ import annotations

import datetime as dt
import decimal

from token_outcomes.engines import compare_engines

MART = compare_engines.Mart("finance", "rpt_example", "team_period_id",
                            ("team_period_id", "spend_usd", "share", "outcome_count", "period_start", "is_flagged"),
                            {"spend_usd": 1e-6})
ROW = ("payments:2026-05-01", decimal.Decimal("1234.567891"), 0.1234567, 12, dt.date(2026, 5, 1), True)


def compare(*rows: tuple) -> list[str]:
    return compare_engines.compare_mart(MART, [ROW], list(rows), "other").differences


def test_identical_and_rounded_values_match() -> None:
    assert compare(ROW) == []
    # One unit in the last decimal of decimal(28,6), and a double's last bits, are rounding.
    assert compare((ROW[0], decimal.Decimal("1234.567892"), 0.1234567 * (1 + 1e-12), *ROW[3:])) == []


def test_a_wrong_value_a_missing_row_and_a_changed_type_are_differences() -> None:
    assert compare((ROW[0], decimal.Decimal("1234.57"), *ROW[2:]))  # off by 1.7e-6 relative
    small = (ROW[0], decimal.Decimal("0.012345"), *ROW[2:])
    assert compare_engines.compare_mart(MART, [small], [(ROW[0], decimal.Decimal("0.012347"), *ROW[2:])],
                                        "other").differences  # two units of the last decimal
    assert compare((*ROW[:2], 0.12346, *ROW[3:]))  # a double off by more than 1e-6 relative
    assert compare((*ROW[:3], 13, *ROW[4:]))  # integers compare exactly
    assert compare((*ROW[:4], dt.date(2026, 5, 2), ROW[5]))
    assert compare((*ROW[:5], "true"))  # a boolean that became text
    assert compare((*ROW[:5], None))
    assert compare() and compare(ROW, ("other:2026-05-01", *ROW[1:]))
