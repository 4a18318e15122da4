"""Read a TOML or JSON export back, with the same checks and messages as map.toml.

An import never makes a map worse: the incoming file must pass what `ifs check`
calls an error, and the map it would leave behind is written out and read back
with the loader's own code before anything touches the disk.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from . import nesting
from .check import integrity_problems
from .codec import map_from_dict, part_to_dict
from .errors import IfsError, MapFormatError, Problem
from .export_over_time import read_back
from .model import MAX_NAME, PartsMap, unique_id
from .storage import dump_map, parse_map, parse_toml

FORMATS = ("json", "toml")
STDIN = "standard input"
# Deeper than any map needs (a map is 4 levels); also keeps clear of RecursionError.
MAX_DEPTH = nesting.MAX_DEPTH  # one limit for every file we read

# A date and time as JSON text: RFC 3339 with the offset optional, as TOML allows.
# The schema (schema/map.schema.json, $defs.datetime) holds this same pattern; a
# test keeps them equal. Calendar days are checked too (no 30 February); [0-9], not
# \d, which in Python also matches other scripts' digits.
_YEAR_MD = (r"[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
            r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_LEAP_DAY = r"(?:[0-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29"
DATETIME_PATTERN = (
    rf"^(?!0000)(?:{_YEAR_MD}|{_LEAP_DAY})[T ]"
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?(?![\s\S])"
)
_DATETIME = re.compile(DATETIME_PATTERN)


# --- reading ------------------------------------------------------------------


def guess_format(raw: bytes, name: str) -> str:
    """json or toml: from the file name's ending, else from the first character."""
    suffix = Path(name).suffix.lower()
    if name != STDIN and suffix in (".json", ".toml"):
        return suffix[1:]
    # A TOML document cannot start with `{`; a map as JSON always does.
    return "json" if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "toml"


def read_export(path: Path, fmt: str | None = None) -> PartsMap:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise IfsError(f"cannot read {path} ({err.strerror or type(err).__name__})") from None
    return read_export_bytes(raw, str(path), fmt)


def read_export_bytes(raw: bytes, name: str, fmt: str | None = None) -> PartsMap:
    """The map in `raw` (an export named `name`), checked like map.toml and `ifs check`."""
    fmt = fmt or guess_format(raw, name)
    if fmt not in FORMATS:
        raise IfsError(f"--format: give json or toml, not {fmt[:20]!r}")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors add
    if fmt == "json":
        pmap = map_from_dict(_json_data(raw, name), name)
    else:
        # parse_toml and map_from_dict refuse nesting too deep, with the place named.
        pmap = map_from_dict(parse_toml(raw, name), name, raw.decode("utf-8"))
    # Support contacts (export --with-support) belong to support.toml, never to a map,
    # where every later export would carry them.
    pmap.extra.pop("support", None)
    # Moments and journeys (export -f json) have files of their own, never map.toml.
    problems = read_back(pmap.extra, name) + incoming_problems(pmap, name)
    if problems:
        raise MapFormatError(problems)
    return pmap


def incoming_problems(pmap: PartsMap, file: str) -> list[Problem]:
    """What `ifs check` would call an error in an incoming map (it loads, but is not whole)."""
    return [p for p in integrity_problems(pmap, file) if p.severity == "error"]


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _json_data(raw: bytes, name: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise MapFormatError([Problem(name, "", "is not valid UTF-8 text", line=line)]) from None
    deep_line = _deep_line(text)
    if deep_line is not None:
        raise _too_deep(name, deep_line)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise MapFormatError([Problem(name, "", f"JSON: {err.msg}", line=err.lineno,
                                      column=err.colno)]) from None
    except _DuplicateKey as err:
        key = str(err)[:40]
        raise MapFormatError([Problem(name, "", f"the key {key!r} appears twice in one "
                                      "object; keep one")]) from None
    except RecursionError:
        raise _too_deep(name, None) from None
    if not isinstance(data, dict):
        raise MapFormatError([Problem(name, "", "should hold one map (a JSON object)")])
    nulls = [Problem(name, where, "null has no place in a map; leave the key out "
                     "(a missing key means empty)") for where in _nulls(data, "")]
    if nulls:
        raise MapFormatError(nulls)
    if isinstance(data.get("schema"), float) and data["schema"].is_integer():
        data["schema"] = int(data["schema"])  # JSON has one kind of number: 1.0 is 1
    data = _dates(data)
    if isinstance(data.get("parts"), list):
        data["parts"] = [_dates(p) if isinstance(p, dict) else p for p in data["parts"]]
    return data


def _dates(table: dict[str, Any],
           keys: tuple[str, ...] = ("created", "updated", "feel_toward_noted")) -> dict[str, Any]:
    out = dict(table)
    for key in keys:
        value = out.get(key)
        if isinstance(value, str) and _DATETIME.match(value):
            # Without an offset it is read as map.toml reads a local date-time.
            out[key] = datetime.fromisoformat(value.replace("Z", "+00:00"))
    history = out.get("status_history")
    if isinstance(history, list):  # a part's: each change has its date
        out["status_history"] = [_dates(h, ("changed",)) if isinstance(h, dict) else h
                                 for h in history]
    return out


def _nulls(value: Any, where: str) -> list[str]:
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if item is None:
            found.append(path or "(the whole file)")
        elif isinstance(item, dict):
            stack += [(v, f"{path}.{k}" if path else str(k)) for k, v in item.items()]
        elif isinstance(item, list):
            stack += [(v, f"{path}[{i}]") for i, v in enumerate(item)]
    return sorted(found)


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]')


def _deep_line(text: str) -> int | None:
    """The line where brackets nest deeper than MAX_DEPTH, if they do."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return None



def _too_deep(name: str, line: int | None) -> MapFormatError:
    return MapFormatError([Problem(name, "", nesting.TOO_DEEP, line=line)])


# --- merging and replacing ------------------------------------------------------


def _brief(name: str) -> str:
    """A long name cut for a one-line note, keeping its end (where " (2)" is)."""
    return name if len(name) <= 60 else f"{name[:30]}…{name[-25:]}"


def fit_name(name: str, suffix: str) -> str:
    """`name` with `suffix` added, shortened so the whole stays within MAX_NAME."""
    room = MAX_NAME - len(suffix)
    base = name if len(name) <= room else (name[:room].rstrip() or name[:room])
    return base + suffix


def merge(pmap: PartsMap, incoming: PartsMap) -> list[str]:
    """Add the incoming parts under new ids, and their links; return notes on what changed."""
    notes: list[str] = []
    taken = {p.id for p in pmap.parts}
    names = {p.name.casefold() for p in pmap.parts}
    new_ids: dict[str, str] = {}
    for part in incoming.parts:
        added = copy.deepcopy(part)
        if added.name.casefold() in names:
            n = 2
            while fit_name(part.name, f" ({n})").casefold() in names:
                n += 1
            added.name = fit_name(part.name, f" ({n})")
            shortened = " (shortened to fit)" if not added.name.startswith(part.name) else ""
            # Quoted, not repr: whoever shows the note applies visible(), as for any name.
            notes.append(f'a part named "{_brief(part.name)}" was on the map already; '
                         f'the imported one is "{_brief(added.name)}"{shortened}')
        added.id = unique_id(added.name, taken)
        taken.add(added.id)
        names.add(added.name.casefold())
        new_ids[part.id] = added.id
        pmap.parts.append(added)
    for rel in incoming.relationships:
        # read_export_bytes refuses these; a map built another way is still kept whole.
        if rel.source not in new_ids or rel.target not in new_ids or rel.source == rel.target:
            notes.append(f"a {rel.kind} link names a missing part or joins a part to itself; "
                         "skipped")
            continue
        pmap.relationships.append(replace(copy.deepcopy(rel), source=new_ids[rel.source],
                                          target=new_ids[rel.target]))
    return notes


def check_writable(pmap: PartsMap, name: str) -> None:
    """Write the map as map.toml would be written, and read it back with the loader."""
    where = f"{name} (as it would be saved)"
    try:
        raw = dump_map(pmap)
    except (TypeError, ValueError) as err:
        raise MapFormatError([Problem(where, "", "holds a value that cannot be written as "
                                      f"TOML ({type(err).__name__})")]) from None
    parse_map(raw, where)


@dataclass
class ReplacePlan:
    """What `import --replace` would change, by part name: never field text."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    links_before: int = 0
    links_after: int = 0
    other_changes: list[str] = field(default_factory=list)  # "title", "Self notes"

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed or self.other_changes
                    or self.links_before != self.links_after)


def plan_replace(current: PartsMap, incoming: PartsMap) -> ReplacePlan:
    plan = ReplacePlan(links_before=len(current.relationships),
                       links_after=len(incoming.relationships))
    old = {p.id: p for p in current.parts}
    new = {p.id: p for p in incoming.parts}
    plan.added = [p.name for p in incoming.parts if p.id not in old]
    plan.removed = [p.name for p in current.parts if p.id not in new]
    plan.changed = [p.name for p in incoming.parts
                    if p.id in old and part_to_dict(p) != part_to_dict(old[p.id])]
    if current.title != incoming.title:
        plan.other_changes.append("the title")
    if current.self_notes != incoming.self_notes:
        plan.other_changes.append("the notes about Self")
    if current.relationships != incoming.relationships and (
            plan.links_before == plan.links_after):
        plan.other_changes.append("some links")
    return plan
