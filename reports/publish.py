"""Publishing the built site: never a half-written folder, never two builds at once, never a folder that
Tenure did not publish.

The site is built into a fresh sibling folder of the output and swapped into place at the very end, so a
failure, a kill or a full disk at any earlier point leaves the published site exactly as it was. On Linux
the swap is one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere it is two renames in quick succession.

Before any work, `check_output_folder` refuses an `--out` that could lose a file: one that exists and is
neither empty nor a site Tenure published (it carries the marker file `.tenure-site`), one inside or around
the extract, the work folder or the repository, a file, or a file-system root. A staging folder left by a
killed build is removed by the next build into the same output.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reports.errors import TenureError
from reports.paths import PROJECT_ROOT

MARKER = ".tenure-site"
MARKER_TEXT = "This folder is a site published by Tenure; the next build may replace it whole.\n"
# A site published before the marker existed still carries the build's snapshot for "What changed".
EARLIER_SITE_FILE = "tenure-state.json"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths; False when the platform cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _describe(folder: Path, limit: int = 3) -> str:
    names = sorted(entry.name for entry in folder.iterdir())
    shown = ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
    return shown


def is_published_site(folder: Path) -> bool:
    return (folder / MARKER).is_file() or (folder / EARLIER_SITE_FILE).is_file()


# Folders of the repository an output may never be in (a site of its own beside them, like ./site, is fine).
REPOSITORY_FOLDERS = (".git", "models", "macros", "seeds", "reports", "site_templates", "tests", "docs")


def check_output_folder(out_dir: Path, *, extract_dir: Path | None, work_dir: Path) -> None:
    """Refuse, before any work, an output folder whose replacement could lose a file Tenure did not make."""
    out_dir = out_dir.resolve()
    if out_dir.parent == out_dir or out_dir == Path.home().resolve():
        raise TenureError(f"--out {out_dir} is a root or home folder: refusing to replace it; name a new one")
    inside_project = any(_within(out_dir, PROJECT_ROOT / part) for part in REPOSITORY_FOLDERS)
    if _within(PROJECT_ROOT, out_dir) or inside_project:
        raise TenureError(
            f"--out {out_dir} would replace the repository ({PROJECT_ROOT}) or a folder of it; "
            "build into a folder of its own (e.g. --out site)"
        )
    for name, folder in (("the extract", extract_dir), ("the work folder", work_dir)):
        if folder is not None and (_within(out_dir, folder.resolve()) or _within(folder.resolve(), out_dir)):
            raise TenureError(
                f"--out {out_dir} is {name} ({folder.resolve()}), inside it or around it: publishing would "
                "replace it; build into a folder of its own"
            )
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise TenureError(f"--out {out_dir} exists and is not a folder: refusing to replace it")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not is_published_site(out_dir):
        raise TenureError(
            f"--out {out_dir} is not empty and is not a site Tenure published (it has {_describe(out_dir)}; "
            f"a Tenure site has {MARKER}): refusing to replace it. Name a new or empty folder"
        )
    parent = out_dir.parent
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        raise TenureError(f"cannot write beside --out {out_dir}: {parent} is not writable")


def clean_stale_staging(out_dir: Path) -> list[Path]:
    """Remove what a killed build left beside `out_dir` (staging and previous-site folders). Call it holding
    the output lock: no other build can be writing them then."""
    removed = []
    for pattern in (f".{out_dir.name}.building-*", f".{out_dir.name}.previous-*"):
        for stale in out_dir.parent.glob(pattern):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale)
                removed.append(stale)
    return removed


def mark_as_published(staged: Path) -> None:
    (staged / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def staging_dir_for(out_dir: Path) -> Path:
    """A fresh folder beside the output (same file system, so the swap is a rename)."""
    staging = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def publish(staged: Path, out_dir: Path) -> None:
    """Put the finished site `staged` at `out_dir`, replacing what was there in one step."""
    if not out_dir.exists():
        staged.rename(out_dir)
        return
    if not out_dir.is_dir():
        raise TenureError(f"the output path {out_dir} exists and is not a folder: refusing to replace it")
    if any(out_dir.iterdir()) and not is_published_site(out_dir):
        raise TenureError(f"{out_dir} is not a site Tenure published: refusing to replace it")
    if _exchange(staged, out_dir):
        shutil.rmtree(staged)  # it now holds the previous site
        return
    previous = out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"
    out_dir.rename(previous)
    staged.rename(out_dir)
    shutil.rmtree(previous)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the whole build; a second build says so and stops."""
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise TenureError(
                f"another build is writing {out_dir} right now (lock {lock_path}); "
                "wait for it to finish, or build into another --out folder"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
