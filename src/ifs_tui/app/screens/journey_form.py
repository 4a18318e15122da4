"""A journey's title, session date and notes: to start one, or change one."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ifs_tui.core.errors import IfsError
from ifs_tui.core.journeys import Journey

from ..text import visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .dialogs import ask_before_leaving, quit_app_asking

# Gets (title, the session's date as typed, notes); returns an error message or None.
Save = Callable[[str, str, str], str | None]


class JourneyFormScreen(ModalScreen[bool]):
    HELP_TITLE = "a journey"
    AUTO_FOCUS = "#j-title"  # typing at once goes into the title, never nowhere
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="journey-form.cancel"),
        Binding("ctrl+s", "save", "Save", id="journey-form.save"),
        Binding("ctrl+q", "quit_app", "Quit", show=False, id="journey-form.quit",
                tooltip="Quit the app (asks first when words would be lost)"),
        HELP_KEY,
    ]

    def __init__(self, save: Save, journey: Journey | None = None) -> None:
        super().__init__()
        self.save = save
        self.journey = journey
        self.before = (visible(journey.title), f"{journey.session:%Y-%m-%d}",
                       visible(journey.notes)) if journey else ("", "", "")

    def compose(self) -> ComposeResult:
        title = "Change the journey" if self.journey else "A new journey"
        with Vertical(classes="dialog wide", id="journey-form"):
            yield Static(title, classes="dialog-title")
            # The fields scroll on a short terminal; the buttons stay in sight.
            with VerticalScroll(id="j-body"):
                yield Static("For a medicine session: its date and your own notes. There is "
                             "no place for doses or medicines here, on purpose.", classes="hint")
                yield Label("Title (left empty: the session's date)", classes="field-label")
                yield Input(self.before[0], id="j-title", compact=True)
                yield Label("Date of the session, e.g. 2026-03-10 (left empty: today)",
                            classes="field-label")
                yield Input(self.before[1], id="j-date", compact=True)
                yield Label("Notes about the session", classes="field-label")
                yield TextArea(self.before[2], id="j-notes", soft_wrap=True,
                               show_line_numbers=False)
            yield Static("", id="j-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def values(self) -> tuple[str, str, str]:
        return (self.query_one("#j-title", Input).value, self.query_one("#j-date", Input).value,
                self.query_one("#j-notes", TextArea).text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            error = self.save(*self.values())
        except IfsError as err:
            error = str(err)
        if error:
            show_error(self.query_one("#j-error", Static), error)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        # Typed words are never dropped without asking.
        ask_before_leaving(self, self.values() != self.before, lambda: self.dismiss(False))

    def action_quit_app(self) -> None:
        quit_app_asking(self, self.values() != self.before)
