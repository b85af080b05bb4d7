"""Reads an extract's files into DuckDB for the checks before dbt (reports/validation.py).

Every table becomes a DuckDB table of text, whatever the file's format, so that one set of checks serves CSV
and Parquet alike:
- CSV is read with the dialect of the contract (comma, RFC 4180 quotes, header row, UTF-8); a structurally
  broken file (a short or long row, an unclosed quote, bytes that are not UTF-8) is a finding with the line
  where it happens;
- Parquet keeps its natural types in the file; here each value is written as the text a CSV would hold
  (dates YYYY-MM-DD, timestamps in UTC, booleans true/false), and a date column stored as a timestamp at
  midnight is a date;
- `_line` is the value's place in the file: for CSV the physical line (a quoted line break moves the lines
  after it), for Parquet the row number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from reports.contract import Table
from reports.errors import TenureError
from reports.extract_location import ExtractLocation
from reports.extract_settings import SETTINGS_FILE
from reports.findings import Finding
from reports.paths import PROJECT_ROOT


def _csv_max_line_bytes() -> int:
    """The longest CSV record read, in bytes: dbt_project.yml's var csv_max_line_bytes (dbt reads it too)."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return int((project.get("vars") or {}).get("csv_max_line_bytes") or 8 * 1024 * 1024)


CSV_MAX_LINE_BYTES = _csv_max_line_bytes()
STRUCTURE_EXPECTED = {
    "MISSING COLUMNS": "as many fields as the header (a short row)",
    "TOO MANY COLUMNS": "as many fields as the header (a long row; is a comma in a value unquoted?)",
    "UNQUOTED VALUE": "a quote only around a whole value (RFC 4180)",
    "INVALID ENCODING": "UTF-8 text",
    "LINE SIZE OVER MAXIMUM": f"a record shorter than {CSV_MAX_LINE_BYTES // (1024 * 1024)} MB",
}
# Rows a finding quotes (lines and values) of all those with the problem.
SAMPLE_ROWS = 5
_DATE_TYPES = ("DATE",)
_TIMESTAMP_TYPES = ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE")


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DuckDBDialect:
    """The few SQL forms of the checks (reports/validation.py) that DuckDB and Spark write differently."""

    name = "duckdb"

    @staticmethod
    def identifier(name: str) -> str:
        return identifier(name)

    @staticmethod
    def string(text: str) -> str:
        return sql_string(text)

    @staticmethod
    def try_timestamp(expression: str) -> str:
        return f"try_cast({expression} as timestamptz)"

    @staticmethod
    def is_iso_date(expression: str) -> str:
        """YYYY-MM-DD and a real day: 2026-3-4 and 2026-02-30 are not."""
        return f"try_strptime({expression}, '%Y-%m-%d') is not null"

    @staticmethod
    def is_infinite(expression: str) -> str:
        return f"isinf({expression})"


@dataclass(frozen=True)
class LoadedTable:
    table: Table
    label: str  # the file, relative to the extract: crm/accounts.csv
    view: str  # the DuckDB table holding its rows as text, with _line
    columns: tuple[str, ...]  # the file's columns, in file order
    absent_columns: tuple[str, ...] = ()  # nullable contract columns the file does not have (read as empty)


def _physical_line(path: Path, byte_position: int) -> int:
    """The 1-based line of the file at `byte_position` (DuckDB's line_byte_position of a rejected record)."""
    with open(path, "rb") as handle:
        head = handle.read(max(byte_position, 0))
    return head.count(b"\n") + 1


def _wrong_field_count(fields: int, header_fields: int) -> str:
    return STRUCTURE_EXPECTED["MISSING COLUMNS" if fields < header_fields else "TOO MANY COLUMNS"]


def _unparsable_record(error: csv.Error) -> str:
    if "EOF" in str(error) or "end of data" in str(error):
        return "a closing quote for the value opened on this line (the quote is never closed)"
    return f"a well-formed RFC 4180 record ({error})"


def record_problem(record: str, header_fields: int) -> str:
    """What is wrong with one CSV record (its text, from its first line on) in a file whose header has
    `header_fields` names, said as first_structural_error says it."""
    try:
        fields = next(csv.reader(io.StringIO(record), strict=True), [])
    except csv.Error as error:
        return _unparsable_record(error)
    if len(fields) != header_fields:
        return _wrong_field_count(len(fields), header_fields)
    return "a well-formed RFC 4180 record"


def first_structural_error(path: Path) -> tuple[int, str] | None:
    """The line and kind of the first structural error, found with Python's own RFC 4180 reader (DuckDB
    only says that it could not read the file when a quote is never closed)."""
    with open(path, encoding="utf-8", errors="strict", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except (StopIteration, UnicodeDecodeError):
            return None
        except csv.Error:
            return 1, "a header row of plain or quoted names"
        started = reader.line_num + 1
        try:
            for row in reader:
                if row and len(row) != len(header):
                    return started, _wrong_field_count(len(row), len(header))
                started = reader.line_num + 1
        except csv.Error as error:
            return started, _unparsable_record(error)
        except UnicodeDecodeError:
            return None
    return None


def _csv_header(path: Path) -> list[str] | None:
    """The CSV's header row as written (with a byte-order mark removed), or None when it is not UTF-8."""
    with open(path, "rb") as handle:
        first = handle.read(1024 * 1024)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = first[: error.start].decode("utf-8-sig")
    return first_record(text)


def first_record(text: str) -> list[str] | None:
    """The first CSV record of `text` (a header row), a byte-order mark removed; None when it is not CSV."""
    try:
        return next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), [])
    except csv.Error:
        return None


def _duplicates(names: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({name for name in names if name in seen or seen.add(name)})  # type: ignore[func-returns-value]


class ExtractFiles:
    """The extract's tables, each read once into one in-memory DuckDB database."""

    dialect = DuckDBDialect()

    def __init__(self, folder: ExtractLocation) -> None:
        if not isinstance(folder, Path):
            raise TenureError(f"{folder} is a URI: only Spark reads an extract there (--target spark)")
        self.folder = folder
        self.con = duckdb.connect()
        self.loaded: dict[str, LoadedTable] = {}

    # The extract's files, by their name relative to the extract (crm/accounts.csv): here a local folder's;
    # reports/spark_extract_files.py answers the same questions through Spark, for a folder or a URI.
    def settings_file(self) -> bytes | None:
        """extract.yml's bytes, or None when the extract has none."""
        path = self.folder / SETTINGS_FILE
        return path.read_bytes() if path.is_file() else None

    def notices(self) -> list[Finding]:
        """Findings about the extract as a whole that reading it brings (none for a local folder)."""
        return []

    def has_file(self, name: str) -> bool:
        return (self.folder / name).exists()

    def file_names(self) -> list[str]:
        """The files in the extract's system folders (crm/accounts.csv, ...)."""
        return [path.relative_to(self.folder).as_posix() for path in self.folder.glob("*/*")]

    def _usual_suffix(self) -> str:
        """.parquet for an extract written as Parquet, else .csv: how a file it lacks is named."""
        suffixes = {Path(name).suffix for name in self.file_names()}
        return ".parquet" if ".parquet" in suffixes and ".csv" not in suffixes else ".csv"

    def file_location(self, name: str) -> str:
        """The file as the reader takes it."""
        return str(self.folder / name)

    def is_empty_file(self, name: str) -> bool:
        return (self.folder / name).stat().st_size == 0

    def csv_header(self, name: str) -> list[str] | None:
        return _csv_header(self.folder / name)

    def structural_error(self, name: str) -> tuple[int, str] | None:
        return first_structural_error(self.folder / name)

    def close(self) -> None:
        self.con.close()

    def rows(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def sample(self, sql: str, limit: int = SAMPLE_ROWS) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """Lines and values of the first `limit` rows of `sql` (which selects _line and a value)."""
        rows = self.rows(f"{sql} order by 1 limit {limit}")
        return tuple(int(row[0]) for row in rows), tuple(str(row[1])[:80] for row in rows)

    def load(self, table: Table, findings: list[Finding]) -> None:
        present = [name for name in (f"{table.path}.csv", f"{table.path}.parquet") if self.has_file(name)]
        if not present:
            absent_file = f"{table.path}{self._usual_suffix()}"
            if table.required:
                findings.append(
                    Finding(
                        "missing_table",
                        absent_file,
                        f"the required table {table.path}.csv or .parquet",
                    )
                )
            else:
                findings.append(
                    Finding(
                        "absent_table",
                        absent_file,
                        "this optional table (absent: read as empty; the pages that need it say no data)",
                        fatal=False,
                    )
                )
            return
        if len(present) > 1:
            findings.append(
                Finding(
                    "duplicate_table",
                    f"{table.path}.csv",
                    f"one file for {table.path}, not both .csv and .parquet",
                )
            )
            return
        label = present[0]
        view = self.dialect.identifier(table.path.replace("/", "__"))
        loaded = (
            self._load_csv(label, view, table, findings)
            if label.endswith(".csv")
            else (self._load_parquet(self.file_location(label), label, view, table, findings))
        )
        if loaded is None:
            return
        columns = loaded
        duplicated = _duplicates(list(columns))
        if duplicated:
            findings.append(
                Finding(
                    "duplicate_column",
                    label,
                    "each column name once in the header",
                    ", ".join(duplicated),
                    (1,),
                )
            )
            return
        missing = [column for column in table.fields if column.name not in columns]
        missing_required = [column.name for column in missing if column.required]
        if missing_required:
            findings.append(
                Finding(
                    "missing_column",
                    label,
                    f"the required column{'s' if len(missing_required) > 1 else ''} "
                    f"{', '.join(missing_required)} (header has: {', '.join(columns[:12])}"
                    f"{', …' if len(columns) > 12 else ''})",
                )
            )
            return
        absent = tuple(column.name for column in missing)
        for name in absent:
            self._add_text_column(view, name)
            findings.append(
                Finding(
                    "absent_column",
                    label,
                    "this nullable column (absent: read as empty)",
                    name,
                    fatal=False,
                )
            )
        self.loaded[table.path] = LoadedTable(table, label, view, tuple(columns), absent)

    def _add_text_column(self, view: str, name: str) -> None:
        """An absent nullable column, as empty text."""
        self.con.execute(f"alter table {view} add column {identifier(name)} varchar")

    def _load_csv(self, label: str, view: str, table: Table, findings: list[Finding]) -> list[str] | None:
        header = self._usable_header(label, table, findings)
        if header is None:
            return None
        return self._read_csv(self.file_location(label), label, view, table, header, findings)

    def _usable_header(self, label: str, table: Table, findings: list[Finding]) -> list[str] | None:
        """The CSV header, or None with a finding: an empty or unreadable file, or not comma-separated."""
        if self.is_empty_file(label):
            findings.append(Finding("empty_file", label, "a header row (the file is empty)"))
            return None
        header = self.csv_header(label)
        if header is None:
            findings.append(Finding("unreadable", label, "a header row of column names", lines=(1,)))
            return None
        if len(header) == 1 and len(table.columns) > 1 and header[0] not in table.columns:
            hint = (
                "; it looks ';'-separated"
                if ";" in header[0]
                else ("; it looks tab-separated" if "\t" in header[0] else "")
            )
            findings.append(Finding("wrong_delimiter", label, f"comma-separated columns{hint}", lines=(1,)))
            return None
        return header

    def _read_csv(
        self, path: str, label: str, view: str, table: Table, header: list[str], findings: list[Finding]
    ) -> list[str] | None:
        rejects = f"rejects_{table.folder}_{table.name}"
        reader = (
            f"read_csv({sql_string(path)}, header = true, all_varchar = true, delim = ',', "
            "quote = '\"', escape = '\"', encoding = 'utf-8', strict_mode = true, null_padding = false, "
            f"max_line_size = {CSV_MAX_LINE_BYTES}, buffer_size = {2 * CSV_MAX_LINE_BYTES}, "
            "store_rejects = true, "
            f"rejects_table = {sql_string(rejects)}, rejects_scan = {sql_string(rejects + '_scan')})"
        )
        try:
            self.con.execute(f"create table {view} as select (row_number() over ()) as _row, * from {reader}")
        except duckdb.Error as error:
            located = self.structural_error(label)
            if located:
                findings.append(Finding("malformed_csv", label, located[1], lines=(located[0],)))
            elif "unicode" in str(error).lower() or "utf-8" in str(error).lower():
                findings.append(Finding("encoding", label, "UTF-8 text"))
            else:
                detail = str(error).splitlines()[0]
                findings.append(
                    Finding("unreadable", label, f"a CSV file with a header row (RFC 4180): {detail}")
                )
            return None
        rejected = self.con.execute(
            f"select line_byte_position, error_type, column_name from {identifier(rejects)} "
            "order by line limit 5"
        ).fetchall()
        if rejected:
            encoding = [row for row in rejected if row[1] == "INVALID ENCODING"]
            for error_type, rows in (
                ("encoding", encoding),
                ("malformed_csv", [r for r in rejected if r not in encoding]),
            ):
                if rows:
                    findings.append(
                        Finding(
                            error_type,
                            label,
                            STRUCTURE_EXPECTED.get(
                                rows[0][1], f"a well-formed record ({rows[0][1].lower()})"
                            ),
                            lines=tuple(
                                dict.fromkeys(_physical_line(Path(path), int(row[0])) for row in rows)
                            ),
                        )
                    )
            return None
        columns = [row[0] for row in self.con.execute(f"describe {view}").fetchall()][1:]
        # DuckDB renames a repeated header name (a, a_1); the header as written tells the truth.
        if len(header) == len(columns) and _duplicates(header):
            return header
        newlines = " + ".join(
            f"coalesce(length({identifier(c)}) - length(replace({identifier(c)}, chr(10), '')), 0)"
            for c in columns
        )
        self.con.execute(
            f"create or replace table {view} as select "
            f"2 + coalesce(sum(1 + {newlines}) over (order by _row rows between unbounded preceding "
            f"and 1 preceding), 0) as _line, * exclude (_row) from {view} order by _row"
        )
        return columns

    def _load_parquet(
        self, path: str, label: str, view: str, table: Table, findings: list[Finding]
    ) -> list[str] | None:
        try:
            schema = self.con.execute(
                f"select name from parquet_schema({sql_string(path)}) where num_children is null "
                "or num_children = 0"
            ).fetchall()
            source = f"read_parquet({sql_string(path)})"
            types = self.con.execute(f"describe select * from {source}").fetchall()
        except duckdb.Error as error:
            findings.append(Finding("unreadable", label, f"a Parquet file ({str(error).splitlines()[0]})"))
            return None
        written = [row[0] for row in schema]
        if _duplicates(written):
            return written
        kinds = {column.name: column.kind for column in table.fields}
        select = ", ".join(
            _as_text(identifier(name), str(data_type).upper(), kinds.get(name, "text"))
            + f" as {identifier(name)}"
            for name, data_type, *_ in types
        )
        try:
            self.con.execute(
                f"create table {view} as select (row_number() over ()) as _line, {select} from {source}"
            )
        except duckdb.Error as error:
            findings.append(Finding("unreadable", label, f"a Parquet file ({str(error).splitlines()[0]})"))
            return None
        return [row[0] for row in types]


def _as_text(column: str, data_type: str, kind: str) -> str:
    """A Parquet value as the text the same value has in a CSV extract."""
    if data_type in _DATE_TYPES:
        return f"strftime({column}, '%Y-%m-%d')"
    if data_type in _TIMESTAMP_TYPES:
        utc = f"timezone('UTC', {column})" if "TIME ZONE" in data_type else f"cast({column} as timestamp)"
        if kind == "date":  # a date stored as a timestamp at midnight is that date; a time of day is not
            return (
                f"case when {utc} = date_trunc('day', {utc}) then strftime({utc}, '%Y-%m-%d') "
                f"else strftime({utc}, '%Y-%m-%dT%H:%M:%S') end"
            )
        return f"strftime({utc}, '%Y-%m-%dT%H:%M:%S.%fZ')"
    return f"cast({column} as varchar)"
