"""The parts map: parts, the relationships between them, and notes about Self.

Plain dataclasses; reading and writing them is `codec` and `storage`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, SupportsIndex, TypeVar

T = TypeVar("T")

SCHEMA = 1

ROLES = ("manager", "firefighter", "exile", "unknown")
# The words a person reads for each role (one part, and a group of them); files keep the keys.
ROLE_NAMES = {"manager": "Manager", "firefighter": "Firefighter", "exile": "Exile",
              "unknown": "Not sure yet"}
ROLE_GROUPS = {"manager": "Managers", "firefighter": "Firefighters", "exile": "Exiles",
               "unknown": "Not sure yet"}
# How far the person has come in knowing a part; documented in docs/data.md.
STATUSES = ("noticed", "getting-to-know", "befriended", "unburdened")
KINDS = ("protects", "polarized", "allied")
# Kinds where "A with B" is the same as "B with A".
SYMMETRIC_KINDS = ("polarized", "allied")

LIST_FIELDS = ("fears", "protects", "triggers", "emotions", "burdens", "tags")
# Setting `feel_toward` also sets `feel_toward_noted` (services.apply_changes).
TEXT_FIELDS = ("job", "intent", "age", "first_appeared", "body", "needs", "feel_toward",
               "notes")
# The order keys are written in, so a change makes a small diff.
PART_KEYS = (
    "id", "name", "role", "status", "job", "intent", "fears", "protects", "triggers",
    "age", "first_appeared", "body", "emotions", "burdens", "needs", "feel_toward",
    "feel_toward_noted", "notes", "tags", "status_history", "created", "updated",
)  # fmt: skip
# Who changed a status: "edit" (the form, the CLI) or the id of a reflection.
BY_EDIT = "edit"
HISTORY_KEYS = ("status", "changed", "by")
RELATIONSHIP_KEYS = ("from", "to", "kind", "note", "from_fears", "to_fears")

MAX_NAME = 200
MAX_SLUG = 48


def now() -> datetime:
    """The current time, aware, to the second, in the local offset."""
    return datetime.now(UTC).astimezone().replace(microsecond=0)


def as_aware(value: datetime) -> datetime:
    """A date and time written without an offset is read as UTC (docs/data.md).

    The same on every machine a map travels to, and it never fails, where
    reading it in local time fails for the years 1 and 9999. Aware and naive
    values cannot be compared, so everything loaded goes through here.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value


@dataclass
class StatusChange:
    """One change of a part's status: to what, when, and by an edit or a reflection."""

    status: str
    changed: datetime
    by: str = BY_EDIT
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Part:
    id: str
    name: str
    role: str = "unknown"
    status: str = "noticed"
    job: str = ""
    fears: list[str] = field(default_factory=list)
    protects: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    age: str = ""
    body: str = ""
    emotions: list[str] = field(default_factory=list)
    needs: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    intent: str = ""  # what it wants for the person
    first_appeared: str = ""  # in the person's words: "around seven"
    burdens: list[str] = field(default_factory=list)
    feel_toward: str = ""  # how the person feels toward it
    feel_toward_noted: datetime | None = None
    status_history: list[StatusChange] = field(default_factory=list)
    created: datetime | None = None
    updated: datetime | None = None
    # Keys this version does not know, kept so a save never drops them.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Relationship:
    source: str  # written as `from`
    target: str  # written as `to`
    kind: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # For polarized links: what `source` fears `target` would do if `source` eased
    # off, and the other way round.
    from_fears: str = ""
    to_fears: str = ""

    def joins(self, a: str, b: str) -> bool:
        if (self.source, self.target) == (a, b):
            return True
        return self.kind in SYMMETRIC_KINDS and (self.source, self.target) == (b, a)


@dataclass
class SelfNotes:
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Tracked(list[T]):
    """A list that counts its changes, so the map's lookups know when to rebuild."""

    version = 0

    def _changed(self) -> None:
        self.version += 1

    def append(self, item: T) -> None:
        self._changed()
        super().append(item)

    def extend(self, items: Any) -> None:
        self._changed()
        super().extend(items)

    def insert(self, index: SupportsIndex, item: T) -> None:
        self._changed()
        super().insert(index, item)

    def remove(self, item: T) -> None:
        self._changed()
        super().remove(item)

    def pop(self, index: SupportsIndex = -1) -> T:
        self._changed()
        return super().pop(index)

    def clear(self) -> None:
        self._changed()
        super().clear()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._changed()
        super().sort(*args, **kwargs)

    def reverse(self) -> None:
        self._changed()
        super().reverse()

    def __setitem__(self, index: Any, value: Any) -> None:
        self._changed()
        super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        self._changed()
        super().__delitem__(index)

    def __iadd__(self, items: Any) -> Tracked[T]:  # type: ignore[override,misc]
        self._changed()
        super().__iadd__(items)
        return self

    def __imul__(self, n: Any) -> Tracked[T]:  # type: ignore[misc]
        self._changed()
        super().__imul__(n)
        return self


def name_key(name: str) -> str:
    """Names that differ only in case or spacing are the same name ("Frozen  deer")."""
    return " ".join(name.split()).casefold()


class _Lookups:
    """Dicts over one state of a map's lists; `key` tells which state."""

    def __init__(self, pmap: PartsMap, key: tuple[Any, ...]) -> None:
        self.key = key
        self.by_id: dict[str, Part] = {}
        self.by_folded_id: dict[str, list[Part]] = {}
        self.by_name: dict[str, list[Part]] = {}  # name_key(name)
        self.links: dict[str, list[Relationship]] = {}
        for part in pmap.parts:
            self.by_id.setdefault(part.id, part)  # the first, as a scan finds it
            self.by_folded_id.setdefault(part.id.casefold(), []).append(part)
            self.by_name.setdefault(name_key(part.name), []).append(part)
        for rel in pmap.relationships:
            self.links.setdefault(rel.source, []).append(rel)
            if rel.target != rel.source:
                self.links.setdefault(rel.target, []).append(rel)


@dataclass
class PartsMap:
    """A map. Lookups (`part`, `relationships_of`, `parts_named`) use dicts built
    from the lists on first use and rebuilt after any change to the lists, which
    are kept as `Tracked` lists for that. A part's name changed in place must be
    followed by `names_changed()` (services.rename_part does it)."""

    title: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    self_notes: SelfNotes = field(default_factory=SelfNotes)
    parts: list[Part] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    schema: int = SCHEMA
    extra: dict[str, Any] = field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("parts", "relationships") and not isinstance(value, Tracked):
            value = Tracked(value)
        object.__setattr__(self, name, value)

    def names_changed(self) -> None:
        object.__setattr__(self, "_names_epoch", getattr(self, "_names_epoch", 0) + 1)

    def _lookups(self) -> _Lookups:
        parts, rels = self.parts, self.relationships
        key = (parts, getattr(parts, "version", None), len(parts), rels,
               getattr(rels, "version", None), len(rels), getattr(self, "_names_epoch", 0))
        found: _Lookups | None = getattr(self, "_ix", None)
        if found is None or not _same(found.key, key):
            found = _Lookups(self, key)
            object.__setattr__(self, "_ix", found)
        return found

    def part(self, part_id: str) -> Part | None:
        found = self._lookups().by_id.get(part_id)
        if found is not None and found.id != part_id:  # an id changed in place
            self.names_changed()
            return self.part(part_id)
        return found

    def parts_with_folded_id(self, folded: str) -> list[Part]:
        """Parts whose id, case-folded, is `folded`, in map order."""
        return [p for p in self._lookups().by_folded_id.get(folded, ())
                if p.id.casefold() == folded]

    def parts_named(self, name: str) -> list[Part]:
        """Parts whose name is `name` up to case and spacing (`name_key`), in map order."""
        key = name_key(name)
        found = self._lookups().by_name.get(key, [])
        if any(name_key(p.name) != key for p in found):  # renamed without names_changed()
            self.names_changed()
            found = self._lookups().by_name.get(key, [])
        return list(found)

    def part_ids(self) -> Collection[str]:
        return self._lookups().by_id.keys()

    def relationships_of(self, part_id: str) -> list[Relationship]:
        return list(self._lookups().links.get(part_id, ()))


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    # The lists by identity (a list replaced by an equal one is still a new state).
    return all(x is y if isinstance(x, list) else x == y for x, y in zip(a, b, strict=True))


def status_named(words: str) -> str | None:
    """The status that `words` name ("Getting to know", "getting-to-know"), or None.
    Case, spaces and '-' do not count."""
    key = "".join(words.replace("-", " ").casefold().split())
    return next((s for s in STATUSES if s.replace("-", "") == key), None)


# --- text hygiene ---------------------------------------------------------

_CONTROL_OK_IN_TEXT = {"\n", "\r", "\t"}


def clean_text(value: str) -> str:
    """Replace lone surrogates (from odd pastes), which TOML cannot hold."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    return value


def has_control(value: str, allow_newlines: bool = False) -> bool:
    allowed = _CONTROL_OK_IN_TEXT if allow_newlines else set()
    return any(
        unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value
    )


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a part's name, or None when it can."""
    if not name.strip():
        return "a name cannot be empty"
    if len(name) > MAX_NAME:
        return f"a name can be at most {MAX_NAME} characters (this one has {len(name)})"
    if has_control(name):
        return "a name cannot hold control characters (such as tabs or line breaks)"
    if any("\ud800" <= ch <= "\udfff" for ch in name):
        return "a name cannot hold broken characters (lone surrogates)"
    return None


def slugify(name: str) -> str:
    """A stable id made from a name: lower case, letters and digits, hyphens."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(ch if ch.isalnum() else "-" for ch in text)
    text = re.sub(r"-+", "-", text).strip("-")[:MAX_SLUG].strip("-")
    return text or "part"


def unique_id(name: str, taken: Collection[str]) -> str:
    base = slugify(name)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
