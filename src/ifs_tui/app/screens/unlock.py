"""The passphrase of an encrypted map, asked before anything of it is read."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ifs_tui.core import sealed

from ..text import plain
from ..widgets.footer import KeyFooter

if TYPE_CHECKING:
    from ..app import IfsApp


class UnlockScreen(Screen[None]):
    """Shown in place of the loading screen; Enter tries the passphrase (off the UI
    thread: scrypt takes a moment by design), a wrong one changes nothing."""

    BINDINGS = [
        Binding("f4", "app.pick_map", "Another map", id="unlock.maps",
                tooltip="Open another map instead"),
        Binding("ctrl+q", "app.quit", "Quit", id="unlock.quit"),
    ]

    def compose(self) -> ComposeResult:
        folder = cast("IfsApp", self.app).store.folder
        with Vertical(id="unlock"):
            yield Static("This map is encrypted", classes="screen-title")
            yield Static(plain(f"Type the passphrase of the map '{folder.name}', then Enter. "
                               "Nothing of it is read until then. f4 opens another map."),
                         classes="explain")
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            yield Static("", id="unlock-said", classes="explain")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        event.input.disabled = True
        self.query_one("#unlock-said", Static).update("Opening…")
        self.try_passphrase(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def try_passphrase(self, passphrase: str) -> None:
        store = cast("IfsApp", self.app).store
        try:
            sealed.unlock(store.folder, passphrase)
        except sealed.WrongPassphrase:
            self.app.call_from_thread(self._wrong)
        except OSError as err:  # the key file: unreadable or damaged
            self.app.call_from_thread(self._wrong, str(err))
        else:
            self.app.call_from_thread(self._opened, store)

    def _wrong(self, why: str = "") -> None:
        field = self.query_one("#passphrase", Input)
        field.value, field.disabled = "", False
        field.focus()
        self.query_one("#unlock-said", Static).update(plain(
            why or "That passphrase does not open this map. Nothing was changed; try again."))

    def _opened(self, store: object) -> None:
        app = cast("IfsApp", self.app)
        # Hidden (f5) meanwhile: the switch below waits for the return (app.switch_screen).
        top = app.screen_stack[-2] if app.hider.hidden else app.screen
        if store is not app.store or top is not self:
            return  # another map was opened meanwhile (f4)
        from .loading import LoadingScreen

        app.switch_screen(LoadingScreen())
        app.load_map()
