"""The small screens around a walk-through: a pack's care note, and a pause."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ifs_tui.core import support
from ifs_tui.core.packs import Pack, reflow

from ..text import plain
from ..widgets.footer import HELP_KEY, KeyFooter
from .dialogs import ConfirmScreen


class CareNoteScreen(ConfirmScreen):
    """A pack's care note, read before the first step: begin, or not now."""

    BINDINGS = [Binding("escape", "answer(False)", "Not now", id="care.notnow")]

    def __init__(self, pack: Pack) -> None:
        crisis, contacts = crisis_first(support.for_pack(pack, in_app=True))
        words = "\n\n".join([reflow(pack.care_note), "\n".join(contacts)])
        super().__init__(pack.title, words.strip(), yes="Begin", no="Not now", danger=False,
                         footnote=crisis)


def crisis_first(lines: list[str]) -> tuple[str, list[str]]:
    """The crisis line apart, to stay in sight under what scrolls (80x24)."""
    if lines and lines[0] == support.GENERAL:
        return lines[0], lines[1:]
    return "", lines


class PauseScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Carry on", id="pause.close"), HELP_KEY]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pause"):
            yield Static("A pause", classes="dialog-title")
            crisis, contacts = crisis_first(support.at_hand(in_app=True))
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(plain(self.text))
                yield Static(plain("\n".join(contacts)), id="pause-support")
            yield Static(plain(crisis), classes="footnote", id="pause-crisis")
            yield Button("Carry on when ready", id="carry-on", variant="primary")
        yield KeyFooter()

    def on_button_pressed(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
