"""What the index keeps of one moment file (moments/<id>.toml): its rows, made the way
reflect_rows.py makes a reflection's, and kept up to date by reflect_index.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import sealed
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .reflect_rows import SEP, _int64, fold, problem_json, time_key

# The small columns a listing reads, then the texts (a row only for a file that loaded).
TABLES = ("""CREATE TABLE moment_entries (
    id TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER, ctime_ns INTEGER,
    read_ns INTEGER, when_key INTEGER,
    problem TEXT,   -- JSON problem of a file that would not load
    at TEXT, part TEXT, shift TEXT
)""", """CREATE TABLE moment_texts (
    id TEXT PRIMARY KEY,
    filt TEXT,      -- folded text and shift joined by SEP
    text TEXT       -- as written
)""", "CREATE INDEX moment_order ON moment_entries (when_key, id)")
ENTRY_COLUMNS = ("id", "mtime_ns", "size", "ino", "ctime_ns", "read_ns", "when_key",
                 "problem", "at", "part", "shift")
TEXT_COLUMNS = ("id", "filt", "text")
N_ENTRY = len(ENTRY_COLUMNS)


def broken_row(moment_id: str, stamp: tuple[int | None, ...], problems: list[Problem],
               path: Path, hazards: list[Any] | None = None) -> tuple[Any, ...]:
    from .reflections import _one_problem

    one = problem_json(_one_problem(problems), path)
    return (moment_id, *stamp, None, json.dumps(one), None, None, None, None, None)


def file_row(moment_id: str, path: Path, st: os.stat_result, read_ns: int) -> tuple[Any, ...]:
    from . import moments

    stamp = (*map(_int64, (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)), read_ns)
    try:
        raw = sealed.read(path, path.parent.parent)  # <map>/<kind>/<id>.toml
    except OSError as err:
        return broken_row(moment_id, stamp, [file_problem("read", path, err)], path)
    try:
        found = moments.parse(raw, moment_id, str(path))
    except MapFormatError as err:
        return broken_row(moment_id, stamp, err.problems, path)
    return (moment_id, *stamp, time_key(found.when), None, found.when.isoformat(),
            found.part, found.shift, SEP.join(fold(t) for t in (found.text, found.shift)),
            found.text)
