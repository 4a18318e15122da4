"""The map drawn in the terminal: boxes for parts, lines for links, keys to move."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ifs_tui.core.layout import layout
from ifs_tui.core.model import PartsMap

from ..text import visible

BOX_W, BOX_H, GAP_X, GAP_Y, LEFT, TOP = 22, 3, 3, 5, 14, 4
ROLE_STYLE = {"manager": "#7a9e9f", "firefighter": "#c2a46b", "exile": "#b98a9a",
              "unknown": "#8a8a8a"}
ROW_TITLE = {"manager": "Managers", "firefighter": "Firefighters", "exile": "Exiles",
             "unknown": "Not sure yet"}
# (vertical, horizontal, end mark) for each kind of link
LINES = {"protects": ("│", "─", "▼"), "polarized": ("┊", "┄", "◆"), "allied": ("║", "═", "")}
LINE_STYLE = {"protects": "#7a9e9f", "polarized": "#c27c74", "allied": "#87a878"}
LEGEND = "Legend:  ─▼ protects (arrow at the part protected)   ┄◆ polarized   ═ allied"


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

    def __init__(self, pmap: PartsMap, chosen: str | None = None, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pmap = pmap
        plan = layout(pmap)
        self.edges = plan.edges
        widest = max(plan.widest, 1)
        self.canvas_w = LEFT + widest * (BOX_W + GAP_X) + 2
        self.canvas_w = max(self.canvas_w, len(LEGEND) + 2)
        self.boxes: list[Box] = []
        for placed in (p for row in plan.rows for p in row):
            part = pmap.part(placed.part_id)
            assert part is not None
            row_len = len(plan.rows[placed.row])
            pad = (widest - row_len) * (BOX_W + GAP_X) // 2
            x = LEFT + pad + placed.col * (BOX_W + GAP_X)
            y = TOP + placed.row * (BOX_H + GAP_Y)
            self.boxes.append(Box(part.id, part.name, part.role, placed.row, placed.col, x, y,
                                  placed.first))
        self.canvas_h = TOP + len(plan.rows) * (BOX_H + GAP_Y) + 1
        self.set_reactive(MapCanvas.chosen, chosen if self.box(chosen) else (
            self.boxes[0].part_id if self.boxes else None))

    def box(self, part_id: str | None) -> Box | None:
        return next((b for b in self.boxes if b.part_id == part_id), None)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.canvas_w

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.canvas_h

    # --- drawing ---------------------------------------------------------------

    def render(self) -> Text:
        grid = [[" "] * self.canvas_w for _ in range(self.canvas_h)]
        styles: list[list[str]] = [[""] * self.canvas_w for _ in range(self.canvas_h)]

        def put(x: int, y: int, ch: str, style: str = "") -> None:
            if 0 <= y < self.canvas_h and 0 <= x < self.canvas_w:
                grid[y][x], styles[y][x] = ch, style

        for i, rel in enumerate(self.edges):
            a, b = self.box(rel.source), self.box(rel.target)
            if a is not None and b is not None:
                self._draw_edge(put, a, b, rel.kind, i)
        self_x = self.canvas_w // 2 - 4
        for i, ch in enumerate("( Self )"):
            put(self_x + i, 1, ch, "bold #c9b77c")
        seen_rows: set[int] = set()
        for box in self.boxes:
            if box.row not in seen_rows and box.first:
                seen_rows.add(box.row)
                for i, ch in enumerate(ROW_TITLE[box.role][: LEFT - 2]):
                    put(1 + i, box.y + 1, ch, "dim")
            self._draw_box(put, box)
        text = Text()
        for y in range(self.canvas_h):
            line = Text()
            for x in range(self.canvas_w):
                line.append(grid[y][x], Style.parse(styles[y][x]) if styles[y][x] else None)
            text.append_text(line)
            text.append("\n")
        text.append(LEGEND, style="dim")
        return text

    def _draw_box(self, put, box: Box) -> None:  # type: ignore[no-untyped-def]
        focused = box.part_id == self.chosen
        colour = ROLE_STYLE[box.role]
        style = f"bold reverse {colour}" if focused else colour
        name = visible(box.name)
        name = name if len(name) <= BOX_W - 4 else name[: BOX_W - 5] + "…"
        top = "╭" + "─" * (BOX_W - 2) + "╮"
        mid = "│" + name.center(BOX_W - 2) + "│"
        bottom = "╰" + "─" * (BOX_W - 2) + "╯"
        for dy, line in enumerate((top, mid, bottom)):
            for dx, ch in enumerate(line):
                put(box.x + dx, box.y + dy, ch, style)

    def _draw_edge(self, put, a: Box, b: Box, kind: str, index: int) -> None:  # type: ignore[no-untyped-def]
        vertical, horizontal, mark = LINES[kind]
        style = LINE_STYLE[kind]
        if b.y > a.y:
            start, end, lane = a.y + BOX_H, b.y - 1, b.y - 2 - index % 2
        elif b.y < a.y:
            start, end, lane = a.y - 1, b.y + BOX_H, a.y - 2 - index % 2
        else:  # the same row: over the top
            start, end, lane = a.y - 1, b.y - 1, a.y - 2 - index % 2
        x1, x2 = a.centre + (index % 3) - 1, b.centre + (index % 3) - 1
        step = 1 if lane >= start else -1
        for y in range(start, lane + step, step):
            put(x1, y, vertical, style)
        for x in range(min(x1, x2), max(x1, x2) + 1):
            put(x, lane, horizontal, style)
        step = 1 if end >= lane else -1
        for y in range(lane, end + step, step):
            put(x2, y, vertical, style)
        if mark:
            put(x2, end, "▲" if mark == "▼" and end < lane else mark, style)
            if kind == "polarized":
                put(x1, start, mark, style)

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
                         key=lambda b: abs(b.centre - here.centre))
            self.chosen = target.part_id

    def watch_chosen(self, part_id: str | None) -> None:
        box = self.box(part_id)
        if box is not None:
            self.scroll_visible_region(Region(box.x - 2, box.y - 2, BOX_W + 4, BOX_H + 4))
        self.refresh()

    def scroll_visible_region(self, region: Region) -> None:
        if self.parent is not None and hasattr(self.parent, "scroll_to_region"):
            self.parent.scroll_to_region(region, animate=False)

    def action_open(self) -> None:
        if self.chosen:
            self.post_message(self.Opened(self.chosen))
