"""The person's key remapping from config.toml, checked before Textual sees it.

A mistyped key ("ctrl+") or an unknown binding id would otherwise be taken
silently: a remapped quit key that no keyboard can press leaves the app with
no way out but the palette. Bad entries are left out and named in one notice.
"""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {key.value.rsplit("+", 1)[-1] for key in Keys}
# Names Textual gives printable characters (key names with no single character).
_NAMED |= {"space", "question_mark", "exclamation_mark", "full_stop", "comma", "slash",
           "backslash", "colon", "semicolon", "plus", "minus", "equals_sign", "underscore",
           "number_sign", "dollar_sign", "percent_sign", "ampersand", "asterisk",
           "apostrophe", "quotation_mark", "left_parenthesis", "right_parenthesis",
           "left_square_bracket", "right_square_bracket", "left_curly_bracket",
           "right_curly_bracket", "less_than_sign", "greater_than_sign", "grave_accent",
           "circumflex_accent", "tilde", "vertical_line", "commercial_at"}
_NAMED |= {f"f{n}" for n in range(1, 25)}


def key_ok(key: str) -> bool:
    """True for one key such as "ctrl+n", "f2", "question_mark" or "x"."""
    *mods, name = key.strip().split("+")
    if not name or any(m not in MODIFIERS for m in mods):
        return False
    return (len(name) == 1 and name.isprintable() and not name.isspace()) or name in _NAMED


def binding_ids() -> set[str]:
    """Every binding id of the app, its screens and widgets (Textual's included)."""
    from . import app as app_module
    from . import screens, widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    ids: set[str] = set()
    seen: set[type] = set()
    todo: list[type] = [app_module.IfsApp, *_ours(DOMNode)]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def _ours(base: type) -> list[type]:
    """Every subclass of `base` loaded now: ours and Textual's own widgets."""
    found: list[type] = []
    todo: list[type] = [base]
    while todo:
        subs: list[type] = todo.pop().__subclasses__()
        for sub in subs:
            todo.append(sub)
            found.append(sub)
    return found


def checked(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable entries, and a short description of each entry left out."""
    known = binding_ids()
    usable: dict[str, str] = {}
    left_out: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            left_out.append(f"'{binding_id}' is not a key binding here")
        elif not keys.strip() or not all(key_ok(k) for k in keys.split(",")):
            left_out.append(f"'{binding_id}' = '{keys}' is not a key this app knows")
        else:
            usable[binding_id] = keys
    return usable, left_out
