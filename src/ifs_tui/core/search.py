"""Search across part names and fields and the text of reflections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .model import LIST_FIELDS, TEXT_FIELDS, PartsMap, name_key
from .moments import Moment
from .reflections import Reflection
from .storage import MapStore

if TYPE_CHECKING:
    from .journeys import Journey


@dataclass(frozen=True)
class Hit:
    kind: str  # "part", "reflection", "moment" or "journey"
    target: str  # part id, reflection id, moment id or journey id
    title: str  # what to show first: a part's name, a reflection's pack title, a shift
    where: str  # the field or question that matched
    excerpt: str  # a short piece of the matching text
    started: datetime | None = None  # a reflection's: when it was begun (a moment's when)
    part: str = ""  # a reflection's (or moment's) part, by name, when it is on the map


def shortened(text: str, width: int = 50) -> str:
    """`text` on one line in at most `width` characters, cut between words with "…"
    (inside a word only when its first word alone is longer)."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    kept = flat[:width]  # one more than fits with "…": a space there ends a word
    at = kept.rfind(" ")
    kept = kept[:at] if at > 0 else kept[:width - 1]
    return kept.rstrip(" ,;:.-") + "…"


def _part_name(pmap: PartsMap, part_id: str) -> str:
    part = pmap.part(part_id) if part_id else None
    return part.name if part is not None else ""


def _excerpt(text: str, needle: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    at = flat.casefold().find(needle)
    if at < 0:
        return flat[:width]
    start = max(0, at - width // 3)
    piece = flat[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def _part_hits(pmap: PartsMap, needle: str) -> list[Hit]:
    hits: list[Hit] = []
    for part in pmap.parts:
        fields: list[tuple[str, str]] = [("name", part.name), ("role", part.role)]
        # Field names as words: "first appeared", not first_appeared.
        fields += [(k.replace("_", " "), getattr(part, k)) for k in TEXT_FIELDS]
        fields += [(k, item) for k in LIST_FIELDS for item in getattr(part, k)]
        # What it fears on a polarized link is its own, so it finds the part.
        fields += [("link fears", r.from_fears if r.source == part.id else r.to_fears)
                   for r in pmap.relationships_of(part.id)]
        for where, text in fields:
            if needle in name_key(text):
                hits.append(Hit("part", part.id, part.name, where, _excerpt(text, needle)))
                break
    return hits


MOMENT_TITLE = "Moment"  # a moment's title in results when it names no shift


def _moment_hit(pmap: PartsMap, moment: Moment, needle: str) -> Hit:
    text = moment.text if needle in name_key(moment.text) else moment.shift
    return Hit("moment", moment.id, moment.shift or MOMENT_TITLE, "moment",
               _excerpt(text, needle), moment.when, _part_name(pmap, moment.part))


def _journey_hit(journey: Journey, needle: str) -> Hit:
    title = journey.shown_title
    where, text = (("title", title) if needle in name_key(title) else ("notes", journey.notes))
    return Hit("journey", journey.id, title, where, _excerpt(text, needle), journey.session)


def _newest_first(hits: list[Hit]) -> list[Hit]:
    """Reflections and moments together, newest first (each list is already)."""
    return sorted(hits, key=lambda h: h.started.timestamp() if h.started else 0.0,
                  reverse=True)


def search(pmap: PartsMap, records: list[Reflection], query: str, limit: int = 200,
           moments: list[Moment] | None = None) -> list[Hit]:
    """Parts first, then reflections and moments newest first (`records` and `moments`
    oldest first, as list_all gives them)."""
    needle = name_key(query)
    if not needle:
        return []
    hits = _part_hits(pmap, needle)
    dated: list[Hit] = []
    for rec in reversed(records):
        texts = [(rec.pack_title, rec.pack_title)]
        for answer in rec.answers:
            value = answer.value
            if isinstance(value, list):
                texts.append((answer.ask, ", ".join(value)))
            elif isinstance(value, str) and answer.kind != "part":
                texts.append((answer.ask, value))
        for where, text in texts:
            if needle in name_key(text):
                dated.append(Hit("reflection", rec.id, rec.pack_title, where,
                                 _excerpt(text, needle), rec.started,
                                 _part_name(pmap, rec.part)))
                break
    dated += [_moment_hit(pmap, m, needle) for m in reversed(moments or [])
              if needle in name_key(m.text) or needle in name_key(m.shift)]
    return (hits + _newest_first(dated))[:limit]


def search_store(pmap: PartsMap, store: MapStore, query: str, limit: int = 200) -> list[Hit]:
    """What `search` finds among every reflection, moment and journey of the map, through
    the index: no file is parsed unless it changed since the last look."""
    from . import journey_index, moment_index
    from .reflect_index import text_hits

    needle = name_key(query)
    if not needle:
        return []
    hits = _part_hits(pmap, needle)[:limit]
    room = limit - len(hits)
    dated = [Hit("reflection", t.id, t.pack_title, t.where, _excerpt(t.text, needle),
                 t.started, _part_name(pmap, t.part))
             for t in text_hits(store, query, room, newest_first=True)]
    dated += [_moment_hit(pmap, m, needle) for m in moment_index.hits(store, query, room)]
    dated += [_journey_hit(j, needle) for j in journey_index.hits(store, query, room)]
    return hits + _newest_first(dated)[:room]
