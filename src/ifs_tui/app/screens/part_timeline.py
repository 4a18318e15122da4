"""A part's own timeline (H): its status moves and fields from the map's history, the
reflections that name it and the moments noticed with it, newest first."""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from ifs_tui.core.storage import MapStore
from ifs_tui.core.timeline import MAP, MOMENT, REFLECTION, Event, part_timeline

from ..text import plain, visible
from ..widgets.footer import KeyFooter
from .base import OnMap
from .journal import DATE_W, cell
from .timeline import day

KIND_W = 10
KINDS = {MAP: "the map", REFLECTION: "reflection", MOMENT: "moment"}


class PartTimelineScreen(OnMap, Screen[None]):
    HELP_TITLE = "a part's timeline"
    BINDINGS = [
        Binding("escape", "close", "Back", id="part-timeline.close"),
        Binding("enter", "open", "Open", id="part-timeline.open",
                tooltip="Read the chosen reflection in the journal"),
    ]

    def __init__(self, part_id: str) -> None:
        super().__init__()
        self.part_id = part_id
        self.events: list[Event] = []

    def compose(self) -> ComposeResult:
        part = self.pmap.part(self.part_id)
        name = part.name if part else self.part_id
        with Vertical(id="part-timeline"):
            yield Static(plain(f"Timeline: {name}"), classes="screen-title")
            yield Static("Gathering what the map remembers…", id="part-timeline-count",
                         classes="hint", markup=False)
            yield DataTable(id="part-timeline-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="part-timeline-reading"):
                yield Static("", id="part-timeline-words")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("when", width=DATE_W)
        table.add_column("from", width=KIND_W)
        table.add_column("what", width=max(20, self.app.size.width - DATE_W - KIND_W - 12))
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="part-timeline")
    def load(self) -> None:
        store = MapStore(self.ifs.store.folder)
        found = part_timeline(store, self.part_id, self.pmap, self.ifs.headers)
        if self.app.is_running:
            self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[Event]) -> None:
        if not self.is_attached:
            return
        self.events = found
        table = self.query_one(DataTable)
        table.clear()
        for i, event in enumerate(found):
            table.add_row(cell(day(event.when) if event.when else ""),
                          cell(KINDS.get(event.kind, event.kind)), cell(event.words),
                          key=str(i))
        count = self.query_one("#part-timeline-count", Static)
        if not found:
            count.update("Nothing yet: as the part's details change, and reflections and "
                         "moments name it, they gather here.")
            return
        count.update(f"{len(found)} thing{'s' if len(found) != 1 else ''} over time, newest "
                     "first.")
        table.move_cursor(row=0)
        self._show(0)

    def _chosen(self) -> int | None:
        table = self.query_one(DataTable)
        with contextlib.suppress(CellDoesNotExist, RowDoesNotExist, ValueError):
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            return int(str(key))
        return None

    def _show(self, at: int) -> None:
        event = self.events[at]
        hint = {REFLECTION: "enter reads it in the journal.",
                MAP: "The map's history (h on the main screen) shows every version."}
        self.query_one("#part-timeline-words", Static).update(Text.assemble(
            (visible(f"{day(event.when) if event.when else 'date unknown'} · "
                     f"{KINDS.get(event.kind, event.kind)}"), "bold"), "\n",
            visible(event.words), "\n\n", (hint.get(event.kind, ""), "dim")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        at = self._chosen()
        if at is not None and at < len(self.events):
            self._show(at)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from .journal import JournalScreen

        at = self._chosen()
        if at is None or at >= len(self.events) or self.events[at].kind != REFLECTION:
            return
        journal = JournalScreen()
        rec_id = self.events[at].ref
        self.app.push_screen(journal)
        journal.call_after_refresh(journal.show_record, rec_id)

    def action_close(self) -> None:
        self.app.pop_screen()
