"""The one way Python reads a mart: checked against the interface dbt declares.

The interface is the set of marts that are `access: public` with an enforced contract (models/marts/*/_*.yml,
listed in the exposure of models/_exposures.yml): their columns and types, as dbt's manifest records them.
`MartReader.rows` reads only those marts and those columns, and checks that every column it gets back has
its declared type, so a mart that drifts from its contract stops the build with the mart and the column
named, instead of a page showing a wrong or missing value. Rows come back as Python values of those types
(str, int, float, bool, dates and timestamps).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from reports.errors import TenureError

Row = dict[str, Any]
SCHEMA = "marts"
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def interface_from_manifest(manifest_path: Path) -> dict[str, dict[str, str]]:
    """mart → {column: declared data_type} for every public model with an enforced contract."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TenureError(f"cannot read dbt's manifest {manifest_path}: {error}") from error
    interface = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        if not node["config"].get("contract", {}).get("enforced"):
            continue
        interface[node["name"]] = {
            name: duckdb_type_name(column.get("data_type") or "") for name, column in node["columns"].items()
        }
    return interface


def duckdb_type_name(declared: str) -> str:
    """A contract's type as DuckDB names it: the contracts use names both engines know (`string` is DuckDB's
    VARCHAR and Spark's STRING), and the marts are read through DuckDB whichever engine built them."""
    try:
        return str(duckdb.type(declared)).lower()
    except (duckdb.Error, ValueError, TypeError):
        return declared.lower()


@dataclass
class MartReader:
    con: duckdb.DuckDBPyConnection
    interface: Mapping[str, Mapping[str, str]]

    def _declared(self, mart: str) -> Mapping[str, str]:
        if mart not in self.interface:
            raise TenureError(
                f"the site reads marts.{mart}, which is not a public mart with an enforced contract "
                "(models/marts/*/_*.yml)"
            )
        return self.interface[mart]

    def rows(
        self,
        mart: str,
        *,
        columns: Sequence[str] | None = None,
        where: str | None = None,
        order_by: str | None = None,
        parameters: Sequence[Any] = (),
    ) -> list[Row]:
        """The rows of `mart` (the `columns` given, default all), filtered by `where` and ordered by
        `order_by` (SQL over the mart's own columns), each column checked against its declared type."""
        declared = self._declared(mart)
        chosen = list(columns) if columns is not None else list(declared)
        unknown = [name for name in chosen if name not in declared or not _IDENTIFIER.fullmatch(name)]
        if unknown:
            raise TenureError(f"marts.{mart} declares no column {', '.join(unknown)}")
        sql = f"select {', '.join(chosen)} from {SCHEMA}.{mart}"
        if where:
            sql += f" where {where}"
        if order_by:
            sql += f" order by {order_by}"
        try:
            cursor = self.con.execute(sql, list(parameters))
        except duckdb.Error as error:
            raise TenureError(f"cannot read marts.{mart}: {error}") from error
        for name, type_code, *_ in cursor.description:
            actual, expected = str(type_code).lower(), declared[name]
            if actual != expected:
                raise TenureError(
                    f"marts.{mart}.{name} is {actual}, but its contract declares {expected} "
                    "(was the mart built by another version of the models?)"
                )
        return [dict(zip(chosen, values, strict=True)) for values in cursor.fetchall()]
