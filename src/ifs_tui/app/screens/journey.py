"""A journey as its arc: the parts prepared for, the preparation, the session and its
notes, what emerged, the ordinary moments since, and the care note with the person's
support contacts (core/journey_arc.py decides what is said)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ifs_tui.core import journeys, paths, reflections
from ifs_tui.core.errors import IfsError
from ifs_tui.core.journey_arc import arc, sections
from ifs_tui.core.journeys import Journey

from ..text import plain, visible
from ..widgets.footer import KeyFooter
from .base import OnMap

if TYPE_CHECKING:
    from .journey_pick import Row

# The care note in full, with the support contacts, ends the arc; this stays in sight.
CARE_LINE = ("This supports the work with your clinical team and gives no medical "
             "guidance. Your support contacts: at the end, or F2 at any time.")


class JourneyScreen(OnMap, Screen[None]):
    HELP_TITLE = "a journey"
    BINDINGS = [
        Binding("escape", "close", "Back", id="journey.close", tooltip="Back to the journeys"),
        Binding("e", "edit", "Edit", id="journey.edit",
                tooltip="Change the title, the session's date or the notes"),
        Binding("a", "attach", "Add", id="journey.attach",
                tooltip="Add a moment or a reflection to this journey"),
        Binding("x", "detach", "Take out", id="journey.detach",
                tooltip="Take something out of this journey (nothing is deleted)"),
        Binding("down", "read(1)", "Read on", id="journey.read-down", show=False),
        Binding("up", "read(-1)", "Read back", id="journey.read-up", show=False),
        Binding("pagedown,space", "read(10)", "Read a page on", id="journey.page-down",
                show=False),
        Binding("pageup", "read(-10)", "Read a page back", id="journey.page-up", show=False),
    ]

    def __init__(self, journey_id: str) -> None:
        super().__init__()
        self.journey_id = journey_id
        self.journey: Journey | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="journey"):
            yield Static("", id="journey-title", classes="screen-title", markup=False)
            yield Static(CARE_LINE, classes="hint", markup=False)
            with VerticalScroll(id="journey-arc"):
                yield Static("", id="arc")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#journey-arc").focus()

    def show(self) -> None:
        title = self.query_one("#journey-title", Static)
        try:  # the file as it is now: edited by hand or by `ifs journey` meanwhile
            self.journey = journeys.load(self.ifs.store, self.journey_id)
        except IfsError as err:
            self.journey = None
            title.update("A journey that could not be read")
            self.query_one("#arc", Static).update(plain(
                f"{err}\nNothing in it was changed. Fix it in a text editor where the "
                "message points; 'ifs check' lists every problem."))
            return
        title.update(plain(self.journey.shown_title))
        body: list[Text] = []
        the_arc = arc(self.ifs.store, self.journey, self.pmap)
        ifs = paths.ifs_for_folder(self.ifs.store.folder)  # hints name this map
        for i, (heading, lines) in enumerate(sections(the_arc, ifs, in_app=True)):
            if i:
                body.append(Text(""))
            body.append(Text(visible(heading), style="bold underline"))
            body += [Text(visible(line), style=self._style(line)) for line in lines]
        self.query_one("#arc", Static).update(Group(*body))

    @staticmethod
    def _style(line: str) -> str:
        return "dim" if line.startswith(("None yet", "No notes yet")) else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.journey is not None if action in ("edit", "attach", "detach") else True

    def action_read(self, lines: int) -> None:
        self.query_one("#journey-arc", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_edit(self) -> None:
        from ifs_tui.core.dates import parse_when

        from .journey_form import JourneyFormScreen

        journey = self.journey
        if journey is None:
            return
        before = f"{journey.session:%Y-%m-%d}"

        def save(title: str, date: str, notes: str) -> None:
            # What is left as shown stays as it is: the session's time, and characters
            # shown as <U+...> (a bidi override, an escape) in the title or notes.
            session = None if date == before else parse_when(date or "today", "the date")
            journeys.edit(self.ifs.store, journey.id,
                          None if title == visible(journey.title) else title, session,
                          None if notes == visible(journey.notes) else notes)

        def done(saved: bool | None) -> None:
            if saved:
                self.show()
                self.notify("Saved.", timeout=2)

        self.app.push_screen(JourneyFormScreen(save, journey), done)

    def action_attach(self) -> None:
        from .journey_pick import ATTACH_HINT, PickScreen, addable

        journey = self.journey
        if journey is None:
            return

        def rows(needle: str) -> list[Row]:
            return addable(self.ifs.store, self.pmap, self.ifs.headers, journey, needle)

        self.app.push_screen(PickScreen("Add to this journey", ATTACH_HINT, rows,
                                        "Nothing here that is not in this journey yet."),
                             self._add_chosen)

    def _add_chosen(self, key: str | None) -> None:
        from .journey_pick import MOMENT

        if not key:
            return
        kind, item = key[:2], key[2:]
        try:
            if kind == MOMENT:
                journeys.attach(self.ifs.store, self.journey_id, moment=item)
                where = "Moments since the session"
            else:
                rec = reflections.load(self.ifs.store, item)
                before = journeys.load(self.ifs.store, self.journey_id)
                after = journeys.attach_reflection(self.ifs.store, self.journey_id, rec)
                where = ("What emerged" if item in after.integration else "Preparation")
                if where == "Preparation" and len(after.parts) > len(before.parts):
                    where += " (and its parts to the parts prepared for)"
        except IfsError as err:
            self.notify(str(err), severity="error", markup=False)
            self.show()
            return
        self.show()
        self.notify(f"Added to {where}.", timeout=3, markup=False)

    def action_detach(self) -> None:
        from .journey_pick import DETACH_HINT, PickScreen, held

        if self.journey is None:
            return
        rows = held(arc(self.ifs.store, self.journey, self.pmap))
        self.app.push_screen(PickScreen("Take out of this journey", DETACH_HINT,
                                        lambda _needle: rows, "This journey holds nothing yet.",
                                        typed=False), self._take_out)

    def _take_out(self, ref: str | None) -> None:
        if not ref:
            return
        try:
            journeys.detach(self.ifs.store, self.journey_id, ref)
        except IfsError as err:
            self.notify(str(err), severity="error", markup=False)
            self.show()
            return
        self.show()
        self.notify("Taken out of this journey; nothing was deleted.", timeout=3,
                    markup=False)

    def action_close(self) -> None:
        self.dismiss()
