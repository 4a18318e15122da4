"""Text from files, made safe to show: the one rule for every terminal and export.

A map, a reflection, a pack or an import can hold characters nobody typed on
purpose: terminal escapes (ESC starts "clear screen", OSC 52 clipboard writes,
OSC 8 links), other control characters, and the bidi embeddings, overrides and
isolates that make text read differently from what it holds. Whatever we show
a person shows each of them as `<U+XXXX>` (ESC as `<U+001B>`, a right-to-left
override as `<U+202E>`). Line breaks and tabs stay; a Windows line ending
(CR LF) is shown as a plain line break. The files themselves are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# C0 controls except tab and line feed, DEL, C1 controls, bidi embeddings and
# overrides (U+202A-U+202E), bidi isolates (U+2066-U+2069), lone surrogates.
HAZARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def is_hazard(ch: str) -> bool:
    return HAZARD.fullmatch(ch) is not None


def shown(ch: str) -> str:
    """How one hazardous character is shown: `<U+001B>`."""
    return f"<U+{ord(ch):04X}>"


def visible(text: str) -> str:
    """`text` with every hazard shown as `<U+XXXX>`; line breaks and tabs kept.

    Text that would look empty although it is not (only zero-width or other
    invisible characters, such as a name of one U+200B) shows those as
    `<U+XXXX>` too, so a part is never a blank row.
    """
    if HAZARD.search(text):
        text = HAZARD.sub(lambda m: shown(m.group()), text.replace("\r\n", "\n"))
    if looks_empty(text):
        return "".join(ch if ch.isspace() and ch.isprintable() or ch in "\n\t" else shown(ch)
                       for ch in text)
    return text


def looks_empty(text: str) -> bool:
    """True for text that holds characters but none a reader can see."""
    if not text or text.isspace() and text.isprintable():
        return False
    return not any(ch.isprintable() and not ch.isspace() for ch in text)


def hazards_in(text: str) -> list[str]:
    """The distinct hazardous characters in `text`, as U+XXXX, in order of appearance."""
    found: dict[str, None] = {}
    for match in HAZARD.finditer(text):
        if match.group() != "\r" or text[match.end():match.end() + 1] != "\n":
            found[f"U+{ord(match.group()):04X}"] = None
    return list(found)


def u_escaped(serialized: str) -> str:
    """JSON or TOML text with every hazard left raw written as a `\\uXXXX` escape.

    json.dumps (ensure_ascii=False) and tomli-w escape C0 controls themselves but
    leave DEL, C1 and bidi characters raw. In both formats such characters can
    only sit inside quoted strings, where `\\uXXXX` means the same character:
    the data is unchanged, the text is safe to print.
    """
    if not HAZARD.search(serialized):
        return serialized
    return HAZARD.sub(lambda m: f"\\u{ord(m.group()):04x}", serialized)


def hazard_fields(data: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """(field path, hazards) for every string in parsed TOML/JSON data that holds any."""
    if isinstance(data, str):
        found = hazards_in(data)
        if found:
            yield path, found
    elif isinstance(data, dict):
        for key, value in data.items():
            key_path = f"{path}.{key}" if path else str(key)
            if hazards_in(str(key)):
                yield key_path, hazards_in(str(key))
            yield from hazard_fields(value, key_path)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from hazard_fields(value, f"{path}[{i}]")
