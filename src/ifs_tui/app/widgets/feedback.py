"""Inline messages beside a field: hidden while there is nothing to say."""

from __future__ import annotations

from textual.widgets import Static


def show_error(widget: Static, message: str) -> None:
    widget.update(message)
    widget.set_class(bool(message), "shown")
