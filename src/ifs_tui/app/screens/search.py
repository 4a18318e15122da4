"""Search across part names and fields and the reflections."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core.search import search

from ..text import visible
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap


class SearchScreen(OnMap, ModalScreen[str | None]):
    """Dismisses with a part id to show it; a reflection opens in the journal."""

    HELP_TITLE = "search"
    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
        HELP_KEY,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="search"):
            yield Static("Search", classes="dialog-title")
            yield Input(placeholder="a word from a part or a reflection", id="query")
            yield Static("", id="search-count", classes="hint")
            yield OptionList(id="results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        assert self.ifs.pmap is not None
        hits = search(self.ifs.pmap, self.ifs.records, event.value)
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for hit in hits:
            kind = "part" if hit.kind == "part" else "reflection"
            label = Text.assemble((visible(hit.title), "bold"),
                                  (f"  {kind} · {visible(hit.where[:50])}", "dim"),
                                  "\n", visible(hit.excerpt))
            results.add_option(Option(label, id=f"{hit.kind}:{hit.target}"))
        count = self.query_one("#search-count", Static)
        count.update(f"{len(hits)} found" if event.value.strip() else "")

    def on_input_submitted(self) -> None:
        self.action_to_results()

    def action_to_results(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, target = (event.option.id or "").partition(":")
        if kind == "part":
            self.dismiss(target)
            return
        from .journal import JournalScreen

        self.dismiss(None)
        journal = JournalScreen()
        self.app.push_screen(journal)
        journal.call_after_refresh(journal.show_record, target)

    def action_close(self) -> None:
        self.dismiss(None)
