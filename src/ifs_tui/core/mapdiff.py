"""What changed between two versions of a map, as data (`Change`) and in plain words.

Compared by part id, so a renamed part is one part with a new name. Dates that
every save moves (`updated`, `created`, `status_history`, `feel_toward_noted`)
are not changes a person made, so they are left out; a status move is told once,
from the `status` field. List fields are compared as bags of items: a fear added
or removed is told, a reordering is not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from .model import LIST_FIELDS, PART_KEYS, SYMMETRIC_KINDS, Part, PartsMap, Relationship
from .partwords import status_words

# Kinds of change, in the order they are told.
PART_ADDED = "part added"
PART_REMOVED = "part removed"
RENAMED = "renamed"
STATUS_MOVED = "status moved"
ROLE_MOVED = "role moved"
ITEM_ADDED = "item added"
ITEM_REMOVED = "item removed"
FIELD_CHANGED = "field changed"
LINK_ADDED = "link added"
LINK_REMOVED = "link removed"
LINK_CHANGED = "link changed"
MAP_CHANGED = "map changed"

_SKIPPED = {"id", "name", "role", "status", "status_history", "created", "updated",
            "feel_toward_noted"}
_COMPARED = [k for k in PART_KEYS if k not in _SKIPPED]
# One item of a list field, in words ("a fear added").
_ITEM = {"fears": "fear", "protects": "thing it protects", "triggers": "trigger",
         "emotions": "emotion", "burdens": "burden", "tags": "tag"}


@dataclass(frozen=True)
class Change:
    """One change. `part` is a part's id (for links: the `from` end), `name` its name;
    `field` a part field, a link field (`note`, ...) or a map key; `before`/`after` the
    values; `link` a link's kind."""

    kind: str
    part: str = ""
    name: str = ""
    field: str = ""
    before: str = ""
    after: str = ""
    other: str = ""  # a link's `to` end
    other_name: str = ""
    link: str = ""

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v or k == "kind"}


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def _parts(pmap: PartsMap) -> dict[str, Part]:
    found: dict[str, Part] = {}
    for part in pmap.parts:
        found.setdefault(part.id, part)
    return found


def _link_key(rel: Relationship) -> tuple[str, str, str]:
    a, b = rel.source, rel.target
    if rel.kind in SYMMETRIC_KINDS and b < a:
        a, b = b, a
    return rel.kind, a, b


def _extra_items(these: list[str], those: list[str]) -> list[str]:
    """Items of `these` beyond those in `those`, counting repeats, in their order."""
    left = Counter(these) - Counter(those)
    out = []
    for item in these:
        if left[item] > 0:
            left[item] -= 1
            out.append(item)
    return out


def _part_changes(old: Part, new: Part) -> list[Change]:
    base = {"part": new.id, "name": new.name}
    out: list[Change] = []
    if old.name != new.name:
        out.append(Change(RENAMED, field="name", before=old.name, after=new.name, **base))
    if old.status != new.status:
        out.append(Change(STATUS_MOVED, field="status", before=old.status, after=new.status,
                          **base))
    if old.role != new.role:
        out.append(Change(ROLE_MOVED, field="role", before=old.role, after=new.role, **base))
    for key in _COMPARED:
        before, after = getattr(old, key), getattr(new, key)
        if before == after:
            continue
        if key in LIST_FIELDS:
            out += [Change(ITEM_REMOVED, field=key, before=item, **base)
                    for item in _extra_items(before, after)]
            out += [Change(ITEM_ADDED, field=key, after=item, **base)
                    for item in _extra_items(after, before)]
        else:
            out.append(Change(FIELD_CHANGED, field=key, before=_text(before),
                              after=_text(after), **base))
    for key in sorted(old.extra.keys() | new.extra.keys()):
        if old.extra.get(key) != new.extra.get(key):
            out.append(Change(FIELD_CHANGED, field=key, before=_text(old.extra.get(key)),
                              after=_text(new.extra.get(key)), **base))
    return out


def _link_change(kind: str, rel: Relationship, names: dict[str, str], field: str = "",
                 before: str = "", after: str = "") -> Change:
    return Change(kind, part=rel.source, name=names.get(rel.source, rel.source),
                  field=field, before=before, after=after, other=rel.target,
                  other_name=names.get(rel.target, rel.target), link=rel.kind)


def _link_changes(a: PartsMap, b: PartsMap, names: dict[str, str]) -> list[Change]:
    old: dict[tuple[str, str, str], Relationship] = {}
    for rel in a.relationships:
        old.setdefault(_link_key(rel), rel)
    new: dict[tuple[str, str, str], Relationship] = {}
    for rel in b.relationships:
        new.setdefault(_link_key(rel), rel)
    out = [_link_change(LINK_REMOVED, rel, names) for key, rel in old.items() if key not in new]
    out += [_link_change(LINK_ADDED, rel, names) for key, rel in new.items() if key not in old]
    for key in old.keys() & new.keys():
        was, now = old[key], new[key]
        if (was.source, was.target) != (now.source, now.target):  # a symmetric link turned
            was = Relationship(now.source, now.target, was.kind, was.note, was.extra,
                               was.to_fears, was.from_fears)
        for attr in ("note", "from_fears", "to_fears"):
            if getattr(was, attr) != getattr(now, attr):
                out.append(_link_change(LINK_CHANGED, now, names, attr,
                                        getattr(was, attr), getattr(now, attr)))
        if was.extra != now.extra:
            out.append(_link_change(LINK_CHANGED, now, names, "other keys",
                                    _text(was.extra), _text(now.extra)))
    return out


def diff(a: PartsMap, b: PartsMap) -> list[Change]:
    """What changed from `a` (older) to `b` (newer)."""
    out: list[Change] = []
    if a.title != b.title:
        out.append(Change(MAP_CHANGED, field="title", before=a.title, after=b.title))
    if a.self_notes.notes != b.self_notes.notes:
        out.append(Change(MAP_CHANGED, field="self notes", before=a.self_notes.notes,
                          after=b.self_notes.notes))
    for key in sorted(a.extra.keys() | b.extra.keys()):
        if a.extra.get(key) != b.extra.get(key):
            out.append(Change(MAP_CHANGED, field=key, before=_text(a.extra.get(key)),
                              after=_text(b.extra.get(key))))
    old, new = _parts(a), _parts(b)
    out += [Change(PART_ADDED, part=p.id, name=p.name, after=p.role)
            for pid, p in new.items() if pid not in old]
    out += [Change(PART_REMOVED, part=p.id, name=p.name, before=p.role)
            for pid, p in old.items() if pid not in new]
    for pid, part in new.items():
        if pid in old:
            out += _part_changes(old[pid], part)
    names = {pid: p.name for pid, p in old.items()} | {pid: p.name for pid, p in new.items()}
    return out + _link_changes(a, b, names)


# --- words ----------------------------------------------------------------

def _link_words(c: Change) -> str:
    if c.link == "protects":
        return f"{c.name} protects {c.other_name}"
    verb = "is polarized with" if c.link == "polarized" else "is allied with"
    return f"{c.name} {verb} {c.other_name}"


def _quoted(value: str) -> str:
    return '"' + value + '"'


# Fields named as a person would say them ("feel_toward written" read like code).
_FIELD_WORDS = {"feel_toward": "how you feel toward it", "intent": "what it wants for you",
                "first_appeared": "when it first appeared", "body": "where it is felt",
                "age": "how old it feels", "job": "its job"}


def words(c: Change, with_text: bool = True) -> str:
    """One change in plain words; without `with_text`, no free text the person wrote
    (names, statuses and roles only), for one-line summaries."""
    label = _FIELD_WORDS.get(c.field, c.field.replace("_", " "))
    if c.kind == PART_ADDED:
        return f"part added: {c.name}"
    if c.kind == PART_REMOVED:
        return f"part removed: {c.name}"
    if c.kind == RENAMED:
        return f"renamed: {c.before} → {c.after}"
    if c.kind == STATUS_MOVED:
        return f"{c.name}: status {status_words(c.before)} → {status_words(c.after)}"
    if c.kind == ROLE_MOVED:
        return f"{c.name}: {label} {c.before} → {c.after}"
    if c.kind in (ITEM_ADDED, ITEM_REMOVED):
        verb = "added" if c.kind == ITEM_ADDED else "removed"
        item = _ITEM.get(c.field, c.field)
        value = c.after if c.kind == ITEM_ADDED else c.before
        return (f"{c.name}: {item} {verb}: {_quoted(value)}" if with_text
                else f"{c.name}: {'an' if item[:1] in 'aeiou' else 'a'} {item} {verb}")
    if c.kind == LINK_ADDED:
        return f"link added: {_link_words(c)}"
    if c.kind == LINK_REMOVED:
        return f"link removed: {_link_words(c)}"
    if c.kind == LINK_CHANGED:
        return f"link changed ({label}): {_link_words(c)}"
    who = f"{c.name}: " if c.kind == FIELD_CHANGED else ""
    if not c.before:
        verb = "written"
    elif not c.after:
        verb = "emptied"
    else:
        verb = "changed"
    if with_text and c.kind == MAP_CHANGED and c.field == "title":
        return f"title {verb}: {_quoted(c.before)} → {_quoted(c.after)}"
    return f"{who}{label} {verb}"


def summary(changes: list[Change], most: int = 3) -> str:
    """A one-line summary, with no free text: the first few changes and how many more."""
    if not changes:
        return "no change to parts, links or notes"
    # The same words twice ("The Peacekeeper: a trigger added") are told once, counted.
    counted: dict[str, int] = {}
    for c in changes:
        line = words(c, with_text=False)
        counted[line] = counted.get(line, 0) + 1
    told = [_counted(line, n) for line, n in counted.items()]
    shown = told[:most]
    more = len(told) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more else "")


def _counted(line: str, n: int) -> str:
    if n == 1:
        return line
    for article in (": a ", ": an "):
        head, found, tail = line.partition(article)
        if found:  # "X: a trigger added" -> "X: 2 triggers added"
            noun, _, verb = tail.rpartition(" ")
            first, _, rest = noun.partition(" ")  # "thing it protects" -> "things it ..."
            return f"{head}: {n} {first}s{' ' + rest if rest else ''} {verb}"
    return f"{line} ({n} times)"
