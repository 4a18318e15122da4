"""Reflection records: one TOML file per guided walk-through, in reflections/.

A record is rewritten (atomically, 0600) after every step, so closing the
terminal mid-way loses nothing and the walk-through can be resumed.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths, sealed
from .codec import locate
from .errors import IfsError, MapFormatError, Problem
from .fileerrors import describe, file_error, file_problem
from .model import LIST_FIELDS, SCHEMA, TEXT_FIELDS, PartsMap, as_aware, clean_text
from .storage import MapStore, parse_toml
from .tomlwrite import dumps

REFLECTION_STATUSES = ("in-progress", "stopped", "finished")
_ANSWER_KEYS = ("step", "round", "item", "kind", "ask", "skipped", "not_there", "answer",
                "new_part", "name", "role", "preset",
                "added_to", "replaced", "replaced_noted")
_TOP_KEYS = ("schema", "pack", "pack_title", "status", "started", "updated", "finished",
             "part", "at", "round", "path", "changed", "draft", "answers")
Value = str | int | list[str]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # stands in only while problems are collected


@dataclass
class Answer:
    step: str
    kind: str
    ask: str
    skipped: bool = False
    not_there: bool = False  # skipped with "a part of me doesn't want to go there"
    value: Value | None = None
    new_part: bool = False  # the part step named a part that did not exist yet
    preset: bool = False  # answered before the walk-through began (ifs reflect --part)
    added_to: str = ""  # "<part id>.<field>" this answer was added to
    # What the answer replaced (feel_toward and its date, or the status), put back on undo.
    replaced: str = ""
    replaced_noted: datetime | None = None
    # In a for_each group: the round (from 1) and the option it was given for.
    round: int = 0
    item: str = ""
    role: str = ""  # make_part: the role the part was made with (its removal checks it)
    name: str = ""  # a part made here: its name then (renamed by hand since: it stays)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """How `path` names where this answer was given: "step", or "step#round"."""
        return step_ref(self.step, self.round)


@dataclass
class Draft:
    step: str
    text: str


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
    round: int = 0  # the round of `at` in a for_each group (0: not in one)
    # The steps shown before `at`, in order (loops repeat): Back follows it.
    path: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    # Typed at a step but not yet given as its answer (on stop, quit or ctrl+c).
    draft: Draft | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def answer_for(self, step_id: str, item: str | None = None) -> Answer | None:
        """The answer to a step; in a for_each group, `item` says for which option."""
        return next((a for a in self.answers
                     if a.step == step_id and (item is None or a.item == item)), None)

    @property
    def changed(self) -> list[str]:
        seen: list[str] = []
        for a in self.answers:
            if a.added_to and a.added_to not in seen:
                seen.append(a.added_to)
        return seen


def step_ref(step_id: str, round_: int = 0) -> str:
    """A place in `path`: the step id, with "#N" for round N of a for_each group."""
    return f"{step_id}#{round_}" if round_ else step_id


def parse_ref(ref: str) -> tuple[str, int]:
    """(step id, round) of a `path` entry; round 0 outside a group."""
    step_id, mark, number = ref.rpartition("#")
    if mark and number.isdigit() and int(number) > 0:
        return step_id, int(number)
    return ref, 0


def answer_text(answer: Answer, pmap: PartsMap | None = None) -> str:
    """An answer as a person reads it: a part by its name, a choice as a list."""
    if answer.skipped:
        return "a part of me didn't want to go there" if answer.not_there else "not now"
    if answer.kind in ("part", "make_part"):
        part = pmap.part(str(answer.value)) if pmap else None
        notes = (["new"] if answer.new_part else []) + (
            [answer.role] if answer.role and answer.role != "unknown" else [])
        return (part.name if part else str(answer.value)) + (
            f" ({', '.join(notes)})" if notes else "")
    if answer.kind == "link" and isinstance(answer.value, list):
        return "; ".join(link_words(v, pmap) for v in answer.value)
    if isinstance(answer.value, list):
        return ", ".join(str(v) for v in answer.value)
    return "" if answer.value is None else str(answer.value)


def parse_link(value: str) -> tuple[str, str, str] | None:
    """(a id, kind, b id) of a link kept by a link step ("A-ID KIND B-ID"; ids hold no
    spaces), or None for anything else."""
    parts = value.split(" ")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def link_words(value: str, pmap: PartsMap | None = None) -> str:
    """A link kept by a link step ("A-ID KIND B-ID") in words, by the parts' names."""
    parsed = parse_link(value)
    if parsed is None:
        return value

    def name(part_id: str) -> str:
        part = pmap.part(part_id) if pmap else None
        return part.name if part else part_id

    a, kind, b = parsed
    verb = {"protects": "protects", "polarized": "is polarized with",
            "allied": "is allied with"}.get(kind, kind)
    return f"{name(a)} {verb} {name(b)}"


# Heads the answers given along a branch the person later went Back from.
LEFT_ROUTE = "Also written, on a route later left:"
# How every surface introduces a draft kept with a reflection (app, journal show, exports).
UNFINISHED = "Not yet answered; the unfinished answer kept:"


def on_path(rec: Reflection) -> tuple[list[Answer], list[Answer]]:
    """(the answers on the route taken, in its order; the others, in file order).

    The route is `path` plus `at`: after Back and another branch, the words given
    on the route left stay in the file but are not part of the walk as it went.
    A step reached again in a loop counts where it was last shown. A reflection
    without `path` (written before packs could branch) keeps every answer on it.
    """
    if not rec.path:
        return list(rec.answers), []
    route = rec.path + [step_ref(rec.at, rec.round)] if rec.at else list(rec.path)
    last = {step: i for i, step in enumerate(route)}
    taken = sorted((a for a in rec.answers if a.ref in last), key=lambda a: last[a.ref])
    return taken, [a for a in rec.answers if a.ref not in last]


def item_heading(answers: list[Answer], i: int) -> str:
    """Over answers given for one option of a for_each group, a heading naming the
    option (where a run of them begins); "" elsewhere."""
    item = answers[i].item
    if not item or (i and answers[i - 1].item == item):
        return ""
    return f"About “{item}”"


def json_dict(rec: Reflection) -> dict[str, Any]:
    """A reflection as `journal show --json` gives it: as in its file, with the id and,
    on each answer, `on_path` (false for words left on a route later left)."""
    data = {"id": rec.id, **to_dict(rec)}
    taken = {id(a) for a in on_path(rec)[0]}
    for answer, item in zip(rec.answers, data.get("answers", []), strict=True):
        item["on_path"] = id(answer) in taken
    return data


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
    if rec.at and rec.round:
        data["round"] = rec.round
    if rec.path:
        data["path"] = list(rec.path)
    if rec.changed:
        data["changed"] = rec.changed
    if rec.draft is not None and rec.draft.text:
        data["draft"] = {"step": rec.draft.step, "text": rec.draft.text}
    data.update({k: v for k, v in rec.extra.items() if k not in data})
    answers = []
    for a in rec.answers:
        item: dict[str, Any] = {"step": a.step}
        if a.round:  # an answer for an option no longer chosen keeps its item, no round
            item["round"] = a.round
        if a.item:
            item["item"] = a.item
        item.update({"kind": a.kind, "ask": a.ask})
        if a.skipped:
            item["skipped"] = True
            if a.not_there:
                item["not_there"] = True
        elif a.value is not None:
            item["answer"] = a.value
        if a.new_part:
            item["new_part"] = True
        if a.name:
            item["name"] = a.name
        if a.role:
            item["role"] = a.role
        if a.preset:
            item["preset"] = True
        if a.added_to:
            item["added_to"] = a.added_to
        if a.added_to and a.replaced:
            item["replaced"] = a.replaced
        if a.added_to and a.replaced_noted:
            item["replaced_noted"] = a.replaced_noted
        item.update({k: v for k, v in a.extra.items() if k not in item})
        answers.append(item)
    if answers:
        data["answers"] = answers
    return data


class _Reader:
    """Checks one reflection's fields, collecting every problem with its line."""

    def __init__(self, file: str, source: str | None) -> None:
        self.file = file
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message, line=locate(self.source, path)))

    def string(self, table: dict[str, Any], key: str, path: str, required: bool = False,
             default: str = "") -> str:
        value = table.get(key)
        if value is None and not required:
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(path + key, "missing or not text" if required
                         else "should be text in quotes")
            return default
        return value

    def number(self, table: dict[str, Any], key: str, path: str) -> int:
        """A whole number of 0 or more; 0 when missing."""
        value = table.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(path + key, "should be a whole number, 1 or more")
            return 0
        return value

    def flag(self, table: dict[str, Any], key: str, path: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(path + key, "should be true or false")
            return False
        return value

    def when(self, table: dict[str, Any], key: str, required: bool = True) -> datetime | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, datetime):
            self.problem(key, "missing or not a date and time, e.g. 2026-01-31T09:30:00+01:00"
                         if required else "should be a date and time, e.g. "
                         "2026-01-31T09:30:00+01:00")
            return None
        return as_aware(value)


def _is_value(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _read_answer(r: _Reader, item: Any, i: int) -> Answer | None:
    path = f"answers[{i}]"
    if not isinstance(item, dict):
        r.problem(path, "each answer should be a table written as [[answers]]")
        return None
    dot = path + "."
    answer = Answer(step=r.string(item, "step", dot, required=True),
                    kind=r.string(item, "kind", dot), ask=r.string(item, "ask", dot),
                    skipped=r.flag(item, "skipped", dot),
                    not_there=r.flag(item, "not_there", dot),
                    new_part=r.flag(item, "new_part", dot), preset=r.flag(item, "preset", dot),
                    role=r.string(item, "role", dot), name=r.string(item, "name", dot),
                    added_to=r.string(item, "added_to", dot),
                    replaced=r.string(item, "replaced", dot),
                    round=r.number(item, "round", dot), item=r.string(item, "item", dot),
                    extra={k: v for k, v in item.items() if k not in _ANSWER_KEYS})
    value = item.get("answer")
    if value is not None and not _is_value(value):
        r.problem(dot + "answer", "should be text, a whole number or a list of text")
    else:
        answer.value = value
    noted = item.get("replaced_noted")
    if noted is not None and not isinstance(noted, datetime):
        r.problem(dot + "replaced_noted",
                  "should be a date and time, e.g. 2026-01-31T09:30:00+01:00")
    elif noted is not None:
        answer.replaced_noted = as_aware(noted)
    if answer.added_to:
        part_id, _, fieldname = answer.added_to.rpartition(".")
        if not part_id or fieldname not in LIST_FIELDS + TEXT_FIELDS + ("status",):
            r.problem(dot + "added_to", "should be a part id and a field, e.g. critic.fears")
    return answer


def _read_draft(r: _Reader, value: Any) -> Draft | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        r.problem("draft", 'should be a table, e.g. draft = { step = "age", text = "..." }')
        return None
    step = r.string(value, "step", "draft.", required=True)
    text = r.string(value, "text", "draft.")
    return Draft(step, text) if step and text else None


def from_dict(data: dict[str, Any], rec_id: str, file: str,
              text: str | None = None) -> Reflection:
    """Build a reflection, checking every field the rest of the code relies on.

    Raise MapFormatError naming each problem, so one odd file can be listed
    as unreadable while the others load.
    """
    r = _Reader(file, text)
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        r.problem("schema", f"missing or not a whole number; write schema = {SCHEMA}")
    elif schema > SCHEMA:
        r.problem("schema", f"schema {schema} is newer than this version knows")
    pack = r.string(data, "pack", "", required=True)
    status = data.get("status")
    if status not in REFLECTION_STATUSES:
        r.problem("status", f"is not one of {', '.join(REFLECTION_STATUSES)}")
    started, updated = r.when(data, "started"), r.when(data, "updated")
    finished = r.when(data, "finished", required=False)
    items = data.get("answers", [])
    if not isinstance(items, list):
        r.problem("answers", "should be a list of tables written as [[answers]]")
        items = []
    answers = [a for i, item in enumerate(items) if (a := _read_answer(r, item, i))]
    draft = _read_draft(r, data.get("draft"))
    path = data.get("path", [])
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        r.problem("path", 'should be a list of step ids, e.g. path = ["intro", "who"]')
        path = []
    rec = Reflection(
        id=rec_id, pack=pack, pack_title=r.string(data, "pack_title", "", default=pack),
        status=str(status), started=started or _EPOCH, updated=updated or _EPOCH,
        finished=finished, part=r.string(data, "part", ""), at=r.string(data, "at", ""),
        round=r.number(data, "round", ""),
        path=path,
        answers=answers, draft=draft,
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )
    if r.problems:
        raise MapFormatError(r.problems)
    return rec


def parse(raw: bytes, rec_id: str, file: str) -> Reflection:
    """One reflection from the bytes of its file."""
    data = parse_toml(raw, file)
    try:
        return from_dict(data, rec_id, file)
    except MapFormatError:  # again with the text, to give line numbers
        return from_dict(data, rec_id, file, raw.decode("utf-8"))


def folder_of(store: MapStore) -> Path:
    return store.folder / paths.REFLECTIONS_DIR


def new_id(store: MapStore, pack_id: str, when: datetime) -> str:
    base = f"{when:%Y%m%d-%H%M%S}-{pack_id}"
    rec_id, n = base, 2
    while (folder_of(store) / f"{rec_id}.toml").exists():
        rec_id, n = f"{base}-{n}", n + 1
    return rec_id


def latest_unfinished(store: MapStore, pack_id: str, skip: str = "") -> Reflection | None:
    """The newest walk of `pack_id` not finished (other than `skip`), found through the
    index: only that one file is parsed, not a year of reflections."""
    from .reflect_index import listing

    headers, _ = listing(store)
    for header in reversed(headers):
        if header.pack != pack_id or header.status == "finished" or header.id == skip:
            continue
        try:
            rec = load(store, header.id)
        except IfsError:  # changed since it was listed: `journal list` and `check` say so
            continue
        if rec.pack == pack_id and rec.status != "finished":
            return rec
    return None


def ready_folder(store: MapStore) -> Path:
    """The reflections folder, made if need be; a located error when it cannot be."""
    folder = folder_of(store)
    try:
        paths.ensure_private_dir(folder)
        if not folder.is_dir():  # a file in its place: say so now, not at the first save
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    except OSError as err:
        raise file_error("use the folder", folder, err) from None
    return folder


def save(store: MapStore, rec: Reflection) -> None:
    folder = ready_folder(store)
    text = dumps(to_dict(rec))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = clean_text(text).encode("utf-8")
    path = folder / f"{rec.id}.toml"
    with store.locked():
        try:
            sealed.write(path, data, store.folder)
        except OSError as err:
            raise IfsError(f"could not save the reflection {path} ({describe(err)}); "
                           "the version saved before is unchanged") from None


def load(store: MapStore, rec_id: str) -> Reflection:
    path = folder_of(store) / f"{rec_id}.toml"
    try:
        raw = sealed.read(path, store.folder)
    except FileNotFoundError:
        raise IfsError(f"there is no reflection {rec_id!r}") from None
    except OSError as err:
        raise file_error("read", path, err) from None
    return parse(raw, rec_id, str(path))


def _one_problem(problems: list[Problem]) -> Problem:
    """The first problem of a file, saying how many more `ifs check` will show."""
    first = problems[0]
    if len(problems) == 1:
        return first
    return replace(first, message=f"{first.message} (and {len(problems) - 1} more; "
                   "run 'ifs check' to see all)")


def toml_files(folder: Path, what: str = "reflections") -> tuple[list[str], list[Problem]]:
    """The names of the .toml files in a folder, or why the folder cannot be read.

    Not Path.glob: it passes over a folder it may not read, which would make an
    unreadable reflections/ look empty.
    """
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if e.name.endswith(".toml")), []
    except FileNotFoundError:
        return [], []
    except NotADirectoryError:
        return [], [Problem(str(folder), "", "is a file where a folder should be; move it "
                            f"aside so {what} can be kept here")]
    except OSError as err:
        return [], [file_problem("read", folder, err)]


def list_all(store: MapStore) -> tuple[list[Reflection], list[Problem]]:
    """Every reflection, oldest first, and one problem for each file that would not load.

    An odd file (or a folder that cannot be read) is a problem to report, never a
    reason to hide the other reflections.
    """
    found: list[Reflection] = []
    folder = folder_of(store)
    names, problems = toml_files(folder)
    for name in names:
        path = folder / name
        try:
            found.append(parse(sealed.read(path, store.folder), path.stem, str(path)))
        except OSError as err:
            problems.append(file_problem("read", path, err))
        except MapFormatError as err:
            problems.append(_one_problem(err.problems))
    found.sort(key=lambda r: (as_aware(r.started), r.id))
    return found, problems


def find(store: MapStore, ref: str) -> Reflection:
    """A reflection by its id, or a unique part of it (ids from the index: only the
    one found is parsed)."""
    from .reflect_index import listing

    headers, problems = listing(store)
    exact = [h for h in headers if h.id == ref]
    hits = exact or [h for h in headers if ref and ref in h.id]
    if len(hits) == 1:
        return load(store, hits[0].id)
    if not hits:
        broken = [p for p in problems if ref and ref in Path(p.file).stem]
        if len(broken) == 1:
            raise IfsError(f"that reflection could not be read: {broken[0]}")
        raise IfsError(f"no reflection matches {ref[:40]!r}; see: ifs journal list")
    ids = ", ".join(r.id for r in hits[:5])
    raise IfsError(f"{ref[:40]!r} matches more than one reflection ({ids})")
