"""Inline messages beside a field: hidden while there is nothing to say."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show_error(widget: Static, message: str) -> None:
    # Content, not a string: messages hold names and paths, never markup.
    widget.update(Content(message))
    widget.set_class(bool(message), "shown")
