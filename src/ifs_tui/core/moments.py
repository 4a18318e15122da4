"""Ordinary moments: a few lines about a moment where something shifted.

One TOML file per moment in moments/, named by its id, written atomically and
0600. A file edited by hand keeps the keys this version does not know.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import paths, sealed
from .codec import locate
from .errors import IfsError, InvalidInput, MapFormatError, Problem
from .fileerrors import describe, file_error, file_problem
from .model import SCHEMA, as_aware, clean_text, has_control
from .storage import MapStore, parse_toml
from .tomlwrite import dumps

SHIFTS_PACK = "shifts-in-ordinary-moments"  # its first choice step lists the shifts
MAX_TEXT = 100_000
MAX_SHIFT = 300
_KEYS = ("schema", "when", "text", "part", "shift")
# An id names a file in moments/: never a path, so `remove ../map` cannot reach out.
_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,79}$")


@dataclass
class Moment:
    id: str
    text: str
    when: datetime
    part: str = ""  # a part's id; kept as written if that part is removed later
    shift: str = ""  # one of shift_options(), or the person's own words
    extra: dict[str, Any] = field(default_factory=dict)


def shift_options() -> list[str]:
    """The shifts the "Noticing shifts" pack offers, in its order."""
    from .packs import builtin_pack_files, load_pack_file

    for path in builtin_pack_files():
        if SHIFTS_PACK in path.name:
            pack = load_pack_file(path, "built-in")
            return next((list(s.options) for s in pack.steps if s.options), [])
    return []


def pick_shift(value: str, options: list[str] | None = None) -> str:
    """`value` as a shift: a number picks that option (from 1), any other words are
    kept as written (an option typed in another case becomes that option)."""
    value = " ".join(clean_text(value).split())
    if not value:
        return ""
    opts = shift_options() if options is None else options
    if value.isdigit():
        number = int(value)
        if not 1 <= number <= len(opts):
            raise InvalidInput(f"--shift: there is no shift number {number}; "
                               f"choose 1 to {len(opts)}, or write your own words")
        return opts[number - 1]
    same = [o for o in opts if o.casefold() == value.casefold()]
    if same:
        return same[0]
    if has_control(value) or len(value) > MAX_SHIFT:
        raise InvalidInput(f"--shift: a shift is one line of at most {MAX_SHIFT} "
                           "characters, without control characters")
    return value


def check_text(value: str) -> str:
    value = clean_text(value)
    if not value.strip():
        raise InvalidInput("a moment needs a few words; write what happened or what shifted")
    if has_control(value, allow_newlines=True):
        raise InvalidInput("the moment's text: control characters (other than line breaks "
                           "and tabs) cannot be stored")
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"the moment's text: at most {MAX_TEXT:,} characters")
    return value


def to_dict(moment: Moment) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": SCHEMA, "when": moment.when, "text": moment.text}
    if moment.part:
        data["part"] = moment.part
    if moment.shift:
        data["shift"] = moment.shift
    data.update({k: v for k, v in moment.extra.items() if k not in data})
    return data


def json_dict(moment: Moment) -> dict[str, Any]:
    return {"id": moment.id, **to_dict(moment)}


def from_dict(data: dict[str, Any], moment_id: str, file: str,
              text: str | None = None) -> Moment:
    """A moment, checking each field; MapFormatError names every problem and its line."""
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(file, key, message, line=locate(text, key)))

    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        problem("schema", f"missing or not a whole number; write schema = {SCHEMA}")
    elif schema > SCHEMA:
        problem("schema", f"schema {schema} is newer than this version knows")
    when = data.get("when")
    if not isinstance(when, datetime):
        problem("when", "missing or not a date and time, e.g. 2026-01-31T09:30:00+01:00")
    words = data.get("text")
    if not isinstance(words, str) or not words.strip():
        problem("text", "missing or not text in quotes")
    for key in ("part", "shift"):
        if not isinstance(data.get(key, ""), str):
            problem(key, "should be text in quotes")
    if problems:
        raise MapFormatError(problems)
    assert isinstance(when, datetime) and isinstance(words, str)
    return Moment(id=moment_id, text=words, when=as_aware(when), part=data.get("part", ""),
                  shift=data.get("shift", ""),
                  extra={k: v for k, v in data.items() if k not in _KEYS})


def parse(raw: bytes, moment_id: str, file: str) -> Moment:
    data = parse_toml(raw, file)
    try:
        return from_dict(data, moment_id, file)
    except MapFormatError:  # again with the text, to give line numbers
        return from_dict(data, moment_id, file, raw.decode("utf-8"))


def folder_of(store: MapStore) -> Path:
    return store.folder / paths.MOMENTS_DIR


def new_id(store: MapStore, when: datetime) -> str:
    base = f"{when:%Y%m%d-%H%M%S}"
    moment_id, n = base, 2
    while (folder_of(store) / f"{moment_id}.toml").exists():
        moment_id, n = f"{base}-{n}", n + 1
    return moment_id


def _ready_folder(store: MapStore) -> Path:
    folder = folder_of(store)
    try:
        paths.ensure_private_dir(folder)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    except OSError as err:
        raise file_error("use the folder", folder, err) from None
    return folder


def save(store: MapStore, moment: Moment) -> Path:
    folder = _ready_folder(store)
    path = folder / f"{moment.id}.toml"
    data = dumps(to_dict(moment)).encode("utf-8")
    with store.locked():
        try:
            sealed.write(path, data, store.folder)
        except OSError as err:
            raise IfsError(f"could not save the moment {path} ({describe(err)}); "
                           "nothing was changed") from None
    return path


def add(store: MapStore, text: str, when: datetime, part: str = "",
        shift: str = "") -> Moment:
    """Keep a new moment. `part` is a part's id (the caller found it in the map)."""
    when = as_aware(when).replace(microsecond=0)
    moment = Moment("", check_text(text), when, part, pick_shift(shift))
    # The id is chosen under the lock: two programs adding in the same second must not
    # write over each other's moment.
    with store.locked():
        moment.id = new_id(store, when)
        save(store, moment)
    return moment


def _entries(folder: Path) -> tuple[list[tuple[str, bool]], list[Problem]]:
    """(name, readable) for each .toml file, sorted; readable is False for a FIFO or a
    device, whose read would block. The type comes with the listing: no stat per file."""
    from .reflections import toml_files

    try:
        with os.scandir(folder) as entries:
            return sorted((e.name, e.is_file() or e.is_dir()) for e in entries
                          if e.name.endswith(".toml")), []
    except OSError:
        return [], toml_files(folder, "moments")[1]  # it says why, in the usual words


def list_all(store: MapStore) -> tuple[list[Moment], list[Problem]]:
    """Every moment, oldest first, and one problem per file that would not load."""
    from .reflections import _one_problem

    folder = folder_of(store)
    names, problems = _entries(folder)
    found: list[Moment] = []
    base = str(folder)
    for name, readable in names:
        file = os.path.join(base, name)  # not a Path each: a tenth of the time at 1,000
        if not readable:
            problems.append(Problem(file, "", "is not a plain file; move it aside"))
            continue
        try:
            with open(file, "rb") as handle:
                raw = sealed.unseal(handle.read(), Path(file), store.folder)
            found.append(parse(raw, name[:-5], file))
        except OSError as err:
            problems.append(file_problem("read", file, err))
        except MapFormatError as err:
            problems.append(_one_problem(err.problems))
    found.sort(key=lambda m: (m.when, m.id))
    return found, problems


def select(found: list[Moment], part: str | None = None,
           since: datetime | None = None) -> list[Moment]:
    """The moments naming part id `part`, and from `since` on (aware), in order."""
    return [m for m in found if (part is None or m.part == part)
            and (since is None or m.when >= since)]


def find(store: MapStore, ref: str) -> Moment:
    """A moment by its id, or a unique beginning of it."""
    ref = ref.strip()
    if not _ID.match(ref):
        raise InvalidInput("a moment's id is like 20260131-093000; see: ifs moment list")
    path = folder_of(store) / f"{ref}.toml"
    if path.is_file():
        try:
            return parse(sealed.read(path, store.folder), ref, str(path))
        except OSError as err:
            raise file_error("read", path, err) from None
    found, _ = list_all(store)
    hits = [m for m in found if m.id.startswith(ref)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise IfsError(f"no moment has the id {ref!r}; see: ifs moment list")
    ids = ", ".join(m.id for m in hits[:5])
    raise IfsError(f"{ref!r} is the start of more than one moment's id ({ids})")


def remove(store: MapStore, moment: Moment) -> None:
    path = folder_of(store) / f"{moment.id}.toml"
    with store.locked():
        try:
            path.unlink()
        except FileNotFoundError:
            raise IfsError(f"the moment {moment.id} was removed already") from None
        except OSError as err:
            raise file_error("remove", path, err) from None
