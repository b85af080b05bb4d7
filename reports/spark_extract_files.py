"""Reads an extract's files with Apache Spark for the checks before dbt (reports/validation.py), when the
spark target builds the marts: Spark reads and checks the files where they are, and only the findings (a
few lines and values each) come back to this process.

The same tables as reports/extract_files.py's ExtractFiles, the same contract logic (its `load`), and the same
checks; only reading differs:
- each file is a Spark temporary view of text columns with `_line`, kept (memory and disk) while the checks
  run: CSV in the contract's dialect (header row, comma, RFC 4180 quotes, UTF-8, quoted line breaks), every
  column as text; Parquet with each value written as the text a CSV would hold (dates YYYY-MM-DD, timestamps
  ISO 8601 in UTC, a date stored as a timestamp at midnight as that date);
- `_line` counts records, from distributed row ids and per-partition counts (no single-partition window):
  the CSV line for a file without quoted line breaks (each one moves the later lines down by one), the row
  number for Parquet;
- a CSV record Spark cannot parse is a `malformed_csv` finding; in a local folder its line is then found
  with Python's RFC 4180 reader, as on DuckDB; at a URI by Spark, which reads the file again keeping
  malformed records whole (the file is never read onto this machine); bytes that are not UTF-8, which Spark
  reads as U+FFFD, are an `encoding` finding.
The extract may be a local folder or a URI (reports/extract_location.py): its listing comes from Spark's
binaryFile source without the content column (no file is read), extract.yml and each CSV's first lines from
Spark's readers, so a URI works wherever the dbt models' Spark session reads it
(macros/extract/spark_extract.sql lists the extract the same way).
The session runs in its own process (reports/validation.py `validate_extract_on_spark`), so its JVM ends
with the checks and never sits beside dbt's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from reports.config_file import CONFIG_FILE
from reports.contract import Table
from reports.errors import TenureError
from reports.extract_files import ExtractFiles, first_record, record_problem
from reports.extract_location import ExtractLocation, is_uri, path_in_uri
from reports.extract_settings import SETTINGS_FILE
from reports.findings import Finding

# Lines of a CSV read for its header: enough for a header with quoted line breaks in its names.
_HEADER_LINES = 20
# How much of a malformed record comes back to say what is wrong with it (an unclosed quote runs to the end).
MALFORMED_RECORD_CHARACTERS = 100_000
REPLACEMENT_CHARACTER = "\ufffd"

_DATE_TYPES = ("DateType",)
_TIMESTAMP_TYPES = ("TimestampType", "TimestampNTZType")


class SparkDialect:
    """The checks' SQL forms in Spark SQL (see reports/extract_files.py DuckDBDialect)."""

    name = "spark"

    @staticmethod
    def identifier(name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    @staticmethod
    def string(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    @staticmethod
    def try_timestamp(expression: str) -> str:
        return f"try_cast({expression} as timestamp)"

    @staticmethod
    def is_iso_date(expression: str) -> str:
        well_formed = f"{expression} rlike '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'"
        return f"({well_formed} and try_cast({expression} as date) is not null)"

    @staticmethod
    def is_infinite(expression: str) -> str:
        return f"(abs({expression}) = double('Infinity'))"


def spark_session() -> Any:
    """A Spark session like the spark target's (profiles.yml): UTC; this machine, or TENURE_SPARK_MASTER."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.appName("tenure extract checks")
        .master(os.environ.get("TENURE_SPARK_MASTER", "local[*]"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", os.environ.get("TENURE_SPARK_DRIVER_MEMORY", "4g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkExtractFiles(ExtractFiles):
    """The extract's tables as Spark temporary views of text, for the same checks as on DuckDB."""

    dialect = SparkDialect()  # type: ignore[assignment]

    def __init__(self, folder: ExtractLocation) -> None:  # type: ignore[override]
        self.location = folder
        self.folder = folder if isinstance(folder, Path) else Path()  # the local folder, for local files only
        self.spark = spark_session()
        self.loaded = {}
        self._frames: list[Any] = []
        self._absent: set[str] = set()
        self._unreadable_layouts: set[str] = set()  # a table's folder in a layout the models do not read
        self.root = str(folder.resolve()) if isinstance(folder, Path) else folder
        try:
            self.files = self._listing(self.root)
        except BaseException:
            self.spark.stop()
            raise

    def _listing(self, root: str) -> dict[str, tuple[str, int]]:
        """Each file of the extract by its name relative to the extract (crm/accounts.csv, extract.yml; a
        Parquet table may be a folder of part files), with its path as Spark names it and its size."""
        try:
            rows = (
                self.spark.read.format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(root)
                .select("path", "length")
                .collect()
            )
        except Exception as error:  # Spark's errors reach Python as several unrelated classes
            detail = _first_line(error)
            if "FileSystem" in detail:  # no Hadoop connector for the URI's scheme on Spark's class path
                detail += (
                    " (Spark needs the storage's Hadoop connector and credentials, e.g. hadoop-aws for "
                    "s3a://, in $SPARK_CONF_DIR/spark-defaults.conf; README, 'Beyond one machine: Spark')"
                )
            raise TenureError(f"Spark cannot list the extract {root}: {detail}") from None
        root_path = path_in_uri(root)
        files: dict[str, tuple[str, int]] = {}
        for path, length in rows:
            listed = path_in_uri(path)
            if not listed.startswith(root_path + "/"):
                continue
            parts = listed[len(root_path) + 1 :].split("/")
            if len(parts) == 3 and parts[1].endswith(".parquet"):  # crm/accounts.parquet/part-00000-….parquet
                name, path = "/".join(parts[:2]), path[: path.rindex("/")]
                length += files.get(name, (path, 0))[1]
            elif len(parts) <= 2:
                name = "/".join(parts)
            else:
                if len(parts) > 2 and parts[1].endswith((".csv", ".parquet")):
                    self._unreadable_layouts.add("/".join(parts[:2]))
                continue
            files[name] = (path, int(length))
        return files

    def notices(self) -> list[Finding]:
        findings = [
            Finding(
                "unreadable",
                name,
                "a file, or a folder with the part files directly in it (crm/accounts.parquet/part-*.parquet,"
                " as Spark writes a table); sub-folders, such as partitions, are not read",
            )
            for name in sorted(self._unreadable_layouts)
        ]
        if is_uri(self.location) and CONFIG_FILE in self.files:
            findings.append(
                Finding(
                    "unread_config",
                    CONFIG_FILE,
                    "settings given with --config FILE: a tenure.yml inside an extract at a URI is not read",
                    fatal=False,
                )
            )
        return findings

    def settings_file(self) -> bytes | None:
        if not self.has_file(SETTINGS_FILE):
            return None
        if self.is_empty_file(SETTINGS_FILE):
            return b""
        location = self.files[SETTINGS_FILE][0]
        [(content,)] = self.spark.read.format("binaryFile").load(location).select("content").collect()
        return bytes(content)

    def file_names(self) -> list[str]:
        return list(self.files)

    def has_file(self, name: str) -> bool:
        if name not in self.files and name not in self._absent and name not in self._unreadable_layouts:
            self._find_empty_file(name)
        return name in self.files

    def _find_empty_file(self, name: str) -> None:
        """Spark's listing leaves out files of 0 bytes: an unlisted name is an empty file when Spark can
        open it and finds nothing in it (an empty file is a finding of its own, not an absent table)."""
        location = f"{self.root}/{name}"
        try:
            found = self.spark.read.format("binaryFile").load(location).select("path").limit(1).collect()
        except Exception:  # Spark's errors reach Python as several unrelated classes: not there
            found = None
        if found == []:
            self.files[name] = (location, 0)
        else:
            self._absent.add(name)

    def file_location(self, name: str) -> str:
        return self.files[name][0]

    def is_empty_file(self, name: str) -> bool:
        return self.files[name][1] == 0

    def csv_header(self, name: str) -> list[str] | None:
        if not is_uri(self.location):
            return super().csv_header(name)
        first_lines = self.spark.read.text(self.file_location(name)).limit(_HEADER_LINES).collect()
        return first_record("\n".join(row[0] for row in first_lines))

    def close(self) -> None:
        for frame in self._frames:
            frame.unpersist()
        self.spark.stop()

    def rows(self, sql: str) -> list[tuple]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def _add_text_column(self, view: str, name: str) -> None:
        from pyspark.sql import functions as F

        frame = self.spark.table(view).withColumn(name, F.lit(None).cast("string"))
        self._register(frame, view)

    def _register(self, frame: Any, view: str) -> None:
        from pyspark import StorageLevel

        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        self._frames.append(frame)
        frame.createOrReplaceTempView(view.strip("`"))

    def _with_line(self, frame: Any, first_line: int, line_breaks_count: bool) -> Any:
        """`_line` for every record: the file's line where it starts, counting from `first_line` (with
        `line_breaks_count`, a quoted line break in a value moves the later records down a line, as in a
        CSV file; a Parquet file counts rows). Computed per partition
        (Spark reads a file's partitions in order), so that no step gathers all rows on one task."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        # monotonically_increasing_id: the partition in the upper 31 bits, the record in it in the lower 33
        newlines = [
            F.coalesce(
                F.length(_column(name)) - F.length(F.regexp_replace(_column(name), "\n", "")),
                F.lit(0),
            )
            for name in frame.columns
        ]
        numbered = (
            frame.withColumn("_id", F.monotonically_increasing_id())
            .withColumn("_partition", F.shiftright(F.col("_id"), 33))
            .withColumn("_lines", F.lit(1) + (sum(newlines, F.lit(0)) if line_breaks_count else F.lit(0)))
        )
        totals = sorted(
            (row["_partition"], row["_lines"])
            for row in numbered.groupBy("_partition").agg(F.sum("_lines").alias("_lines")).collect()
        )
        offsets, total = [], 0
        for index, lines in totals:
            offsets.append((index, total))
            total += lines
        offset_frame = self.spark.createDataFrame(offsets or [(0, 0)], "_partition long, _offset long")
        before = Window.partitionBy("_partition").orderBy("_id").rowsBetween(Window.unboundedPreceding, -1)
        line = F.lit(first_line) + F.col("_offset") + F.coalesce(F.sum("_lines").over(before), F.lit(0))
        return numbered.join(F.broadcast(offset_frame), "_partition").select(
            line.alias("_line"), *[_column(name) for name in frame.columns]
        )

    def _csv_reader(self) -> Any:
        """Spark's CSV reader in the contract's dialect, every column as text."""
        return (
            self.spark.read.option("header", "true")
            .option("sep", ",")
            .option("quote", '"')
            .option("escape", '"')
            .option("encoding", "UTF-8")
            .option("multiLine", "true")
            .option("inferSchema", "false")
            .option("enforceSchema", "false")
        )

    def _read_csv(
        self, path: str, label: str, view: str, table: Table, header: list[str], findings: list[Finding]
    ) -> list[str] | None:
        if len(set(header)) < len(header):  # a repeated name: a finding of load(), before Spark renames it
            return header
        frame = self._csv_reader().option("mode", "FAILFAST").csv(path)
        try:
            self._register(self._with_line(frame, 2, line_breaks_count=True), view)
        except Exception as error:  # Spark's errors reach Python as several unrelated classes
            located = (
                self._first_malformed_record(path, header)
                if is_uri(self.location)
                else self.structural_error(label)
            )
            if located:
                findings.append(Finding("malformed_csv", label, located[1], lines=(located[0],)))
            else:
                findings.append(
                    Finding(
                        "unreadable",
                        label,
                        f"a CSV file with a header row (RFC 4180): {_first_line(error)[:300]}",
                    )
                )
            return None
        lines = self._replacement_characters(view, header, frame.columns)
        if lines and not self._is_utf8(path):
            findings.append(Finding("encoding", label, "UTF-8 text", lines=lines))
            return None
        return header

    def _replacement_characters(self, view: str, header: list[str], columns: list[str]) -> tuple[int, ...]:
        """Lines holding U+FFFD, the character Spark reads bytes that are not UTF-8 as (a text may also hold
        it as such: see _is_utf8)."""
        if any(REPLACEMENT_CHARACTER in name for name in header):
            return (1,)
        if not columns:
            return ()
        found = " or ".join(
            f"instr({self.dialect.identifier(name)}, '{REPLACEMENT_CHARACTER}') > 0" for name in columns
        )
        return self.sample(f"select _line, '' from {view} where {found}")[0]

    def _is_utf8(self, path: str) -> bool:
        """Whether the file is valid UTF-8, asked of Spark (the file stays where it is)."""
        try:
            [(valid,)] = (
                self.spark.read.format("binaryFile").load(path).selectExpr("is_valid_utf8(content)").collect()
            )
        except Exception:  # Spark's errors reach Python as several unrelated classes: say what it read
            return False
        return bool(valid)

    def _first_malformed_record(self, path: str, header: list[str]) -> tuple[int, str] | None:
        """The line and kind of the first record Spark cannot parse, found by Spark (for a file at a URI,
        never read onto this machine): read again keeping malformed records whole in a column of their own,
        numbered as every record is."""
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        corrupt = "_tenure_corrupt_record"
        schema = StructType([StructField(name, StringType()) for name in [*header, corrupt]])
        try:
            frame = (
                self._csv_reader()
                .schema(schema)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", corrupt)
                .csv(path)
                .persist()
            )
            try:
                numbered = self._with_line(frame, 2, line_breaks_count=True)
                # the record's start is enough to say what is wrong: an unclosed quote runs to the file's end
                first = (
                    numbered.where(F.col(corrupt).isNotNull())
                    .orderBy("_line")
                    .select("_line", F.substring(corrupt, 1, MALFORMED_RECORD_CHARACTERS))
                    .first()
                )
            finally:
                frame.unpersist()
        except Exception:  # Spark's errors reach Python as several unrelated classes
            return None
        return (int(first[0]), record_problem(first[1], len(header))) if first else None

    def _load_parquet(
        self, path: str, label: str, view: str, table: Table, findings: list[Finding]
    ) -> list[str] | None:
        from pyspark.sql import functions as F

        try:
            frame = self.spark.read.parquet(path)
        except Exception as error:  # Spark's errors reach Python as several unrelated classes
            findings.append(Finding("unreadable", label, f"a Parquet file ({_first_line(error)[:200]})"))
            return None
        written = list(frame.columns)
        if len(set(written)) < len(written):
            return written
        kinds = {column.name: column.kind for column in table.fields}
        columns = []
        for field in frame.schema.fields:
            value = _column(field.name)
            data_type = type(field.dataType).__name__
            if data_type in _DATE_TYPES:
                text = F.date_format(value, "yyyy-MM-dd")
            elif data_type in _TIMESTAMP_TYPES:
                text = F.date_format(value, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                if kinds.get(field.name) == "date":  # a date stored as a timestamp at midnight is that date
                    midnight = value == F.date_trunc("day", value)
                    text = F.when(midnight, F.date_format(value, "yyyy-MM-dd")).otherwise(
                        F.date_format(value, "yyyy-MM-dd'T'HH:mm:ss")
                    )
            else:
                text = value.cast("string")
            columns.append(text.alias(field.name))
        self._register(self._with_line(frame.select(*columns), 1, line_breaks_count=False), view)
        return written


def _column(name: str) -> Any:
    """A column by its name as written in the file (any character, a backtick too)."""
    from pyspark.sql import functions as F

    return F.col(SparkDialect.identifier(name))


def _first_line(error: BaseException) -> str:
    """The line of a Spark error that says what went wrong (Py4J puts a call site before it)."""
    lines = [line.strip().removeprefix(": ") for line in str(error).strip().splitlines() if line.strip()]
    for line in lines:
        if not line.startswith("An error occurred while calling"):
            return line
    return lines[0] if lines else type(error).__name__
