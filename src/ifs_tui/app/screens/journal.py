"""The journal: past reflections, a filter, reading one, resuming an unfinished one."""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from ifs_tui.core import paths, reflect_index, reflections
from ifs_tui.core.errors import IfsError, Problem
from ifs_tui.core.model import PartsMap
from ifs_tui.core.reflect_index import Header
from ifs_tui.core.reflections import (
    LEFT_ROUTE,
    UNFINISHED,
    Reflection,
    answer_text,
    item_heading,
    on_path,
)
from ifs_tui.core.storage import MapStore

from ..latest import Latest
from ..text import visible
from ..widgets.footer import KeyFooter
from .base import OnMap


def part_name(pmap: PartsMap | None, part_id: str) -> str:
    part = pmap.part(part_id) if pmap and part_id else None
    return part.name if part else part_id


def reflection_view(rec: Reflection, pmap: PartsMap | None) -> RenderableType:
    body: list[RenderableType] = [
        Text(visible(rec.pack_title), style="bold"),
        Text(visible(f"{rec.started:%Y-%m-%d %H:%M} · {rec.status}"
                     + (f" · {part_name(pmap, rec.part)}" if rec.part else "")), style="dim"),
    ]
    draft = rec.draft if rec.draft is not None and rec.draft.text.strip() else None
    taken, left = on_path(rec)
    shown = taken + left
    for i, answer in enumerate(shown):
        if left and i == len(taken):  # kept, but apart from the route the walk took
            body += [Text(""), Text(LEFT_ROUTE, style="dim italic")]
        if heading := item_heading(shown, i):
            body += [Text(""), Text(visible(heading), style="bold underline")]
        body += [Text(""), Text(visible(answer.ask), style="bold")]
        if draft is not None and draft.step == answer.ref:
            body += unfinished(draft.text)  # newer than the answer or "not now" before it
            draft = None
        else:
            body.append(Text(visible(answer_text(answer, pmap)),
                             style="dim italic" if answer.skipped else ""))
    if draft is not None:  # typed at a step not answered before
        body += [Text("")] + unfinished(draft.text)
    if not rec.answers and rec.draft is None:
        body += [Text(""), Text("No answers yet.", style="dim")]
    return Group(*body)


def unfinished(text: str) -> list[RenderableType]:
    return [Text(UNFINISHED, style="dim italic"),
            Text(visible(text))]


DATE_W, STATUS_W = 16, 11  # "2026-10-18 21:00", "in-progress"


def cell(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style, no_wrap=True, overflow="ellipsis")


UNREADABLE = "unreadable:"  # row keys of files that would not load
# Rows put in the table at once: years of reflections would make every key slow.
# Older ones are added a window at a time as the cursor reaches the last row.
WINDOW = 60


class JournalTable(DataTable[object]):
    """The journal's rows: Home and End go to the newest and the oldest reflection
    (a plain DataTable scrolls sideways with them)."""

    BINDINGS = [
        Binding("home", "newest", "Newest", show=False, id="journal.newest"),
        Binding("end", "oldest", "Oldest", show=False, id="journal.oldest"),
    ]

    def action_newest(self) -> None:
        self.move_cursor(row=0)

    def action_oldest(self) -> None:
        screen = self.screen
        if isinstance(screen, JournalScreen):
            screen.show_all()  # the rows not shown yet, once: asked for, not by moving
        self.move_cursor(row=self.row_count - 1)


def count_line(window: int, total: int, needle: str) -> str:
    """One line even at 80 columns: how many rows of how many, and how to see more."""
    if total > window and needle:  # typing more narrows them further
        return f"{window:,} of {total:,} that match, newest first; move down for more."
    if total > window:
        return (f"{window:,} of {total:,} shown, newest first; move down for more, "
                "or / to narrow.")
    if needle:
        return f"{total:,} match." if total else ""
    return f"{total:,} reflection{'' if total == 1 else 's'}." if total else ""


def unreadable_view(problem: Problem) -> RenderableType:
    return Group(
        Text(visible(Path(problem.file).name), style="bold"),
        Text("This reflection file could not be read.", style="dim"),
        Text(""),
        Text(visible(str(problem))),
        Text(""),
        Text("Nothing in it was changed. Fix it in a text editor where the message "
             "points, or move it out of the folder; `ifs check` lists every problem.",
             style="dim"),
    )


class JournalScreen(OnMap, Screen[None]):
    HELP_TITLE = "the journal"
    BINDINGS = [
        Binding("escape", "close", "Back", id="journal.close"),
        Binding("slash,ctrl+f", "filter", "Filter", id="journal.filter"),
        Binding("g", "resume", "Go on with it", id="journal.resume"),
    ]

    def compose(self) -> ComposeResult:
        self.finder: Latest[set[str]] = Latest(self, self._find, self._found)
        self.needle = ""  # the filter the rows show
        self.shown: list[Header] = []  # what matches it, newest first
        self.window = 0  # how many of those are rows
        self._by_id: dict[str, Header] = {}
        self._could_go_on: bool | None = None
        self._show_when_found = ""  # a reflection from search, once the filter is done
        self._just_read = ""  # read by fill(): the row's highlight need not read it again
        with Vertical(id="journal"):
            yield Static("Journal", classes="screen-title")
            yield Input(placeholder="filter by any word in a reflection", id="journal-filter",
                        compact=True)
            yield Static("", id="journal-count", classes="hint", markup=False)
            yield JournalTable(id="journal-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="journal-reading"):
                yield Static("", id="reading")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Fixed widths that fit the terminal: long pack or part names end in "…",
        # dates and statuses stay whole, and no sideways scrolling at 80 columns.
        room = max(20, self.app.size.width - DATE_W - STATUS_W - 16)
        table.add_column("date", width=DATE_W)
        table.add_column("pack", width=room - room // 2)
        table.add_column("part", width=room // 2)
        table.add_column("status", width=STATUS_W)
        self._found("", None)
        table.focus()
        self.reread()

    @work(thread=True, exclusive=True, group="journal-read")
    def reread(self) -> None:
        # The folder may have changed since the app started (`ifs reflect` in another
        # terminal, a file edited by hand): show what is there now. A stat per file
        # says whether anything changed; only then are the headers listed again.
        store = self.ifs.store
        if reflect_index.unchanged_since(store, self.ifs.index_seen):
            return
        seen = reflect_index.stamp(store)
        headers, problems = reflect_index.listing(store)
        self.app.call_from_thread(self._reread_done, seen, headers, problems)

    def _reread_done(self, seen: tuple[int, int, int, int] | None, headers: list[Header],
                     problems: list[Problem]) -> None:
        self.ifs.index_seen = seen
        if (headers == self.ifs.headers
                and [str(p) for p in problems] == [str(p) for p in self.ifs.unreadable]):
            return
        self.ifs.headers, self.ifs.unreadable = headers, problems
        self.finder.want(self.query_one("#journal-filter", Input).value)

    # --- filtering -----------------------------------------------------------

    def _find(self, needle: str) -> set[str]:
        """Ids whose words hold `needle`, or whose part's name does (off the UI thread)."""
        ids = reflect_index.matching(self.ifs.store, needle)
        wanted = reflect_index.fold(needle)
        parts = {p.id for p in (self.ifs.pmap.parts if self.ifs.pmap else [])
                 if wanted in reflect_index.fold(p.name)}
        return ids | {h.id for h in self.ifs.headers if h.part in parts}

    def _found(self, needle: str, ids: set[str] | None) -> None:
        self.needle = needle.strip()
        self.shown = [h for h in reversed(self.ifs.headers) if ids is None or h.id in ids]
        self._by_id = {h.id: h for h in self.ifs.headers}
        self.fill()
        if self._show_when_found:
            rec_id, self._show_when_found = self._show_when_found, ""
            self.show_record(rec_id)

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        # Files that would not load come first, so none is silently missing.
        unreadable = self.ifs.unreadable if not self.needle else []
        for problem in unreadable:
            table.add_row(Text("?"), cell(Path(problem.file).name), Text(""),
                          cell("unreadable", style="bold"), key=UNREADABLE + problem.file)
        self.window = 0
        self._add_rows(WINDOW)
        reading = self.query_one("#reading", Static)
        if self.shown:
            table.move_cursor(row=len(unreadable))  # the newest reflection that can be read
            self._read(self.shown[0].id)
            self._just_read = self.shown[0].id  # its highlight, coming next, reads no more
        elif unreadable:
            self._read(UNREADABLE + unreadable[0].file)
        else:
            reading.update("No reflections yet. Press escape, then w to start one."
                           if not self.needle else "Nothing matches that filter.")

    def show_all(self) -> None:
        if self.window < len(self.shown):
            self._add_rows(len(self.shown) - self.window)

    def _add_rows(self, count: int) -> None:
        table = self.query_one(DataTable)
        pmap = self.ifs.pmap
        for rec in self.shown[self.window:self.window + count]:
            # Text cells: a string cell would be read as Rich markup.
            table.add_row(f"{rec.started:%Y-%m-%d %H:%M}", cell(rec.pack_title),
                          cell(part_name(pmap, rec.part)), cell(rec.status), key=rec.id)
        self.window = min(len(self.shown), self.window + count)
        self.query_one("#journal-count", Static).update(
            count_line(self.window, len(self.shown), self.needle))

    # --- reading ---------------------------------------------------------------

    def _read(self, rec_id: str) -> None:
        reading = self.query_one("#reading", Static)
        if rec_id.startswith(UNREADABLE):
            problem = next((p for p in self.ifs.unreadable
                            if UNREADABLE + p.file == rec_id), None)
            if problem is not None:
                reading.update(unreadable_view(problem))
            return
        try:  # one file, read now: what is on disk, even if edited since the listing
            rec = reflections.load(self.ifs.store, rec_id)
        except IfsError as err:
            reading.update(Text(visible(f"This reflection could not be read now: {err}"),
                                style="dim"))
            return
        reading.update(reflection_view(rec, self.ifs.pmap))

    def show_record(self, rec_id: str, query: str = "") -> None:
        """Open one reflection (from search): move the cursor to its row. One far
        older than the rows shown is found through `query` (what was searched) in the
        filter, rather than by adding thousands of rows."""
        table = self.query_one(DataTable)
        at = next((i for i, h in enumerate(self.shown) if h.id == rec_id), None)
        if at is not None and at >= self.window + WINDOW and query.strip():
            self._show_when_found = rec_id
            self.query_one("#journal-filter", Input).value = query
        elif at is not None and at >= self.window:  # a little older than the rows so far
            self._add_rows(at + 1 - self.window + WINDOW // 2)
        with contextlib.suppress(RowDoesNotExist):  # filtered out: just read it
            table.move_cursor(row=table.get_row_index(rec_id))
        self._read(rec_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        just_read, self._just_read = self._just_read, ""
        if event.row_key.value and event.row_key.value != just_read:
            self._read(event.row_key.value)
        if event.cursor_row == event.data_table.row_count - 1 and self.window < len(self.shown):
            self._add_rows(WINDOW)
        # "Go on with it" only for one that can go on; the footer is redrawn only when
        # that changes, not on every row the cursor passes.
        can_go_on = self.check_action("resume", ())
        if can_go_on != self._could_go_on:
            self._could_go_on = can_go_on
            self.refresh_bindings()

    def _cursor_key(self) -> str:
        table = self.query_one(DataTable)
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "resume":
            return True
        with contextlib.suppress(NoMatches, CellDoesNotExist, RowDoesNotExist):
            header = self._by_id.get(self._cursor_key())
            # Hidden for a finished one; an unreadable file is explained when pressed.
            return header is None or header.status != "finished"
        return False

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#journal-reading").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.finder.want(event.value)

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#journal-filter", Input).focus()

    def action_close(self) -> None:
        if self.focused is self.query_one("#journal-filter", Input) and self.query_one(
                "#journal-filter", Input).value:
            self.query_one("#journal-filter", Input).value = ""
            return
        self.app.pop_screen()

    def action_resume(self) -> None:
        # Imported here: packs and the walk are not needed to open the journal.
        from ifs_tui.core.packs import load_packs
        from ifs_tui.core.walk import Walk

        from .walk import WalkScreen

        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        rec_id = self._cursor_key()
        if rec_id.startswith(UNREADABLE):
            self.notify("That file could not be read, so it cannot be resumed.", timeout=3,
                        markup=False)
            return
        store = MapStore(self.ifs.store.folder)
        try:
            rec = reflections.load(store, rec_id)  # as it is on disk now
        except IfsError as err:
            self.notify(str(err), severity="error")
            return
        if rec.status == "finished":
            self.notify("That one is finished; it can be read here.", timeout=3)
            return
        pack = load_packs(paths.user_prompts_dir(),
                          store.folder / paths.PROMPTS_DIR).get(rec.pack)
        if pack is None:
            self.notify(f"The pack {rec.pack!r} is not available any more.", severity="warning")
            return
        try:
            walk = Walk.resume(pack, store, rec)
        except IfsError as err:
            self.notify(str(err), severity="error")
            return
        self.app.switch_screen(WalkScreen(walk))
