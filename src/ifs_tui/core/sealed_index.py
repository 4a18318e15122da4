"""The reflection index of an encrypted map, kept sealed like the map's own files.

SQLite cannot encrypt its own file, and the index holds the words in the clear. So for
an encrypted map it lives in this process's memory: read from `.cache/INDEX_SEALED`
(sealed) once, brought up to date by the same stat keys as the plain index, and written
back whole, sealed, when a sync changed it. A copy that will not open is built again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from . import paths, sealed
from .reflect_index import INDEX_FILE, VERSION, _create

INDEX_SEALED = INDEX_FILE + ".sealed"
_in_memory: dict[str, tuple[sqlite3.Connection, threading.Lock]] = {}
_in_memory_lock = threading.Lock()


def _sealed_copy(folder: Path) -> bytes | None:
    path = paths.cache_dir(folder) / INDEX_SEALED
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read()
        return sealed.unseal(raw, path, folder) if raw.startswith(sealed.HEADER) else None
    except OSError:  # damaged, or another map's: built again
        return None
    finally:
        os.close(fd)


def keep(folder: Path, con: sqlite3.Connection) -> None:
    """Write the index back, sealed. Only a cache: no fsync, and any failure is let be."""
    cache = paths.cache_dir(folder)
    temp = cache / f".{INDEX_SEALED}.{os.urandom(6).hex()}.tmp"
    with contextlib.suppress(OSError, sqlite3.Error):
        if cache.is_symlink():
            return
        data = sealed.sealing(con.serialize(), folder)
        paths.ensure_private_dir(cache)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temp, cache / INDEX_SEALED)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def _memory() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    # A large sort may spill to a temporary file: in memory, never plain on disk.
    con.execute("PRAGMA temp_store = MEMORY")
    return con


def _from_sealed_copy(folder: Path) -> sqlite3.Connection:
    con = _memory()
    data = _sealed_copy(folder)
    if data is not None:
        with contextlib.suppress(sqlite3.Error):
            con.deserialize(data)
            if con.execute("PRAGMA user_version").fetchone()[0] == VERSION:
                con.execute("PRAGMA temp_store = MEMORY")
                return con
        con.close()
        con = _memory()
    _create(con)
    return con


@contextlib.contextmanager
def opened(folder: Path) -> Iterator[sqlite3.Connection]:
    where = os.path.realpath(folder)
    with _in_memory_lock:
        if where not in _in_memory:
            _in_memory[where] = _from_sealed_copy(folder), threading.Lock()
        con, lock = _in_memory[where]
    with lock:
        yield con


def forget(folder: Path | None = None) -> None:
    """Drop the in-memory index of an encrypted map (or of all), e.g. when hiding."""
    with _in_memory_lock:
        for where in [w for w in _in_memory if folder is None
                      or w == os.path.realpath(folder)]:
            _in_memory.pop(where)[0].close()
