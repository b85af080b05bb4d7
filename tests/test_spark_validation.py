"""The checks before dbt on the spark target: Spark reads and checks the extract
(reports/spark_extract_files.py) and finds what the DuckDB checks find, message for message, on the bad
inputs of tests/test_validation.py — in a local folder, and at a URI, where Spark alone reads the files (a
file:/// URI here, as s3a://bucket/… would be on a cluster).

Real Spark in this test process (pyspark's local session); skipped without Java or pyspark (`make test`
installs both). A chosen set of cases, one per kind of check and reader, keeps it to a few minutes.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reports.errors import TenureError
from reports.extract_location import ExtractLocation
from reports.paths import REPO_ROOT
from reports.sample import generate
from reports.validation import validate_extract
from tests.test_validation import (
    CASES,
    _changed,
    edit,
    edits,
    rename_column,
    rewrite,
    to_parquet,
    write_settings,
)

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


# At a URI, where the header, an empty file, a bad encoding and a malformed record are found by Spark too.
# (All the cases of tests/test_validation.py give the same messages at a URI; these are the ones whose
# reading differs there.)
URI_CASES = (
    "missing required column",
    "empty file",
    "wrong delimiter",
    "wrong encoding",
    "short row",
    "unclosed quote",
    "duplicated column name",
)


def _messages(extract: ExtractLocation, files_class: type | None = None) -> list[str]:
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


def _change(case: str) -> Callable[[Path], None]:
    (change,) = [change for name, change, _, _ in CASES if name == case]
    return change


@pytest.mark.parametrize(
    ("case", "given_as"),
    [(case, "folder") for case in SPARK_CASES] + [(case, "uri") for case in URI_CASES],
)
def test_spark_finds_what_duckdb_finds_in_a_folder_and_at_a_uri(
    clean_sample: Path, tmp_path: Path, spark_files: type, case: str, given_as: str
) -> None:
    """At a URI Spark alone reads the files: the header, an empty file, the encoding and a malformed record's
    line come from Spark's readers, not from this machine."""
    extract = _changed(clean_sample, tmp_path, _change(case))
    on_duckdb = _messages(extract)
    assert on_duckdb, case
    location = extract if given_as == "folder" else extract.resolve().as_uri()
    assert _messages(location, spark_files) == on_duckdb


def test_spark_checks_a_parquet_extract_with_natural_types_like_duckdb(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    extract = _changed(clean_sample, tmp_path, to_parquet)
    assert _messages(extract, spark_files) == _messages(extract) == []


def test_harmless_variations_at_a_uri_are_accepted(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    harmless = edits(
        edit("crm/accounts", "account_name", 'Halcyon "Freight", Inc.\nShipping'),
        rewrite("crm/accounts", lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")),
        rewrite("surveys/nps", lambda data: data.splitlines(keepends=True)[0]),
    )
    extract = _changed(clean_sample, tmp_path, harmless)

    assert _messages(extract.resolve().as_uri(), spark_files) == _messages(extract) == []


def test_a_parquet_extract_at_a_uri_passes_the_same_checks(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    extract = _changed(clean_sample, tmp_path, to_parquet)
    assert _messages(extract.resolve().as_uri(), spark_files) == []


def test_a_tenure_yml_inside_an_extract_at_a_uri_is_said_to_be_unread(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    extract = _changed(
        clean_sample, tmp_path, lambda folder: (folder / "tenure.yml").write_text("vars: {}\n")
    )

    assert _messages(extract.resolve().as_uri(), spark_files) == [
        "tenure.yml: expected settings given with --config FILE: a tenure.yml inside an extract at a URI is "
        "not read [unread_config]"
    ]
    assert _messages(extract, spark_files) == []  # beside a local extract it is read (reports/config_file.py)


def test_an_extract_spark_cannot_list_is_one_message_naming_it(tmp_path: Path, spark_files: type) -> None:
    uri = (tmp_path / "nowhere").as_uri()
    with pytest.raises(TenureError, match=f"Spark cannot list the extract {uri}: .*PATH_NOT_FOUND"):
        validate_extract(uri, files_class=spark_files)


def test_tenure_validate_checks_an_extract_at_a_uri_with_spark(clean_sample: Path, tmp_path: Path) -> None:
    broken = _changed(clean_sample, tmp_path, _change("unclosed quote"))
    uri = broken.resolve().as_uri()

    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "validate", "--raw", uri],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert completed.returncode == 2, completed.stderr[-3000:]
    assert f"the extract in {uri} does not meet the data contract" in completed.stderr
    assert "crm/accounts.csv, line 2: expected a closing quote" in completed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["extract"]  # wrote nothing


def test_an_empty_extract_yml_a_real_replacement_character_and_a_backtick_in_a_name_read_as_on_duckdb(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    unusual = edits(
        write_settings(""),
        edit("crm/accounts", "account_name", "Halcyon \ufffd Freight"),  # valid UTF-8 holding U+FFFD
        rename_column("crm/accounts", "region", "sales`region"),
    )
    extract = _changed(clean_sample, tmp_path, unusual)

    on_duckdb = validate_extract(extract)
    at_uri = validate_extract(extract.resolve().as_uri(), files_class=spark_files)

    assert [f.message() for f in at_uri.findings] == [f.message() for f in on_duckdb.findings]
    assert not on_duckdb.fatal
    assert at_uri.settings.as_of_origin == on_duckdb.settings.as_of_origin  # an empty file, not no file


def test_a_partitioned_table_folder_and_a_malformed_record_under_an_odd_header_are_findings(
    clean_sample: Path, tmp_path: Path, spark_files: type
) -> None:
    import duckdb

    def odd(extract: Path) -> None:
        users = extract / "crm" / "users.csv"
        with duckdb.connect() as con:  # crm/users.parquet/role=ceo/data_0.parquet …, as a partitioned write
            con.execute(
                f"copy (select * from read_csv('{users}', all_varchar = true)) "
                f"to '{users.with_suffix('.parquet')}' (format parquet, partition_by (role))"
            )
        users.unlink()
        rename_column("crm/accounts", "region", "sales`region")(extract)
        rewrite("crm/accounts", lambda data: data.replace(b"Halcyon Freight", b'"Halcyon Freight', 1))(
            extract
        )

    extract = _changed(clean_sample, tmp_path, odd)

    messages = _messages(extract.resolve().as_uri(), spark_files)

    assert (
        "crm/users.parquet: expected a file, or a folder with the part files directly in it "
        "(crm/accounts.parquet/part-*.parquet, as Spark writes a table); sub-folders, such as partitions, "
        "are not read [unreadable]"
    ) in messages
    assert (
        "crm/accounts.csv, line 2: expected a closing quote for the value opened on this line (the quote is "
        "never closed) [malformed_csv]"
    ) in messages
