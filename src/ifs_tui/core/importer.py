"""Read a TOML or JSON export back, with the same checks and messages as map.toml."""

from __future__ import annotations

import contextlib
import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from .codec import map_from_dict
from .errors import IfsError, MapFormatError, Problem
from .model import PartsMap, Relationship, unique_id
from .storage import parse_map


def _dates(table: dict[str, Any]) -> dict[str, Any]:
    out = dict(table)
    for key in ("created", "updated"):
        value = out.get(key)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):  # left as text: the check names it
                out[key] = datetime.fromisoformat(value)
    return out


def read_export(path: Path) -> PartsMap:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise IfsError(f"cannot read {path} ({err.strerror})") from None
    if path.suffix.lower() != ".json":
        return parse_map(raw, str(path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise MapFormatError([Problem(str(path), "", "is not valid UTF-8 text")]) from None
    except json.JSONDecodeError as err:
        raise MapFormatError([Problem(str(path), "", f"JSON: {err.msg}", line=err.lineno,
                                      column=err.colno)]) from None
    if not isinstance(data, dict):
        raise MapFormatError([Problem(str(path), "", "should hold one map (a JSON object)")])
    data = _dates(data)
    if isinstance(data.get("parts"), list):
        data["parts"] = [_dates(p) if isinstance(p, dict) else p for p in data["parts"]]
    return map_from_dict(data, str(path))


def merge(pmap: PartsMap, incoming: PartsMap) -> list[str]:
    """Add the incoming parts under new ids, and their links; return what clashed."""
    clashes: list[str] = []
    taken = {p.id for p in pmap.parts}
    names = {p.name.casefold() for p in pmap.parts}
    new_ids: dict[str, str] = {}
    for part in incoming.parts:
        added = copy.deepcopy(part)
        if added.name.casefold() in names:
            n = 2
            while f"{part.name} ({n})".casefold() in names:
                n += 1
            added.name = f"{part.name} ({n})"
            clashes.append(f"a part named {part.name!r} was on the map already; "
                           f"the imported one is {added.name!r}")
        added.id = unique_id(added.name, taken)
        taken.add(added.id)
        names.add(added.name.casefold())
        new_ids[part.id] = added.id
        pmap.parts.append(added)
    for rel in incoming.relationships:
        if rel.source in new_ids and rel.target in new_ids:
            pmap.relationships.append(Relationship(new_ids[rel.source], new_ids[rel.target],
                                                   rel.kind, rel.note, dict(rel.extra)))
        else:
            clashes.append(f"a {rel.kind} link names a part missing from the import; skipped")
    return clashes
