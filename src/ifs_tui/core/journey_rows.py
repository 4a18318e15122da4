"""What the index keeps of one journey file (journeys/<id>.toml), made the way
reflect_rows.py makes a reflection's rows and kept up to date by reflect_index.py.
Keys added by hand (never shown) are not kept here."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import sealed
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .reflect_rows import SEP, _int64, fold, problem_json, time_key

TABLES = ("""CREATE TABLE journey_entries (
    id TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER, ctime_ns INTEGER,
    read_ns INTEGER, session_key INTEGER,
    problem TEXT,   -- JSON problem of a file that would not load
    title TEXT, session TEXT,
    lists TEXT,     -- JSON {"parts": [...], "preparation": [...], ...}: ids only
    created TEXT, changed TEXT
)""", """CREATE TABLE journey_texts (
    id TEXT PRIMARY KEY,
    filt TEXT,      -- folded title and notes joined by SEP
    notes TEXT      -- as written
)""", "CREATE INDEX journey_order ON journey_entries (session_key, id)")
ENTRY_COLUMNS = ("id", "mtime_ns", "size", "ino", "ctime_ns", "read_ns", "session_key",
                 "problem", "title", "session", "lists", "created", "changed")
TEXT_COLUMNS = ("id", "filt", "notes")


def broken_row(journey_id: str, stamp: tuple[int | None, ...], problems: list[Problem],
               path: Path, hazards: list[Any] | None = None) -> tuple[Any, ...]:
    from .reflections import _one_problem

    one = problem_json(_one_problem(problems), path)
    return (journey_id, *stamp, None, json.dumps(one), *(None,) * 7)


def file_row(journey_id: str, path: Path, st: os.stat_result, read_ns: int) -> tuple[Any, ...]:
    from . import journeys

    stamp = (*map(_int64, (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)), read_ns)
    try:
        raw = sealed.read(path, path.parent.parent)  # <map>/<kind>/<id>.toml
    except OSError as err:
        return broken_row(journey_id, stamp, [file_problem("read", path, err)], path)
    try:
        found = journeys.parse(raw, journey_id, str(path))
    except MapFormatError as err:
        return broken_row(journey_id, stamp, err.problems, path)
    lists = {key: getattr(found, key) for key in journeys.LISTS}
    return (journey_id, *stamp, time_key(found.session), None, found.title,
            found.session.isoformat(), json.dumps(lists),
            found.created.isoformat() if found.created else None,
            found.changed.isoformat() if found.changed else None,
            SEP.join(fold(t) for t in (found.title, found.notes)), found.notes)
