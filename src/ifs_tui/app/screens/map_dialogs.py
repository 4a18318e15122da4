"""The picker's dialogs: a map's name (new, copy, rename), and what to do with a moment
still waiting in f3 when another map is opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ifs_tui.core import moments, paths
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import name_key

from ..text import plain, visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .dialogs import ask_before_leaving

if TYPE_CHECKING:
    from ..app import IfsApp
    from .moment_add import Draft

NAME_RULE = ("a map name may use the letters a-z and A-Z, digits, '.', '_' and '-' (at "
             "most 64), and begins with a letter or a digit")
# Gets (name, title, only the map); raises IfsError to say what is wrong.
SaveMap = Callable[[str, str, bool], None]


class MapNameScreen(ModalScreen[bool]):
    HELP_TITLE = "a map's name"
    AUTO_FOCUS = "#map-name"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="map-name.cancel",
                        tooltip="Close; nothing is made or changed"), HELP_KEY]

    def __init__(self, title: str, name: str, save: SaveMap, ask_title: bool = False,
                 ask_only_map: bool = False) -> None:
        super().__init__()
        self.title_text, self.name_before, self.save = title, name, save
        self.ask_title, self.ask_only_map = ask_title, ask_only_map

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="map-name-form"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Label("Name (its folder's name: letters, digits, '.', '_', '-')")
            yield Input(visible(self.name_before), id="map-name", compact=True)
            if self.ask_title:
                yield Label("Title (optional)", classes="field-label")
                yield Input("", id="map-title", compact=True)
            if self.ask_only_map:
                yield Checkbox("Only the parts and prompt packs, not the journal", False,
                               id="map-only", compact=True)
            yield Static("", id="map-name-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def values(self) -> tuple[str, str, bool]:
        title = self.query("#map-title")
        only = self.query("#map-only")
        return (self.query_one("#map-name", Input).value.strip(),
                title.first(Input).value if title else "",
                only.first(Checkbox).value if only else False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "map-name":  # said as it is typed, before Enter
            name = event.value.strip()
            wrong = bool(name) and not paths.is_map_name(name)
            show_error(self.query_one("#map-name-error", Static), NAME_RULE if wrong else "")

    def on_input_submitted(self) -> None:
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.action_cancel()

    def action_ok(self) -> None:
        name, title, only = self.values()
        error = self.query_one("#map-name-error", Static)
        if not paths.is_map_name(name):
            show_error(error, NAME_RULE)
            return
        try:
            self.save(name, title, only)
        except IfsError as err:
            show_error(error, str(err))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        # A title is the person's own words: asked before it goes. A name is not.
        ask_before_leaving(self, bool(self.values()[1].strip()), lambda: self.dismiss(False))


class MomentDraftScreen(ModalScreen[bool]):
    """f3 words not kept yet, and another map about to open (or the app about to close):
    keep them here, let them go, or stay. Dismissed True when it may go on."""

    HELP_TITLE = "a moment not kept yet"
    BINDINGS = [
        Binding("escape", "stay", "Stay", id="moment-draft.stay",
                tooltip="Stay with this map; the words wait for f3"),
        Binding("k", "keep", "Keep it here", id="moment-draft.keep",
                tooltip="Keep the words as a moment in this map, then go"),
        Binding("g", "let_go", "Let it go", id="moment-draft.drop",
                tooltip="Let the words go, then open the other map"),
        HELP_KEY,
    ]

    def __init__(self, draft: Draft, quitting: bool = False) -> None:
        super().__init__()
        self.draft = draft
        self.quitting = quitting

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="moment-draft"):
            yield Static("A moment is waiting", classes="dialog-title")
            before = "ifs-tui closes" if self.quitting else "the other one opens"
            yield Static("You began a moment with f3 and have not kept it yet. Keep it as "
                         f"a moment in this map before {before}, let it go, or stay here?")
            words = " ".join((self.draft.text or self.draft.own).split())
            if words:
                yield Static(plain(words[:160] + ("…" if len(words) > 160 else "")),
                             classes="hint", id="moment-draft-words")
            yield Static("", id="moment-draft-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Keep it here", id="keep", variant="primary")
                yield Button("Let it go", id="drop")
                yield Button("Stay", id="stay")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"keep": self.action_keep, "drop": self.action_let_go}.get(
            event.button.id or "", self.action_stay)()

    def action_keep(self) -> None:
        app: IfsApp = self.app  # type: ignore[assignment]
        try:
            keep_as_moment(app, self.draft)
        except IfsError as err:
            show_error(self.query_one("#moment-draft-error", Static),
                       f"{err}. Stay and press f3 to finish it, or let it go.")
            return
        self.dismiss(True)

    def action_let_go(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(False)


def keep_as_moment(app: IfsApp, draft: Draft) -> None:
    """Keep f3's waiting words as a moment in the open map, as f3's own "keep" would."""
    from .moment_add import OWN_WORDS

    pmap = app.pmap
    part = ""
    if pmap is not None and draft.part_text.strip():
        if draft.part_id and pmap.part(draft.part_id) is not None:
            part = draft.part_id
        else:
            exact = [p for p in pmap.parts if name_key(p.name) == name_key(draft.part_text)]
            if len(exact) != 1:
                raise IfsError("the part typed in it names no part on this map")
            part = exact[0].id
    shift = draft.own if draft.shift == OWN_WORDS else draft.shift
    moments.add(app.store, draft.text, datetime.now().astimezone(), part, shift)
