"""The map drawn in the terminal: boxes for parts, lines for links, keys to move."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ifs_tui.core.model import ROLE_GROUPS, PartsMap
from ifs_tui.core.routing import Drawing, Geometry, route
from ifs_tui.core.textwidth import cell_width, fit_cells

from ..text import visible
from .map_lines import LINES, LineRows, corner

# Two lines of name in a box: first-map names ("The one who freezes in conflict")
# share their first words, so one line of 18 cells would make them all alike.
BOX_W, BOX_H, GAP_X, GAP_Y, LEFT, TOP = 26, 4, 3, 5, 14, 4
GEOMETRY = Geometry(BOX_W, BOX_H, GAP_X, GAP_Y, lane=1, track=1, left=LEFT, top=TOP, cells=True)
ROLE_STYLE = {"manager": "#7a9e9f", "firefighter": "#c2a46b", "exile": "#b98a9a",
              "unknown": "#8a8a8a"}
ROW_TITLE = ROLE_GROUPS
LEGEND = "──▼ protects (arrow at the part protected)   ┄┄◆ polarized   ══ allied"
SELF = "( Self )"
WIDE = 400  # a drawing wider than this draws only the columns in view

Cell = tuple[int, int]


def name_lines(name: str, width: int, most: int) -> list[list[str]]:
    """`name` as at most `most` lines of terminal cells, broken between words where
    it can be; the last line is cut with "…" when the name does not fit."""
    lines: list[list[str]] = []
    words = name.split()
    while words and len(lines) < most - 1:
        line: list[str] = []
        while words:
            word = fit_cells(words[0], width)
            extra = len(word) + (1 if line else 0)
            if line and len(line) + extra > width:
                break
            if not line and sum(cell_width(ch) for ch in words[0]) > width:
                cells = fit_cells(words[0], 10 * width)
                cut = width - 1 if cells[width] == "" else width  # never half a wide letter
                line, words[0] = cells[:cut], "".join(cells[cut:])
                break  # a word longer than a line goes on over the next one
            line += ([" "] if line else []) + word
            words.pop(0)
        if not line:
            break
        lines.append(line)
    if words:
        lines.append(fit_cells(" ".join(words), width))
    return lines


@dataclass
class Box:
    part_id: str
    name: str
    role: str
    row: int
    col: int
    x: int
    y: int
    first: bool = True

    @property
    def centre(self) -> int:
        return self.x + BOX_W // 2


def line_cells(drawing: Drawing) -> list[dict[Cell, str]]:
    """The cells each link is drawn on, with their characters; box cells left out.

    The whole drawing at once: the canvas draws a row at a time (map_lines.LineRows);
    this stays as the plain reference the tests hold the rows to."""
    by_line: dict[int, list[int]] = defaultdict(list)  # y -> left edges of boxes there
    for b in drawing.boxes:
        for dy in range(BOX_H):
            by_line[int(b.y) + dy].append(int(b.x))

    def in_box(x: int, y: int) -> bool:
        return any(bx <= x < bx + BOX_W for bx in by_line.get(y, ()))

    out = []
    for r in drawing.routes:
        across, down, corners, mark = LINES[r.rel.kind]
        pts = [(int(x), int(y)) for x, y in r.points]
        path: list[tuple[Cell, str]] = []
        for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
            dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
            n = max(abs(x2 - x1), abs(y2 - y1))
            path += [((x1 + dx * k, y1 + dy * k), across if dx else down) for k in range(n)]
        path.append((pts[-1], down))
        cells: dict[Cell, str] = {}
        for k, (cell, ch) in enumerate(path):
            if 0 < k < len(path) - 1:
                ch = corner(path[k - 1][0], cell, path[k + 1][0], corners) or ch
            cells[cell] = ch
        shown = [c for c, _ in path if not in_box(*c)]
        if shown and mark:
            last, before = shown[-1], shown[-2] if len(shown) > 1 else shown[-1]
            cells[last] = "▲" if mark == "▼" and last[1] < before[1] else mark
            if r.rel.kind == "polarized":
                cells[shown[0]] = mark
        out.append({c: ch for c, ch in cells.items() if not in_box(*c)})
    return out


@lru_cache(maxsize=64)
def _style(text: str) -> Style:
    return Style.parse(text)


def _segment(text: str, style: str, base: Style) -> Segment:
    return Segment(text, base + _style(style) if style else base)


class MapCanvas(Widget, can_focus=True):
    DEFAULT_CSS = "MapCanvas { width: auto; height: auto; }"
    BINDINGS = [
        Binding("left", "move(-1, 0)", "Left", show=False, id="map.left"),
        Binding("right", "move(1, 0)", "Right", show=False, id="map.right"),
        Binding("up", "move(0, -1)", "Up", show=False, id="map.up"),
        Binding("down", "move(0, 1)", "Down", show=False, id="map.down"),
        Binding("enter", "open", "Open the part", id="map.open"),
    ]

    chosen: reactive[str | None] = reactive(None)

    class Opened(Message):
        def __init__(self, part_id: str) -> None:
            super().__init__()
            self.part_id = part_id

    def __init__(self, pmap: PartsMap, chosen: str | None = None,
                 drawing: Drawing | None = None, lines: LineRows | None = None,
                 **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pmap = pmap
        # A large map's routes take a while: the screen may work them out in a thread.
        self.drawing = drawing if drawing is not None else route(pmap, GEOMETRY)
        self.edges = self.drawing.plan.edges
        self.canvas_w = int(self.drawing.width) + 3
        self.canvas_h = int(self.drawing.height) + 1
        self.self_x = max(LEFT, (self.canvas_w - len(SELF)) // 2)
        self.boxes: list[Box] = []
        for rect in self.drawing.boxes:
            part = pmap.part(rect.part_id)
            assert part is not None
            self.boxes.append(Box(part.id, part.name, part.role, rect.row, rect.col,
                                  int(rect.x), int(rect.y), rect.first))
        self._box_rows: dict[int, list[Box]] = defaultdict(list)
        for box in self.boxes:
            for dy in range(BOX_H):
                self._box_rows[box.y + dy].append(box)
        self._by_id = {box.part_id: box for box in self.boxes}
        self.lines = lines if lines is not None else LineRows(self.drawing, BOX_W, BOX_H)
        self._marks = self._fixed_marks()
        self.set_reactive(MapCanvas.chosen, chosen if self.box(chosen) else (
            self.boxes[0].part_id if self.boxes else None))

    def box(self, part_id: str | None) -> Box | None:
        return self._by_id.get(part_id) if part_id is not None else None

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.canvas_w

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.canvas_h

    # --- drawing ---------------------------------------------------------------

    def _fixed_marks(self) -> dict[int, dict[int, tuple[str, str]]]:
        """Self and the row titles: cells that no key changes."""
        marks: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)

        def put(x: int, y: int, ch: str, style: str = "") -> None:
            if 0 <= y < self.canvas_h and 0 <= x < self.canvas_w:
                marks[y][x] = (ch, style)

        for i, ch in enumerate(SELF):
            put(self.self_x + i, 1, ch, "bold #c9b77c")
        seen_rows: set[int] = set()
        for box in self.boxes:
            if box.row not in seen_rows and box.first:
                seen_rows.add(box.row)
                for i, ch in enumerate(ROW_TITLE[box.role][: LEFT - 2]):
                    put(1 + i, box.y + 1, ch, "dim")
        return marks

    def _cells(self, y: int, x0: int = 0, x1: int | None = None) -> dict[int, tuple[str, str]]:
        """x -> (character, style) of what is drawn on line y from x0 to x1 (spaces left
        out)."""
        x1 = self.canvas_w if x1 is None else min(x1, self.canvas_w)
        cells = self.lines.row(y, x0, x1)
        cells.update((x, c) for x, c in self._marks.get(y, {}).items() if x0 <= x < x1)

        def put(x: int, yy: int, ch: str, style: str = "") -> None:
            if yy == y and x0 <= x < x1:
                cells[x] = (ch, style)

        for box in self._box_rows.get(y, ()):
            self._draw_box(put, box)
        return cells

    def _row(self, y: int) -> list[tuple[str, str]]:
        """The cells of one line of the drawing: (character, style)."""
        row = [(" ", "")] * self.canvas_w
        for x, cell in self._cells(y).items():
            row[x] = cell
        return row

    def render(self) -> Text:
        """The whole drawing as text (the screen itself draws only the lines in view)."""
        text = Text()
        for y in range(self.canvas_h):
            for ch, style in self._row(y):
                text.append(ch, _style(style) if style else None)
            text.append("\n")
        text.rstrip()
        return text

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if not 0 <= y < self.canvas_h:
            return Strip.blank(self.size.width, base)
        if self.canvas_w <= WIDE:  # a segment a cell, as small maps always were drawn
            return Strip([Segment(ch, base + _style(style) if style else base)
                          for ch, style in self._row(y)]).crop_extend(0, self.size.width, base)
        # Runs of one style become one segment: a wide map's row is mostly blank.
        # A wide map draws only the columns in view (and redraws when they scroll).
        x0, x1 = self._window()
        cells = self._cells(y, x0, x1)
        segments: list[Segment] = []
        at, run_style = 0, ""
        run: list[str] = []
        for x in sorted(cells):
            ch, style = cells[x]
            if x > at or style != run_style:
                if run:
                    segments.append(_segment("".join(run), run_style, base))
                if x > at:
                    segments.append(Segment(" " * (x - at), base))
                run, run_style = [], style
            run.append(ch)
            at = x + 1
        if run:
            segments.append(_segment("".join(run), run_style, base))
        return Strip(segments).crop_extend(0, self.size.width, base)

    def _window(self) -> tuple[int, int]:
        view = self.parent
        if self.canvas_w <= WIDE or not isinstance(view, Widget):
            return 0, self.canvas_w
        x0 = max(0, int(view.scroll_x) - 1)
        return x0, x0 + view.size.width + 2

    def on_mount(self) -> None:
        if self.canvas_w > WIDE and self.parent is not None:
            self.watch(self.parent, "scroll_x", self._scrolled_across, init=False)

    def _scrolled_across(self) -> None:
        self.refresh()

    def _draw_box(self, put, box: Box) -> None:  # type: ignore[no-untyped-def]
        focused = box.part_id == self.chosen
        colour = ROLE_STYLE[box.role]
        style = f"bold reverse {colour}" if focused else colour
        top = "╭" + "─" * (BOX_W - 2) + "╮"
        bottom = "╰" + "─" * (BOX_W - 2) + "╯"
        for dy, line in ((0, top), (BOX_H - 1, bottom)):
            for dx, ch in enumerate(line):
                put(box.x + dx, box.y + dy, ch, style)
        lines = name_lines(visible(box.name), BOX_W - 4, BOX_H - 2)
        lines = [[]] * ((BOX_H - 2 - len(lines)) // 2) + lines  # one line sits in the middle
        for dy in range(1, BOX_H - 1):
            put(box.x, box.y + dy, "│", style)
            for dx in range(1, BOX_W - 1):
                put(box.x + dx, box.y + dy, " ", style)
            cells = lines[dy - 1] if dy - 1 < len(lines) else []
            left = 1 + (BOX_W - 2 - len(cells)) // 2
            for dx, ch in enumerate(cells):
                put(box.x + left + dx, box.y + dy, ch, style)
            put(box.x + BOX_W - 1, box.y + dy, "│", style)

    # --- moving ------------------------------------------------------------------

    def action_move(self, dx: int, dy: int) -> None:
        here = self.box(self.chosen)
        if here is None:
            return
        if dy == 0:
            row = sorted((b for b in self.boxes if b.row == here.row), key=lambda b: b.col)
            i = row.index(here) + dx
            if 0 <= i < len(row):
                self.chosen = row[i].part_id
            return
        rows = sorted({b.row for b in self.boxes})
        i = rows.index(here.row) + dy
        if 0 <= i < len(rows):
            target = min((b for b in self.boxes if b.row == rows[i]),
                         key=lambda b: (abs(b.centre - here.centre), abs(b.col - here.col)))
            self.chosen = target.part_id

    def watch_chosen(self, old: str | None, part_id: str | None) -> None:
        box = self.box(part_id)
        if box is not None:
            self.scroll_visible_region(Region(box.x - 2, box.y - 2, BOX_W + 4, BOX_H + 4))
        # Only the two boxes change: the other lines stay as they were drawn.
        boxes = [b for b in (self.box(old), box) if b is not None]
        self.refresh(*(Region(b.x, b.y, BOX_W, BOX_H) for b in boxes))

    def scroll_visible_region(self, region: Region) -> None:
        if self.parent is not None and hasattr(self.parent, "scroll_to_region"):
            self.parent.scroll_to_region(region, animate=False)

    def action_open(self) -> None:
        if self.chosen:
            self.post_message(self.Opened(self.chosen))
