"""The contract's text forms for the cells that are not dates (see calendar.py for those)."""

from __future__ import annotations


def money(value: float) -> str:
    """Money in major units with two decimals: 1234.5 -> '1234.50'."""
    return f"{value:.2f}"


def boolean(value: bool) -> str:
    return "true" if value else "false"
