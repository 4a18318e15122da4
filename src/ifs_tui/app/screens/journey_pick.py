"""The journey arc's pickers: `a` adds a moment or a reflection not yet in the journey
(newest first, narrowed by typing), `x` takes something out of it. Nothing is written
here: the picker dismisses with the chosen id and the arc screen asks the core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core import moment_index, reflect_index
from ifs_tui.core.journey_arc import Arc, Item, item_head
from ifs_tui.core.journeys import Journey
from ifs_tui.core.model import PartsMap
from ifs_tui.core.partwords import day
from ifs_tui.core.search import shortened
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import names_holding

from ..text import visible
from ..widgets.footer import KeyFooter

SHOWN = 50  # rows at most; more are reached by typing
MOMENT, REFLECTION = "m:", "r:"
ATTACH_HINT = "Type to narrow by words or a part's name; Enter adds, Escape changes nothing."
DETACH_HINT = ("Enter takes it out of this journey; nothing is deleted, it stays in the "
               "map. Escape changes nothing.")


@dataclass(frozen=True)
class Row:
    key: str  # MOMENT or REFLECTION + id, or a held id
    when: datetime | None
    words: str


def _name(pmap: PartsMap, part_id: str) -> str:
    part = pmap.part(part_id) if part_id else None
    return part.name if part else part_id


def _line(when: datetime | None, *words: str) -> str:
    shown = [day(when)] if when else []
    return " · ".join(shown + [" ".join(w.split()) for w in words if w.strip()])


def addable(store: MapStore, pmap: PartsMap, headers: list[reflect_index.Header],
            journey: Journey, needle: str) -> list[Row]:
    """The moments and reflections not in `journey`, newest first; `needle` narrows
    by their words or their part's name (through the index: no file is parsed)."""
    part_ids = {p.id for p in names_holding(pmap.parts, needle)} if needle.strip() else set()
    found, _ = moment_index.listing(store, needle, part_ids)
    held = set(journey.moments)
    rows = [Row(MOMENT + m.id, m.when,
                _line(m.when, m.shift or shortened(m.text, 60), _name(pmap, m.part)))
            for m in found if m.id not in held]
    held = set(journey.preparation) | set(journey.integration)
    wanted = reflect_index.matching(store, needle) if needle.strip() else None
    rows += [Row(REFLECTION + h.id, h.started,
                 _line(h.started, h.pack_title or h.pack, _name(pmap, h.part)))
             for h in headers if h.id not in held
             and (wanted is None or h.id in wanted or h.part in part_ids)]
    rows.sort(key=lambda r: (r.when.timestamp() if r.when else 0.0, r.key), reverse=True)
    return rows


def held(the_arc: Arc) -> list[Row]:
    """What the journey holds, in the order the arc reads; moments only if attached."""
    def row(where: str, item: Item) -> Row:
        # Gone: its id is all there is to name it by.
        words = item_head(item) if item.gone else _line(item.when, item.title, item.part)
        return Row(item.id, None, f"{where} · {words}")

    return ([row("Prepared for", i) for i in the_arc.parts]
            + [row("Preparation", i) for i in the_arc.preparation]
            + [row("What emerged", i) for i in the_arc.integration]
            + [row("Moment", i) for i in the_arc.moments if i.attached])


class PickScreen(ModalScreen[str | None]):
    """A list to choose one from, with a filter when `rows_for` uses the needle."""

    HELP_TITLE = "choosing"
    BINDINGS = [Binding("escape", "close", "Close", id="journey-pick.close",
                        tooltip="Close without changing anything")]

    def __init__(self, title: str, hint: str, rows_for: Callable[[str], list[Row]],
                 empty: str, typed: bool = True) -> None:
        super().__init__()
        self.title_words, self.hint, self.rows_for = title, hint, rows_for
        self.empty, self.typed = empty, typed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="journey-pick"):
            yield Static(self.title_words, classes="dialog-title", markup=False)
            yield Static(self.hint, classes="hint", markup=False)
            if self.typed:
                yield Input(placeholder="a word, or a part's name", id="pick-filter")
            yield Static("", id="pick-count", classes="hint", markup=False)
            yield OptionList(id="pick-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.relist("")
        self.query_one("#pick-filter" if self.typed else "#pick-list").focus()

    def relist(self, needle: str) -> None:
        rows = self.rows_for(needle)
        listed = self.query_one("#pick-list", OptionList)
        listed.clear_options()
        listed.add_options([Option(Text(visible(r.words)), id=r.key) for r in rows[:SHOWN]])
        more = len(rows) - SHOWN
        count = (self.empty if not rows else
                 f"{more:,} more: type to narrow" if more > 0 else "")
        self.query_one("#pick-count", Static).update(count)
        if rows:
            listed.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.relist(event.value)

    def on_key(self, event: object) -> None:
        # Down from the filter goes on into the list, as Enter does.
        from textual.events import Key

        if (isinstance(event, Key) and event.key == "down"
                and isinstance(self.focused, Input)):
            event.stop()
            self.on_input_submitted()

    def on_input_submitted(self) -> None:
        listed = self.query_one("#pick-list", OptionList)
        if listed.option_count:
            listed.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
