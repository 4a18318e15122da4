"""The chosen part's details: the essential fields first, the rest below."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

from ifs_tui.core.model import LIST_FIELDS, ROLE_NAMES, Part, PartsMap
from ifs_tui.core.moments import Moment
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


Row = tuple[str, Text]  # a label and its value, drawn in two columns
GAP = 2  # columns between a label and its value


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


Block = Text | list[Row]  # a paragraph, or rows of two columns


NEWEST_MOMENTS = 3  # in the details; the moments screen (o) lists them all


def moment_rows(found: Sequence[Moment]) -> list[Row]:
    """The part's newest moments, newest first, each on a line or two."""
    from ifs_tui.core.search import shortened  # only for a part with moments

    lines = [f"{m.when:%Y-%m-%d} {shortened(m.text, 70)}" + (f" ({m.shift})" if m.shift else "")
             for m in reversed(found[-NEWEST_MOMENTS:])]
    rows: list[Row] = [("Moments", Text(visible("\n".join(lines))))]
    more = f"{len(found):,} in all. " if len(found) > NEWEST_MOMENTS else ""
    rows.append(("", Text(f"{more}o lists every moment; f3 jots one down.", style="dim")))
    return rows


def part_view(pmap: PartsMap, part: Part, records: list[Header],
              found: Sequence[Moment] = ()) -> list[Block]:
    head = Text.assemble((visible(part.name), "bold"), "\n",
                         (visible(f"{ROLE_NAMES[part.role]} · {status_line(part)}"), "dim"))
    links = link_lines(pmap, part)
    essential: list[Row] = []
    for key in ESSENTIAL:
        value = _value(part, key)
        if key == "protects":
            guarded = [line for line in links if line.startswith("protects ")]
            if guarded:
                value.append(("\n" if value else "") + "\n".join(guarded), style="italic")
        essential.append((LABELS[key], value if value else Text("—", style="dim")))
    more: list[Row] = []
    for key in MORE:
        if key == "status" and earlier_statuses(part):
            more.append(("Status before", Text(visible("\n".join(earlier_statuses(part))))))
        elif key != "status" and getattr(part, key):
            more.append((LABELS[key], _value(part, key)))
    if links:
        more.append(("Links", Text("\n".join(links))))
    mine = [r for r in records if r.part == part.id
            or any(c.startswith(part.id + ".") for c in r.changed)]
    if mine:
        more.append(("Reflections", Text(visible("\n".join(
            f"{r.started:%Y-%m-%d} {r.pack_title} ({r.status})" for r in mine[-8:])))))
        if len(mine) > 8:  # the rest are a filter away, not silently gone
            more.append(("", Text(f"The newest 8 of {len(mine):,}. The journal (j) "
                                  "lists them all: filter by this part's name.", style="dim")))
    if found:
        more += moment_rows(found)
    blocks: list[Block] = [head, Text(""), essential, Text("")]
    blocks.append(more if more else Text(
        "Press e to add more, such as when it takes over or what it needs.", style="dim"))
    return blocks


def wrap(console: Console, blocks: Sequence[Block], width: int) -> list[Text]:
    """The blocks as lines at most `width` cells wide: long words fold, never end in
    "…". Two columns as a Rich grid would draw them, without measuring every cell."""
    width = max(1, width)
    lines: list[Text] = []
    for block in blocks:
        if isinstance(block, Text):
            lines += block.wrap(console, width, overflow="fold") if block else [Text("")]
            continue
        label_w = max((cell_len(label) for label, _ in block), default=0)
        indent = " " * (label_w + GAP)
        room = max(1, width - label_w - GAP)
        for label, value in block:
            wrapped = value.wrap(console, room, overflow="fold") if value else [Text("")]
            for i, line in enumerate(wrapped):
                lead = Text(label.ljust(label_w) + " " * GAP, style="bold") if i == 0 \
                    else Text(indent)
                lines.append(Text.assemble(lead, line))
    return lines


class PartDetails(ScrollView, can_focus=True):
    """A pane of steady size that scrolls its own lines: showing another part draws
    new lines and never lays out the screen again (its height never changes, and its
    scroll bar is drawn here rather than being a widget that comes and goes)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._blocks: list[Block] = []
        self._lines: list[Text] = []
        self._laid_for = Size(-1, -1)  # the size the lines were wrapped for
        self._strips: dict[int, Strip] = {}  # line number -> drawn line, for this style
        self._style: Style | None = None

    @property
    def allow_vertical_scroll(self) -> bool:
        # overflow is hidden (no scroll bar widget); the lines still scroll.
        return not self._check_disabled() and self.max_scroll_y > 0

    @property
    def max_scroll_y(self) -> int:
        return max(0, len(self._lines) - self.size.height)

    def _show(self, blocks: Sequence[Block]) -> None:
        self._blocks = list(blocks)
        self._laid_for = Size(-1, -1)
        animator = self.app.animator
        if animator.is_being_animated(self, "scroll_y"):  # a scroll still gliding
            animator.force_stop_animation(self, "scroll_y")
        self.set_reactive(ScrollView.scroll_y, 0.0)
        self.set_reactive(ScrollView.scroll_target_y, 0.0)
        self.refresh()

    def _layout_lines(self) -> None:
        """Wrap for the current width; one column less, for the bar, when they overflow."""
        width, height = self.size
        if self.size == self._laid_for:  # a new height can bring or take away the bar
            return
        console = self.app.console
        lines = wrap(console, self._blocks, width)
        if len(lines) > height > 0:
            lines = wrap(console, self._blocks, width - 1)
        self._lines, self._laid_for, self._strips = lines, self.size, {}
        # Set quietly: a changed virtual size would lay out the whole screen.
        self.set_reactive(ScrollView.virtual_size, Size(width, len(lines)))
        self.set_reactive(ScrollView.scroll_y, min(self.scroll_y, self.max_scroll_y))

    def lines_text(self) -> list[str]:
        """Every line as drawn, shown or scrolled out of sight, as plain text."""
        self._layout_lines()
        return [self._line(n).text.rstrip() for n in range(len(self._lines))]

    def _line(self, number: int) -> Strip:
        """Line `number` of the content, drawn (cached until the style or lines change)."""
        style = self.rich_style
        if style != self._style:
            self._style, self._strips = style, {}
        strip = self._strips.get(number)
        if strip is None:
            line = self._lines[number] if number < len(self._lines) else Text("")
            segments = Segment.apply_style(line.render(self.app.console), style)
            overflow = len(self._lines) > self.size.height
            strip = Strip(segments).crop_extend(0, self.size.width - overflow, style)
            self._strips[number] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        self._layout_lines()
        height = self.size.height
        top = round(self.scroll_y)
        strip = self._line(top + y)
        if len(self._lines) > height:
            strip = Strip.join([strip, self._bar(y, height, top)])
        return strip

    def _bar(self, y: int, height: int, top: int) -> Strip:
        styles = self.styles
        back = styles.scrollbar_background
        if back.a < 1:
            back = self.background_colors[0] + back
        bar = back + styles.scrollbar_color
        cells = ScrollBarRender.render_bar(
            size=height, virtual_size=len(self._lines), window_size=height, position=top,
            back_color=back.rich_color, bar_color=bar.rich_color).segments
        return Strip([cells[y]] if y < len(cells) else [Segment(" ")], 1)

    def watch_scroll_y(self, old: float, new: float) -> None:
        if round(old) != round(new):
            self.refresh()

    def show_part(self, pmap: PartsMap, part: Part, records: list[Header],
                  found: Sequence[Moment] = ()) -> None:
        self._show(part_view(pmap, part, records, found))

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
        self._show(body)

    def show_role(self, pmap: PartsMap, role: str) -> None:
        count = sum(p.role == role for p in pmap.parts)
        text = Text.assemble((ROLE_NAMES[role], "bold"), "\n\n", ROLE_TEXT[role], "\n\n",
                             (f"{count} on this map.", "dim"))
        self._show([text])
