"""The main screen: the parts tree beside the chosen part's details."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static, Tree

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import Part, PartsMap
from ifs_tui.core.reflect_index import Header

from ..text import plain
from ..widgets.empty_map import FIRST_MAP, EmptyMapPanel
from ..widgets.footer import KeyFooter
from ..widgets.part_details import PartDetails
from ..widgets.parts_tree import SELF, PartsTree
from .base import OnMap


class MainScreen(OnMap, Screen[None]):
    HELP_TITLE = "the map"
    _details_due = False  # a details update is queued (see on_tree_node_highlighted)
    BINDINGS = [
        Binding("a", "add_part", "Add", id="part.add", tooltip="Add a part"),
        Binding("e", "edit_part", "Edit", id="part.edit",
                tooltip="Edit the chosen part (on Self: title and notes)"),
        Binding("r", "rename_part", "Rename", show=False, id="part.rename",
                tooltip="Rename the chosen part"),
        Binding("d,delete", "delete_part", "Delete", id="part.delete",
                tooltip="Delete the chosen part (you can undo it)"),
        Binding("u,ctrl+z", "undo", "Undo delete", show=False, id="part.undo",
                tooltip="Put back the part deleted last"),
        Binding("l", "link", "Links", id="part.link", tooltip="Link the chosen part to another"),
        Binding("w", "reflect", "Reflect", id="reflect.start",
                tooltip="Start a guided reflection"),
        Binding("j", "journal", "Journal", id="journal.open",
                tooltip="Past reflections (o lists moments)"),
        Binding("slash", "search", "Search", show=False, id="search.open",
                tooltip="Search parts, reflections and moments"),
        Binding("m", "map_view", "Map", id="mapview.open",
                tooltip="The drawn map of parts and links"),
        Binding("t", "edit_map", "Title", show=False, id="map.title",
                tooltip="The map's title and Self's notes"),
        Binding("x", "export", "Export", show=False, id="export.open",
                tooltip="Export the map to a file"),
        Binding("ctrl+r", "reload", "Reload from disk", show=False, id="map.reload",
                tooltip="Read the map again from disk"),
        Binding("k", "journeys", "Journeys", show=False, id="journeys.open",
                tooltip="Journeys: a KAP session, its preparation and integration"),
        Binding("o", "moments", "Moments", show=False, id="moments.open",
                tooltip="Every moment you jotted down (f3 jots one)"),
        Binding("h", "history", "History", show=False, id="history.open",
                tooltip="The map's history; bring a version back"),
        Binding("H", "part_timeline", "Part timeline", show=False, id="part.timeline",
                tooltip="The chosen part's own timeline"),
        Binding("g", "trends", "Trends", show=False, id="trends.open",
                tooltip="Trends: Self-energy check-ins over time"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar", markup=False)
        with Horizontal(id="main"):
            tree = PartsTree(id="parts")
            tree.fill(self.pmap)  # before mounting: the lines are laid out once
            yield tree
            # The details scroll their own lines; this scrolls the first-map panel.
            with VerticalScroll(id="details-scroll", can_focus=False):
                yield EmptyMapPanel(id="empty-map")
                yield PartDetails(id="details")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_map()
        if self.pmap.parts:
            self.query_one(PartsTree).focus()
        else:  # a newcomer: Enter starts the walk offered first
            self.query_one("#start-first-map", Button).focus()
        waiting = any(r.status != "finished" for r in self.ifs.headers)
        if waiting and self.pmap.parts and not self.ifs.demo:  # said once, quietly
            self.notify("A reflection you began is kept, as you left it: Reflect (w) goes "
                        "on with it, whenever you like.", timeout=8)

    def refresh_map(self, select: str | None = None) -> None:
        title = self.ifs.map_label(self.pmap.title)
        self.query_one("#title-bar", Static).update(plain(title))
        self.app.sub_title = title  # the terminal's title says which map too
        self.query_one(PartsTree).rebuild(self.pmap, select)
        self._show_empty(not self.pmap.parts)
        self.show_current()

    def _show_empty(self, empty: bool) -> None:
        """On a map with no parts, a way to begin where the details are; gone after."""
        panel = self.query_one(EmptyMapPanel)
        if panel.display and not empty and panel.has_focus_within:
            self.query_one(PartsTree).focus()
        panel.display = empty
        self.query_one(PartDetails).display = not empty
        if empty:
            panel.set_waiting(self._waiting_first_map() is not None)

    def _waiting_first_map(self) -> Header | None:
        """The latest first-map walk begun and not finished, if any."""
        return next((r for r in reversed(self.ifs.headers)
                     if r.pack == FIRST_MAP and r.status != "finished"), None)

    # --- what is chosen -----------------------------------------------------

    def current_part(self) -> Part | None:
        node = self.query_one(PartsTree).cursor_node
        return self.pmap.part(node.data) if node is not None and node.data else None

    def show_current(self) -> None:
        details = self.query_one(PartDetails)
        node = self.query_one(PartsTree).cursor_node
        data = node.data if node is not None else SELF
        part = self.pmap.part(data) if data else None
        if part is not None:
            details.show_part(self.pmap, part, self.ifs.reflections_of(part.id),
                              self.ifs.moments_of(part.id))
        elif data and data.startswith("role:"):
            details.show_role(self.pmap, data.removeprefix("role:"))
        else:
            details.show_self(self.pmap)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        # Key repeat: highlights queued together show the details once, for the last.
        if not self._details_due:
            self._details_due = True
            self.call_after_refresh(self._show_due)

    def _show_due(self) -> None:
        self._details_due = False
        self.show_current()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        if self.current_part() is not None:
            self.action_edit_part()

    def _need_part(self) -> Part | None:
        part = self.current_part()
        if part is None:
            self.notify("Choose a part in the tree first.", timeout=3)
        return part

    def select(self, part_id: str) -> None:
        self.query_one(PartsTree).select_part(part_id)

    # --- actions ------------------------------------------------------------

    def action_add_part(self) -> None:
        from .part_form import PartFormScreen

        role = None
        node = self.query_one(PartsTree).cursor_node
        if node is not None and node.data and node.data.startswith("role:"):
            role = node.data.removeprefix("role:")
        self.app.push_screen(PartFormScreen(None, role), self._after_form)

    def action_edit_part(self) -> None:
        from .part_form import PartFormScreen

        node = self.query_one(PartsTree).cursor_node
        if node is not None and node.data == SELF:
            self.action_edit_map()
        elif (part := self._need_part()) is not None:
            self.app.push_screen(PartFormScreen(part), self._after_form)

    def action_edit_map(self) -> None:
        from .self_form import SelfFormScreen

        self.app.push_screen(SelfFormScreen())

    def _after_form(self, part_id: str | None) -> None:
        if part_id:
            self.refresh_map(select=part_id)

    def action_rename_part(self) -> None:
        from .dialogs import RenameScreen

        part = self._need_part()
        if part is None:
            return
        part_id = part.id

        def save(name: str) -> str | None:
            def op(pmap: PartsMap) -> bool:
                target = pmap.part(part_id)
                if target is None:
                    raise IfsError("that part is no longer on the map")
                return services.rename_part(pmap, target, name)

            outcome = self.ifs.change(op)
            return None if outcome != "failed" else "Not saved; see the message."

        self.app.push_screen(RenameScreen(part.name, save))

    def action_delete_part(self) -> None:
        from .dialogs import ConfirmScreen

        part = self._need_part()
        if part is None:
            return
        links = len(self.pmap.relationships_of(part.id))
        extra = f" and its {links} link{'s' if links != 1 else ''}" if links else ""
        message = (f"Delete {part.name}{extra}? You can undo this (u) until you close the "
                   "app, and the map's history (h) keeps the version before.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(part.id)

        self.app.push_screen(ConfirmScreen("Delete part", message, yes="Delete"), confirmed)

    def _delete(self, part_id: str) -> None:
        def op(pmap: PartsMap) -> tuple[Part, list, int]:  # type: ignore[type-arg]
            target = pmap.part(part_id)
            if target is None:
                raise IfsError("that part is no longer on the map")
            index = pmap.parts.index(target)
            return target, services.remove_part(pmap, target), index

        def done(removed: tuple[Part, list, int]) -> None:  # type: ignore[type-arg]
            self.ifs.undo_stack.append(removed)
            self.notify(f"Deleted {removed[0].name}. Press u to undo.", timeout=6)

        self.ifs.change(op, done)

    def action_undo(self) -> None:
        if not self.ifs.undo_stack:
            self.notify("Nothing to undo.", timeout=3)
            return
        part, links, index = self.ifs.undo_stack[-1]

        def op(pmap: PartsMap) -> None:
            services.restore_part(pmap, part, links, index)

        def done(_: None) -> None:
            self.ifs.undo_stack.pop()
            self.app.clear_notifications()  # "Press u to undo" is done with
            self.notify(f"{part.name} is back.", timeout=4)

        try:
            if self.ifs.change(op, done) == "saved":
                self.refresh_map(select=part.id)
        except IfsError as err:
            self.notify(str(err), severity="error")

    def action_link(self) -> None:
        from .links import LinkScreen

        if (part := self._need_part()) is not None:
            self.app.push_screen(LinkScreen(part.id))

    def action_reflect(self) -> None:
        from .pack_picker import PackPickerScreen

        self.app.push_screen(PackPickerScreen(self.current_part()))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start-first-map":
            self.start_first_map()
        elif event.button.id == "add-by-hand":
            self.action_add_part()

    def start_first_map(self) -> None:
        """The first-map walk; the list of packs when it cannot be found."""
        from ifs_tui.core import paths
        from ifs_tui.core.packs import load_packs

        from .pack_picker import begin_walk, resume_walk

        found = load_packs(paths.user_prompts_dir(), self.ifs.store.folder / paths.PROMPTS_DIR)
        pack = found.packs.get(FIRST_MAP)
        waiting = self._waiting_first_map()
        if pack is None:
            self.action_reflect()
        elif waiting is not None:  # never a second one begun beside it by mistake
            resume_walk(self.ifs, pack, waiting.id)
        else:
            begin_walk(self.ifs, pack)

    def action_journal(self) -> None:
        from .journal import JournalScreen

        self.app.push_screen(JournalScreen())

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(), self._after_search)

    def _after_search(self, part_id: str | None) -> None:
        if part_id:
            self.select(part_id)

    def action_map_view(self) -> None:
        from .map_view import MapViewScreen

        part = self.current_part()
        self.app.push_screen(MapViewScreen(part.id if part else None), self._after_map)

    def _after_map(self, part_id: str | None) -> None:
        if part_id:
            self.select(part_id)

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen())

    def action_reload(self) -> None:
        self.ifs.reload_map()
        self.notify("Read the map again from disk.", timeout=3)

    def action_journeys(self) -> None:
        from .journeys import JourneysScreen

        self.app.push_screen(JourneysScreen())

    def action_moments(self) -> None:
        from .moments import MomentsScreen

        self.app.push_screen(MomentsScreen())

    def action_history(self) -> None:
        from .timeline import MapTimelineScreen

        self.app.push_screen(MapTimelineScreen())

    def action_part_timeline(self) -> None:
        from .part_timeline import PartTimelineScreen

        if (part := self._need_part()) is not None:
            self.app.push_screen(PartTimelineScreen(part.id))

    def action_trends(self) -> None:
        from .trends import TrendsScreen

        self.app.push_screen(TrendsScreen())
