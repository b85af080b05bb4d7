"""Publishing the built site: never a half-written folder, never two builds at once.

The site is built into a fresh sibling folder of the output and swapped into place at the very end, so a
failure, a kill or a full disk at any earlier point leaves the published site exactly as it was. On Linux
the swap is one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere it is two renames in quick succession.
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
