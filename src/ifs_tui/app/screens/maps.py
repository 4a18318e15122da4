"""f4: the maps beside the open one, as `ifs maps` lists them; open, make, copy or
rename one. The list is read off the UI thread: a large map.toml takes a moment."""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core import maps
from ifs_tui.core.errors import IfsError
from ifs_tui.core.maps import MapInfo

from ..text import plain, visible
from ..widgets.footer import KeyFooter
from .base import OnMap

LEGEND = "* the default map (plain `ifs` opens it)   ▸ the map open now"
# Fixed columns: marks, parts, reflections, last changed; the name and title share the rest.
FIXED = (("parts", 5), ("reflections", 11), ("last changed", 16))
GAP = 2
NAME_MOST = 24
TITLE_LEAST = 8


def _cell(text: str, width: int, right: bool = False) -> Text:
    """`text` cut (with an ellipsis) or padded to exactly `width` cells."""
    cell = Text(visible(" ".join(text.split())), no_wrap=True)
    cell.truncate(width, overflow="ellipsis", pad=True)
    if right and cell_len(cell.plain.rstrip()) < width:
        cell = Text(cell.plain.rstrip().rjust(width), no_wrap=True)
    return cell


def widths(infos: list[MapInfo], room: int) -> tuple[int, int]:
    """(name, title) widths in `room` cells: the title gives way first, then the name."""
    fixed = 2 + sum(w + GAP for _, w in FIXED) + GAP
    name = min(NAME_MOST, max([cell_len(visible(i.name)) for i in infos] + [4]))
    title = room - fixed - name
    if title < TITLE_LEAST:
        name = max(4, name - (TITLE_LEAST - title))
        title = max(0, room - fixed - name)
    return name, title


def header(name_w: int, title_w: int) -> Text:
    cells = [Text("  "), _cell("map", name_w), _cell("title", title_w)]
    cells += [_cell(word, w, right=word != "last changed") for word, w in FIXED]
    return Text(" " * GAP).join(cells)


def row(info: MapInfo, name_w: int, title_w: int, is_open: bool, room: int = 76) -> Text:
    marks = ("▸" if is_open else " ") + ("*" if info.default else " ")
    changed = f"{info.changed:%Y-%m-%d %H:%M}" if info.changed else ""
    parts = "–" if info.parts is None else str(info.parts)
    line = Text(" " * GAP).join([
        Text(marks, style="bold"), _cell(info.name, name_w),
        _cell("(encrypted)" if info.encrypted and not info.title else info.title, title_w),
        _cell(parts, 5, right=True), _cell(str(info.reflections), 11, right=True),
        _cell(changed, 16)])
    line.no_wrap, line.overflow = True, "ellipsis"
    if is_open:
        line.stylize("bold")
    if info.problem:  # said under the row, in full and indented: a column would cut it
        import textwrap

        lines = textwrap.wrap(visible(info.problem), max(20, room - 4), break_long_words=False)
        for text in lines:
            line.append("\n")
            line.append(Text(f"    {text}", style="italic"))
    return line


class MapList(OptionList):
    # Enter is the list's own key (not a priority one on the screen): a key pressed just
    # before it, such as Up, has then always moved the cursor first.
    BINDINGS = [Binding("enter", "screen.open", "Open", id="maps.open",
                        tooltip="Open the chosen map")]


class MapsScreen(OnMap, Screen[None]):
    HELP_TITLE = "maps"
    BINDINGS = [
        Binding("escape", "close", "Back", id="maps.close", tooltip="Back, to the map open now"),
        Binding("n", "new", "New", id="maps.new", tooltip="Make a new, empty map"),
        Binding("c", "copy", "Copy", id="maps.copy", tooltip="Copy the chosen map"),
        Binding("r", "rename", "Rename", id="maps.rename", tooltip="Rename the chosen map"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.infos: list[MapInfo] = []
        self._select = ""  # the map to highlight once the list is read
        self._ahead = False  # names only are shown: titles and counts still coming

    def compose(self) -> ComposeResult:
        with Vertical(id="maps"):
            yield Static("Maps", classes="screen-title")
            if self.ifs.demo:  # a therapist's screen: no temporary path, no default
                yield Static("The demo's fictional maps, each a temporary copy",
                             classes="hint", id="maps-where", markup=False)
                yield Static(LEGEND.partition("   ")[2], classes="hint", markup=False)
            else:
                yield Static(plain(f"In {self.ifs.place.maps}"), classes="hint",
                             id="maps-where")
                yield Static(LEGEND, classes="hint", markup=False)
            yield Static("", id="maps-header", markup=False)
            yield MapList(id="maps-list")
            yield Static("", id="maps-note", classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        # The names at once, so keys typed right after f4 (Down, Enter) find rows; the
        # titles and counts follow from the thread, the cursor kept where it went.
        self._select = self.ifs.store.folder.name
        with contextlib.suppress(IfsError, OSError):
            self.infos = maps.map_names(self.ifs.place)
            self.fill()
            self._ahead = True
        self.read_maps()

    def relist(self, select: str = "") -> None:
        self._select = select or self.chosen_name()
        self.read_maps()

    @work(thread=True, exclusive=True, group="maps")
    def read_maps(self) -> None:
        try:
            found = maps.list_maps(self.ifs.place)
            note = ""
        except (IfsError, OSError) as err:
            found, note = [], f"The maps could not be listed: {err}"
        self.app.call_from_thread(self._show, found, note)

    def _show(self, found: list[MapInfo], note: str) -> None:
        if self._ahead:  # the names-only list: keep the cursor where the keys moved it
            self._select, self._ahead = self.chosen_name() or self._select, False
        self.infos = found
        if not found and not note:
            note = "No maps here yet. Press n to make one."
        self.query_one("#maps-note", Static).update(plain(note))
        self.fill()

    def fill(self) -> None:
        options = self.query_one(OptionList)
        room = options.scrollable_content_region.width or self.app.size.width - 8
        room -= 4  # an option's padding, a scrollbar
        name_w, title_w = widths(self.infos, room)
        self.query_one("#maps-header", Static).update(header(name_w, title_w))
        options.clear_options()
        for info in self.infos:
            options.add_option(Option(row(info, name_w, title_w, self.is_open(info), room),
                                      id=info.name))
        names = [i.name for i in self.infos]
        if self._select in names:
            options.highlighted = names.index(self._select)
        elif names:
            options.highlighted = 0

    def on_resize(self) -> None:
        if self.infos:
            self._select = self.chosen_name()
            self.call_after_refresh(self.fill)

    def is_open(self, info: MapInfo) -> bool:
        return _same(info.folder, self.ifs.store.folder)

    def chosen(self) -> MapInfo | None:
        index = self.query_one(OptionList).highlighted
        return self.infos[index] if index is not None and index < len(self.infos) else None

    def chosen_name(self) -> str:
        info = self.chosen()
        return info.name if info else ""

    # --- actions ----------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        info = self.chosen()
        if info is None:
            return
        if self.is_open(info) and self.ifs.pmap is not None:
            self.app.pop_screen()
            self.notify("That map is open already.", timeout=3)
            return
        self.ifs.open_map(info.folder)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_new(self) -> None:
        from .map_dialogs import MapNameScreen

        def save(name: str, title: str, _only: bool) -> None:
            maps.create_map(self.ifs.place, name, title)
            self.notify(f"Made the map {name}. Enter opens it.", timeout=5)
            self.relist(name)

        self.app.push_screen(MapNameScreen("A new map", "", save, ask_title=True))

    def action_copy(self) -> None:
        from .map_dialogs import MapNameScreen

        info = self.chosen()
        if info is None:
            return
        if self.is_open(info) and not self.ifs.keep_typed("Nothing was copied."):
            return  # a walk's typed answer goes into the copy too

        def save(name: str, _title: str, only_map: bool) -> None:
            report = maps.CopyReport()
            maps.copy_map(self.ifs.place, info.name, name, only_map=only_map, report=report)
            left = len(report.skipped)
            self.notify(f"Copied {info.name} to {name}." + (
                f" {left} link{'s' if left != 1 else ''} or special file"
                f"{'s' if left != 1 else ''} left out (`ifs maps copy` names them)."
                if left else ""), timeout=6)
            self.relist(name)

        self.app.push_screen(MapNameScreen(f"Copy {info.name}", f"{info.name}-copy", save,
                                           ask_only_map=True))

    def action_rename(self) -> None:
        from .map_dialogs import MapNameScreen

        info = self.chosen()
        if info is None:
            return
        is_open = self.is_open(info)

        def save(name: str, _title: str, _only: bool) -> None:
            # The open map: what a walk has typed is kept in it before its folder moves.
            if is_open and not self.ifs.keep_typed("The map was not renamed."):
                raise IfsError("what you typed in a reflection could not be kept, so the "
                               "map was not renamed")
            folder = maps.rename_map(self.ifs.place, info.name, name)
            self.notify(f"Renamed {info.name} to {name}.", timeout=5)
            if is_open:  # after this dialog has closed: the reopening clears the screens
                self.app.call_later(self.ifs.reopen_renamed, folder)
            else:
                self.relist(name)

        self.app.push_screen(MapNameScreen(f"Rename {info.name}", info.name, save))


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return one.absolute() == other.absolute()
