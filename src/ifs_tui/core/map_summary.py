"""A map's title, part count and problem, for the list of maps.

Parsing map.toml is most of what `ifs maps` costs (about 0.1 s per 1,000 parts),
so the answer is kept in the map's own `.cache/summary.json`, keyed by the
file's stat. As in the reflection index, a key is only written once the file is
RACY_NS older than the reading: a file rewritten within the same clock tick
with the same size would otherwise look unchanged.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path
from typing import Any

from . import paths, sealed
from .errors import IfsError, MapFormatError
from .fileerrors import describe

CACHE_FILE = "summary.json"
CACHE_VERSION = 1
RACY_NS = 2_000_000_000

Summary = tuple[str, int | None, str]


def _problem_line(err: MapFormatError) -> str:
    first = err.problems[0]
    where = f"line {first.line}: " if first.line is not None else ""
    what = f"{first.field}: " if first.field else ""
    return f"map.toml will not load: {where}{what}{first.message}"


def _key(st: os.stat_result) -> list[int]:
    return [CACHE_VERSION, st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns]


def _cached(folder: Path, key: list[int]) -> Summary | None:
    import json

    try:
        data: Any = json.loads((paths.cache_dir(folder) / CACHE_FILE).read_bytes())
        if data["key"] != key:
            return None
        title, parts, problem = data["title"], data["parts"], data["problem"]
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None  # missing or odd: parse the map instead
    if (isinstance(title, str) and isinstance(problem, str)
            and (parts is None or type(parts) is int)):
        return title, parts, problem
    return None


def _keep(folder: Path, key: list[int], found: Summary) -> None:
    import json

    from .atomic import atomic_write

    now = time.time_ns()
    if abs(now - key[1]) < RACY_NS or abs(now - key[4]) < RACY_NS:
        return
    data = {"key": key, "title": found[0], "parts": found[1], "problem": found[2]}
    cache = paths.cache_dir(folder)
    # Only a speed-up: a map on a read-only disk, or a cache folder that is a link, is
    # simply read again next time.
    with contextlib.suppress(OSError):
        paths.ensure_private_dir(cache)
        atomic_write(cache / CACHE_FILE, json.dumps(data).encode("utf-8"), root=folder)


def _sealed_summary(folder: Path, fd: int) -> Summary:
    """An encrypted map's title and parts when its key is open in this process (the app,
    after its passphrase was given); otherwise nothing: the list never asks for one."""
    if not sealed.is_unlocked(folder):
        return "", None, ""
    from .storage import parse_map

    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    path = paths.map_file(folder)
    try:
        pmap = parse_map(sealed.unseal(b"".join(chunks), path, folder), str(path))
    except MapFormatError as err:
        return "", None, _problem_line(err)
    except (IfsError, OSError) as err:
        return "", None, f"map.toml will not load: {err}"
    return pmap.title, len(pmap.parts), ""


def summary(folder: Path) -> Summary:
    """(title, parts, problem): ("", None, "no map.toml yet") and so on for a broken map."""
    path = paths.map_file(folder)
    try:
        # O_NONBLOCK: a FIFO named map.toml must not hang the list.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return "", None, "map.toml is not a plain file"
            if sealed.is_sealed(folder):  # nothing of it kept in the clear, not even its title
                return _sealed_summary(folder, fd)
            key = _key(st)
            found = _cached(folder, key)
            if found is not None:
                return found
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return "", None, "no map.toml yet"
    except OSError as err:
        return "", None, f"map.toml cannot be read: {describe(err)}"
    from .storage import read_map  # only when the cache could not answer

    try:
        pmap = read_map(folder, raw, str(path))  # through .cache/map.json when it is there
        found = pmap.title, len(pmap.parts), ""
    except MapFormatError as err:
        # Not kept: nothing is written into a map whose map.toml will not load.
        return "", None, _problem_line(err)
    except IfsError as err:
        return "", None, f"map.toml will not load: {err}"
    _keep(folder, key, found)
    return found
