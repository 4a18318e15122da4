"""f3, from every screen: jot down an ordinary moment in a few seconds.

What shifted comes from the "Noticing shifts" pack's list or the person's own words;
a part is optional (type part of its name). Escape keeps what was typed, in memory,
and the next f3 offers it back: a word typed here is never lost by a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ifs_tui.core import moments
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import Part, name_key
from ifs_tui.core.moments import Moment
from ifs_tui.core.walk import names_holding

from ..text import visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap
from .dialogs import quit_app_asking

OWN_WORDS = "In my own words…"
SHOWN_PARTS = 4  # matches under the part field: room for them at 80x24
KEPT_NOTE = "Your words from before are back, as you left them."


@dataclass
class Draft:
    """What was typed when the dialog was left without keeping it."""

    text: str = ""
    shift: str = ""  # an option, OWN_WORDS, or ""
    own: str = ""
    part_text: str = ""
    part_id: str = ""

    def empty(self) -> bool:
        return not (self.text.strip() or self.own.strip() or self.part_text.strip())


class MomentAddScreen(OnMap, ModalScreen[Moment | None]):
    HELP_TITLE = "jot down a moment"
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep it", id="moment.keep",
                tooltip="Keep this moment"),
        Binding("escape", "close", "Not now", id="moment.close",
                tooltip="Close; what you typed is offered back next time"),
        Binding("ctrl+q", "quit_app", "Quit", show=False, id="moment.quit"),
        HELP_KEY,
    ]

    def __init__(self, draft: Draft | None = None, part: Part | None = None) -> None:
        super().__init__()
        self.draft = draft
        self.start_part = part  # the part highlighted where f3 was pressed
        self.part_id = ""
        self.matches: list[Part] = []

    def compose(self) -> ComposeResult:
        options = [(visible(o), o) for o in moments.shift_options()]
        with Vertical(classes="dialog wide", id="moment-add"):
            yield Static("Jot down a moment", classes="dialog-title")
            yield Static("", id="moment-kept", classes="hint")
            yield Label("What happened, or what shifted? A few words are enough.")
            yield TextArea(id="moment-text", soft_wrap=True, show_line_numbers=False,
                           compact=True)
            yield Select([*options, (OWN_WORDS, OWN_WORDS)], prompt="What shifted (optional)",
                         id="moment-shift", compact=True)
            yield Input(placeholder="the shift, in your own words", id="moment-own",
                        compact=True)
            yield Input(placeholder="a part (optional): type part of its name",
                        id="moment-part", compact=True)
            yield OptionList(id="moment-parts", compact=True)
            yield Static("", id="moment-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Keep it", id="keep", variant="primary", compact=True)
                yield Button("Not now", id="not-now", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#moment-own", Input).display = False
        self.query_one("#moment-parts", OptionList).display = False
        draft = self.draft
        if draft is not None and not draft.empty():
            area = self.query_one("#moment-text", TextArea)
            area.text = draft.text
            area.move_cursor(area.document.end)  # typing goes on after the kept words
            if draft.shift:
                self.query_one("#moment-shift", Select).value = draft.shift
            own = self.query_one("#moment-own", Input)
            own.value, own.display = draft.own, draft.shift == OWN_WORDS
            self._set_part(draft.part_text, draft.part_id)
            if draft.part_text.strip() and not draft.part_id:  # the matches, as they were
                self._match(draft.part_text)
            self.query_one("#moment-kept", Static).update(KEPT_NOTE)
        elif self.start_part is not None:
            self._set_part(self.start_part.name, self.start_part.id)
        self.query_one("#moment-kept", Static).display = bool(self.draft and
                                                               not self.draft.empty())
        self.query_one("#moment-text", TextArea).focus()

    # --- the part ---------------------------------------------------------------

    def _set_part(self, text: str, part_id: str) -> None:
        self.part_id = part_id
        field = self.query_one("#moment-part", Input)
        with field.prevent(Input.Changed):
            field.value = visible(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "moment-part":
            self.part_id = ""
            self._match(event.value)

    def _match(self, typed: str) -> None:
        self.matches = names_holding(self.pmap.parts, typed)
        shown = self.query_one("#moment-parts", OptionList)
        shown.clear_options()
        shown.add_options([Option(Text(visible(p.name)), id=p.id)
                           for p in self.matches[:SHOWN_PARTS]])
        if len(self.matches) > SHOWN_PARTS:
            shown.add_option(Option(Text(f"… {len(self.matches) - SHOWN_PARTS:,} more: "
                                         "type more of the name", style="dim"),
                                    disabled=True))
        shown.display = bool(self.matches)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "moment-part" and self.matches and not self.part_id:
            self._choose(self.matches[0])
        else:
            self.action_keep()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        part = self.pmap.part(event.option.id or "")
        if part is not None:
            self._choose(part)

    def _choose(self, part: Part) -> None:
        self._set_part(part.name, part.id)
        self.query_one("#moment-parts", OptionList).display = False
        self.query_one("#moment-part", Input).focus()

    def _part(self) -> str:
        """The chosen part's id; "" for none. Typed words that name no part are an error."""
        typed = self.query_one("#moment-part", Input).value
        if not typed.strip():
            return ""
        if self.part_id and self.pmap.part(self.part_id) is not None:
            return self.part_id
        exact = [p for p in self.pmap.parts if name_key(p.name) == name_key(typed)]
        if len(exact) == 1:
            return exact[0].id
        raise IfsError("no part has that name: choose one from the list under it, "
                       "or leave the part empty")

    # --- the shift --------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        own = self.query_one("#moment-own", Input)
        own.display = event.value == OWN_WORDS
        if own.display:
            own.focus()

    def _shift(self) -> str:
        value = self.query_one("#moment-shift", Select).value
        if value == OWN_WORDS:
            return self.query_one("#moment-own", Input).value
        return value if isinstance(value, str) else ""

    # --- keeping, leaving ---------------------------------------------------------

    def typed(self) -> Draft:
        value = self.query_one("#moment-shift", Select).value
        return Draft(self.query_one("#moment-text", TextArea).text,
                     value if isinstance(value, str) else "",
                     self.query_one("#moment-own", Input).value,
                     self.query_one("#moment-part", Input).value, self.part_id)

    def action_keep(self) -> None:
        error = self.query_one("#moment-error", Static)
        try:
            text = self.query_one("#moment-text", TextArea).text
            moment = moments.add(self.ifs.store, text, datetime.now().astimezone(),
                                 self._part(), self._shift())
        except IfsError as err:
            show_error(error, str(err))
            return
        self.dismiss(moment)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "keep":
            self.action_keep()
        else:
            self.action_close()

    def action_close(self) -> None:
        typed = self.typed()
        self.ifs.moment_draft = typed
        if not typed.empty():
            self.app.notify("Your words are kept for the next F3.", timeout=3)
        self.dismiss(None)

    def action_quit_app(self) -> None:
        quit_app_asking(self, not self.typed().empty())

