"""The "which part?" step in the app: nothing is chosen or created unasked.

PartList knows whether the person moved through it (a focused OptionList
highlights its first row by itself). NearPartsScreen answers a name that no part
has: the nearest parts, an explicit "Create a new part named …", or choose again.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core.model import ROLE_NAMES, Part

from ..text import plain, visible
from ..widgets.footer import HELP_KEY, KeyFooter

NEW = "__new__"
AGAIN = "__again__"


class PartList(OptionList):
    """An OptionList that remembers whether the person moved its highlight."""

    def __init__(self, *options: Option, id: str | None = None) -> None:
        super().__init__(*options, id=id)
        self.touched = False  # OptionList highlights its first row as it is made

    def action_select(self) -> None:
        # Enter on the highlighted row is a choice, the first row too (trials: Enter on
        # the first part did nothing, and asked to choose a part).
        self.touched = True
        super().action_select()

    def action_cursor_down(self) -> None:
        self.touched = True
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        self.touched = True
        super().action_cursor_up()

    def action_first(self) -> None:
        self.touched = True
        super().action_first()

    def action_last(self) -> None:
        self.touched = True
        super().action_last()

    def action_page_down(self) -> None:
        self.touched = True
        super().action_page_down()  # type: ignore[no-untyped-call]

    def action_page_up(self) -> None:
        self.touched = True
        super().action_page_up()  # type: ignore[no-untyped-call]

    async def _on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        self.touched = True
        await super()._on_click(event)


class NearPartsScreen(ModalScreen[str | None]):
    """No part has the typed name: a part's id, NEW to create it, or None."""

    HELP_TITLE = "which part?"
    BINDINGS = [Binding("escape", "choose_again", "Choose again", id="near.again"), HELP_KEY]

    def __init__(self, name: str, near: list[Part], allow_new: bool) -> None:
        super().__init__()
        self.typed, self.near, self.allow_new = name, near, allow_new

    def compose(self) -> ComposeResult:
        shown = visible(self.typed.strip())
        options = [Option(plain(f"{p.name}  ({ROLE_NAMES[p.role]})"), id=p.id) for p in self.near]
        if self.allow_new:
            options.append(Option(Text.assemble("Create a new part named ",
                                                (shown, "bold")), id=NEW))
        options.append(Option("Choose again", id=AGAIN))
        with Vertical(classes="dialog", id="near-parts"):
            yield Static("Which part?", classes="dialog-title")
            yield Static(Text.assemble("No part is named ", (shown, "bold"), " yet."
                                       + (" Did you mean one of these?" if self.near else "")))
            yield OptionList(*options, id="near-choice")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#near-choice", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        self.dismiss(None if choice == AGAIN else choice)

    def action_choose_again(self) -> None:
        self.dismiss(None)
