"""Choosing a guided reflection: a pack to begin, or one to go on with.

The walk itself is drawn by WalkScreen (screens/walk.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ifs_tui.core import paths, reflections
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import Part
from ifs_tui.core.pack_files import origin_words
from ifs_tui.core.packs import Pack, load_packs
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk, part_first

from ..text import visible
from ..widgets.footer import KeyFooter
from .base import OnMap

if TYPE_CHECKING:
    from ..app import IfsApp

ASK = "__ask__"
GO_ON_SHOWN = 5  # the newest unfinished ones offered here


class PackPickerScreen(OnMap, Screen[None]):
    HELP_TITLE = "choosing a reflection"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back to the map", id="picker.close")]

    def __init__(self, part: Part | None = None) -> None:
        super().__init__()
        self.part = part

    def compose(self) -> ComposeResult:
        packs = load_packs(paths.user_prompts_dir(), self.ifs.store.folder / paths.PROMPTS_DIR)
        self.packs = packs.packs
        overridden = packs.overridden
        for problem in packs.problems:
            self.notify(f"A prompt pack was skipped: {problem}", severity="warning", timeout=8)
        parts = self.ifs.pmap.parts if self.ifs.pmap else []
        go_on: list[Option | None] = []
        waiting = [r for r in reversed(self.ifs.headers)
                   if r.status != "finished" and r.pack in self.packs]
        # `w` on a part: its own walks waiting to go on come first, highlighted.
        if self.part is not None:
            mine = [r for r in waiting if r.part == self.part.id]
            waiting = mine + [r for r in waiting if r.part != self.part.id]
        self.with_this_part = [f"resume:{r.id}" for r in waiting[:GO_ON_SHOWN]
                               if self.part is not None and r.part == self.part.id]
        for rec in waiting[:GO_ON_SHOWN]:
            part = self.ifs.pmap.part(rec.part) if self.ifs.pmap and rec.part else None
            with_part = f" · with {part.name}" if part is not None else ""
            go_on.append(Option(Text.assemble(
                ("Go on: ", "bold"), visible(rec.pack_title + with_part),
                (f"  started {rec.started:%Y-%m-%d %H:%M}", "dim")), id=f"resume:{rec.id}"))
        if len(waiting) > GO_ON_SHOWN:  # a year of data: the journal keeps the rest
            more = len(waiting) - GO_ON_SHOWN
            go_on.append(Option(Text(
                f"{more:,} more are kept in the journal (j); g there goes on with one.",
                style="dim italic"), id="more-waiting", disabled=True))
        if go_on:
            go_on.append(None)  # a separator line
        packs_shown: list[Option | None] = []
        for pack in self.packs.values():
            label = Text.assemble((visible(pack.title), "bold"), "\n",
                                  (visible(f"{pack.phase} · about {pack.minutes} min · "
                                           f"{origin_words(pack, overridden)}"), "dim"),
                                  "\n", visible(pack.summary))
            packs_shown += [Option(label, id=f"pack:{pack.id}"), None]
        # With a part none of whose walks waits, its packs come first: the one offered
        # and the top of the list are then both in view on a small terminal.
        if self.part is not None and not self.with_this_part:
            options = packs_shown + go_on
        else:
            options = go_on + packs_shown
        with Vertical(id="picker"):
            yield Static("Guided reflection", classes="screen-title")
            yield Static("Choose a walk-through. Every step can wait: not now, a pause and "
                         "stopping are always there.", classes="explain")
            if self.part is not None:  # `w` on a highlighted part
                yield Label(Text.assemble("With ", (visible(self.part.name), "bold"),
                                          " (or choose another)"), id="with-label")
            else:
                yield Label("With which part?", id="with-label")
            chosen = self.part.id if self.part and self.part in parts else ASK
            yield Select([("the reflection will ask", ASK)]
                         + [(Text(visible(p.name)), p.id) for p in parts],
                         value=chosen, allow_blank=False, id="with-part")
            yield OptionList(*options, id="packs")
        yield KeyFooter()

    def on_mount(self) -> None:
        packs = self.query_one("#packs", OptionList)
        packs.focus()
        if self.with_this_part:
            packs.highlighted = packs.get_option_index(self.with_this_part[0])
        elif self.part is not None:  # `w` on a part: start at the first pack that asks for one
            for index in range(packs.option_count):
                option_id = packs.get_option_at_index(index).id or ""
                pack = self.packs.get(option_id.removeprefix("pack:"))
                if pack is not None and any(s.kind == "part" for s in pack.steps):
                    packs.highlighted = index
                    break
        self._explain()

    def on_option_list_option_highlighted(self) -> None:
        self._explain()

    def on_select_changed(self) -> None:
        self._explain()

    def _explain(self) -> None:
        """Say what the chosen part will do in the highlighted walk-through."""
        packs = self.query_one("#packs", OptionList)
        index = packs.highlighted
        option = packs.get_option_at_index(index) if index is not None else None
        pack = self.packs.get((option.id or "").removeprefix("pack:")) if option else None
        part = self._with_part()
        if part is None or pack is None:
            return
        name = (visible(part.name), "bold")
        if part_first(pack):
            label = Text.assemble("With ", name, " (or choose another)")
        elif any(s.kind == "part" for s in pack.steps):
            label = Text.assemble("When it asks which part, ", name, " is offered first")
        else:
            label = Text("This walk-through does not ask for a part")
        self.query_one("#with-label", Label).update(label)

    def _with_part(self) -> Part | None:
        chosen = self.query_one("#with-part", Select).value
        pmap = self.ifs.pmap
        return pmap.part(str(chosen)) if pmap and chosen not in (ASK, Select.NULL) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:

        choice = event.option.id or ""
        store = MapStore(self.ifs.store.folder)  # its own view of the file: see WalkScreen
        try:
            if choice.startswith("resume:"):
                rec_id = choice.removeprefix("resume:")
                pack_id = reflections.load(store, rec_id).pack
                resume_walk(self.ifs, self.packs[pack_id], rec_id, replace=True)
                return
            pack = self.packs[choice.removeprefix("pack:")]
            with_part = self.query_one("#with-part", Select).value
            part_ref = str(with_part) if with_part not in (ASK, Select.NULL) else None
        except IfsError as err:
            self.notify(str(err), severity="error")
            return

        begin_walk(self.ifs, pack, part_ref, replace=True)


def resume_walk(app: IfsApp, pack: Pack, rec_id: str, replace: bool = False) -> None:
    """Go on with the walk-through `rec_id` where it was left (read again from its file)."""
    from .walk import WalkScreen  # walk.py names this module too

    store = MapStore(app.store.folder)  # its own view of the file: see WalkScreen
    try:
        walk = Walk.resume(pack, store, reflections.load(store, rec_id))
    except IfsError as err:
        app.notify(str(err), severity="error")
        return
    (app.switch_screen if replace else app.push_screen)(WalkScreen(walk))


def begin_walk(app: IfsApp, pack: Pack, part_ref: str | None = None,
               replace: bool = False) -> None:
    """Start a walk-through of `pack`: its care note first when it has one, then the
    walk, in place of the screen on top (`replace`) or over it."""
    from .walk import CareNoteScreen, WalkScreen  # walk.py names this module too

    store = MapStore(app.store.folder)  # its own view of the file: see WalkScreen

    def begin(go: bool | None = True) -> None:
        if not go:
            return
        try:
            walk = Walk.start(pack, store, part_ref)
        except IfsError as err:
            app.notify(str(err), severity="error")
            return
        (app.switch_screen if replace else app.push_screen)(WalkScreen(walk))

    if pack.care_note.strip() or pack.support:
        app.push_screen(CareNoteScreen(pack), begin)
    else:
        begin()
