"""Prompt packs: guided reflections kept as TOML files anyone can read and write.

Packs come from three places, later ones overriding earlier ones by id: the
packs built into ifs-tui, the person's own (`<data root>/prompts/`) and the
map's own (`<map>/prompts/`). A broken pack is reported with its file, line
and step, and the others still load. The format is in docs/prompt-packs.md.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .codec import locate
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .model import LIST_FIELDS, ROLES, STATUSES, TEXT_FIELDS, status_named
from .pack_routes import ROUTE_KEYS, Branch, check_groups, check_routes, read_routes
from .storage import parse_toml

PACK_SCHEMA = 1
PHASES = ("preparation", "integration", "anytime")
STEP_KINDS = ("text", "part", "choice", "scale", "note", "grounding", "make_part", "link")
ANSWER_KINDS = ("text", "part", "choice", "scale", "make_part")
# Every part field but tags; `feel_toward` replaces, `status` takes a choice naming one.
ADDS_TO = tuple(f for f in LIST_FIELDS if f != "tags") + TEXT_FIELDS + ("status",)
# Where a make_part step may put the option a part is made for.
ITEM_TO = tuple(f for f in ADDS_TO if f not in ("status", "feel_toward"))
NAME_MAX = 80  # a proposed name is cut to this (a part's name may be longer when typed)
SHOWS = ("made_parts",)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_KIND_KEYS = {
    "text": {"multiline"},
    "part": {"allow_new", "new_role"},
    "choice": {"options", "multiple", "other"},
    "scale": {"min", "max", "min_label", "max_label"},
    "note": {"support", "shows"},
    "grounding": {"seconds"},
    "make_part": {"name", "names", "item_to", "ask_role"},
    "link": set(),
}
_STEP_KEYS = {"id", "kind", "ask", "hint", "adds_to", "for_each"} | ROUTE_KEYS
MAX_SCALE_SPAN = 100  # the app draws one cell per number


def reflow(text: str) -> str:
    """Join the lines of each paragraph, so a hand-wrapped TOML string wraps to the screen."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def valid_pack_id(value: str) -> bool:
    return bool(_ID.match(value))


@dataclass
class Step:
    id: str
    kind: str
    ask: str
    hint: str = ""
    adds_to: str = ""
    multiline: bool = True
    allow_new: bool = True
    new_role: str = "unknown"
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    other: bool = False
    min: int = 0
    max: int = 10
    min_label: str = ""
    max_label: str = ""
    seconds: int = 0
    support: bool = False  # a note that shows the person's support contacts under it
    # Routes (core/pack_routes.py): where the walk goes after this step.
    goto: str = ""
    end: bool = False
    branches: list[Branch] = field(default_factory=list)
    not_there: str = ""
    # Repeated once per option chosen at that earlier choice step (docs/prompt-packs.md).
    for_each: str = ""
    # make_part: the name proposed (per option, else `name` with {item}), where the
    # option goes in the new part, and whether a role is offered.
    name: str = ""
    names: dict[str, str] = field(default_factory=dict)
    item_to: str = ""
    ask_role: bool = False
    shows: str = ""  # a note that lists something under its text: "made_parts"

    @property
    def answers(self) -> bool:
        return self.kind in ANSWER_KINDS


@dataclass
class Pack:
    id: str
    title: str
    summary: str
    phase: str
    minutes: int
    steps: list[Step]
    care_note: str = ""
    support: bool = False  # show the person's support contacts at the start and the end
    source: str = "built-in"  # "built-in", "user" or "map"
    path: str = ""

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)

    def group(self, step_id: str) -> list[Step]:
        """The steps repeated with `step_id` (its `for_each` group), or [] outside one."""
        step = self.step(step_id)
        if step is None or not step.for_each:
            return []
        return [s for s in self.steps if s.for_each == step.for_each]


class _PackReader:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []

    @staticmethod
    def join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def problem(self, path: str, message: str, step_id: str = "",
                line: int | None = None) -> None:
        shown = f"{path} (id {step_id!r})" if step_id else path
        self.problems.append(Problem(self.file, shown, message,
                                     line=line or locate(self.text, path)))

    def get(self, table: dict[str, Any], key: str, kind: type, path: str, default: Any = None,
            step_id: str = "", required: bool = False) -> Any:
        if key not in table:
            if required:
                self.problem(self.join(path, key), "missing; every one needs it", step_id)
            return default
        value = table[key]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            names = {str: "text in quotes", int: "a whole number", bool: "true or false",
                     list: "a list", dict: "a table of names"}
            self.problem(self.join(path, key), f"should be {names[kind]}", step_id)
            return default
        return value

    def count(self, table: dict[str, Any], key: str, path: str, default: int,
              step_id: str = "") -> int:
        """A whole number of 0 or more (minutes, seconds)."""
        value = self.get(table, key, int, path, default, step_id)
        if value < 0:
            self.problem(self.join(path, key), "should be 0 or more", step_id)
            return default
        return int(value)


def _status_step_problem(table: dict[str, Any]) -> str | None:
    """Why a step cannot set a part's status, or None when it can."""
    words = ", ".join(s.replace("-", " ") for s in STATUSES)
    options = table.get("options")
    if table.get("kind") != "choice" or table.get("multiple") or table.get("other"):
        return "a step that sets the status is a choice of one, without 'other'"
    if isinstance(options, list) and not all(
            isinstance(o, str) and status_named(o) for o in options):
        return f"each option of a step that sets the status names one of: {words}"
    return None


def _read_step(r: _PackReader, table: dict[str, Any], i: int, seen_part: bool) -> Step | None:
    path = f"steps[{i}]"
    sid = r.get(table, "id", str, path, "", required=True)
    kind = r.get(table, "kind", str, path, "", sid, required=True)
    ask = r.get(table, "ask", str, path, "", sid, required=True)
    if sid and not _ID.match(sid):
        r.problem(f"{path}.id", "use lower-case letters, digits and '-' only", sid)
    if kind and kind not in STEP_KINDS:
        r.problem(f"{path}.kind", f"{kind[:30]!r} is not one of {', '.join(STEP_KINDS)}", sid)
        return None
    if not (sid and kind and ask):
        return None
    for key in table:
        if key not in _STEP_KEYS | _KIND_KEYS[kind]:
            r.problem(f"{path}.{key}", f"is not a key of a {kind} step", sid)
    step = Step(id=sid, kind=kind, ask=ask, hint=r.get(table, "hint", str, path, "", sid))
    step.for_each = r.get(table, "for_each", str, path, "", sid)
    adds_to = r.get(table, "adds_to", str, path, "", sid)
    if adds_to:
        if adds_to not in ADDS_TO:
            r.problem(f"{path}.adds_to", f"{adds_to[:30]!r} is not one of {', '.join(ADDS_TO)}",
                      sid)
        elif kind not in ("text", "choice"):
            r.problem(f"{path}.adds_to", "only text and choice steps can add to a part", sid)
        elif not seen_part:
            r.problem(f"{path}.adds_to", "needs a part step earlier in the pack (or a "
                      "make_part step)", sid)
        elif adds_to == "status" and (why := _status_step_problem(table)):
            r.problem(f"{path}.adds_to", why, sid)
        else:
            step.adds_to = adds_to
    if kind == "text":
        step.multiline = r.get(table, "multiline", bool, path, True, sid)
    elif kind == "part":
        step.allow_new = r.get(table, "allow_new", bool, path, True, sid)
        step.new_role = r.get(table, "new_role", str, path, "unknown", sid)
        if step.new_role not in ROLES:
            r.problem(f"{path}.new_role", f"{step.new_role[:30]!r} is not one of "
                      f"{', '.join(ROLES)}", sid)
            step.new_role = "unknown"
    elif kind == "choice":
        options = r.get(table, "options", list, path, [], sid, required=True)
        if "options" in table and (not options or not all(isinstance(o, str) and o.strip()
                                                          for o in options)):
            r.problem(f"{path}.options", "a choice needs a list of one or more options", sid)
        step.options = [o for o in options if isinstance(o, str)]
        step.multiple = r.get(table, "multiple", bool, path, False, sid)
        step.other = r.get(table, "other", bool, path, False, sid)
    elif kind == "scale":
        step.min = r.get(table, "min", int, path, 0, sid)
        step.max = r.get(table, "max", int, path, 10, sid)
        if step.min >= step.max:
            r.problem(f"{path}.min", f"the minimum ({step.min}) must be below the maximum "
                      f"({step.max})", sid)
        elif step.max - step.min > MAX_SCALE_SPAN:
            r.problem(f"{path}.max", f"a scale can span at most {MAX_SCALE_SPAN} (from min "
                      "to max)", sid)
        step.min_label = r.get(table, "min_label", str, path, "", sid)
        step.max_label = r.get(table, "max_label", str, path, "", sid)
    elif kind == "note":
        step.support = r.get(table, "support", bool, path, False, sid)
        step.shows = r.get(table, "shows", str, path, "", sid)
        if step.shows and step.shows not in SHOWS:
            r.problem(f"{path}.shows", f"{step.shows[:30]!r} is not one of {', '.join(SHOWS)}",
                      sid)
            step.shows = ""
    elif kind == "make_part":
        _read_make_part(r, table, path, step)
    elif kind == "grounding":
        step.seconds = r.count(table, "seconds", path, 0, sid)
    read_routes(r, table, i, step)
    return step


def _read_make_part(r: _PackReader, table: dict[str, Any], path: str, step: Step) -> None:
    step.name = r.get(table, "name", str, path, "", step.id)
    step.ask_role = r.get(table, "ask_role", bool, path, False, step.id)
    step.item_to = r.get(table, "item_to", str, path, "", step.id)
    if step.item_to and step.item_to not in ITEM_TO:
        r.problem(f"{path}.item_to", f"{step.item_to[:30]!r} is not one of "
                  f"{', '.join(ITEM_TO)}", step.id)
        step.item_to = ""
    names = r.get(table, "names", dict, path, {}, step.id)
    for option, name in names.items():
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_MAX:
            r.problem(f"{path}.names", f"the name for {option[:30]!r} should be text of 1 to "
                      f"{NAME_MAX} characters", step.id)
        else:
            step.names[option] = name.strip()
    if step.names and not step.for_each:
        r.problem(f"{path}.names", "names are given per option, so only in a step with "
                  'for_each = "CHOICE-STEP-ID"', step.id)


def parse_pack(raw: bytes, file: str, source: str = "built-in") -> Pack:
    """Read one pack; raise MapFormatError listing every problem found."""
    data = parse_toml(raw, file)
    r = _PackReader(file, raw.decode("utf-8"))
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        r.problem("schema", f"missing or not a whole number; write schema = {PACK_SCHEMA}")
    elif schema > PACK_SCHEMA:
        r.problem("schema", f"schema {schema} is newer than this version of ifs-tui knows")
    pid = r.get(data, "id", str, "", "", required=True)
    if pid and not _ID.match(pid):
        r.problem("id", "use lower-case letters, digits and '-' only")
    phase = r.get(data, "phase", str, "", "anytime")
    if phase not in PHASES:
        r.problem("phase", f"{phase[:30]!r} is not one of {', '.join(PHASES)}")
    pack = Pack(
        id=pid,
        title=r.get(data, "title", str, "", "", required=True),
        summary=r.get(data, "summary", str, "", ""),
        phase=phase,
        minutes=r.count(data, "minutes", "", 0),
        care_note=r.get(data, "care_note", str, "", ""),
        support=r.get(data, "support", bool, "", False),
        steps=[],
        source=source,
        path=file,
    )
    tables = data.get("steps")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        r.problem("steps", "a pack needs one or more steps written as [[steps]]")
        tables = []
    seen: set[str] = set()
    seen_part = False
    for i, table in enumerate(tables):
        step = _read_step(r, table, i, seen_part)
        if step is None:
            continue
        if step.id in seen:
            r.problem(f"steps[{i}].id", "another step already uses this id", step.id)
        seen.add(step.id)
        seen_part = seen_part or step.kind in ("part", "make_part")
        pack.steps.append(step)
    if not r.problems:
        check_groups(r, pack)
    if not r.problems:
        check_routes(r, pack)
    if r.problems:
        raise MapFormatError(r.problems)
    return pack


MAX_PACK_BYTES = 1024 * 1024  # a pack is a short text; anything bigger is not one


def read_pack_bytes(path: Path) -> bytes:
    """A pack file's bytes. A folder, a pipe, a device or a big file is refused before
    anything is read: opening a pipe would wait for a writer that never comes."""
    def refused(message: str) -> MapFormatError:
        return MapFormatError([Problem(str(path), "", message)])

    big = "is larger than 1 MB, too big for a prompt pack; check it is the right file"
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise refused("is a folder; give the pack's .toml file")
        if not stat.S_ISREG(info.st_mode):
            raise refused("is not a regular file (a pipe or a device); give the pack's "
                          ".toml file")
        if info.st_size > MAX_PACK_BYTES:
            raise refused(big)
        # O_NONBLOCK: should a pipe take the file's place after the check, open returns.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise refused("is not a regular file; give the pack's .toml file")
            with os.fdopen(fd, "rb", closefd=False) as stream:
                raw = stream.read(MAX_PACK_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as err:
        raise MapFormatError([file_problem("read", path, err)]) from None
    if len(raw) > MAX_PACK_BYTES:
        raise refused(big)
    return raw


def load_pack_file(path: Path, source: str) -> Pack:
    return parse_pack(read_pack_bytes(path), str(path), source)


@dataclass
class PackSet:
    packs: dict[str, Pack]  # by id, in the order found, overrides applied
    problems: list[Problem]
    overridden: dict[str, list[str]]  # id -> sources it replaced

    def get(self, pack_id: str) -> Pack | None:
        return self.packs.get(pack_id)


def builtin_pack_files() -> list[Path]:
    folder = resources.files("ifs_tui") / "packs"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


def pack_sources(user_dir: Path, map_dir: Path | None,
                 builtin: bool = True) -> list[tuple[str, list[Path]]]:
    places = [("built-in", builtin_pack_files())] if builtin else []
    for source, folder in (("user", user_dir), ("map", map_dir)):
        if folder is not None and folder.is_dir():
            places.append((source, sorted(folder.glob("*.toml"))))
    return places


def _unreadable_folders(user_dir: Path, map_dir: Path | None) -> list[Problem]:
    """Pack folders that exist but cannot be listed (glob would pass over them)."""
    found = []
    for folder in (user_dir, map_dir):
        if folder is None:
            continue
        try:
            with os.scandir(folder):
                pass
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as err:
            found.append(file_problem("read", folder, err))
    return found


def own_pack_problems(user_dir: Path, map_dir: Path | None = None) -> list[Problem]:
    """The problems load_packs reports for the person's and the map's packs.

    The built-in packs are not parsed: they ship with ifs-tui (tests/test_packs.py
    loads them), and no pack's problems depend on another pack.
    """
    found = _unreadable_folders(user_dir, map_dir)
    for source, files in pack_sources(user_dir, map_dir, builtin=False):
        for path in files:
            try:
                load_pack_file(path, source)
            except MapFormatError as err:
                found.extend(err.problems)
    return found


def load_packs(user_dir: Path, map_dir: Path | None = None) -> PackSet:
    """Every pack from every place; broken ones become problems, not failures."""
    found = PackSet({}, _unreadable_folders(user_dir, map_dir), {})
    for source, files in pack_sources(user_dir, map_dir):
        for path in files:
            try:
                pack = load_pack_file(path, source)
            except MapFormatError as err:
                found.problems.extend(err.problems)
                continue
            if pack.id in found.packs:
                found.overridden.setdefault(pack.id, []).append(found.packs[pack.id].source)
                del found.packs[pack.id]
            found.packs[pack.id] = pack
    return found
