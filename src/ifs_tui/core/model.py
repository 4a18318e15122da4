"""The parts map: parts, the relationships between them, and notes about Self.

Plain dataclasses; reading and writing them is `codec` and `storage`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

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


@dataclass
class PartsMap:
    title: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    self_notes: SelfNotes = field(default_factory=SelfNotes)
    parts: list[Part] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    schema: int = SCHEMA
    extra: dict[str, Any] = field(default_factory=dict)

    def part(self, part_id: str) -> Part | None:
        for part in self.parts:
            if part.id == part_id:
                return part
        return None

    def relationships_of(self, part_id: str) -> list[Relationship]:
        return [r for r in self.relationships if part_id in (r.source, r.target)]


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


def unique_id(name: str, taken: set[str]) -> str:
    base = slugify(name)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
