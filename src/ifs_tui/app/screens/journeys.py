"""The journeys list (k): each medicine session with its preparation and integration;
Enter opens one as its arc (journey.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core import journey_index, journeys
from ifs_tui.core.dates import parse_when
from ifs_tui.core.journeys import Journey
from ifs_tui.core.partwords import day
from ifs_tui.core.storage import MapStore

from ..text import plain, visible
from ..widgets.footer import KeyFooter
from .base import OnMap

EMPTY = ("No journeys yet. A journey ties a medicine session to the preparation before "
         "it, the integration after it and the ordinary moments of the weeks that follow. "
         "Press n to start one; a KAP walk-through (w) also offers it at its end.")
ABOUT = "Each one supports the work with your clinical team; none gives medical guidance."


def counts(journey: Journey) -> str:
    def n(count: int, what: str) -> str:
        return f"{count} {what}{'' if count == 1 else 's'}"

    return (f"{n(len(journey.preparation), 'preparation')}, "
            f"{n(len(journey.integration), 'integration reflection')}, "
            f"{n(len(journey.moments), 'moment')}")


def new_journey(store: MapStore, title: str, date: str, notes: str) -> Journey:
    return journeys.new(store, title, parse_when(date or "today", "the date"), notes)


class JourneysScreen(OnMap, Screen[None]):
    HELP_TITLE = "journeys"
    BINDINGS = [
        Binding("escape", "close", "Back", id="journeys.close", tooltip="Back to the map"),
        Binding("n", "new", "New journey", id="journeys.new",
                tooltip="Start a journey for a medicine session"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="journeys"):
            yield Static("Journeys", classes="screen-title")
            yield Static(ABOUT, classes="hint")
            yield OptionList(id="journey-list")
            yield Static("", id="journeys-problems", classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.fill()

    def fill(self, select: str = "") -> None:
        found, problems = journey_index.listing(self.ifs.store)
        options = self.query_one("#journey-list", OptionList)
        options.clear_options()
        # Newest session first: the one a person is most likely in.
        for journey in reversed(found):
            options.add_option(Option(Text.assemble(
                (visible(f"{day(journey.session)} · "), "bold"),
                (visible(journey.shown_title), "bold"),
                "\n", (visible(f"  {counts(journey)}"), "dim")), id=journey.id))
        for problem in problems:
            options.add_option(Option(Text(visible(
                f"could not be read: {problem.short()}"), style="dim italic"),
                id="unreadable:" + problem.file, disabled=True))
        note = "" if found or problems else EMPTY
        if problems:
            note = "\n".join(str(p) for p in problems[:3]) + (
                "\nFix it by hand where the message points; 'ifs check' lists every problem.")
        self.query_one("#journeys-problems", Static).update(plain(note))
        if select:
            options.highlighted = options.get_option_index(select)
        elif found:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.id.startswith("unreadable:"):
            self.open(event.option.id)

    def open(self, journey_id: str) -> None:
        from .journey import JourneyScreen

        def back(_: object = None) -> None:
            self.fill(journey_id)  # its counts may have changed

        self.app.push_screen(JourneyScreen(journey_id), back)

    def action_new(self) -> None:
        from .journey_form import JourneyFormScreen

        made: list[Journey] = []

        def save(title: str, date: str, notes: str) -> None:
            made.append(new_journey(self.ifs.store, title, date, notes))

        def done(saved: bool | None) -> None:
            if saved and made:
                self.fill(made[0].id)
                self.open(made[0].id)

        self.app.push_screen(JourneyFormScreen(save), done)

    def action_close(self) -> None:
        self.app.pop_screen()
