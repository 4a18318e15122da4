"""The map's timeline (h): its saved versions newest first, what each one changed, and
bringing one back after seeing what that would change (the map it replaces is kept, so
a restore can be undone the same way)."""

from __future__ import annotations

import contextlib
from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from ifs_tui.core import history
from ifs_tui.core.errors import IfsError
from ifs_tui.core.history import CURRENT, Entry
from ifs_tui.core.mapdiff import Change, diff, words
from ifs_tui.core.storage import MapStore

from ..text import visible
from ..widgets.footer import KeyFooter
from .base import OnMap
from .journal import DATE_W, cell


def day(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M}" if when else "date unknown"  # as written, as elsewhere


def changes_view(title: str, changes: list[Change], empty: str) -> RenderableType:
    lines: list[RenderableType] = [Text(visible(title), style="bold"), Text("")]
    lines += [Text(visible(f"• {words(c)}")) for c in changes] or [Text(empty, style="dim")]
    return Group(*lines)


def restore_message(entry: Entry, changes: list[Change]) -> str:
    said = "\n".join(f"• {words(c)}" for c in changes)
    return (f"Bringing back the map as it was on {day(entry.saved)} would change this:\n\n"
            f"{said}\n\nThe map as it is now is kept in history first, so you can undo "
            "this here the same way: bring that version back.")


class MapTimelineScreen(OnMap, Screen[None]):
    HELP_TITLE = "the map's history"
    BINDINGS = [
        Binding("escape", "close", "Back", id="timeline.close"),
        Binding("enter", "show_changes", "What it changed", id="timeline.changes",
                tooltip="Show in words what the chosen version changed"),
        Binding("r", "restore", "Bring it back", id="timeline.restore",
                tooltip="Bring the chosen version back (asks first; can be undone)"),
    ]

    def compose(self) -> ComposeResult:
        self.entries: dict[str, Entry] = {}
        self.order: list[str] = []  # ids, newest first
        with Vertical(id="timeline"):
            yield Static("The map's history", classes="screen-title")
            yield Static("Reading the saved versions…", id="timeline-count", classes="hint",
                         markup=False)
            yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="timeline-reading"):
                yield Static("", id="timeline-changes")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("saved", width=DATE_W)
        table.add_column("what changed", width=max(20, self.app.size.width - DATE_W - 10))
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="timeline-load")
    def load(self) -> None:
        # The first listing of a long history may read many files: off the UI thread.
        found = history.entries(MapStore(self.ifs.store.folder))
        if self.app.is_running:
            self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[Entry]) -> None:
        if not self.is_attached:
            return
        table = self.query_one(DataTable)
        table.clear()
        self.entries = {e.id: e for e in found}
        self.order = [e.id for e in found]
        for entry in found:
            label = "now" if entry.id == CURRENT else day(entry.saved)
            table.add_row(cell(label), cell(entry.summary), key=entry.id)
        kept = len(found) - 1
        self.query_one("#timeline-count", Static).update(
            "No earlier versions yet: each save keeps the one before it."
            if kept < 1 else
            f"{kept} earlier version{'s' if kept != 1 else ''} kept, newest first; "
            "enter: what one changed.")
        if found:
            table.move_cursor(row=0)
            self._summary(found[0].id)

    # --- the chosen version ---------------------------------------------------

    def chosen(self) -> str:
        table = self.query_one(DataTable)
        with contextlib.suppress(CellDoesNotExist, RowDoesNotExist):
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return ""

    def _summary(self, version_id: str) -> None:
        entry = self.entries.get(version_id)
        if entry is None:
            return
        name = "The map as it is now" if version_id == CURRENT else f"Version {version_id}"
        self.query_one("#timeline-changes", Static).update(Group(
            Text(visible(f"{name} · saved {day(entry.saved)}"), style="bold"),
            Text(visible(entry.summary)),
            Text(""),
            Text("enter shows every change in words.", style="dim")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._summary(str(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_show_changes()

    def action_show_changes(self) -> None:
        version_id = self.chosen()
        if version_id:
            self.show_changes(version_id)

    @work(thread=True, exclusive=True, group="timeline-diff")
    def show_changes(self, version_id: str) -> None:
        view = self._changes_of(version_id)
        if self.app.is_running:
            self.app.call_from_thread(self._show, view)

    def _changes_of(self, version_id: str) -> RenderableType:
        store = MapStore(self.ifs.store.folder)
        at = self.order.index(version_id) if version_id in self.order else -1
        entry = self.entries[version_id]
        title = f"What the version saved {day(entry.saved)} changed"
        if at < 0 or at + 1 >= len(self.order):
            return changes_view(title, [], "The oldest version kept: nothing before it to "
                                "compare with.")
        try:
            newer = history.readable(store, version_id)
            older = history.readable(store, self.order[at + 1])
        except IfsError as err:
            return Text(visible(f"This cannot be compared: {err}"), style="dim")
        assert newer.pmap is not None and older.pmap is not None
        return changes_view(title, diff(older.pmap, newer.pmap),
                            "No change to parts, links or notes.")

    def _show(self, view: RenderableType) -> None:
        if self.is_attached:
            self.query_one("#timeline-changes", Static).update(view)

    # --- bringing one back ------------------------------------------------------

    def action_restore(self) -> None:
        version_id = self.chosen()
        if version_id == CURRENT:
            self.notify("That is the map as it is now. Choose an earlier version to bring "
                        "back.", timeout=4)
        elif version_id:
            self.ask_restore(version_id)

    @work(thread=True, exclusive=True, group="timeline-diff")
    def ask_restore(self, version_id: str) -> None:
        store = MapStore(self.ifs.store.folder)
        try:
            target = history.readable(store, version_id)
            current = store.load()
        except IfsError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", timeout=8)
            return
        assert target.pmap is not None
        changes = diff(current, target.pmap)
        if self.app.is_running:
            self.app.call_from_thread(self._confirm, version_id, changes)

    def _confirm(self, version_id: str, changes: list[Change]) -> None:
        from .dialogs import ConfirmScreen

        entry = self.entries[version_id]
        if not changes:
            self.notify("That version says the same as the map now: nothing to bring back.",
                        timeout=4)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._restore(version_id)

        self.app.push_screen(ConfirmScreen("Bring this version back?",
                                           restore_message(entry, changes),
                                           yes="Restore", no="Cancel"), answer)

    def _restore(self, version_id: str) -> None:
        was_saved = self.entries[version_id].saved  # the save below dates the map anew
        try:
            _restored, changes = history.restore(self.ifs.store, version_id)
        except IfsError as err:
            self.notify(str(err), severity="error", timeout=10)
            return
        self.ifs.reload_map()
        if not changes:
            self.notify("That version already matches the map; nothing was changed.")
        else:
            self.notify(f"Brought back the map as it was on {day(was_saved)}. The map it "
                        "replaced is kept: it is the newest earlier version here, so to "
                        "undo, bring that one back (r).", timeout=6)
        self.load()

    def action_close(self) -> None:
        self.app.pop_screen()
