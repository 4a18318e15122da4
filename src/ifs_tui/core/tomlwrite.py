"""Write a map document as TOML with one `[[parts]]` block per part.

tomli-w writes an array of tables inline when every table is short, so a
small map would flip between two layouts as it grows. Each section is
written here on its own instead; values are still formatted by tomli-w.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import tomli_w

SECTIONS = ("self", "parts", "relationships")
# Arrays of small tables inside a section written one inline table per line, in
# their place among the keys: a part's status history reads as a short list and a
# new change adds one line, whatever the length of a reflection's id.
INLINE_ROWS = ("status_history",)
_SCALAR = (str, int, float, bool, datetime, date, time)


def _value(value: Any) -> str:
    return tomli_w.dumps({"v": value})[len("v = "):-1]


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0})[: -len(" = 0\n")]


def _inline_rows(key: str, rows: Any) -> str | None:
    """`key = [` and one `{ ... }` per line, or None when a row is not flat."""
    if not _is_table_array(rows) or not all(
            isinstance(v, _SCALAR) for row in rows for v in row.values()):
        return None
    lines = [f"    {{ {', '.join(f'{_key(k)} = {_value(v)}' for k, v in row.items())} }},"
             for row in rows]
    return f"{_key(key)} = [\n" + "\n".join(lines) + "\n]\n"


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _split(table: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keys that fit as `key = value` lines, and sub-tables that need a header."""
    flat: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict) or (
            _is_table_array(value) and tomli_w.dumps({key: value}).startswith("[[")
        ):
            nested[key] = value
        else:
            flat[key] = value
    return flat, nested


def _flat_text(flat: dict[str, Any]) -> str:
    text, run = "", {}
    for key, value in flat.items():
        rows = _inline_rows(key, value) if key in INLINE_ROWS else None
        if rows is None:
            run[key] = value
            continue
        text += tomli_w.dumps(run) + rows
        run = {}
    return text + tomli_w.dumps(run)


def _section(header: str, name: str, table: dict[str, Any]) -> str:
    if not any(isinstance(v, dict) or _is_table_array(v) for v in table.values()):
        return f"{header}\n{tomli_w.dumps(table)}"  # most parts: only keys and values
    inline = {k for k in INLINE_ROWS if _inline_rows(k, table.get(k)) is not None}
    flat, nested = _split({k: v for k, v in table.items() if k not in inline})
    flat = {k: v for k, v in table.items() if k in flat or k in inline}  # in the table's order
    text = f"{header}\n{_flat_text(flat)}"
    for key, value in nested.items():
        text += "\n" + tomli_w.dumps({name: {key: value}})
    return text


def dumps(doc: dict[str, Any]) -> str:
    head = {k: v for k, v in doc.items() if k not in SECTIONS}
    flat, rest = _split(head)
    chunks = [tomli_w.dumps(flat)]
    if "self" in doc:
        chunks.append(_section("[self]", "self", doc["self"]))
    for name in ("parts", "relationships"):
        for table in doc.get(name, []):
            chunks.append(_section(f"[[{name}]]", name, table))
    if rest:
        chunks.append(tomli_w.dumps(rest))
    return "\n".join(chunks)
