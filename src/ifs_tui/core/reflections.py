"""Reflection records: one TOML file per guided walk-through, in reflections/.

A record is rewritten (atomically, 0600) after every step, so closing the
terminal mid-way loses nothing and the walk-through can be resumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import paths
from .atomic import atomic_write
from .errors import IfsError, MapFormatError, Problem
from .model import SCHEMA, PartsMap, clean_text
from .storage import MapStore, parse_toml
from .tomlwrite import dumps

REFLECTION_STATUSES = ("in-progress", "stopped", "finished")
_ANSWER_KEYS = ("step", "kind", "ask", "skipped", "answer", "new_part", "preset", "added_to")
_TOP_KEYS = ("schema", "pack", "pack_title", "status", "started", "updated", "finished",
             "part", "at", "changed", "answers")
Value = str | int | list[str]


@dataclass
class Answer:
    step: str
    kind: str
    ask: str
    skipped: bool = False
    value: Value | None = None
    new_part: bool = False  # the part step named a part that did not exist yet
    preset: bool = False  # answered before the walk-through began (ifs reflect --part)
    added_to: str = ""  # "<part id>.<field>" this answer was added to
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reflection:
    id: str
    pack: str
    pack_title: str
    started: datetime
    updated: datetime
    status: str = "in-progress"
    finished: datetime | None = None
    part: str = ""  # the id of the part chosen in the walk-through
    at: str = ""  # the step to show next
    answers: list[Answer] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def answer_for(self, step_id: str) -> Answer | None:
        return next((a for a in self.answers if a.step == step_id), None)

    @property
    def changed(self) -> list[str]:
        seen: list[str] = []
        for a in self.answers:
            if a.added_to and a.added_to not in seen:
                seen.append(a.added_to)
        return seen


def answer_text(answer: Answer, pmap: PartsMap | None = None) -> str:
    """An answer as a person reads it: a part by its name, a choice as a list."""
    if answer.skipped:
        return "not now"
    if answer.kind == "part":
        part = pmap.part(str(answer.value)) if pmap else None
        return (part.name if part else str(answer.value)) + (" (new)" if answer.new_part
                                                             else "")
    if isinstance(answer.value, list):
        return ", ".join(str(v) for v in answer.value)
    return "" if answer.value is None else str(answer.value)


def to_dict(rec: Reflection) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": SCHEMA, "pack": rec.pack, "pack_title": rec.pack_title, "status": rec.status,
        "started": rec.started, "updated": rec.updated,
    }
    if rec.finished:
        data["finished"] = rec.finished
    if rec.part:
        data["part"] = rec.part
    if rec.at:
        data["at"] = rec.at
    if rec.changed:
        data["changed"] = rec.changed
    data.update({k: v for k, v in rec.extra.items() if k not in data})
    answers = []
    for a in rec.answers:
        item: dict[str, Any] = {"step": a.step, "kind": a.kind, "ask": a.ask}
        if a.skipped:
            item["skipped"] = True
        elif a.value is not None:
            item["answer"] = a.value
        if a.new_part:
            item["new_part"] = True
        if a.preset:
            item["preset"] = True
        if a.added_to:
            item["added_to"] = a.added_to
        item.update({k: v for k, v in a.extra.items() if k not in item})
        answers.append(item)
    if answers:
        data["answers"] = answers
    return data


def _bad(file: str, fieldname: str, message: str) -> MapFormatError:
    return MapFormatError([Problem(file, fieldname, message)])


def from_dict(data: dict[str, Any], rec_id: str, file: str) -> Reflection:
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise _bad(file, "schema", "missing or not a whole number")
    if schema > SCHEMA:
        raise _bad(file, "schema", f"schema {schema} is newer than this version knows")
    for key in ("pack", "status"):
        if not isinstance(data.get(key), str):
            raise _bad(file, key, "missing or not text")
    if data["status"] not in REFLECTION_STATUSES:
        raise _bad(file, "status", f"is not one of {', '.join(REFLECTION_STATUSES)}")
    for key in ("started", "updated"):
        if not isinstance(data.get(key), datetime):
            raise _bad(file, key, "missing or not a date and time")
    answers = []
    for i, item in enumerate(data.get("answers", [])):
        if not isinstance(item, dict) or not isinstance(item.get("step"), str):
            raise _bad(file, f"answers[{i}]", "each answer needs a step id")
        answers.append(Answer(
            step=item["step"], kind=str(item.get("kind", "")), ask=str(item.get("ask", "")),
            skipped=bool(item.get("skipped", False)), value=item.get("answer"),
            new_part=bool(item.get("new_part", False)),
            preset=bool(item.get("preset", False)), added_to=str(item.get("added_to", "")),
            extra={k: v for k, v in item.items() if k not in _ANSWER_KEYS},
        ))
    finished = data.get("finished")
    return Reflection(
        id=rec_id, pack=data["pack"], pack_title=str(data.get("pack_title", data["pack"])),
        status=data["status"], started=data["started"], updated=data["updated"],
        finished=finished if isinstance(finished, datetime) else None,
        part=str(data.get("part", "")), at=str(data.get("at", "")), answers=answers,
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )


def folder_of(store: MapStore) -> Path:
    return store.folder / paths.REFLECTIONS_DIR


def new_id(store: MapStore, pack_id: str, when: datetime) -> str:
    base = f"{when:%Y%m%d-%H%M%S}-{pack_id}"
    rec_id, n = base, 2
    while (folder_of(store) / f"{rec_id}.toml").exists():
        rec_id, n = f"{base}-{n}", n + 1
    return rec_id


def save(store: MapStore, rec: Reflection) -> None:
    folder = paths.ensure_private_dir(folder_of(store))
    text = dumps(to_dict(rec))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = clean_text(text).encode("utf-8")
    with store.lock.held():
        try:
            atomic_write(folder / f"{rec.id}.toml", data, root=store.folder)
        except OSError as err:
            raise IfsError(f"could not save the reflection {rec.id} "
                           f"({err.strerror or type(err).__name__})") from None


def load(store: MapStore, rec_id: str) -> Reflection:
    path = folder_of(store) / f"{rec_id}.toml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IfsError(f"there is no reflection {rec_id!r}") from None
    return from_dict(parse_toml(raw, str(path)), rec_id, str(path))


def list_all(store: MapStore) -> tuple[list[Reflection], list[Problem]]:
    """Every reflection, oldest first, and the problems of files that would not load."""
    found: list[Reflection] = []
    problems: list[Problem] = []
    folder = folder_of(store)
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            found.append(from_dict(parse_toml(path.read_bytes(), str(path)), path.stem,
                                   str(path)))
        except MapFormatError as err:
            problems.extend(err.problems)
    found.sort(key=lambda r: (r.started, r.id))
    return found, problems


def find(store: MapStore, ref: str) -> Reflection:
    """A reflection by its id, or a unique part of it."""
    records, _ = list_all(store)
    exact = [r for r in records if r.id == ref]
    hits = exact or [r for r in records if ref and ref in r.id]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise IfsError(f"no reflection matches {ref[:40]!r}; see: ifs journal list")
    ids = ", ".join(r.id for r in hits[:5])
    raise IfsError(f"{ref[:40]!r} matches more than one reflection ({ids})")

