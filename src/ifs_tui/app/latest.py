"""A lookup per typed filter that keeps up with typing: one runs at a time, off the
UI thread, and keys typed meanwhile are folded into a single run with the newest text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.dom import DOMNode

T = TypeVar("T")


class Latest(Generic[T]):
    def __init__(self, owner: DOMNode, lookup: Callable[[str], T],
                 show: Callable[[str, T | None], None]) -> None:
        self.owner, self.lookup, self.show = owner, lookup, show
        self.wanted: str | None = None
        self.running = False

    def want(self, text: str) -> None:
        """Show what `text` finds, as soon as the lookup running now (if any) is done."""
        self.wanted = text
        if self.running:
            return
        if not text.strip():  # nothing typed: no lookup needed
            self.show(text, None)
            return
        self.running = True
        self.owner.run_worker(lambda: self._run(text), thread=True, group="latest")

    def _run(self, text: str) -> None:
        found = self.lookup(text)
        app = self.owner.app
        if app.is_running:  # quit while it ran: nothing to show it on
            app.call_from_thread(self._done, text, found)

    def _done(self, text: str, found: T) -> None:
        self.running = False
        if not self.owner.is_attached:  # the screen closed meanwhile
            return
        if self.wanted != text:  # typed on: what was found is out of date already
            self.want(self.wanted or "")
            return
        self.show(text, found)
