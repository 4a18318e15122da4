"""F5: everything hidden at once behind a neutral screen, from every screen of the app.

Nothing of the person's shows here: no title, no map name, no toasts (the app drops
them while this screen is up). The screens underneath keep what they hold, typed
text included; Enter (with the passphrase, for an encrypted map) brings them back.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ifs_tui.core import sealed

PAUSED = "Paused."
COME_BACK = "Press Enter to come back."
ASK = "Type the passphrase, then Enter."
WRONG = "That passphrase does not open this map."


def needs_passphrase(folder: Path) -> bool:
    """True when coming back asks for the map's passphrase: an encrypted map, open.
    (Not yet opened, its own passphrase screen is underneath: nothing of it shows.)"""
    return sealed.is_sealed(folder) and sealed.is_unlocked(folder)


def passphrase_opens(folder: Path, passphrase: str) -> bool:
    """True when `passphrase` opens the map at `folder`. Slow (scrypt): off the UI thread."""
    return sealed.check_passphrase(folder, passphrase)


class HideScreen(Screen[None]):
    HELP_TITLE = "paused"
    AUTO_FOCUS = ""  # nothing is focused until the passphrase is asked for
    BINDINGS = [
        Binding("enter,space", "back", "Come back", show=False, id="screen.back",
                tooltip="Come back to where you were"),
        Binding("escape", "not_yet", "Not yet", show=False, id="screen.not-yet",
                tooltip="Leave the passphrase for now; the screen stays hidden"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.checking = False
        self.leaving = False  # closing: the app lets this pop through (hiding.py)

    def compose(self) -> ComposeResult:
        with Vertical(id="hide-box"):
            yield Static(PAUSED, id="hide-words")
            yield Static(COME_BACK, id="hide-hint")
            yield Input(password=True, id="hide-passphrase", placeholder="passphrase")
            yield Static("", id="hide-error")

    def action_back(self) -> None:
        if not needs_passphrase(self.folder):
            self.leave()
            return
        self.query_one("#hide-hint", Static).update(ASK)
        passphrase = self.query_one("#hide-passphrase", Input)
        passphrase.display = True
        passphrase.focus()

    def leave(self) -> None:
        self.leaving = True
        self.dismiss()

    def action_not_yet(self) -> None:
        """Esc while asked for the passphrase: back to the plain paused screen."""
        passphrase = self.query_one("#hide-passphrase", Input)
        if self.checking or not passphrase.display:
            return
        passphrase.value = ""
        passphrase.display = False
        self.set_focus(None)
        self.query_one("#hide-hint", Static).update(COME_BACK)
        self.query_one("#hide-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking or not event.value:
            return
        self.checking = True
        self.query_one("#hide-error", Static).update("Checking…")
        self.check(event.value)

    @work(thread=True, exclusive=True, group="hide-passphrase")
    def check(self, passphrase: str) -> None:
        # The key derivation takes a moment on purpose: off the UI thread.
        try:
            opens = passphrase_opens(self.folder, passphrase)
        except Exception:  # any failure keeps the screen hidden, as a wrong one does
            opens = False
        if self.app.is_running:
            self.app.call_from_thread(self._checked, opens)

    def _checked(self, opens: bool) -> None:
        self.checking = False
        if not self.is_attached:
            return
        if opens:
            self.leave()
            return
        self.query_one("#hide-passphrase", Input).value = ""
        self.query_one("#hide-error", Static).update(WRONG)
