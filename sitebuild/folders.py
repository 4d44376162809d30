"""Folders replaced in one step, scratch folders owned while in use, and the locks that say so.

- ``replace`` puts a new folder (the built site, a cache entry) in the place of the old one in
  one step: Linux's ``renameat2(RENAME_EXCHANGE)`` exchanges the two trees, so the place is
  never absent and never half of each. Where the file system cannot exchange, two renames
  leave it absent for a moment; ``sweep`` gives a caller the chance to put it back if a
  process died in between.
- ``owned`` makes a scratch folder (a build's staging, the preview's) with a lock file beside
  it that its process holds until the folder is gone; ``sweep`` removes the scratch folders
  whose lock no process holds: those of a process that was killed.
- ``locked`` holds a lock (``flock``); a second process waits, and can say why.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK = ".lock"  # an owned folder's lock file is the folder's name and this
ORPHAN_AGE = 60  # seconds after which a lock file without its folder is removed

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # <linux/fs.h>


def replace(new: Path, target: Path) -> Path | None:
    """Put folder ``new`` at ``target`` in one step.

    Returns:
        Where the previous ``target`` now is, for the caller to remove: ``new``'s path after an
        exchange, or None if there was no ``target``.
    """
    if not os.path.lexists(target):
        os.rename(new, target)
        return None
    if _exchange(new, target):
        return new
    aside = new.with_name(new.name + ".previous")  # two renames: target is absent in between
    os.rename(target, aside)
    os.rename(new, target)
    return aside


def _exchange(first: Path, second: Path) -> bool:
    # renameat2 exists in glibc since 2.28; the kernel or the file system may still refuse it.
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@contextlib.contextmanager
def owned(parent: Path, prefix: str) -> Iterator[Path]:
    """Make an empty folder ``<parent>/<prefix><random>``, owned by this process until the block ends.

    The lock file beside it is held from before the folder exists until after it is removed,
    so ``sweep`` never takes a live folder for a dead one. What the block leaves in the folder
    is removed with it; the block may also move the folder away.
    """
    parent.mkdir(parents=True, exist_ok=True)
    handle, lock = tempfile.mkstemp(prefix=prefix, suffix=LOCK, dir=parent)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        folder = Path(lock[: -len(LOCK)])
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        Path(lock).unlink(missing_ok=True)
        os.close(handle)


def sweep(
    parent: Path, prefix: str, before_removing: Callable[[Path], None] | None = None, lockless_after: float | None = None
) -> list[Path]:
    """Remove the folders ``owned`` made in ``parent`` with ``prefix`` whose process is gone; return them.

    Args:
        parent: Where the folders are.
        prefix: Their prefix.
        before_removing: Called with each such folder before it is removed, to take back what
            a process that died left in it.
        lockless_after: Also remove folders with no lock file at all (made before folders
            had one) once they are this many seconds old; by default they are left alone:
            in a shared folder such as the temporary one, their owner cannot be told.
    """
    removed = []
    for folder in sorted(parent.glob(f"{prefix}*")):
        if folder.name.endswith(LOCK) or folder.is_symlink() or not folder.is_dir() or not _stale(folder, lockless_after):
            continue
        if before_removing is not None:
            before_removing(folder)
        shutil.rmtree(folder, ignore_errors=True)
        folder.with_name(folder.name + LOCK).unlink(missing_ok=True)
        removed.append(folder)
    for lock in parent.glob(f"{prefix}*{LOCK}"):  # a process killed after removing its folder
        with contextlib.suppress(OSError):
            if not lock.with_name(lock.name[: -len(LOCK)]).exists() and time.time() - lock.stat().st_mtime > ORPHAN_AGE and not _held(lock):
                lock.unlink()
    return removed


def _stale(folder: Path, lockless_after: float | None) -> bool:
    lock = folder.with_name(folder.name + LOCK)
    if lock.exists():
        return not _held(lock)
    return lockless_after is not None and time.time() - folder.stat().st_mtime > lockless_after


def _held(lock: Path) -> bool:
    try:
        handle = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # closing releases a lock this test took
    return False


@contextlib.contextmanager
def locked(path: Path, waiting: str | None = None) -> Iterator[None]:
    """Hold an exclusive lock on file ``path`` (made if missing) until the block ends.

    Args:
        path: The lock file.
        waiting: Printed (to stderr) if another process holds the lock, before waiting for it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                print(waiting, file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
