"""How deeply tables and lists may sit inside each other in a file we read.

Real files need a handful of levels. Far deeper ones (easy to make by hand or
by a script) would exhaust Python's recursion in the TOML writer, in copies,
or in any walk over the data, so they are refused with a located message.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32
TOO_DEEP = f"nested too deeply (more than {MAX_DEPTH} tables or lists inside each other)"


def too_deep(data: Any) -> str | None:
    """The path of the first place nested deeper than MAX_DEPTH, or None if all is well.

    A loop, not recursion: the data may be deep enough to exhaust the stack.
    The path is put together only when one is found, so a large map stays quick.
    """
    # Each entry: (container, its depth, its parent entry, its key in the parent).
    stack: list[tuple[Any, int, Any, Any]] = [(data, 0, None, None)]
    while stack:
        entry = stack.pop()
        value, depth = entry[0], entry[1]
        if depth > MAX_DEPTH:
            return _path(entry)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1, entry, key))
    return None


def _path(entry: tuple[Any, int, Any, Any]) -> str:
    keys = []
    while entry[2] is not None:
        keys.append(entry[3])
        entry = entry[2]
    path = ""
    for key in reversed(keys):
        path += f"[{key}]" if isinstance(key, int) else (f".{key}" if path else str(key))
        if len(path) > 80:  # long enough to find the place
            break
    return path
