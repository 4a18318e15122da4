"""What the app shows when the map cannot be opened. It changes nothing on disk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ifs_tui.core.errors import IfsError

from ..text import plain
from ..widgets.footer import KeyFooter

if TYPE_CHECKING:
    from ..app import IfsApp


class BrokenMapScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "retry", "Try again", id="broken.retry"),
        Binding("f4", "app.pick_map", "Another map", id="broken.maps",
                tooltip="Open another map meanwhile"),
        Binding("q", "quit", "Quit", id="broken.quit"),
    ]

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__()
        self.message = message
        self.problems = problems or [message]

    def compose(self) -> ComposeResult:
        from ifs_tui.core.paths import ifs_for_folder

        check = f"{ifs_for_folder(cast('IfsApp', self.app).store.folder)} check"
        with VerticalScroll(id="broken"):
            yield Static("This map could not be opened", classes="screen-title")
            yield Static(plain(
                "Nothing was changed: the map stays exactly as it is until you fix it. "
                "Correct what is listed below (in a text editor, or by fixing the file or "
                f"folder it names), then press r to try again. `{check}` lists the same "
                "problems in a terminal. f4 opens another map meanwhile."),
                classes="explain",
            )
            for problem in self.problems:
                yield Static(plain(problem), classes="problem")
            if kept := self._kept_hint():
                yield Static(plain(kept), classes="explain", id="broken-kept")
        yield KeyFooter()

    def _kept_hint(self) -> str:
        """Earlier versions are kept: say how one can take the broken file's place."""
        import shlex

        store = cast("IfsApp", self.app).store
        try:
            if not store.history():
                return ""
        except OSError:
            return ""
        ifs = f"ifs --map {shlex.quote(str(store.folder))}"
        return ("Earlier versions of this map are kept. To put one in place of the file "
                f"that will not load (that file is kept too): {ifs} history, then "
                f"{ifs} restore ID --over-broken")

    def action_quit(self) -> None:
        # The map was not opened: like `ifs part list` on it, `ifs` ends with exit code 1.
        self.app.exit(return_code=1)

    def action_retry(self) -> None:
        from .loading import LoadingScreen

        app = cast("IfsApp", self.app)
        app.switch_screen(LoadingScreen())
        app.load_map()


class NoMapScreen(Screen[None]):
    BINDINGS = [Binding("f4", "app.pick_map", "Another map", id="nomap.maps",
                        tooltip="Open another map instead"),
                Binding("q", "app.quit", "Quit", id="nomap.quit")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="nomap"):
            yield Static("No map here yet", classes="screen-title")
            yield Static(plain(f"There is no map at {self.folder}. Create an empty one there? "
                               "(f4 opens another map instead.)"), classes="explain")
            yield Button("Create the map", id="create", variant="primary")
            yield Button("Quit", id="quit")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#create", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        app = cast("IfsApp", self.app)
        if event.button.id == "create":
            try:
                app.create_map()
            except IfsError as err:
                app.notify(str(err), severity="error")
        else:
            app.exit()
