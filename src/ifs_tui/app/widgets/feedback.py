"""Inline messages beside a field: hidden while there is nothing to say."""

from __future__ import annotations

from textual.widgets import Static

from ..text import plain


def show_error(widget: Static, message: str) -> None:
    widget.update(plain(message))  # messages hold names and paths, never markup
    widget.set_class(bool(message), "shown")
