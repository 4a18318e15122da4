from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("Opening your map…", id="loading")
