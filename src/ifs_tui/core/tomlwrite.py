"""Write a map document as TOML with one `[[parts]]` block per part.

tomli-w writes an array of tables inline when every table is short, so a
small map would flip between two layouts as it grows. Each section is
written here on its own instead; values are still formatted by tomli-w.
"""

from __future__ import annotations

from typing import Any

import tomli_w

SECTIONS = ("self", "parts", "relationships")


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


def _section(header: str, name: str, table: dict[str, Any]) -> str:
    flat, nested = _split(table)
    text = f"{header}\n{tomli_w.dumps(flat)}"
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
