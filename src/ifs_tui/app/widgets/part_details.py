"""The chosen part's details: the essential fields first, the rest below."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ifs_tui.core.model import LIST_FIELDS, ROLE_NAMES, Part, PartsMap
from ifs_tui.core.partwords import LABELS as WORDS
from ifs_tui.core.partwords import earlier_statuses, feel_toward_line, status_line
from ifs_tui.core.reflect_index import Header
from ifs_tui.core.services import describe_from, link_fears

from ..text import visible

ESSENTIAL = ("job", "fears", "protects", "body")
MORE = ("feel_toward", "intent", "triggers", "age", "first_appeared", "emotions", "burdens",
        "needs", "status", "notes", "tags")
LABELS = {**WORDS, "status": "Status"}
ROLE_TEXT = {
    "manager": "Managers are protectors that act ahead of time, keeping things under "
               "control so that nothing painful can happen.",
    "firefighter": "Firefighters are protectors that rush in when something painful is "
                   "already stirring, to put the feeling out fast.",
    "exile": "Exiles are often young parts that carry old hurt; the protectors work to "
             "keep them out of sight.",
    "unknown": "Parts whose role is not clear yet. There is no hurry to decide.",
}
SELF_TEXT = ("Self is not a part: it is the calm, curious, compassionate centre that is "
             "there underneath, even when parts are loud.")


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # a long word wraps, never ends in "…"
    return grid


def _value(part: Part, key: str) -> Text:
    value = feel_toward_line(part) if key == "feel_toward" else getattr(part, key)
    if key in LIST_FIELDS:
        return Text(visible("\n".join(f"• {v}" for v in value)))
    return Text(visible(str(value)))


def link_lines(pmap: PartsMap, part: Part) -> list[str]:
    """Each link in words; under a polarized one, what each side fears."""
    lines = []
    for rel in pmap.relationships_of(part.id):
        lines.append(visible(describe_from(pmap, part.id, rel)))
        lines += [visible(f"  {fear}") for fear in link_fears(rel, pmap)]
    return lines


def part_view(pmap: PartsMap, part: Part, records: list[Header]) -> RenderableType:
    head = Text.assemble((visible(part.name), "bold"), "\n",
                         (visible(f"{ROLE_NAMES[part.role]} · {status_line(part)}"), "dim"))
    links = link_lines(pmap, part)
    essential = _grid()
    for key in ESSENTIAL:
        value = _value(part, key)
        if key == "protects":
            guarded = [line for line in links if line.startswith("protects ")]
            if guarded:
                value.append(("\n" if value else "") + "\n".join(guarded), style="italic")
        essential.add_row(LABELS[key], value if value else Text("—", style="dim"))
    more = _grid()
    for key in MORE:
        if key == "status" and earlier_statuses(part):
            more.add_row("Status before", Text(visible("\n".join(earlier_statuses(part)))))
        elif key != "status" and getattr(part, key):
            more.add_row(LABELS[key], _value(part, key))
    if links:
        more.add_row("Links", Text("\n".join(links)))
    mine = [r for r in records if r.part == part.id
            or any(c.startswith(part.id + ".") for c in r.changed)]
    if mine:
        more.add_row("Reflections", Text(visible("\n".join(
            f"{r.started:%Y-%m-%d} {r.pack_title} ({r.status})" for r in mine[-8:]))))
    parts: list[RenderableType] = [head, Text(""), essential]
    if more.row_count:
        parts += [Text(""), more]
    else:
        parts += [Text(""), Text("Press e to add more, such as when it takes over or what it "
                                 "needs.", style="dim")]
    return Group(*parts)


class Drawn:
    """A renderable drawn once per width, so measuring its height and painting it share
    one rendering (Rich tables measure every cell each time they are drawn)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[int, list[list[Segment]]] = {}

    def lines(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        width = options.max_width
        if width not in self._lines:
            self._lines[width] = console.render_lines(
                self.renderable, options.reset_height(), pad=False)
        return self._lines[width]

    def height(self, console: Console, width: int) -> int:
        return len(self.lines(console, console.options.update_width(width)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(console, options):
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class PartDetails(Static):
    """Updated in place: the screen is laid out again only when the pane's height
    changes (it is at least as tall as the space it sits in; see app.tcss)."""

    _drawn: Drawn | None = None

    def _show(self, renderable: RenderableType) -> None:
        drawn, before = Drawn(renderable), self._drawn
        self._drawn = drawn
        width, height = self.size
        steady = False
        if width and before is not None and width in before._lines:
            old = len(before._lines[width])
            new = drawn.height(self.app.console, width)
            steady = new == old or (old < height and new <= height)
        self.update(drawn, layout=not steady)

    def show_part(self, pmap: PartsMap, part: Part, records: list[Header]) -> None:
        self._show(part_view(pmap, part, records))

    def show_self(self, pmap: PartsMap) -> None:
        body = [Text("Self", style="bold"), Text(""), Text(SELF_TEXT)]
        if pmap.self_notes.notes:
            body += [Text(""), Text(visible(pmap.self_notes.notes))]
        body += [Text(""), Text("Press e to write what you notice about Self, or to change "
                                "the map's title.", style="dim")]
        if not pmap.parts:
            body += [Text(""), Text("Your map is empty. Press a to add a first part, or w to "
                                    "start a guided reflection that helps you find one.",
                                    style="italic")]
        self._show(Group(*body))

    def show_role(self, pmap: PartsMap, role: str) -> None:
        count = sum(p.role == role for p in pmap.parts)
        text = Text.assemble((ROLE_NAMES[role], "bold"), "\n\n", ROLE_TEXT[role], "\n\n",
                             (f"{count} on this map.", "dim"))
        self._show(text)
