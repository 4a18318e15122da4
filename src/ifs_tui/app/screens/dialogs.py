"""Small modal dialogs: confirm, rename, and the on-disk conflict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from ifs_tui.core.errors import IfsError

from ..text import plain, visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. With `danger`, "no" has the focus, so Enter is the safe answer."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        # A long message (a care note with contacts) scrolls while a button has the focus.
        Binding("pagedown,down", "scroll_message(1)", "More", show=False,
                id="confirm.scroll-down"),
        Binding("pageup,up", "scroll_message(-1)", "Back up", show=False,
                id="confirm.scroll-up"),
        HELP_KEY,
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "Cancel",
                 danger: bool = True, footnote: str = "") -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no
        self.footnote = footnote  # stays in sight under a message that scrolls
        self.danger = danger
        # The footer and help say the buttons' own words ("y Delete", "esc Cancel").
        words = {"answer(True)": yes, "answer(False)": no}
        keys = self._bindings.key_to_bindings
        for key, bindings in keys.items():
            keys[key] = [replace(b, description=words[b.action]) if b.action in words else b
                         for b in bindings]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(plain(self.title_text), classes="dialog-title")
            # A long message (a care note with support contacts) scrolls; the buttons stay.
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(plain(self.message))
            if self.footnote:
                yield Static(plain(self.footnote), classes="footnote")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="error" if self.danger else "primary")
                yield Button(self.no, id="no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_scroll_message(self, direction: int) -> None:
        scroll = self.query_one(".dialog-scroll", VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)


UNSAVED = "What you typed here has not been saved."


def ask_before_leaving(screen: Screen[Any], unsaved: bool, leave: Callable[[], object],
                       title: str = "Leave without saving?", message: str = UNSAVED,
                       yes: str = "Discard", no: str = "Cancel") -> None:
    """Leave at once when nothing typed would be lost; otherwise ask first."""
    if not unsaved:
        leave()
        return

    def answer(go: bool | None) -> None:
        if go:
            leave()

    screen.app.push_screen(ConfirmScreen(title, message, yes=yes, no=no), answer)


def quit_app_asking(screen: Screen[Any], unsaved: bool) -> None:
    """ctrl+q in a dialog (which hides the app's keys): quit, asking first if words would go."""
    ask_before_leaving(screen, unsaved, lambda: screen.app.call_later(screen.app.run_action,
                                                                      "quit"),
                       title="Quit without saving?", yes="Quit without saving", no="Go back")


class ConflictScreen(ModalScreen[None]):
    """map.toml changed behind the app's back: reload, never overwrite."""

    HELP_TITLE = "the map changed on disk"
    BINDINGS = [Binding("escape", "choose(True)", "Reload and apply again",
                        id="conflict.reapply"), HELP_KEY]

    def __init__(self, resolve: Callable[[bool], None]) -> None:
        super().__init__()
        self.resolve = resolve

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflict"):
            yield Static("The map changed on disk", classes="dialog-title")
            yield Static(
                "Another window or program saved this map after it was opened here, so "
                "your change was not written over it. The app will read the map again. "
                "Should your change then be applied to the new version?"
            )
            with Horizontal(classes="buttons"):
                yield Button("Reload and apply my change", id="reapply", variant="primary")
                yield Button("Reload without it", id="drop")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id == "reapply")

    def action_choose(self, reapply: bool) -> None:
        self.dismiss()
        self.resolve(reapply)


class RenameScreen(ModalScreen[bool]):
    """Ask for a new name; `save` returns an error message or None when done."""

    HELP_TITLE = "rename"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rename.cancel"), HELP_KEY]

    def __init__(self, current: str, save: Callable[[str], str | None]) -> None:
        super().__init__()
        self.current = current
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="rename"):
            yield Static("Rename", classes="dialog-title")
            yield Label("New name (the id stays the same)")
            yield Input(visible(self.current), id="name", compact=True)
            yield Static("", id="name-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Rename", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_input_submitted(self) -> None:
        self._try()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._try()
        else:
            self.dismiss(False)

    def _try(self) -> None:
        try:
            name = self.query_one("#name", Input).value
            # A bidi character is shown as <U+XXXX>; left as shown, the name stays as it is.
            error = self.save(self.current if name == visible(self.current) else name)
        except IfsError as err:
            error = str(err)
        if error:
            show_error(self.query_one("#name-error", Static), error)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
