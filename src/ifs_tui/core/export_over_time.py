"""Moments and journeys in the readable exports (Markdown, HTML) and in JSON.

They come after the map and its reflections. A redacted export holds only how
many there are: their words, titles, notes and dates are all free text or
personal. A journey's keys added by hand (a dose, say) are never exported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import journeys as journey_files
from . import moments as moment_files
from .errors import IfsError, Problem
from .journeys import Journey
from .model import PartsMap
from .moments import Moment
from .storage import MapStore
from .textsafe import visible

MOMENTS_HEADING = "Moments"
JOURNEYS_HEADING = "Journeys"
GONE = "no longer in the map"
JOURNEY_CARE = ("A journey supports the work with a clinical team; it gives no medical "
                "guidance.")
REDACTED = "a redacted export keeps only how many there are"


@dataclass
class OverTime:
    """What an export shows beside the map: moments, journeys, and the words for the
    reflections the journeys name (id -> "2026-10-30 · Preparing for a KAP session")."""

    moments: list[Moment] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)
    reflections: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.moments or self.journeys)


def load(store: MapStore) -> tuple[OverTime, list[Problem]]:
    """Every moment and journey of the map, and a problem per file that would not load
    (those are left out; the rest are exported)."""
    found, problems = moment_files.list_all(store)
    trips, more = journey_files.list_all(store)
    return OverTime(found, trips, _reflection_words(store, trips)), problems + more


def _reflection_words(store: MapStore, trips: list[Journey]) -> dict[str, str]:
    from . import reflections

    words: dict[str, str] = {}
    for rec_id in {r for j in trips for r in j.preparation + j.integration}:
        try:
            rec = reflections.load(store, rec_id)
        except (IfsError, ValueError):  # removed, unreadable or not an id: shown as gone
            continue
        words[rec_id] = f"{rec.started:%Y-%m-%d} · {rec.pack_title}"
    return words


def counts(over: OverTime) -> dict[str, int]:
    return {"moment_count": len(over.moments), "journey_count": len(over.journeys)}


def json_part(over: OverTime, redacted: bool) -> dict[str, Any]:
    """The top-level keys an export adds to the map's JSON."""
    if redacted:
        return counts(over)
    return {"moments": [moment_files.json_dict(m) for m in over.moments],
            "journeys": [journey_files.json_dict(j) for j in over.journeys]}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def moment_line(moment: Moment, pmap: PartsMap) -> str:
    """The heading of a moment: when, the part (by name), the shift."""
    bits = [f"{moment.when:%Y-%m-%d %H:%M}"]
    if moment.part:
        part = pmap.part(moment.part)
        bits.append(part.name if part else f"a part {GONE}")
    if moment.shift:
        bits.append(moment.shift)
    # Each piece on its own: a name of one zero-width character must not vanish.
    return " · ".join(visible(bit) for bit in bits)


@dataclass
class JourneyView:
    """A journey in words, every id looked up; what was removed says so."""

    title: str
    session: str
    notes: str
    lists: list[tuple[str, list[str]]]


def journey_view(journey: Journey, pmap: PartsMap, over: OverTime) -> JourneyView:
    moments = {m.id: m for m in over.moments}

    def part(pid: str) -> str:
        found = pmap.part(pid)
        return found.name if found else f"a part {GONE}"

    def reflection(rid: str) -> str:
        return over.reflections.get(rid, f"a reflection {GONE}")

    def moment(mid: str) -> str:
        found = moments.get(mid)
        return moment_line(found, pmap) if found else f"a moment {GONE}"

    lists = [("Parts prepared for", [part(p) for p in journey.parts]),
             ("Preparation", [reflection(r) for r in journey.preparation]),
             ("Integration", [reflection(r) for r in journey.integration]),
             ("Moments", [moment(m) for m in journey.moments])]
    return JourneyView(journey.shown_title, f"{journey.session:%Y-%m-%d}", journey.notes,
                       [(label, items) for label, items in lists if items])


def markdown_lines(over: OverTime, pmap: PartsMap, redacted: bool) -> list[str]:
    from .export import md

    out: list[str] = []
    if redacted:
        for heading, n, word in ((MOMENTS_HEADING, len(over.moments), "moment"),
                                 (JOURNEYS_HEADING, len(over.journeys), "journey")):
            if n:
                out += [f"## {heading}", "", f"{_plural(n, word)} ({REDACTED}).", ""]
        return out
    if over.moments:
        out += [f"## {MOMENTS_HEADING} ({len(over.moments)})", ""]
        for m in over.moments:
            out += [f"- **{md(moment_line(m, pmap), heading=True)}**\\", f"  {md(m.text)}"]
        out.append("")
    if over.journeys:
        out += [f"## {JOURNEYS_HEADING} ({len(over.journeys)})", "", f"_{JOURNEY_CARE}_", ""]
        for journey in over.journeys:
            view = journey_view(journey, pmap, over)
            out += [f"### {md(view.title, heading=True)}", "",
                    f"- **Session:** {view.session}"]
            if view.notes.strip():
                out.append(f"- **Notes:** {md(view.notes)}")
            for label, items in view.lists:
                out.append(f"- **{label}:**")
                out += [f"  - {md(item)}" for item in items]
            out.append("")
    return out


def html_lines(over: OverTime, pmap: PartsMap, redacted: bool) -> list[str]:
    from .export import _h

    out: list[str] = []
    if redacted:
        for heading, n, word in ((MOMENTS_HEADING, len(over.moments), "moment"),
                                 (JOURNEYS_HEADING, len(over.journeys), "journey")):
            if n:
                out += [f"<h2>{heading}</h2>", f"<p>{_plural(n, word)} ({REDACTED}).</p>"]
        return out
    if over.moments:
        out += [f"<h2>{MOMENTS_HEADING} ({len(over.moments)})</h2>", "<dl>"]
        out += [f"<dt>{_h(moment_line(m, pmap))}</dt><dd>{_h(m.text)}</dd>"
                for m in over.moments]
        out.append("</dl>")
    if over.journeys:
        out += [f"<h2>{JOURNEYS_HEADING} ({len(over.journeys)})</h2>",
                f'<p class="care">{_h(JOURNEY_CARE)}</p>']
        for journey in over.journeys:
            view = journey_view(journey, pmap, over)
            out += ['<section class="journey">', f"<h3>{_h(view.title)}</h3>", "<dl>",
                    f"<dt>Session</dt><dd>{view.session}</dd>"]
            if view.notes.strip():
                out.append(f"<dt>Notes</dt><dd>{_h(view.notes)}</dd>")
            out += [f"<dt>{label}</dt><dd>{_h(chr(10).join(items))}</dd>"
                    for label, items in view.lists]
            out += ["</dl>", "</section>"]
    return out


# --- reading an export back ---------------------------------------------------------

_MOMENT = {"id": "text", "schema": "number", "when": "date", "text": "text", "part": "text",
           "shift": "text"}
_JOURNEY = {"id": "text", "schema": "number", "title": "text", "session": "date",
            "notes": "text", "parts": "ids", "preparation": "ids", "integration": "ids",
            "moments": "ids", "created": "date", "changed": "date"}
_NEEDED = {"moments": ("id", "when", "text"), "journeys": ("id", "session")}
_WORDS = {"text": "text in quotes", "date": "a date and time, e.g. 2026-01-31T09:30:00+01:00",
          "ids": 'a list of ids in quotes, e.g. ["an-id"]', "number": "a whole number from 1 up"}


def _whole(value: Any) -> int:
    """A whole number (JSON's 3.0 is 3), or -1 for anything else."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _fits(value: Any, kind: str) -> bool:
    from datetime import date

    from .importer import DATETIME_PATTERN

    if kind == "text":
        return isinstance(value, str)
    if kind == "number":
        return _whole(value) >= 1
    if kind == "ids":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, date) or isinstance(value, str) and bool(
        re.match(DATETIME_PATTERN, value))


def read_back(extra: dict[str, Any], file: str) -> list[Problem]:
    """Take the moments, journeys and their counts out of an imported map's unknown keys
    (an import reads the map only: they never go into map.toml), naming what is not as
    an export writes it, as the JSON Schema does."""
    problems: list[Problem] = []
    for key in ("moment_count", "journey_count"):
        if _whole(extra.pop(key, 0)) < 0:
            problems.append(Problem(file, key, "should be a whole number from 0 up"))
    for key, fields in (("moments", _MOMENT), ("journeys", _JOURNEY)):
        items = extra.pop(key, [])
        if not isinstance(items, list):
            problems.append(Problem(file, key, "should be a list of tables"))
            continue
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                problems.append(Problem(file, where, "should be a table"))
                continue
            problems += [Problem(file, f"{where}.{name}", "is missing")
                         for name in _NEEDED[key] if name not in item]
            problems += [Problem(file, f"{where}.{name}", f"should be {_WORDS[kind]}")
                         for name, kind in fields.items()
                         if name in item and not _fits(item[name], kind)]
    return problems
