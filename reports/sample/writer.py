"""Writing the extract: CSV files in the contract's layout (written in chunks, then joined), extract.yml,
and optionally the same tables as typed Parquet files.

Every cell goes through the csv module (RFC 4180 quoting: a value with a comma, quote or line break is
quoted, quotes doubled), so any text is safe; an empty cell is NULL.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from reports.contract import CONTRACT, TABLES, Column, Table
from reports.sample.product import ADOPTION_MEASURES

PARQUET_TYPES = {
    "text": "varchar",
    "enum": "varchar",
    "date": "date",
    "timestamp": "timestamptz",
    "integer": "bigint",
    "number": "double",
    "boolean": "boolean",
}


def written_columns(table: Table) -> tuple[Column, ...]:
    """The columns the sample writes: the contract's, and the adoption measures where further columns are
    allowed."""
    if table.extra_columns is None:
        return table.fields
    return table.fields + tuple(Column(name, table.extra_columns) for name in ADOPTION_MEASURES)


def table_file(out_dir: Path, table: Table, suffix: str = ".csv") -> Path:
    return out_dir / table.folder / f"{table.name}{suffix}"


def write_csv(path: Path, rows: Iterable[Sequence[object]], header: Sequence[str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)


def part_file(parts_dir: Path, chunk: int, table: Table) -> Path:
    return parts_dir / f"{chunk:06d}" / f"{table.folder}__{table.name}.csv"


def join_parts(
    out_dir: Path, parts_dir: Path, chunks: Sequence[int], head_rows: dict[str, list[list[object]]]
) -> None:
    """Each table's file: the header, the company-wide rows, then every chunk's part in chunk order."""
    for table in TABLES:
        target = table_file(out_dir, table)
        write_csv(target, head_rows.get(table.path, []), [c.name for c in written_columns(table)])
        with open(target, "ab") as handle:
            for chunk in chunks:
                with open(part_file(parts_dir, chunk, table), "rb") as part:
                    shutil.copyfileobj(part, handle)


def write_metadata(out_dir: Path, as_of: dt.date, accounts: int, seed: int) -> None:
    (out_dir / "extract.yml").write_text(
        f"# Sample extract: {accounts} accounts, seed {seed} (python build.py sample)\n"
        f"as_of: {as_of.isoformat()}\nreporting_currency: USD\n",
        encoding="utf-8",
    )


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def convert_to_parquet(out_dir: Path) -> None:
    """Replace every CSV with a Parquet file typed by the contract (dates, UTC timestamps, integers,
    doubles, booleans; text stays text), as a real Parquet export would carry them. Columns the contract
    does not declare (a source layout's custom fields) stay text."""
    import duckdb

    from reports.extract_settings import read_extract_settings

    tables = {table.path: table for table in CONTRACT.tables_for(read_extract_settings(out_dir).layouts)}
    with duckdb.connect() as con:
        con.execute("set threads = 1")  # one writer: row groups, and so the bytes, never depend on timing
        for source in sorted(out_dir.glob("*/*.csv")):
            target = source.with_suffix(".parquet")
            table = tables[f"{source.parent.name}/{source.stem}"]
            kinds = {column.name: column.kind for column in written_columns(table)}
            with open(source, newline="", encoding="utf-8") as handle:
                header = next(csv.reader(handle))
            columns = ", ".join(
                f'cast("{name}" as {PARQUET_TYPES[kinds.get(name, "text")]}) as "{name}"' for name in header
            )
            con.execute(
                f"copy (select {columns} from read_csv({_sql_string(str(source))}, header = true, "
                "all_varchar = true, delim = ',', quote = '\"', escape = '\"')) "
                f"to {_sql_string(str(target))} (format parquet)"
            )
            source.unlink()
