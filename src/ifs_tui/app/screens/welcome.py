"""Shown once, on the first run: what the tool is and is not."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..widgets.footer import HELP_KEY, KeyFooter

WELCOME = """\
ifs-tui helps you map and get to know your inner parts, in the spirit of \
Internal Family Systems: the parts that protect you, the ones they protect, \
and the calm, curious Self underneath.

Everything stays on this computer, in files only your user account (or an \
administrator) can open. Nothing is sent anywhere.

This is a reflection aid, not therapy, diagnosis or medical advice. If you are \
in crisis or in danger, please contact your local emergency services.

Go at your own pace: "not now" is always an answer; pause or stop at any moment. \
To begin, "Start from what happens now" builds a first map from patterns you \
know in yourself, without telling what happened."""


class WelcomeScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "begin", "Begin", id="welcome.begin"), HELP_KEY]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome", classes="dialog"):
            yield Static("Welcome", classes="dialog-title")
            with VerticalScroll(id="welcome-text"):
                yield Static(WELCOME, markup=False)
            yield Button("Begin", id="begin", variant="primary")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss()

    def action_begin(self) -> None:
        self.dismiss()
