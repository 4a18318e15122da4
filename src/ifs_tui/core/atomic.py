"""Atomic, private file writes and a lock between writers.

A write goes to a temp file in the same folder (created 0600), is flushed
and fsynced, then replaces the target with `os.replace`; the folder is
fsynced so the rename itself survives a power cut.

Symbolic links are never written through or over (docs/data.md, "Links"):
`os.replace` would swap a link for a plain file, and following one could put
private text, or an empty file made as root, anywhere the link points.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import IfsError, MapBusy

TEMP_SUFFIX = ".ifs-tmp"


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        # Some file systems cannot fsync a folder. The rename has already
        # happened, so failing here would report a write that did succeed.
        pass
    finally:
        os.close(fd)


class LinkRefused(IfsError, OSError):
    """A file or folder about to be written is a symbolic link; nothing was written.

    An OSError too, so every caller that reports a failed write reports this one.
    """

    def __str__(self) -> str:
        return str(self.strerror)


def refuse_links(path: Path, root: Path | None = None) -> None:
    """Raise LinkRefused if `path`, or a folder between `root` and it, is a symbolic link."""
    probe = path
    while True:
        if probe.is_symlink():
            hint = (" (or point --map at the folder the map really lives in)"
                    if root is not None else "")
            raise LinkRefused(errno.ELOOP, (
                f"{probe} is a symbolic link, and ifs-tui never writes through or over a link; "
                f"put the real file or folder in its place{hint}"))
        if root is None or probe.parent == probe or probe.parent == root:
            return
        probe = probe.parent


def atomic_write(path: Path, data: bytes, root: Path | None = None) -> None:
    """Replace `path` with `data` all at once, or leave it as it was.

    `root` is the map folder `path` lies in: no folder below it may be a link either.
    """
    import tempfile  # not needed by commands that only read

    refuse_links(path, root)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    tmp = Path(tmp_name)
    try:
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a crashed write left behind. Call with the lock held.

    Writes go to the map folder and the folders right in it (.history, reflections,
    prompts, ...): those are looked through, by name only, so an edit does not walk
    and stat thousands of reflection files (`ifs check` still reports any deeper one).
    """
    removed = 0
    folders = [str(folder)]
    while folders:
        current = folders.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.name.endswith(TEMP_SUFFIX):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                            removed += 1
                    elif current == str(folder) and entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
        except OSError:
            continue
    return removed


class FolderLock:
    """An exclusive, re-entrant lock on a folder, shared by every ifs process."""

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def acquire(self) -> None:
        if self._depth:
            self._depth += 1
            return
        refuse_links(self.path)
        try:
            # O_NOFOLLOW: a link put in place after the check is refused too.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                         0o600)
        except OSError as err:
            if err.errno == errno.ELOOP:
                refuse_links(self.path)
            raise
        deadline = time.monotonic() + self.timeout
        try:
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise MapBusy(
                        f"{self.path.parent.name}: another ifs is still saving this map; "
                        "try again in a moment"
                    )
                time.sleep(0.02)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


if os.name == "posix":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
