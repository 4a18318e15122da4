"""The map's title and the notes about Self, edited together (e on Self, or t)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import PartsMap

from ..text import visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap
from .dialogs import ask_before_leaving, quit_app_asking


class SelfFormScreen(OnMap, ModalScreen[bool]):
    HELP_TITLE = "the map's title and Self"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="self.save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="self.cancel",
                tooltip="Close; asks first if something changed"),
        Binding("ctrl+q", "quit_app", "Quit", show=False, id="self.quit",
                tooltip="Quit ifs-tui; asks first if something here is not saved"),
        HELP_KEY,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="self-form"):
            yield Static("The map and Self", classes="dialog-title")
            yield Label("The map's title", classes="field-label")
            yield Input(visible(self.pmap.title), id="title", compact=True,
                        placeholder="for example: My parts map")
            yield Label("What you notice about Self: when it is here, how it feels",
                        classes="field-label")
            yield TextArea(visible(self.pmap.self_notes.notes), id="notes", soft_wrap=True,
                           show_line_numbers=False, classes="field-text")
            yield Static("", id="self-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._shown = self._values()
        self.query_one("#title", Input).focus()

    def _values(self) -> tuple[str, str]:
        return self.query_one("#title", Input).value, self.query_one("#notes", TextArea).text

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        title, notes = self._values()
        # A field left as shown (hazards shown as <U+XXXX>) keeps its stored value.
        keep_title, keep_notes = title == self._shown[0], notes == self._shown[1]

        def op(pmap: PartsMap) -> bool:
            changed = False if keep_title else services.set_title(pmap, title)
            return (False if keep_notes else services.set_self_notes(pmap, notes)) or changed

        try:
            outcome = self.ifs.change(op)
        except IfsError as err:
            show_error(self.query_one("#self-error", Static), str(err))
            return
        if outcome != "failed":
            self.ifs.sub_title = self.pmap.title or self.ifs.sub_title
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        ask_before_leaving(self, self._values() != self._shown, lambda: self.dismiss(False))

    def action_quit_app(self) -> None:
        quit_app_asking(self, self._values() != self._shown)
