"""What the main screen offers where the details pane is, while the map has no parts:
the first-map walk first, adding a part by hand second. The screen answers the buttons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

FIRST_MAP = "first-map"  # the built-in pack that builds a first map from patterns

WALK_LINE = ("Choose the patterns you know in yourself, like going quiet in conflict; "
             "each can become a part. Nothing asks what happened.")
BY_HAND_LINE = "Name one part yourself and note what you know about it."
GO_ON = "Go on with your first map"
GO_ON_LINE = "You began it earlier; it opens where you left off, with everything you wrote."


class EmptyMapPanel(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("A first step", classes="dialog-title")
        yield Static("There are no parts on this map yet. Two ways to begin:",
                     classes="explain")
        yield Button("Start from what happens now", id="start-first-map", variant="primary")
        yield Static(WALK_LINE, classes="explain", id="first-map-line")
        yield Button("Add a part by hand", id="add-by-hand")
        yield Static(BY_HAND_LINE, classes="explain")

    def set_waiting(self, waiting: bool) -> None:
        """A first map begun and not finished: the first button goes on with it."""
        self.query_one("#start-first-map", Button).label = (
            GO_ON if waiting else "Start from what happens now")
        self.query_one("#first-map-line", Static).update(
            GO_ON_LINE if waiting else WALK_LINE)
