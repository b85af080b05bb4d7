"""The checks before dbt on the spark target: Spark reads and checks the extract
(reports/spark_extract_files.py) and finds what the DuckDB checks find, message for message, on the bad
inputs of tests/test_validation.py.

Real Spark in this test process (pyspark's local session); skipped without Java or pyspark (`make test`
installs both). A chosen set of cases, one per kind of check and reader, keeps it to a few minutes.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from reports.sample import generate
from reports.validation import validate_extract
from tests.test_validation import CASES, _changed, to_parquet

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (make test installs a JRE)"),
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None, reason="needs pip install 'tenure[spark]'"
    ),
]

SPARK_CASES = (
    "missing required column",
    "unparseable date",
    "impossible date",
    "unparseable number",
    "unparseable timestamp",
    "duplicate key",
    "unknown enumeration value",
    "unclosed quote",
    "line numbers after a quoted line break",
    "infinite quantity",
    "open period exported twice",
    "amounts in cents",
    "FX month missing",
    "orphaned ticket",
)


def _messages(extract: Path, files_class: type | None = None) -> list[str]:
    if files_class is None:
        report = validate_extract(extract)
    else:
        report = validate_extract(extract, files_class=files_class)
    return [finding.message() for finding in report.findings]


@pytest.fixture(scope="module")
def clean_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extract tests/test_validation.py edits (the same size and seed, so its messages apply)."""
    return generate(tmp_path_factory.mktemp("clean") / "extract", accounts=25, seed=9)


@pytest.fixture(scope="module")
def spark_files() -> type:
    from reports.spark_extract_files import SparkExtractFiles

    return SparkExtractFiles


@pytest.mark.parametrize("case", SPARK_CASES)
def test_spark_finds_what_duckdb_finds(
    clean_sample: Path, tmp_path: Path, spark_files: type, case: str
) -> None:
    (change,) = [change for name, change, _, _ in CASES if name == case]
    extract = _changed(clean_sample, tmp_path, change)
    on_duckdb = _messages(extract)
    assert on_duckdb, case
    assert _messages(extract, spark_files) == on_duckdb


def test_spark_checks_a_parquet_extract_with_natural_types_like_duckdb(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    extract = _changed(clean_sample, tmp_path, to_parquet)
    assert _messages(extract, spark_files) == _messages(extract) == []
