"""Journeys listed and searched through the reflection index (its journey tables, see
journey_rows.py): only journey files changed since the last look are read. The files
stay the truth; a listing equals journeys.list_all, less the keys added by hand."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from .errors import Problem
from .journeys import Journey
from .reflect_index import JOURNEYS, _fresh, _usable
from .reflect_rows import from_db, problem_from
from .storage import MapStore

_SQL = ("SELECT e.id, e.title, e.session, e.lists, e.created, e.changed, t.notes "
        "FROM journey_entries e JOIN journey_texts t ON t.id = e.id "
        "WHERE e.problem IS NULL")


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _journey(row: tuple[Any, ...]) -> Journey:
    journey_id, title, session, lists, created, changed, notes = row
    ids = json.loads(lists)
    return Journey(from_db(journey_id), title, datetime.fromisoformat(session), notes,
                   ids["parts"], ids["preparation"], ids["integration"], ids["moments"],
                   _when(created), _when(changed))


def listing(store: MapStore, needle: str = "") -> tuple[list[Journey], list[Problem]]:
    """Journeys by session date (then id), and one problem per file that would not
    load. `needle`: only those whose title or notes hold it (any case, spaces collapsed)."""
    folded = _usable(needle)
    if folded is None:  # a lone surrogate: no text holds it
        return [], listing(store)[1]
    where, args = ("", ()) if not folded else (" AND instr(t.filt, ?) > 0", (folded,))
    folder = store.folder / JOURNEYS.folder
    with _fresh(store.folder, kind=JOURNEYS) as (con, report):
        rows = con.execute(_SQL + where + " ORDER BY e.session_key, e.id", args).fetchall()
        broken = sorted((from_db(i) + ".toml", p) for i, p in con.execute(
            "SELECT id, problem FROM journey_entries WHERE problem IS NOT NULL"))
        problems = report.folder_problems + [problem_from(json.loads(p), folder / name)
                                             for name, p in broken]
    return [_journey(r) for r in rows], problems


def hits(store: MapStore, needle: str, limit: int = 200) -> list[Journey]:
    """The journeys whose title or notes hold `needle`, newest session first."""
    if limit <= 0 or not (needle or "").strip():
        return []
    return listing(store, needle)[0][::-1][:limit]
