"""A part's own timeline: what the map's history says of it, the reflections that name
it and the moments noticed with it, newest first.

The history side comes from the summaries cache (history.entries), so it reads no old
version that a save already described; its words carry no free text (a fear added, a
status move), the reflections and moments are the person's own and are named as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from . import history, moment_index
from .model import BY_EDIT, PartsMap, as_aware
from .reflect_index import Header
from .storage import MapStore

MAP, REFLECTION, MOMENT = "map", "reflection", "moment"


@dataclass(frozen=True)
class Event:
    when: datetime | None
    kind: str  # MAP, REFLECTION or MOMENT
    words: str
    ref: str = ""  # a version id, a reflection id or a moment id


def part_timeline(store: MapStore, part_id: str, pmap: PartsMap | None = None,
                  headers: list[Header] | None = None,
                  notice: Callable[[int], None] | None = None) -> list[Event]:
    """Everything known of part `part_id` over time, newest first (undated ones last).

    `pmap` and `headers` (the current map, every reflection's header) are read when not
    given; `notice` is passed to history.entries (many old versions to read once)."""
    from . import reflect_index

    if pmap is None:
        pmap = store.load()
    if headers is None:
        headers = reflect_index.listing(store)[0]
    part = pmap.part(part_id)
    said_status = bool(part and part.status_history)
    events: list[Event] = []
    added = False
    for entry in history.entries(store, notice=notice):
        lines = entry.parts.get(part_id, [])
        if said_status:  # told, with their own dates, from status_history below
            lines = [line for line in lines if not line.startswith("status ")]
        added = added or any(line.startswith("part added") for line in lines)
        if lines:
            events.append(Event(entry.saved, MAP, "; ".join(lines), entry.id))
    if part is not None:
        for change in part.status_history:
            events.append(Event(as_aware(change.changed), MAP,
                                f"status: {change.status}" + (
                                    " (from a reflection)" if change.by != BY_EDIT else "")))
        if part.created is not None and not added:
            events.append(Event(as_aware(part.created), MAP, "added to the map"))
    named = reflect_index.naming(store, part_id)
    for header in headers:
        if (header.id in named or header.part == part_id
                or any(c.rpartition(".")[0] == part_id for c in header.changed)):
            unfinished = "" if header.status == "finished" else " (not finished)"
            events.append(Event(as_aware(header.started), REFLECTION,
                                f"{header.pack_title or header.pack}{unfinished}", header.id))
    # Through the index (only changed files are read); unreadable ones: ifs check names them.
    for moment in moment_index.listing(store, part=part_id)[0]:
        said = f"{moment.shift}: {moment.text}" if moment.shift else moment.text
        events.append(Event(as_aware(moment.when), MOMENT, said, moment.id))
    events.sort(key=_newest_first)
    return events


def _newest_first(event: Event) -> tuple[bool, float]:
    return (event.when is None, -event.when.timestamp() if event.when else 0.0)
