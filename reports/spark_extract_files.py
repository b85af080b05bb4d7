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
- a CSV record Spark cannot parse is a `malformed_csv` finding; its line is then found with Python's RFC 4180
  reader on the local file, as on DuckDB.
The session runs in its own process (reports/validation.py `validate_extract_on_spark`), so its JVM ends
with the checks and never sits beside dbt's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from reports.contract import Table
from reports.extract_files import ExtractFiles, first_structural_error
from reports.findings import Finding

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

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.spark = spark_session()
        self.loaded = {}
        self._frames: list[Any] = []

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
                F.length(F.col(f"`{name}`")) - F.length(F.regexp_replace(F.col(f"`{name}`"), "\n", "")),
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
            line.alias("_line"), *[F.col(f"`{name}`") for name in frame.columns]
        )

    def _read_csv(
        self, path: Path, label: str, view: str, table: Table, header: list[str], findings: list[Finding]
    ) -> list[str] | None:
        frame = (
            self.spark.read.option("header", "true")
            .option("sep", ",")
            .option("quote", '"')
            .option("escape", '"')
            .option("encoding", "UTF-8")
            .option("multiLine", "true")
            .option("mode", "FAILFAST")
            .option("inferSchema", "false")
            .option("enforceSchema", "false")
            .csv(str(path))
        )
        try:
            self._register(self._with_line(frame, 2, line_breaks_count=True), view)
        except Exception as error:  # Spark's errors reach Python as several unrelated classes
            located = first_structural_error(path)
            if located:
                findings.append(Finding("malformed_csv", label, located[1], lines=(located[0],)))
            else:
                detail = str(error).strip().splitlines()[0][:200]
                findings.append(
                    Finding("unreadable", label, f"a CSV file with a header row (RFC 4180): {detail}")
                )
            return None
        return header

    def _load_parquet(
        self, path: Path, label: str, view: str, table: Table, findings: list[Finding]
    ) -> list[str] | None:
        from pyspark.sql import functions as F

        try:
            frame = self.spark.read.parquet(str(path))
        except Exception as error:  # Spark's errors reach Python as several unrelated classes
            findings.append(
                Finding("unreadable", label, f"a Parquet file ({str(error).splitlines()[0][:200]})")
            )
            return None
        written = list(frame.columns)
        if len(set(written)) < len(written):
            return written
        kinds = {column.name: column.kind for column in table.fields}
        columns = []
        for field in frame.schema.fields:
            value = F.col(f"`{field.name}`")
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
