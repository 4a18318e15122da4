"""What the reflection index keeps of one reflection file: its rows, and how they are
made from the file (see reflect_index.py, which keeps them up to date)."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import sealed
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .model import SCHEMA, as_aware, name_key
from .storage import parse_toml

if TYPE_CHECKING:  # imported where a file is parsed: an unchanged listing needs none
    from . import reflections

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A date and time with no offset after it (TOML's local date-time).
LOCAL_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?>\.\d+)?(?![Zz+-])")
SEP = "\n"  # between folded texts: a folded needle never holds it, so never spans two

# Two tables: `entries` keeps each file's small columns, so the scans a listing or a
# check makes read a compact table; the long texts the filter and search read sit in
# `texts` (a row only for a file that loaded). Small columns come first in a row: SQLite
# reads a row's columns in order.
TABLES = ("""CREATE TABLE entries (
    id TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER, ctime_ns INTEGER,
    read_ns INTEGER, started_key INTEGER,
    problem TEXT,   -- JSON problem of a file that would not load (listing's one line)
    noted INTEGER,  -- 1 when `checked` or `hazards` has something to say
    valid INTEGER,  -- 1 when it loaded: `ifs check` then looks at its mode
    checked TEXT,   -- JSON problems `ifs check` reports for the file's content
    hazards TEXT,   -- JSON [[field, [chars]]] of terminal hazards
    pack TEXT, pack_title TEXT, status TEXT, started TEXT, updated TEXT, part TEXT,
    changed TEXT    -- JSON "partid.field" list, or "" for none
)""", """CREATE TABLE texts (
    id TEXT PRIMARY KEY,
    named TEXT,     -- JSON part ids the reflection names (its part, part answers)
    filt TEXT,      -- journal filter: folded texts joined by SEP
    hits TEXT,      -- search: folded texts joined by SEP, in search order
    hit_items TEXT  -- search: JSON [[where, text], ...], same order
)""", "CREATE INDEX entries_order ON entries (started_key, id)",
          "CREATE INDEX entries_noted ON entries (noted)",
          # key "listing": the folder's names and stat keys when every row was last
          # found trusted (see reflect_index._sync); a sync that finds the same skips
          # reading the rows.
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
ENTRY_COLUMNS = ("id", "mtime_ns", "size", "ino", "ctime_ns", "read_ns", "started_key",
                 "problem", "noted", "valid", "checked", "hazards", "pack", "pack_title",
                 "status", "started", "updated", "part", "changed")
TEXT_COLUMNS = ("id", "named", "filt", "hits", "hit_items")
N_ENTRY = len(ENTRY_COLUMNS)


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


def to_db(rec_id: str) -> str:
    """A file name that is not UTF-8 (kept by Python as lone surrogates) cannot be SQLite
    text: it is stored as NUL and its bytes in hex (no real name starts with NUL)."""
    try:
        rec_id.encode("utf-8")
        return rec_id
    except UnicodeEncodeError:
        return "\x00" + os.fsencode(rec_id).hex()


def from_db(value: str) -> str:
    return os.fsdecode(bytes.fromhex(value[1:])) if value.startswith("\x00") else value


# Whitespace collapsed and case folded: how every needle and text is compared, as names are.
fold = name_key


def problem_json(problem: Problem, path: Path) -> list[Any]:
    file = None if problem.file == str(path) else problem.file  # rebuilt from the folder
    return [file, problem.field, problem.message, problem.line, problem.column,
            problem.severity]


def problem_from(item: list[Any], path: Path) -> Problem:
    file, fieldname, message, line, column, severity = item
    return Problem(str(path) if file is None else file, fieldname, message, line=line,
                   column=column, severity=severity)


def filter_texts(rec: reflections.Reflection) -> list[str]:
    """What the journal filter looks through (as the app's journal did before the index)."""
    texts = [rec.pack_title, rec.status]
    for answer in rec.answers:
        texts.append(answer.ask)
        value = answer.value
        texts.extend(value if isinstance(value, list) else [str(value or "")])
    return texts


def hit_items(rec: reflections.Reflection) -> list[list[str]]:
    """(where, text) in the order search looks (as core/search.py does)."""
    items = [[rec.pack_title, rec.pack_title]]
    for answer in rec.answers:
        value = answer.value
        if isinstance(value, list):
            items.append([answer.ask, ", ".join(value)])
        elif isinstance(value, str) and answer.kind != "part":
            items.append([answer.ask, value])
    return items


def named_parts(rec: reflections.Reflection) -> list[str]:
    named = [rec.part] if rec.part else []
    named += [a.value for a in rec.answers
              if a.kind in ("part", "make_part") and isinstance(a.value, str)]
    return named


def time_key(value: datetime) -> int:
    return (as_aware(value) - EPOCH) // timedelta(microseconds=1)


def broken_row(rec_id: str, stamp: tuple[int | None, ...], problems: list[Problem], path: Path,
            hazards: list[Any]) -> tuple[Any, ...]:
    """The row of a file that would not load: its problems, nothing to list or search."""
    from . import reflections

    one = problem_json(reflections._one_problem(problems), path)
    return (rec_id, *stamp, None, json.dumps(one), 1, 0,
            json.dumps([problem_json(p, path) for p in problems]), json.dumps(hazards),
            *(None,) * 11)


def _int64(value: int) -> int | None:
    """SQLite holds 64-bit integers. A stat value beyond them (a far-off time a sync tool
    kept from a device with a wrong clock) is kept as NULL: no stat key equals it, so
    that file is read again at each sync rather than breaking the index."""
    return value if -(2**63) <= value < 2**63 else None


def file_row(rec_id: str, path: Path, st: os.stat_result, read_ns: int) -> tuple[Any, ...]:
    """Parse one file into its row: what every reader of the index needs from it."""
    from . import reflections
    from .check import file_hazards, naive_dates

    stamp = (*map(_int64, (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)), read_ns)
    try:
        raw = sealed.read(path, path.parent.parent)  # <map>/<kind>/<id>.toml
    except OSError as err:
        return broken_row(rec_id, stamp, [file_problem("read", path, err)], path, [])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    hazards = file_hazards(text) if text is not None else []
    try:
        data = parse_toml(raw, str(path))
        rec = reflections.from_dict(data, rec_id, str(path), text)
    except MapFormatError as err:
        return broken_row(rec_id, stamp, err.problems, path, hazards)
    assert text is not None  # parse_toml refuses bytes that are not UTF-8
    checked: list[Problem] = []
    schema = data.get("schema")  # as check did for every entry file
    if not isinstance(schema, int) or isinstance(schema, bool):
        checked.append(Problem(str(path), "schema", "missing or not a whole number"))
    elif schema > SCHEMA:
        checked.append(Problem(str(path), "schema",
                               f"schema {schema} is newer than this version knows"))
    if LOCAL_TIME.search(text):  # else no date lacks an offset: spare the walk
        checked += naive_dates(data, str(path), text)
    hits = hit_items(rec)
    return (rec_id, *stamp, time_key(rec.started), None, int(bool(checked or hazards)), 1,
            json.dumps([problem_json(p, path) for p in checked]), json.dumps(hazards),
            rec.pack, rec.pack_title, rec.status, rec.started.isoformat(),
            rec.updated.isoformat(), rec.part,
            json.dumps(rec.changed) if rec.changed else "", json.dumps(named_parts(rec)),
            SEP.join(fold(t) for t in filter_texts(rec)),
            SEP.join(fold(t) for _, t in hits), json.dumps(hits))
