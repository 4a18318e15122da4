"""What a person can do to a map, shared by the CLI and the app.

These functions change a PartsMap in memory and validate input; saving is
the caller's job (`MapStore.edit()` then `MapStore.save()`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import InvalidInput, NameTaken, PartNotFound
from .model import (
    BY_EDIT,
    KINDS,
    LIST_FIELDS,
    ROLES,
    STATUSES,
    TEXT_FIELDS,
    Part,
    PartsMap,
    Relationship,
    StatusChange,
    clean_text,
    has_control,
    name_problem,
    now,
    slugify,
    unique_id,
)

MAX_TEXT = 100_000


# --- checking input ---------------------------------------------------------


def check_name(name: str) -> str:
    name = name.strip()
    why = name_problem(name)
    if why:
        raise InvalidInput(why)
    return name


def check_text(value: str, field_name: str) -> str:
    value = clean_text(value)
    if has_control(value, allow_newlines=True):
        raise InvalidInput(f"{field_name}: control characters (other than line breaks and tabs) "
                           "cannot be stored")
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"{field_name}: at most {MAX_TEXT:,} characters")
    return value


def check_item(value: str, field_name: str) -> str:
    value = check_text(value, field_name)
    if not value.strip():
        raise InvalidInput(f"{field_name}: an item cannot be empty")
    return value


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    normal = "-".join(value.strip().casefold().replace("_", " ").split())
    if normal not in allowed:
        shown = value if len(value) <= 30 and not has_control(value) else value[:30] + "…"
        raise InvalidInput(f"{what}: {shown!r} is not one of {', '.join(allowed)}")
    return normal


def check_role(value: str) -> str:
    return check_choice(value, ROLES, "role")


def check_status(value: str) -> str:
    return check_choice(value, STATUSES, "status")


def check_kind(value: str) -> str:
    return check_choice(value, KINDS, "kind")


# --- finding a part ---------------------------------------------------------


def nearest(pmap: PartsMap, ref: str, n: int = 3) -> list[str]:
    """Ids of the parts whose id or name is closest to `ref`."""
    key = ref.casefold()
    by_key: dict[str, str] = {}
    for part in pmap.parts:
        by_key.setdefault(part.id.casefold(), part.id)
        by_key.setdefault(part.name.casefold(), part.id)
    found: list[str] = []
    for match in difflib.get_close_matches(key, list(by_key), n=n * 2, cutoff=0.5):
        if by_key[match] not in found:
            found.append(by_key[match])
    return found[:n]


def find_part(pmap: PartsMap, ref: str) -> Part:
    """A part by id or name, case-insensitive; a unique prefix or fragment also works."""
    key = ref.strip().casefold()
    if not key:
        raise InvalidInput("give a part's id or name")
    slug = slugify(ref)
    # Exact matches come from the map's dicts; only a prefix or fragment scans the parts.
    exact: list[Callable[[], list[Part]]] = [
        lambda: [p for p in pmap.parts_with_folded_id(ref.casefold()) if p.id == ref],
        lambda: pmap.parts_with_folded_id(key),
        lambda: [p for p in pmap.parts_named(key) if p.name.casefold() == key],
        lambda: [p for p in pmap.parts_with_folded_id(slug.casefold()) if p.id == slug],
    ]
    tests: list[Callable[[Part], bool]] = [
        lambda p: p.id.casefold().startswith(key) or p.name.casefold().startswith(key),
        lambda p: key in p.id.casefold() or key in p.name.casefold(),
    ]
    finders = exact + [lambda t=test: [p for p in pmap.parts if t(p)] for test in tests]
    for find in finders:
        hits = find()
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise PartNotFound(_ambiguous(ref, hits))
    shown = ref if len(ref) <= 40 else ref[:40] + "…"
    message = f"no part matches {shown!r}"
    close = nearest(pmap, ref)
    if close:
        message += f"; did you mean: {', '.join(close)}?"
    elif not pmap.parts:
        message += "; this map has no parts yet"
    raise PartNotFound(message)


def _ambiguous(ref: str, hits: list[Part]) -> str:
    ids = ", ".join(p.id for p in hits[:6])
    return f"{ref[:40]!r} matches more than one part ({ids}); use the id"


# --- changing parts ---------------------------------------------------------


@dataclass
class PartChanges:
    """An edit: clear fields, remove list items, add list items, set text."""

    role: str | None = None
    status: str | None = None
    text: dict[str, str] = field(default_factory=dict)
    add: dict[str, list[str]] = field(default_factory=dict)
    remove: dict[str, list[str]] = field(default_factory=dict)
    clear: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.role or self.status or self.text or self.add or self.remove
                    or self.clear)


CLEARABLE = TEXT_FIELDS + LIST_FIELDS


def check_name_free(pmap: PartsMap, name: str, skip: Part | None = None) -> None:
    # "Frozen  deer" is "frozen deer" too (model.name_key)
    for other in pmap.parts_named(name):
        if other is not skip:
            raise NameTaken(f"a part with that name already exists (id: {other.id})", other.id)


def add_part(pmap: PartsMap, name: str, changes: PartChanges | None = None) -> Part:
    name = check_name(name)
    check_name_free(pmap, name)
    stamp = now()
    part = Part(id=unique_id(name, pmap.part_ids()), name=name,
                created=stamp, updated=stamp)
    if changes:
        apply_changes(part, changes)
    part.updated = stamp
    pmap.parts.append(part)
    return part


def apply_changes(part: Part, changes: PartChanges, by: str = BY_EDIT) -> bool:
    """Apply `changes` to `part`, checking all input first. True when it changed.

    A new status is kept in the part's status_history with `by`: "edit", or the
    id of the reflection that changed it. A new `feel_toward` sets its date.
    """
    role = check_role(changes.role) if changes.role else None
    status = check_status(changes.status) if changes.status else None
    for name in changes.clear:
        if name not in CLEARABLE:
            raise InvalidInput(f"--clear: {name!r} is not one of {', '.join(CLEARABLE)}")
    text = {k: check_text(v, k) for k, v in changes.text.items()}
    add = {k: [check_item(v, k) for v in vs] for k, vs in changes.add.items()}
    remove = {k: list(vs) for k, vs in changes.remove.items()}
    lists = {k: list(getattr(part, k)) for k in LIST_FIELDS}
    for name in changes.clear:
        if name in lists:
            lists[name] = []
    for key, items in remove.items():
        for item in items:
            if item not in lists[key]:
                raise InvalidInput(f"{key}: no item matches the text given (see 'ifs part show')")
            lists[key].remove(item)
    for key, items in add.items():
        lists[key].extend(i for i in items if i not in lists[key])

    before = (part.role, part.status, [getattr(part, k) for k in TEXT_FIELDS + LIST_FIELDS])
    part.role = role or part.role
    part.status = status or part.status
    for name in changes.clear:
        if name in TEXT_FIELDS:
            setattr(part, name, "")
    for key, new_text in text.items():
        setattr(part, key, new_text)
    for key, new_items in lists.items():
        setattr(part, key, new_items)
    after = (part.role, part.status, [getattr(part, k) for k in TEXT_FIELDS + LIST_FIELDS])
    if before == after:
        return False
    stamp = now()
    part.updated = stamp
    if part.status != before[1]:
        part.status_history.append(StatusChange(part.status, stamp, by))
    feel_before = before[2][TEXT_FIELDS.index("feel_toward")]
    if part.feel_toward != feel_before:
        part.feel_toward_noted = stamp if part.feel_toward else None
    return True


def rename_part(pmap: PartsMap, part: Part, new_name: str) -> bool:
    """Rename; the id stays, so links and reflections still find the part."""
    new_name = check_name(new_name)
    if new_name == part.name:
        return False
    check_name_free(pmap, new_name, skip=part)
    part.name = new_name
    pmap.names_changed()
    part.updated = now()
    return True


def remove_part(pmap: PartsMap, part: Part) -> list[Relationship]:
    """Remove a part and its relationships; returns the relationships removed."""
    gone = pmap.relationships_of(part.id)
    pmap.relationships = [r for r in pmap.relationships if r not in gone]
    pmap.parts = [p for p in pmap.parts if p is not part]
    return gone


def link(pmap: PartsMap, a: Part, b: Part, kind: str, note: str = "",
         from_fears: str = "", to_fears: str = "") -> Relationship:
    """Join a and b; on a polarized link, what each side fears the other would do."""
    kind = check_kind(kind)
    note = check_text(note, "note")
    from_fears, to_fears = _fears(kind, from_fears, to_fears)
    if a.id == b.id:
        raise InvalidInput("a part cannot be linked to itself")
    for rel in pmap.relationships:
        if rel.kind == kind and rel.joins(a.id, b.id):
            raise InvalidInput(f"{a.id} and {b.id} are already linked as {kind}")
    if kind == "protects" and any(
        r.kind == "protects" and r.joins(b.id, a.id) for r in pmap.relationships
    ):
        raise InvalidInput(f"{b.id} already protects {a.id}; unlink that first")
    rel = Relationship(source=a.id, target=b.id, kind=kind, note=note,
                       from_fears=from_fears, to_fears=to_fears)
    pmap.relationships.append(rel)
    return rel


def _fears(kind: str, from_fears: str, to_fears: str) -> tuple[str, str]:
    from_fears = check_text(from_fears, "from_fears").strip()
    to_fears = check_text(to_fears, "to_fears").strip()
    if (from_fears or to_fears) and kind != "polarized":
        raise InvalidInput("what each side fears is kept on polarized links only")
    return from_fears, to_fears


def set_link_fears(rel: Relationship, from_fears: str | None = None,
                   to_fears: str | None = None) -> bool:
    """Replace what either side of a polarized link fears (None leaves it, "" empties it).
    True when something changed."""
    new = _fears(rel.kind, rel.from_fears if from_fears is None else from_fears,
                 rel.to_fears if to_fears is None else to_fears)
    if new == (rel.from_fears, rel.to_fears):
        return False
    rel.from_fears, rel.to_fears = new
    return True


def link_fears(rel: Relationship, pmap: PartsMap | None = None) -> list[str]:
    """What each side of a polarized link fears, in words, with names when the map is given:
    "The Taskmaster's fear about The Drifter: everything would slide"."""

    def label(part_id: str) -> str:
        part = pmap.part(part_id) if pmap else None
        return part.name if part else part_id

    lines = []
    for fear, (a, b) in ((rel.from_fears, (rel.source, rel.target)),
                         (rel.to_fears, (rel.target, rel.source))):
        if fear:
            lines.append(f"{label(a)}'s fear about {label(b)}: {fear}")
    return lines


def unlink(pmap: PartsMap, a: Part, b: Part, kind: str | None = None) -> list[Relationship]:
    """Remove the links between a and b (either way round), of one kind or all."""
    wanted = check_kind(kind) if kind else None
    gone = [
        r for r in pmap.relationships
        if {r.source, r.target} == {a.id, b.id} and (wanted is None or r.kind == wanted)
    ]
    if not gone:
        what = f"{wanted} link" if wanted else "link"
        raise InvalidInput(f"there is no {what} between {a.id} and {b.id}")
    pmap.relationships = [r for r in pmap.relationships if r not in gone]
    return gone


def describe(rel: Relationship, pmap: PartsMap | None = None) -> str:
    """A link in words, with names when the map is given."""

    def label(part_id: str) -> str:
        part = pmap.part(part_id) if pmap else None
        return part.name if part else part_id

    a, b = label(rel.source), label(rel.target)
    if rel.kind == "protects":
        return f"{a} protects {b}"
    verb = "is polarized with" if rel.kind == "polarized" else "is allied with"
    return f"{a} {verb} {b}"


def restore_part(pmap: PartsMap, part: Part, links: list[Relationship], index: int) -> None:
    """Put back a removed part and its links (undo), where it was in the list."""
    if pmap.part(part.id) is not None:
        raise InvalidInput(f"a part with the id {part.id} exists again; nothing to undo")
    check_name_free(pmap, part.name)
    pmap.parts.insert(min(index, len(pmap.parts)), part)
    ids = {p.id for p in pmap.parts}
    pmap.relationships.extend(r for r in links if r.source in ids and r.target in ids)


def describe_from(pmap: PartsMap, part_id: str, rel: Relationship) -> str:
    """A link as seen from one part: "protects Little One", "protected by Critic"."""
    other_id = rel.target if rel.source == part_id else rel.source
    other = pmap.part(other_id)
    name = other.name if other else f"{other_id} (missing)"
    if rel.kind == "protects":
        verb = "protects" if rel.source == part_id else "protected by"
    else:
        verb = f"{rel.kind} with"
    return f"{verb} {name}" + (f" — {rel.note}" if rel.note else "")


# --- the map itself and Self ---------------------------------------------------

MAX_TITLE = 200


def check_title(title: str) -> str:
    title = check_text(title, "title").strip()
    if "\n" in title or "\r" in title:
        raise InvalidInput("title: one line only")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"title: at most {MAX_TITLE} characters")
    return title


def set_title(pmap: PartsMap, title: str) -> bool:
    """Give the map a new title (empty for none). True when it changed."""
    title = check_title(title)
    if title == pmap.title:
        return False
    pmap.title = title
    return True


def set_self_notes(pmap: PartsMap, notes: str) -> bool:
    """Replace the notes about Self. True when they changed."""
    notes = check_text(notes, "Self notes").rstrip()
    if notes == pmap.self_notes.notes:
        return False
    pmap.self_notes.notes = notes
    return True
