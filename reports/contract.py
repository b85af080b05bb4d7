"""The raw-data contract, read from its one declaration: the dbt sources YAML
(models/staging/<source>/_<source>__sources.yml).

What each part of that YAML means here:
- a table's `config.meta.required` (default true): a missing file stops the build; an optional one is read
  as an empty table and the pages that need it say "no data";
- a table's `config.meta.key` (a list) or, without it, the column with a `unique` test: the primary key;
- a table's `config.meta.extra_columns` (a data type): further columns of that type are allowed (the
  adoption measures of product/usage_monthly);
- a column's `data_type` (varchar, date, timestamp, bigint, double, boolean): what its values must parse as;
- a column's `not_null` test: the column must be in the file and may not be empty (a key or a value the
  marts cannot do without); every other column is nullable and may be left out of the file;
- a column's `config.meta.values`: the enumeration (compared lower-case and trimmed);
- a column's `config.meta.min` / `max` (and `min_exclusive: true`): the range of possible values;
- a source's `config.meta.system` marks a source layout (models/staging/salesforce/, stripe/, zendesk/): the
  tables of a system (crm, billing, support) as another tool syncs them, read from that system's folder
  instead of the contract tables it `replaces`; extract.yml's `sources:` selects a layout per system.

The check before dbt (reports/validation.py), the sample generator (reports/sample/) and the dbt macros
(macros/extract/) all read these; nothing else declares a table or a column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from reports.paths import PROJECT_ROOT

SOURCES_DIR = PROJECT_ROOT / "models" / "staging"
# The extract's systems, each a folder of the extract and a dbt source of the same name.
EXTRACT_SOURCES = ("crm", "billing", "support", "product", "surveys")
# The layout of a system's tables when extract.yml does not choose one: the contract's own.
DEFAULT_LAYOUT = "tenure"

# data_type in the sources YAML -> the kind of value the check parses it as.
KINDS = {
    "string": "text",
    "varchar": "text",
    "date": "date",
    "timestamp": "timestamp",
    "bigint": "integer",
    "double": "number",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, timestamp, integer, number, boolean, enum
    values: tuple[str, ...] = ()
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False
    description: str = ""

    @property
    def data_type(self) -> str:
        return next(t for t, kind in KINDS.items() if kind == ("text" if self.kind == "enum" else self.kind))


@dataclass(frozen=True)
class Table:
    folder: str
    name: str
    required: bool
    fields: tuple[Column, ...]
    key: tuple[str, ...] = ()
    extra_columns: str | None = None  # the kind of any further column allowed, e.g. "number"
    source: str = ""  # the dbt source: the system (crm) or a layout (salesforce)

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.fields)

    @property
    def nullable_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.fields if not column.required)


class ContractError(ValueError):
    """The sources YAML says something this module cannot read (a developer's mistake, not the data's)."""


def _meta(node: dict[str, Any]) -> dict[str, Any]:
    config = node.get("config") or {}
    return {**(node.get("meta") or {}), **(config.get("meta") or {})}


def _test_names(column: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for test in column.get("data_tests") or column.get("tests") or []:
        names.add(test if isinstance(test, str) else next(iter(test)))
    return names


def _column(path: str, spec: dict[str, Any]) -> Column:
    name = spec["name"]
    data_type = str(spec.get("data_type") or "").lower()
    if data_type not in KINDS:
        raise ContractError(f"{path}.{name}: data_type {data_type!r} is not one of {', '.join(KINDS)}")
    meta = _meta(spec)
    values = tuple(str(value) for value in meta.get("values") or ())
    return Column(
        name=name,
        kind="enum" if values else KINDS[data_type],
        values=values,
        required="not_null" in _test_names(spec),
        minimum=meta.get("min"),
        maximum=meta.get("max"),
        minimum_exclusive=bool(meta.get("min_exclusive", False)),
        description=str(spec.get("description") or ""),
    )


def _table(folder: str, source: str, spec: dict[str, Any]) -> Table:
    path = f"{folder}/{spec['name']}"
    meta = _meta(spec)
    fields = tuple(_column(path, column) for column in spec.get("columns") or ())
    key = tuple(
        meta.get("key") or (c["name"] for c in spec.get("columns") or () if "unique" in _test_names(c))
    )
    extra = meta.get("extra_columns")
    return Table(
        folder=folder,
        name=spec["name"],
        required=meta.get("required", True) not in (False, "false", "no", 0),
        fields=fields,
        key=key,
        extra_columns=KINDS[str(extra).lower()] if extra else None,
        source=source,
    )


@dataclass(frozen=True)
class Layout:
    """A system's tables as another tool syncs them (e.g. Salesforce as Fivetran syncs it)."""

    name: str
    system: str
    replaces: tuple[str, ...]  # the contract tables of the system it stands in for
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Contract:
    tables: tuple[Table, ...]  # the contract's own layout
    layouts: dict[str, Layout]

    def tables_for(self, layouts: dict[str, str] | None = None) -> tuple[Table, ...]:
        """The tables an extract with these layouts (system -> layout name) must or may have."""
        chosen = [self.layouts[name] for name in (layouts or {}).values() if name != DEFAULT_LAYOUT]
        replaced = {(layout.system, name) for layout in chosen for name in layout.replaces}
        own = tuple(table for table in self.tables if (table.folder, table.name) not in replaced)
        return own + tuple(table for layout in chosen for table in layout.tables)

    def layouts_of(self, system: str) -> tuple[str, ...]:
        return (DEFAULT_LAYOUT, *sorted(n for n, layout in self.layouts.items() if layout.system == system))


@cache
def load_contract(sources_dir: Path = SOURCES_DIR) -> Contract:
    """Every extract table declared in the sources YAML: the contract's own, in the order of EXTRACT_SOURCES
    and of the files, and every source layout's."""
    tables: list[Table] = []
    layouts: dict[str, Layout] = {}
    for sources_file in sorted(sources_dir.glob("*/_*__sources.yml")):
        document = yaml.safe_load(sources_file.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or ():
            name, meta = source.get("name"), _meta(source)
            if meta.get("system"):
                system = str(meta["system"])
                layouts[name] = Layout(
                    name,
                    system,
                    tuple(meta.get("replaces") or ()),
                    tuple(_table(system, name, table) for table in source.get("tables") or ()),
                )
    for source_name in EXTRACT_SOURCES:
        sources_file = sources_dir / source_name / f"_{source_name}__sources.yml"
        document = yaml.safe_load(sources_file.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or ():
            if source.get("name") == source_name:
                tables.extend(_table(source_name, source_name, table) for table in source.get("tables") or ())
    return Contract(tuple(tables), layouts)


def load_tables(sources_dir: Path = SOURCES_DIR) -> tuple[Table, ...]:
    """The contract's own tables (every system in the tenure layout)."""
    return load_contract(sources_dir).tables


CONTRACT = load_contract()
TABLES: tuple[Table, ...] = CONTRACT.tables
TABLES_BY_PATH = {table.path: table for table in TABLES}

REFERENCE_TYPES = next(
    c for c in TABLES_BY_PATH["crm/references"].fields if c.name == "reference_type"
).values
