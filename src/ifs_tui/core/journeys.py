"""Journeys: one medicine session with its preparation and the integration after it.

One TOML file per journey in journeys/, named by its id, written atomically and
0600. A journey only holds ids of parts, reflections and moments; an id whose
thing was removed stays in the file and is shown as "no longer in the map".
There are no dose, drug or medical fields; a key added by hand is kept as
written but never shown or exported.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths, sealed
from .codec import locate
from .errors import IfsError, InvalidInput, MapFormatError, Problem
from .fileerrors import describe, file_error, file_problem
from .model import SCHEMA, as_aware, clean_text, has_control
from .model import now as _now
from .storage import MapStore, parse_toml

if TYPE_CHECKING:
    from .reflections import Reflection

KEYS = ("schema", "title", "session", "notes", "parts", "preparation", "integration",
        "moments", "created", "changed")
LISTS = ("parts", "preparation", "integration", "moments")
PHASES = ("preparation", "integration")  # what a reflection is to a journey
MAX_TITLE = 200
MAX_NOTES = 100_000
MAX_SLUG = 40
# An id names a file in journeys/: never a path, so `remove ../map` cannot reach out.
_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$")


@dataclass
class Journey:
    id: str
    title: str
    session: datetime  # the date of the medicine session, aware
    notes: str = ""
    parts: list[str] = field(default_factory=list)  # part ids prepared for
    preparation: list[str] = field(default_factory=list)  # reflection ids
    integration: list[str] = field(default_factory=list)  # reflection ids
    moments: list[str] = field(default_factory=list)  # moment ids
    created: datetime | None = None
    changed: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # kept, never shown

    @property
    def shown_title(self) -> str:
        return self.title.strip() or f"Journey of {self.session:%Y-%m-%d}"


def default_title(session: datetime) -> str:
    return f"Medicine session, {session.day} {session:%B %Y}"


def slug(title: str) -> str:
    """Plain ASCII letters, digits and hyphens: file names stay safe on every system."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].strip("-")
    return text or "journey"


def check_title(value: str) -> str:
    value = " ".join(clean_text(value).split())
    if has_control(value):
        raise InvalidInput("a journey's title: control characters cannot be stored")
    if len(value) > MAX_TITLE:
        raise InvalidInput(f"a journey's title: at most {MAX_TITLE} characters")
    return value


def check_notes(value: str) -> str:
    value = clean_text(value)
    if has_control(value, allow_newlines=True):
        raise InvalidInput("a journey's notes: control characters (other than line breaks "
                           "and tabs) cannot be stored")
    if len(value) > MAX_NOTES:
        raise InvalidInput(f"a journey's notes: at most {MAX_NOTES:,} characters")
    return value


# --- the file -------------------------------------------------------------

def to_dict(journey: Journey) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": SCHEMA, "title": journey.title,
                            "session": journey.session, "notes": journey.notes}
    for key in LISTS:
        data[key] = list(getattr(journey, key))
    for key in ("created", "changed"):
        if getattr(journey, key) is not None:
            data[key] = getattr(journey, key)
    data.update({k: v for k, v in journey.extra.items() if k not in data})
    return data


def json_dict(journey: Journey) -> dict[str, Any]:
    """The journey as data; keys added by hand (such as a dose) are left out."""
    data = {"id": journey.id, **to_dict(journey)}
    return {k: v for k, v in data.items() if k == "id" or k in KEYS}


def _session(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return as_aware(value)
    if isinstance(value, date):  # a date alone: midday local, as --date means it
        from .dates import parse_when

        return parse_when(value.isoformat())
    return None


def from_dict(data: dict[str, Any], journey_id: str, file: str,
              text: str | None = None) -> Journey:
    """A journey, checking each field; MapFormatError names every problem and its line."""
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(file, key, message, line=locate(text, key)))

    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        problem("schema", f"missing or not a whole number; write schema = {SCHEMA}")
    elif schema > SCHEMA:
        problem("schema", f"schema {schema} is newer than this version knows")
    for key in ("title", "notes"):
        if not isinstance(data.get(key, ""), str):
            problem(key, "should be text in quotes")
    session = _session(data.get("session"))
    if session is None:
        problem("session", "missing or not a date, e.g. 2026-01-31 or "
                "2026-01-31T10:00:00+01:00")
    for key in LISTS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(key, 'should be a list of ids in quotes, e.g. ["an-id"]')
    for key in ("created", "changed"):
        if key in data and not isinstance(data[key], datetime):
            problem(key, "should be a date and time, e.g. 2026-01-31T09:30:00+01:00")
    if problems:
        raise MapFormatError(problems)
    assert session is not None
    created, changed = data.get("created"), data.get("changed")
    return Journey(
        id=journey_id, title=data.get("title", ""), session=session,
        notes=data.get("notes", ""), parts=list(data.get("parts", [])),
        preparation=list(data.get("preparation", [])),
        integration=list(data.get("integration", [])), moments=list(data.get("moments", [])),
        created=as_aware(created) if isinstance(created, datetime) else None,
        changed=as_aware(changed) if isinstance(changed, datetime) else None,
        extra={k: v for k, v in data.items() if k not in KEYS})


def parse(raw: bytes, journey_id: str, file: str) -> Journey:
    data = parse_toml(raw, file)
    try:
        return from_dict(data, journey_id, file)
    except MapFormatError:  # again with the text, to give line numbers
        return from_dict(data, journey_id, file, raw.decode("utf-8"))


# --- the folder -----------------------------------------------------------

def folder_of(store: MapStore) -> Path:
    return store.folder / paths.JOURNEYS_DIR


def path_of(store: MapStore, journey_id: str) -> Path:
    return folder_of(store) / f"{journey_id}.toml"


def new_id(store: MapStore, title: str, session: datetime) -> str:
    # A file name is never encrypted: in an encrypted map it carries no words of the title.
    words = "journey" if sealed.is_sealed(store.folder) else slug(title)
    base = f"{session:%Y%m%d}-{words}"
    journey_id, n = base, 2
    while path_of(store, journey_id).exists():
        journey_id, n = f"{base}-{n}", n + 1
    return journey_id


def _ready_folder(store: MapStore) -> Path:
    folder = folder_of(store)
    try:
        paths.ensure_private_dir(folder)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    except OSError as err:
        raise file_error("use the folder", folder, err) from None
    return folder


def save(store: MapStore, journey: Journey) -> Path:
    """Write the journey as it is (`changed` is the caller's to set)."""
    _ready_folder(store)
    path = path_of(store, journey.id)
    import tomli_w  # only paid for when writing (`ifs check` reads journeys too)

    # Not tomlwrite.dumps: it reads `parts` as the map's [[parts]] tables.
    data = tomli_w.dumps(to_dict(journey)).encode("utf-8")
    with store.locked():
        try:
            sealed.write(path, data, store.folder)
        except OSError as err:
            raise IfsError(f"could not save the journey {path} ({describe(err)}); "
                           "the version saved before is unchanged") from None
    return path


def new(store: MapStore, title: str, session: datetime, notes: str = "",
        when: datetime | None = None) -> Journey:
    """Keep a new journey; the id is chosen under the lock, from the session's date."""
    stamp = (when or _now()).replace(microsecond=0)
    session = as_aware(session).replace(microsecond=0)
    title = check_title(title) or default_title(session)
    journey = Journey("", title, session, check_notes(notes), created=stamp, changed=stamp)
    with store.locked():
        journey.id = new_id(store, title, session)
        save(store, journey)
    return journey


def load(store: MapStore, journey_id: str) -> Journey:
    path = path_of(store, journey_id)
    try:
        raw = sealed.read(path, store.folder)
    except FileNotFoundError:
        raise IfsError(f"there is no journey {journey_id!r}; see: ifs journey list") from None
    except OSError as err:
        raise file_error("read", path, err) from None
    return parse(raw, journey_id, str(path))


def list_all(store: MapStore) -> tuple[list[Journey], list[Problem]]:
    """Every journey by session date, and one problem per file that would not load."""
    from .reflections import _one_problem, toml_files

    folder = folder_of(store)
    names, problems = toml_files(folder, "journeys")
    found: list[Journey] = []
    for name in names:
        path = folder / name
        try:
            if not path.is_file():
                problems.append(Problem(str(path), "", "is not a plain file; move it aside"))
                continue
            found.append(parse(sealed.read(path, store.folder), name[:-5], str(path)))
        except OSError as err:
            problems.append(file_problem("read", path, err))
        except MapFormatError as err:
            problems.append(_one_problem(err.problems))
    found.sort(key=lambda j: (j.session, j.id))
    return found, problems


def find(store: MapStore, ref: str) -> Journey:
    """A journey by its id, or a unique beginning of it."""
    ref = ref.strip()
    if not _ID.match(ref):
        raise InvalidInput("a journey's id is like 20260131-medicine-session; "
                           "see: ifs journey list")
    if path_of(store, ref).is_file():
        return load(store, ref)
    found, problems = list_all(store)
    hits = [j for j in found if j.id.startswith(ref)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        broken = [p for p in problems if Path(p.file).stem.startswith(ref)]
        if len(broken) == 1:
            raise IfsError(f"that journey could not be read: {broken[0]}")
        raise IfsError(f"no journey has the id {ref!r}; see: ifs journey list")
    ids = ", ".join(j.id for j in hits[:5])
    raise IfsError(f"{ref!r} is the start of more than one journey's id ({ids})")


def update(store: MapStore, journey_id: str, change: Callable[[Journey], None],
           when: datetime | None = None) -> Journey:
    """Read the journey again under the lock, change it, and save it: a change made
    meanwhile by another program is kept, and a file that fails to load is never
    written over (its error is raised before anything is written)."""
    with store.locked():
        journey = load(store, journey_id)
        change(journey)
        journey.changed = (when or _now()).replace(microsecond=0)
        save(store, journey)
    return journey


def edit(store: MapStore, journey_id: str, title: str | None = None,
         session: datetime | None = None, notes: str | None = None) -> Journey:
    """Change the title, session date or notes; the id stays as it is."""
    new_title = None if title is None else check_title(title)
    new_notes = None if notes is None else check_notes(notes)

    def change(journey: Journey) -> None:
        if new_title is not None:
            journey.title = new_title or default_title(session or journey.session)
        if session is not None:
            journey.session = as_aware(session).replace(microsecond=0)
        if new_notes is not None:
            journey.notes = new_notes

    return update(store, journey_id, change)


def phase_for(journey: Journey, started: datetime) -> str:
    """What a reflection is to a journey when nobody said: before the session it
    prepares, after it integrates."""
    return "preparation" if as_aware(started) < journey.session else "integration"


def attach(store: MapStore, journey_id: str, *, reflection: str = "", phase: str = "",
           moment: str = "", part: str = "") -> Journey:
    """Add ids to a journey (each once). A reflection goes to `phase`
    ("preparation" or "integration"); the caller has checked the ids exist.
    (attach_reflection also adds the parts a preparation names.)"""
    if reflection and phase not in PHASES:
        raise InvalidInput(f"--as: choose {' or '.join(PHASES)}")

    def change(journey: Journey) -> None:
        if reflection:
            other = "integration" if phase == "preparation" else "preparation"
            if reflection in getattr(journey, other):
                getattr(journey, other).remove(reflection)  # moved, not in both
            _add(getattr(journey, phase), reflection)
        if moment:
            _add(journey.moments, moment)
        if part:
            _add(journey.parts, part)

    return update(store, journey_id, change)


def attach_reflection(store: MapStore, journey_id: str, rec: Reflection,
                      phase: str = "") -> Journey:
    """Add a reflection as `phase` (from its date when ""); a preparation also
    adds the parts it names to the parts prepared for."""
    journey = load(store, journey_id)
    phase = phase or phase_for(journey, rec.started)
    if phase not in PHASES:
        raise InvalidInput(f"--as: choose {' or '.join(PHASES)}")
    named = [rec.part] if rec.part else []
    named += [str(a.value) for a in rec.answers
              if a.kind in ("part", "make_part") and isinstance(a.value, str) and a.value]

    def change(journey: Journey) -> None:
        other = "integration" if phase == "preparation" else "preparation"
        if rec.id in getattr(journey, other):
            getattr(journey, other).remove(rec.id)  # moved, not in both
        _add(getattr(journey, phase), rec.id)
        if phase == "preparation":
            for part_id in named:
                _add(journey.parts, part_id)

    return update(store, journey_id, change)


def recent(store: MapStore, most: int = 9) -> list[Journey]:
    """The journeys to offer at the end of a walk: the latest sessions first."""
    found, _ = list_all(store)
    return found[::-1][:most]


def _add(ids: list[str], value: str) -> None:
    if value not in ids:
        ids.append(value)


def detach(store: MapStore, journey_id: str, ref: str) -> tuple[Journey, list[str]]:
    """Take id `ref` out of every list of the journey; also the lists it was in."""
    held: list[str] = []

    def change(journey: Journey) -> None:
        for key in LISTS:
            ids = getattr(journey, key)
            if ref in ids:
                held.append(key)
                setattr(journey, key, [i for i in ids if i != ref])
        if not held:
            raise IfsError(f"the journey {journey_id} does not hold {ref[:60]!r}; "
                           f"see: ifs journey show {journey_id}")

    return update(store, journey_id, change), held


def remove(store: MapStore, journey: Journey) -> None:
    """Remove the journey's file; the reflections and moments it named stay."""
    path = path_of(store, journey.id)
    with store.locked():
        try:
            path.unlink()
        except FileNotFoundError:
            raise IfsError(f"the journey {journey.id} was removed already") from None
        except OSError as err:
            raise file_error("remove", path, err) from None
