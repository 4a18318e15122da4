"""Turn a parts map into plain TOML-ready data and back, validating as it goes.

Validation collects every problem it finds, each with the field's path and,
where the text is at hand, its line, so one run of `ifs check` shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from .errors import MapFormatError, Problem
from .model import (
    HISTORY_KEYS,
    KINDS,
    LIST_FIELDS,
    PART_KEYS,
    RELATIONSHIP_KEYS,
    ROLES,
    SCHEMA,
    STATUSES,
    TEXT_FIELDS,
    Part,
    PartsMap,
    Relationship,
    SelfNotes,
    StatusChange,
    as_aware,
    has_control,
    name_problem,
)
from .nesting import TOO_DEEP, too_deep

# schema N -> N+1 upgrades, applied in order on load. None yet: schema 1 is the first.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_TOP_KEYS = ("schema", "title", "created", "updated", "self", "parts", "relationships")


# --- writing ---------------------------------------------------------------


def part_to_dict(part: Part) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": part.id,
        "name": part.name,
        "role": part.role,
        "status": part.status,
    }
    for key in PART_KEYS[4:]:
        value = getattr(part, key)
        if key == "status_history":
            value = [history_to_dict(h) for h in value]
        if value:  # a missing key means empty: TOML has no null
            data[key] = list(value) if isinstance(value, list) else value
    for key, value in part.extra.items():
        data.setdefault(key, value)
    return data


def history_to_dict(change: StatusChange) -> dict[str, Any]:
    data: dict[str, Any] = {"status": change.status, "changed": change.changed,
                            "by": change.by}
    for key, value in change.extra.items():
        data.setdefault(key, value)
    return data


def relationship_to_dict(rel: Relationship) -> dict[str, Any]:
    data: dict[str, Any] = {"from": rel.source, "to": rel.target, "kind": rel.kind}
    for key, value in (("note", rel.note), ("from_fears", rel.from_fears),
                       ("to_fears", rel.to_fears)):
        if value:
            data[key] = value
    for key, value in rel.extra.items():
        data.setdefault(key, value)
    return data


def map_to_dict(pmap: PartsMap) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": pmap.schema, "title": pmap.title}
    if pmap.created:
        data["created"] = pmap.created
    if pmap.updated:
        data["updated"] = pmap.updated
    self_table: dict[str, Any] = {}
    if pmap.self_notes.notes:
        self_table["notes"] = pmap.self_notes.notes
    self_table.update(pmap.self_notes.extra)
    data["self"] = self_table
    if pmap.parts:
        data["parts"] = [part_to_dict(p) for p in pmap.parts]
    if pmap.relationships:
        data["relationships"] = [relationship_to_dict(r) for r in pmap.relationships]
    for key, value in pmap.extra.items():
        data.setdefault(key, value)
    return data


def to_jsonable(value: Any) -> Any:
    """The same data with datetimes as ISO 8601 strings, for --json output."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (datetime, date, time)):  # TOML has all three; JSON none
        return value.isoformat()
    return value


# --- reading ---------------------------------------------------------------


class _Reader:
    def __init__(self, file: str, text: str | None) -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        line = locate(self.text, path) if self.text is not None else None
        self.problems.append(Problem(self.file, path, message, line=line))

    def text_field(self, table: dict[str, Any], key: str, path: str) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problem(f"{path}.{key}" if path else key, "should be text in quotes")
            return ""
        return value

    def list_field(self, table: dict[str, Any], key: str, path: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{path}.{key}", f'should be a list of text, e.g. {key} = ["..."]')
            return []
        return list(value)

    def date_field(self, table: dict[str, Any], key: str, path: str) -> datetime | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, datetime):
            self.problem(
                f"{path}.{key}" if path else key,
                "should be a date and time, e.g. 2026-01-31T09:30:00+01:00",
            )
            return None
        return as_aware(value)  # written by hand without an offset: read as UTC

    def choice(self, table: dict[str, Any], key: str, path: str, allowed: tuple[str, ...],
               default: str) -> str:
        value = table.get(key, default)
        if value not in allowed:
            shown = repr(value)[:40] if isinstance(value, str) else type(value).__name__
            self.problem(f"{path}.{key}", f"{shown} is not one of {', '.join(allowed)}")
            return default
        return str(value)


def _table_list(reader: _Reader, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        reader.problem(key, f"should be a list of tables written as [[{key}]]")
        return []
    return value


def _read_part(reader: _Reader, table: dict[str, Any], path: str) -> Part:
    pid = table.get("id")
    if not isinstance(pid, str) or not pid.strip() or has_control(pid):
        reader.problem(f"{path}.id", "every part needs an id: text without control characters")
        pid = ""
    name = table.get("name")
    if not isinstance(name, str):
        reader.problem(f"{path}.name", "every part needs a name in quotes")
        name = ""
    elif (why := name_problem(name)) is not None:
        reader.problem(f"{path}.name", why)
    part = Part(
        id=pid,
        name=name,
        role=reader.choice(table, "role", path, ROLES, "unknown"),
        status=reader.choice(table, "status", path, STATUSES, "noticed"),
        created=reader.date_field(table, "created", path),
        updated=reader.date_field(table, "updated", path),
        feel_toward_noted=reader.date_field(table, "feel_toward_noted", path),
        status_history=_read_history(reader, table, path),
        extra={k: v for k, v in table.items() if k not in PART_KEYS},
    )
    for key in TEXT_FIELDS:
        setattr(part, key, reader.text_field(table, key, path))
    for key in LIST_FIELDS:
        setattr(part, key, reader.list_field(table, key, path))
    return part


def _read_history(reader: _Reader, table: dict[str, Any], path: str) -> list[StatusChange]:
    value = table.get("status_history", [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        reader.problem(f"{path}.status_history",
                       "should be a list of tables written as [[parts.status_history]]")
        return []
    changes = []
    for i, item in enumerate(value):
        where = f"{path}.status_history[{i}]"
        missing = [k for k in HISTORY_KEYS if k not in item]
        if missing:
            reader.problem(where, f"needs {', '.join(missing)} "
                           '(e.g. status = "befriended", changed = 2026-01-31T09:30:00+01:00, '
                           'by = "edit")')
            continue
        # A past entry is kept as written, even a status this version does not know
        # (another version's, or a hand edit): `ifs check` warns; the map still opens.
        status = reader.text_field(item, "status", where)
        if not status.strip():
            reader.problem(f"{where}.status", f"should name a status: {', '.join(STATUSES)}")
            continue
        changed = reader.date_field(item, "changed", where)
        by = reader.text_field(item, "by", where)
        if changed is not None:
            changes.append(StatusChange(status, changed, by, extra={
                k: v for k, v in item.items() if k not in HISTORY_KEYS}))
    return changes


def _read_relationship(reader: _Reader, table: dict[str, Any], path: str) -> Relationship:
    ends = []
    for key in ("from", "to"):
        value = table.get(key)
        if not isinstance(value, str) or not value:
            reader.problem(f"{path}.{key}", "should be the id of a part")
            value = ""
        ends.append(value)
    return Relationship(
        source=ends[0],
        target=ends[1],
        kind=reader.choice(table, "kind", path, KINDS, "allied"),
        note=reader.text_field(table, "note", path),
        from_fears=reader.text_field(table, "from_fears", path),
        to_fears=reader.text_field(table, "to_fears", path),
        extra={k: v for k, v in table.items() if k not in RELATIONSHIP_KEYS},
    )


def _check_schema(reader: _Reader, data: dict[str, Any]) -> int | None:
    schema = data.get("schema")
    if schema is None:
        reader.problem("schema", f"missing; this version writes schema = {SCHEMA}")
        return None
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        reader.problem("schema", "should be a whole number such as 1")
        return None
    if schema > SCHEMA:
        reader.problem(
            "schema",
            f"this file uses schema {schema}, newer than this version of ifs-tui "
            f"knows ({SCHEMA}); update ifs-tui. The file was left untouched.",
        )
        return None
    return schema


def map_from_dict(data: dict[str, Any], file: str = "map.toml",
                  text: str | None = None) -> PartsMap:
    """Build a map from parsed TOML; raise MapFormatError listing every problem."""
    deep = too_deep(data)  # before anything walks it; imports come here too
    if deep is not None:
        raise MapFormatError([Problem(file, deep[:80], TOO_DEEP)])
    reader = _Reader(file, text)
    schema = _check_schema(reader, data)
    if schema is None:
        raise MapFormatError(reader.problems)
    while schema < SCHEMA:
        data = MIGRATIONS[schema](data)
        schema += 1

    self_data = data.get("self", {})
    if not isinstance(self_data, dict):
        reader.problem("self", "should be a table written as [self]")
        self_data = {}
    pmap = PartsMap(
        title=reader.text_field(data, "title", ""),
        created=reader.date_field(data, "created", ""),
        updated=reader.date_field(data, "updated", ""),
        self_notes=SelfNotes(
            notes=reader.text_field(self_data, "notes", "self"),
            extra={k: v for k, v in self_data.items() if k != "notes"},
        ),
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )
    seen: set[str] = set()
    for i, table in enumerate(_table_list(reader, data, "parts")):
        part = _read_part(reader, table, f"parts[{i}]")
        if part.id and part.id in seen:
            reader.problem(f"parts[{i}].id", "this id is used by an earlier part too")
        seen.add(part.id)
        pmap.parts.append(part)
    for i, table in enumerate(_table_list(reader, data, "relationships")):
        pmap.relationships.append(_read_relationship(reader, table, f"relationships[{i}]"))
    if reader.problems:
        raise MapFormatError(reader.problems)
    return pmap


# --- locating a field in the text -------------------------------------------

_PATH = re.compile(r"^(?P<table>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<key>[\w-]+))?$")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"'-]+)\s*\]\]?\s*(#.*)?$")


_SUB_PATH = re.compile(r"^(?P<table>[a-z_]+\[\d+\])\.(?P<name>\w+)\[(?P<index>\d+)\]"
                       r"(?:\.(?P<key>[\w-]+))?$")


def _locate_sub(text: str, match: re.Match[str]) -> int | None:
    """The line of parts[3].status_history[1].by: inside the part's block, the
    second [[parts.status_history]] table, then its key."""
    start = locate(text, match["table"])
    if start is None:
        return None
    outer = match["table"].partition("[")[0]
    want, count, found = int(match["index"]), -1, None
    lines = text.splitlines()
    for number in range(start + 1, len(lines) + 1):
        header = _HEADER.match(lines[number - 1])
        if header:
            name = header.group(2).strip("\"'")
            if name == outer:
                break  # the next part
            in_sub = name == f"{outer}.{match['name']}"
            count += 1 if in_sub else 0
            if in_sub and count == want:
                found = number
            elif found is not None:
                break
            continue
        key = match["key"]
        if found is not None and key and re.match(rf"^\s*{re.escape(key)}\s*=", lines[number - 1]):
            return number
    if found is not None:
        return found
    # Written inline, as ifs writes it: one `{ ... }` per line under the key.
    line = locate(text, f"{match['table']}.{match['name']}")
    row = line + 1 + want if line is not None else 0
    if line is not None and row <= len(lines) and lines[row - 1].lstrip().startswith("{"):
        return row
    return line


def locate(text: str | None, path: str) -> int | None:
    """Best-effort line number (1-based) of a field path such as parts[3].role."""
    if not text:
        return None
    sub = _SUB_PATH.match(path)
    if sub:
        return _locate_sub(text, sub)
    match = _PATH.match(path)
    if not match:
        return None
    table, index, key = match["table"], match["index"], match["key"]
    if index is None and key is None:  # a top-level key such as `title`
        table, key = "", table
    want = int(index) if index is not None else 0
    section, count, header_line = "", -1, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            section = header.group(2).strip("\"'")
            if section == table:
                count += 1 if header.group(1) == "[[" else 0
                if header.group(1) == "[" or count == want:
                    header_line = number
            continue
        in_place = section == table and (table == "" or index is None or count == want)
        if in_place and key and re.match(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return header_line
