"""Publishing swaps a complete site into place; a second build into the same folder is refused; an --out that
could lose a file Tenure did not make is refused before any work; SIGTERM stops the build cleanly."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reports.errors import TenureError
from reports.paths import REPO_ROOT
from reports.publish import (
    MARKER,
    check_output_folder,
    clean_stale_staging,
    output_lock,
    publish,
    staging_dir_for,
)
from tests.conftest import run_build


def _site(folder, text):
    """A site as Tenure publishes it (with its marker)."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / MARKER).write_text("")


def test_publish_replaces_the_previous_site_and_leaves_no_staging_folder(tmp_path):
    out = tmp_path / "site"
    _site(out, "old")
    (out / "stale.html").write_text("from the old build")
    staged = staging_dir_for(out)
    _site(staged, "new")
    publish(staged, out)
    assert (out / "index.html").read_text() == "new"
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_into_a_new_folder(tmp_path):
    staged = staging_dir_for(tmp_path / "site")
    _site(staged, "first")
    publish(staged, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "first"


def test_a_second_build_into_the_same_output_stops_with_a_reason(tmp_path):
    out = tmp_path / "site"
    with output_lock(out), pytest.raises(TenureError, match="another build is writing"), output_lock(out):
        pass
    with output_lock(out):  # released again afterwards
        pass


# --- an --out that could lose a file is refused before any work --------------------------------------------


def _tree(folder: Path) -> dict[str, str]:
    """Every file and folder below `folder` with a hash of its content: what must not change."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file()
        else "dir"
        for path in sorted(folder.rglob("*"))
    }


def _extract(tmp_path: Path) -> Path:
    extract = tmp_path / "extract"
    (extract / "crm").mkdir(parents=True)
    (extract / "crm" / "accounts.csv").write_text("account_id\nA1\n")
    (extract / "extract.yml").write_text("as_of: 2026-10-31\n")
    return extract


def _git_checkout(tmp_path: Path) -> Path:
    checkout = tmp_path / "checkout"
    (checkout / ".git" / "objects").mkdir(parents=True)
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (checkout / "notes.txt").write_text("an uncommitted file\n")
    return checkout


def _someones_files(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "plan.txt").write_text("a plan\n")
    return folder


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "f.txt"
    path.write_text("x")
    return path


DESTRUCTIVE = [
    ("the extract", lambda tmp, extract: extract, "is the extract"),
    ("a folder inside the extract", lambda tmp, extract: extract / "crm", "is the extract"),
    ("a folder around the extract", lambda tmp, extract: tmp, "is the extract"),
    (
        "a git checkout",
        lambda tmp, extract: _git_checkout(tmp),
        "is not empty and is not a site Tenure published",
    ),
    (
        "a folder of someone's files",
        lambda tmp, extract: (
            (tmp / "docs").mkdir() or ((tmp / "docs" / "a.txt").write_text("x") and tmp / "docs")
        ),
        "is not empty and is not a site Tenure published",
    ),
    (
        "a file",
        lambda tmp, extract: (tmp / "f.txt").write_text("x") and tmp / "f.txt",
        "exists and is not a folder",
    ),
    ("the file-system root", lambda tmp, extract: Path("/"), "is a root or home folder"),
    ("the repository", lambda tmp, extract: REPO_ROOT, "would replace the repository"),
    ("a folder of the repository", lambda tmp, extract: REPO_ROOT / "models", "would replace the repository"),
    ("the work folder", lambda tmp, extract: tmp / "work", "is the work folder"),
]


@pytest.mark.parametrize(("case", "out", "message"), DESTRUCTIVE, ids=[c[0] for c in DESTRUCTIVE])
def test_an_out_that_could_lose_files_is_refused(tmp_path: Path, case: str, out, message: str):
    extract = _extract(tmp_path)
    (tmp_path / "work").mkdir()
    target = out(tmp_path, extract)
    with pytest.raises(TenureError, match=message):
        check_output_folder(target, extract_dir=extract, work_dir=tmp_path / "work")


@pytest.mark.parametrize(
    ("case", "out", "message"),
    [DESTRUCTIVE[0], DESTRUCTIVE[3], DESTRUCTIVE[4]],
    ids=["the extract", "a git checkout", "a folder of someone's files"],
)
def test_build_py_refuses_a_destructive_out_before_any_work_and_leaves_it_intact(
    tmp_path: Path, case: str, out, message: str
):
    extract = _extract(tmp_path)
    target = out(tmp_path, extract)
    before = _tree(tmp_path)
    completed = run_build("--raw", str(extract), "--out", str(target), "--work-dir", str(tmp_path / "work"))
    assert completed.returncode == 2
    assert message in completed.stderr and "Traceback" not in completed.stderr
    assert "==> validate extract" not in completed.stderr  # refused before any work
    assert _tree(tmp_path) == before


def test_an_empty_folder_a_new_one_and_a_published_site_are_accepted(tmp_path: Path):
    extract, work = _extract(tmp_path), tmp_path / "work"
    (tmp_path / "empty").mkdir()
    published = tmp_path / "published"
    published.mkdir()
    (published / MARKER).write_text("")
    (published / "index.html").write_text("old")
    earlier = tmp_path / "earlier"  # published before the marker existed
    earlier.mkdir()
    (earlier / "tenure-state.json").write_text("{}")
    for out in (tmp_path / "empty", tmp_path / "new", published, earlier):
        check_output_folder(out, extract_dir=extract, work_dir=work)


def test_a_staging_folder_left_by_a_killed_build_is_removed_by_the_next(tmp_path: Path):
    out = tmp_path / "site"
    for stale in (tmp_path / ".site.building-12345", tmp_path / ".site.previous-999"):
        stale.mkdir()
        (stale / "index.html").write_text("half")
    (tmp_path / ".other.building-1").mkdir()  # another output's: not ours to remove
    with output_lock(out):
        removed = clean_stale_staging(out)
    assert sorted(p.name for p in removed) == [".site.building-12345", ".site.previous-999"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.building-1", ".site.lock"]


@pytest.mark.slow
def test_sigterm_stops_dbt_releases_the_lock_and_leaves_no_staging_folder(
    tmp_path: Path, sample_extract: Path
):
    out, work = tmp_path / "site", tmp_path / "work"
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "build.py"),
            "--raw",
            str(sample_extract),
            "--out",
            str(out),
            "--work-dir",
            str(work),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(work.glob("run-*/tenure.duckdb")):
        time.sleep(0.2)
    time.sleep(1.0)  # well inside dbt build
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr[-2000:]
    assert "interrupted: nothing was published" in stderr
    running = subprocess.run(["pgrep", "-f", str(work)], capture_output=True, text=True).stdout.split()
    assert [pid for pid in running if int(pid) != os.getpid()] == []  # no dbt left running on its own
    with output_lock(out):  # released
        pass
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.building")) == []
