from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("Opening your map…", id="loading")

    def on_screen_resume(self) -> None:
        # Back from the maps (f4) or help: a map that finished loading meanwhile shows.
        land = getattr(self.app, "land_waiting", None)
        if land is not None:
            self.call_later(land)
