"""A parsed copy of map.toml in `.cache/map.json`, so a large map opens quickly.

Reading a 1,000-part map as JSON takes about 4 ms where TOML takes over 100. The copy
is keyed by a hash of map.toml's bytes, so an edit by hand, by another program or by a
sync is always seen: any doubt and the TOML is read as before. JSON, never pickle: a
synced folder could carry a cache file someone else wrote. Safe to delete at any time.
Sealed, as the map's own files, when the map is encrypted.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from . import paths, sealed

FILE = "map.json"
MAGIC = b"ifs-map-cache 1 "
TAG = "\x00"  # the key of an encoded date or time; a map whose keys start so is not cached
_KINDS = {"dt": datetime.fromisoformat, "d": date.fromisoformat, "t": time.fromisoformat}


try:  # the built-in module: hashlib would load OpenSSL first (a few ms per command)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b


def _key(raw: bytes) -> bytes:
    return blake2b(raw, digest_size=20).hexdigest().encode("ascii")


def _encode(value: Any) -> dict[str, str]:
    if isinstance(value, datetime):
        return {TAG: "dt", "v": value.isoformat()}
    if isinstance(value, date):
        return {TAG: "d", "v": value.isoformat()}
    if isinstance(value, time):
        return {TAG: "t", "v": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(table: dict[str, Any]) -> Any:
    kind = table.get(TAG)
    return table if kind is None else _KINDS[kind](table["v"])


def _plain_keys(value: Any) -> bool:
    """False when a key could be taken for an encoded date (only hand-written files)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if any(k.startswith(TAG) for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def read(folder: Path, raw: bytes) -> dict[str, Any] | None:
    """The parsed map for these exact bytes of map.toml, or None (then parse the TOML)."""
    path = paths.cache_dir(folder) / FILE
    try:
        # Never follow a link, never wait on a FIFO: only a plain file is read.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            kept = file.read()
        if kept.startswith(sealed.HEADER):  # an encrypted map's copy is sealed too
            kept = sealed.unseal(kept, path, folder)
        head, _, body = kept.partition(b"\n")
        if head + b"\n" != MAGIC + _key(raw) + b"\n":
            return None
        data = json.loads(body, object_hook=_decode)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    finally:
        os.close(fd)
    return data if isinstance(data, dict) else None


def write(folder: Path, raw: bytes, data: dict[str, Any]) -> None:
    """Keep `data`, parsed from (or written as) `raw`, for the next read. Best effort:
    a cache that cannot be written is not a problem, and a torn one is never used."""
    if not _plain_keys(data):
        return
    try:
        text = json.dumps(data, default=_encode, ensure_ascii=True, check_circular=False)
    except (TypeError, ValueError, RecursionError):
        return
    cache = paths.cache_dir(folder)
    temp = cache / f".{FILE}.{os.urandom(6).hex()}.tmp"  # one per writer, threads too
    with contextlib.suppress(OSError):
        if cache.is_symlink():
            return  # never write through a link (see docs/data.md)
        paths.ensure_private_dir(cache)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(sealed.sealing(MAGIC + _key(raw) + b"\n" + text.encode("ascii"),
                                      folder))
        os.replace(temp, cache / FILE)  # no fsync: a copy lost in a crash is rebuilt
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)
