"""The enumerations the pages show (MRR movements, LxL reasons, forecast categories, health components,
segment types): their labels, order and colours, as the seeds in seeds/enumerations/ declare them.

A build reads them from marts.rpt_enumerations (the seeds as dbt loaded them) and makes them the ones in
force (`use_enumerations`); page logic tested without a build reads the seed files themselves. No module
keeps a list of its own.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from typing import Any

from reports.paths import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds" / "enumerations"


@dataclass(frozen=True)
class Value:
    code: str
    label: str
    display_order: int
    colour: str | None
    short_label: str | None = None


_IN_FORCE: dict[str, list[Value]] | None = None


def _grouped(rows: list[dict[str, Any]]) -> dict[str, list[Value]]:
    grouped: dict[str, list[Value]] = {}
    for row in sorted(rows, key=lambda row: (row["enumeration"], int(row["display_order"]))):
        value = Value(
            row["code"],
            row["label"],
            int(row["display_order"]),
            row.get("colour") or None,
            row.get("short_label") or None,
        )
        grouped.setdefault(row["enumeration"], []).append(value)
    return grouped


def use_enumerations(rows: list[dict[str, Any]] | None) -> None:
    """Make this run's enumerations (rows of marts.rpt_enumerations) the ones every page uses; None goes
    back to the seed files."""
    global _IN_FORCE
    _IN_FORCE = None if rows is None else _grouped(rows)


@functools.cache
def seed_enumerations() -> dict[str, list[Value]]:
    """The enumerations as the seed files declare them (before a build has loaded its own)."""
    rows = []
    for path in sorted(SEEDS.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            rows += [{**row, "enumeration": path.stem} for row in csv.DictReader(handle)]
    return _grouped(rows)


def values(enumeration: str) -> list[Value]:
    """The values of an enumeration, in their order."""
    in_force = _IN_FORCE if _IN_FORCE is not None else seed_enumerations()
    if enumeration not in in_force:
        raise KeyError(f"no enumeration {enumeration!r} in seeds/enumerations/")
    return in_force[enumeration]


def labels(enumeration: str) -> dict[str, str]:
    """code → label, in order."""
    return {value.code: value.label for value in values(enumeration)}


def short_labels(enumeration: str) -> dict[str, str]:
    """code → short label (the label when it has none), in order."""
    return {value.code: value.short_label or value.label for value in values(enumeration)}


def colours(enumeration: str) -> dict[str, str]:
    """code → colour, for the values that have one, in order."""
    return {value.code: value.colour for value in values(enumeration) if value.colour}
