"""Search across part names and fields and the reflections."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core.search import Hit, search_store, shortened

from ..latest import Latest
from ..text import visible
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap

SHOWN = 40  # results added at a time

class SearchScreen(OnMap, ModalScreen[str | None]):
    """Dismisses with a part id to show it; a reflection opens in the journal."""

    HELP_TITLE = "search"
    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
        HELP_KEY,
    ]

    def compose(self) -> ComposeResult:
        self.finder: Latest[list[Hit]] = Latest(self, self._find, self._show)
        self.go_to_results = False  # enter pressed before the results were in
        self.hits: list[Hit] = []
        self.shown = 0
        with Vertical(classes="dialog wide", id="search"):
            yield Static("Search", classes="dialog-title")
            yield Input(placeholder="a word from a part, a reflection or a moment", id="query")
            yield Static("", id="search-count", classes="hint")
            yield OptionList(id="results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def _find(self, query: str) -> list[Hit]:
        # Off the UI thread; the map does not change while this dialog is open.
        assert self.ifs.pmap is not None
        return search_store(self.ifs.pmap, self.ifs.store, query)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.finder.want(event.value)

    def _show(self, query: str, hits: list[Hit] | None) -> None:
        self.hits, self.shown = hits or [], 0
        self.query_one("#results", OptionList).clear_options()
        self._show_more()
        if not query.strip():
            self.query_one("#search-count", Static).update("")
        if self.go_to_results:
            self.go_to_results = False
            self.action_to_results()

    def _show_more(self) -> None:
        """The next few results: building hundreds of three-line options on each key
        costs more than finding them; more come as the cursor reaches the last."""
        more = self.hits[self.shown:self.shown + SHOWN]
        self.query_one("#results", OptionList).add_options([self._option(h) for h in more])
        self.shown += len(more)
        total = len(self.hits)
        self.query_one("#search-count", Static).update(
            f"{total} found" if self.shown == total
            else f"{total} found, the first {self.shown} shown: move down for more")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index == event.option_list.option_count - 1 and (
                self.shown < len(self.hits)):
            self._show_more()

    @staticmethod
    def _option(hit: Hit) -> Option:
        if hit.kind == "part":
            label = Text.assemble((visible(hit.title), "bold"),
                                  (f"  part · {visible(hit.where[:50])}", "dim"),
                                  "\n", visible(hit.excerpt))
        else:  # which one: its date and part; the question cut between words
            about = [f"{hit.started:%Y-%m-%d}"] if hit.started else []
            about += [hit.part] if hit.part else []
            what = hit.kind if hit.kind in ("moment", "journey") else (
                f"reflection · {visible(shortened(hit.where))}")
            label = Text.assemble((visible(hit.title), "bold"),
                                  (f"  {visible(' · '.join(about))}", "dim"),
                                  "\n", (what, "dim"), "\n", visible(hit.excerpt))
        return Option(label, id=f"{hit.kind}:{hit.target}")

    def on_input_submitted(self) -> None:
        self.go_to_results = self.finder.running
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
        if kind == "moment":
            from .moments import MomentsScreen

            self.dismiss(None)
            query = self.query_one("#query", Input).value
            self.app.push_screen(MomentsScreen(query, select=target))
            return
        if kind == "journey":
            from .journey import JourneyScreen

            self.dismiss(None)
            self.app.push_screen(JourneyScreen(target))
            return
        from .journal import JournalScreen

        self.dismiss(None)
        journal = JournalScreen()
        self.app.push_screen(journal)
        query = self.query_one("#query", Input).value
        journal.call_after_refresh(journal.show_record, target, query)

    def action_close(self) -> None:
        self.dismiss(None)
