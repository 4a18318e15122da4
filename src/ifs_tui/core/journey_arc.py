"""A journey as its arc, ready to show: what each id it holds names now.

The parts prepared for, the preparation, the session and its notes, what
emerged in the integration reflections, and the ordinary moments since the
session (those attached, and the others, marked as such). An id whose thing
was removed is shown as "no longer in the map", never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from . import moment_index, reflections, support
from .errors import IfsError
from .journeys import Journey
from .model import PartsMap
from .moments import Moment
from .partwords import day
from .storage import MapStore

CARE_NOTE = ("This journey supports the work you do with your clinical team; it gives no "
             "medical guidance. Bring anything medical, and anything that worries you, "
             "to them.")
GONE = "no longer in the map"
UNREADABLE = "could not be read; 'ifs check' says why"
_PLAIN_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,199}$")
MOST_SINCE = 100  # moments since the session not attached, shown at most (the newest)


@dataclass
class Item:
    """One thing a journey names: a part, a reflection or a moment."""

    id: str
    title: str  # a part's name, a pack's title, a moment's shift; "" when gone
    when: datetime | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)
    gone: str = ""  # GONE or UNREADABLE, when it cannot be shown
    attached: bool = True  # a moment: attached to the journey, or only since the session
    part: str = ""  # a moment's part, by name


@dataclass
class Arc:
    journey: Journey
    parts: list[Item]
    preparation: list[Item]
    integration: list[Item]
    moments: list[Item]  # by date; the ones not attached have attached=False
    more_moments: int = 0  # moments since the session left out (over MOST_SINCE)
    moment_problems: int = 0  # moment files that would not load


def arc(store: MapStore, journey: Journey, pmap: PartsMap) -> Arc:
    found, problems = moment_index.listing(store)  # only changed files are read
    items, more = _moments(journey, found, pmap)
    return Arc(journey, [_part(pmap, p) for p in journey.parts],
               _by_date([_reflection(store, r, pmap) for r in journey.preparation]),
               _by_date([_reflection(store, r, pmap) for r in journey.integration]),
               items, more, len(problems))


def session_day_start(journey: Journey) -> datetime:
    return datetime.combine(journey.session.date(), time(0), journey.session.tzinfo)


def _part(pmap: PartsMap, part_id: str) -> Item:
    part = pmap.part(part_id)
    return Item(part_id, part.name) if part else Item(part_id, "", gone=GONE)


def _reflection(store: MapStore, rec_id: str, pmap: PartsMap) -> Item:
    path = reflections.folder_of(store) / f"{rec_id}.toml"
    # An id edited by hand into a path ("../map") names no reflection: never read it.
    if not _PLAIN_ID.match(rec_id) or not path.exists():
        return Item(rec_id, "", gone=GONE)
    try:
        rec = reflections.load(store, rec_id)
    except IfsError:
        return Item(rec_id, "", gone=UNREADABLE)
    taken, _ = reflections.on_path(rec)
    lines = [(a.ask, reflections.answer_text(a, pmap)) for a in taken
             if not a.preset and (a.skipped or a.value not in (None, "", []))]
    return Item(rec_id, rec.pack_title or rec.pack, rec.started, lines)


def _moments(journey: Journey, found: list[Moment],
             pmap: PartsMap) -> tuple[list[Item], int]:
    by_id = {m.id: m for m in found}
    attached = set(journey.moments)
    start = session_day_start(journey)
    since = [m for m in found if m.id not in attached and m.when >= start]
    more = max(len(since) - MOST_SINCE, 0)
    chosen = [by_id[i] for i in journey.moments if i in by_id] + since[more:]
    items = [_moment(m, pmap, m.id in attached) for m in chosen]
    items.sort(key=lambda i: (i.when or start, i.id))
    gone = [Item(i, "", gone=GONE) for i in journey.moments if i not in by_id]
    return gone + items, more


def _moment(moment: Moment, pmap: PartsMap, attached: bool) -> Item:
    part = pmap.part(moment.part) if moment.part else None
    name = part.name if part else (f"{moment.part} ({GONE})" if moment.part else "")
    return Item(moment.id, moment.shift, moment.when, [("", moment.text)],
                attached=attached, part=name)


def _by_date(items: list[Item]) -> list[Item]:
    """Oldest first, as they happened (not as they were added); gone ones last."""
    return sorted(items, key=lambda i: (i.when is None, i.when.timestamp() if i.when else 0))


def when_words(when: datetime | None) -> str:
    return f"{day(when)}" if when else ""


def item_head(item: Item) -> str:
    """One line naming an item: its date and title, or that it is gone."""
    if item.gone:
        return f"{item.id} ({item.gone})"
    head = [when_words(item.when)] if item.when else []
    head += [x for x in (item.part, item.title) if x]
    if not item.attached:
        head.append("not attached")
    return " · ".join(head) + f"  [{item.id}]"


def _reflection_lines(items: list[Item]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append(item_head(item))
        for ask, answer in item.lines:
            lines.append(f"  {' '.join(ask.split())}")
            lines += [f"    {line}" for line in answer.splitlines() or [""]]
    return lines


def sections(arc: Arc, ifs: str = "ifs", in_app: bool = False) -> list[tuple[str, list[str]]]:
    """The arc as (heading, lines) in the order it is read; plain text, shown safely
    by the caller. An empty part says how to fill it."""
    journey = arc.journey

    def how(what: str) -> str:
        if in_app:
            return ("None yet: a adds one here. A walk-through of a KAP pack also offers "
                    "to add itself at its end.")
        return f"None yet; add one with: {ifs} journey attach {journey.id} {what}"

    session = [when_words(journey.session)]
    session += journey.notes.splitlines() or ["No notes yet; add some with: "
                                              f"{ifs} journey edit {journey.id} --notes -"]
    moments = []
    for item in arc.moments:
        moments.append(item_head(item))
        for _, text in item.lines:
            moments += [f"  {line}" for line in text.splitlines() or [""]]
    if any(not item.attached and not item.gone for item in arc.moments):
        add = ("a adds one" if in_app
               else f"add one with: {ifs} journey attach {journey.id} --moment ID")
        moments.append(f"'not attached': kept since the session, not added to this journey; "
                       f"{add}")
    if arc.more_moments:
        moments.append(f"And {arc.more_moments:,} earlier ones since the session: "
                       f"{ifs} moment list --since {journey.session:%Y-%m-%d}")
    if arc.moment_problems:
        moments.append(f"{arc.moment_problems} moment file(s) could not be read; "
                       f"{ifs} check says why")
    return [
        ("Parts prepared for", [item_head(i) if i.gone else f"{i.title}  [{i.id}]"
                                for i in arc.parts] or [how("--part PART")]),
        ("Preparation", _reflection_lines(arc.preparation)
         or [how("--reflection ID --as preparation")]),
        ("The session", session),
        ("What emerged", _reflection_lines(arc.integration)
         or [how("--reflection ID --as integration")]),
        ("Moments since the session", moments or [
            f"None yet. Keep one with: {ifs} moment add \"a few words\""]),
        ("With your clinical team", [CARE_NOTE, "", *support.at_hand(in_app)]),
    ]
