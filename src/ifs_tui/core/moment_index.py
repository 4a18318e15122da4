"""Moments listed, filtered and searched through the reflection index (its moment
tables, see moment_rows.py): only moment files changed since the last look are read.
The files stay the truth; what these give equals moments.list_all and select."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .errors import Problem
from .moments import Moment
from .reflect_index import MOMENTS, _fresh, _usable
from .reflect_rows import from_db, problem_from
from .storage import MapStore

_SQL = ("SELECT e.id, e.at, e.part, e.shift, t.text FROM moment_entries e "
        "JOIN moment_texts t ON t.id = e.id WHERE e.problem IS NULL")


def _moment(row: tuple[Any, ...]) -> Moment:
    moment_id, at, part, shift, text = row
    return Moment(from_db(moment_id), text, datetime.fromisoformat(at), part or "",
                  shift or "")


def listing(store: MapStore, needle: str = "", part_ids: Iterable[str] = (),
            part: str | None = None, newest: int | None = None
            ) -> tuple[list[Moment], list[Problem]]:
    """Moments oldest first (`newest`: only the newest N, still oldest first), and one
    problem per file that would not load. `needle`: those whose text or shift holds it
    (any case, spaces collapsed), or whose part is one of `part_ids` (the caller knows
    which names match). `part`: only those naming that part id. The `extra` keys of a
    file are not kept here: moments.find reads the file for them."""
    folded = _usable(needle)
    where, args = "", []
    if folded != "":
        # None: a lone surrogate, which no text holds (files are UTF-8); a part still may.
        text = "instr(t.filt, ?) > 0" if folded is not None else "0"
        ids = sorted(set(part_ids))
        where += (f" AND ({text} OR e.part IN ({', '.join('?' * len(ids))}))"
                  if ids else f" AND {text}")
        args += ([folded] if folded is not None else []) + ids
    if part is not None:
        where += " AND e.part = ?"
        args.append(part)
    folder = store.folder / MOMENTS.folder
    with _fresh(store.folder, kind=MOMENTS) as (con, report):
        if newest is None:
            rows = con.execute(_SQL + where + " ORDER BY e.when_key, e.id", args).fetchall()
        else:
            rows = con.execute(_SQL + where + " ORDER BY e.when_key DESC, e.id DESC LIMIT ?",
                               [*args, max(newest, 0)]).fetchall()[::-1]
        broken = sorted((from_db(i) + ".toml", p) for i, p in con.execute(
            "SELECT id, problem FROM moment_entries WHERE problem IS NOT NULL"))
        problems = report.folder_problems + [problem_from(json.loads(p), folder / name)
                                             for name, p in broken]
    return [_moment(r) for r in rows], problems


def hits(store: MapStore, needle: str, limit: int = 200) -> list[Moment]:
    """The newest `limit` moments whose text or shift holds `needle`, newest first."""
    if limit <= 0 or not (needle or "").strip():
        return []
    found, _ = listing(store, needle, newest=limit)
    return found[::-1]
