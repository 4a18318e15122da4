"""The link lines of a terminal map, worked out one row of cells at a time.

A large map's drawing is thousands of cells wide and tall, with millions of line
cells: laying them all out before the first frame froze the app for a minute.
Here each route is kept as runs (straight pieces), indexed by row, and a row's
cells are made only when that row is shown. The cells are the ones the whole
layout gave (`map_canvas.line_cells`, kept as the reference the tests compare to):
across first, then up and down over them, later links over earlier ones.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable

from ifs_tui.core.routing import Drawing

# (horizontal, vertical, corners ╭╮╰╯, end mark) for each kind of link
LINES = {"protects": ("─", "│", "╭╮╰╯", "▼"), "polarized": ("┄", "┊", "╭╮╰╯", "◆"),
         "allied": ("═", "║", "╔╗╚╝", "")}
LINE_STYLE = {"protects": "#7a9e9f", "polarized": "#c27c74", "allied": "#87a878"}
MARKS = "▼▲◆"
BAND = 64  # rows (and columns) in one piece of the index of up and down runs

Cell = tuple[int, int]
# A run: (first x, first y, step x, step y, cells, character, corner of its first cell)
Run = tuple[int, int, int, int, int, str, str]


def corner(a: Cell, b: Cell, c: Cell, corners: str) -> str:
    """The corner drawn at `b` on a path going a -> b -> c ("" when it goes straight)."""
    if (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
        return ""
    sides = {_side(b, a), _side(b, c)}
    for i, pair in enumerate(({"down", "right"}, {"down", "left"}, {"up", "right"},
                              {"up", "left"})):
        if sides == pair:
            return corners[i]
    return ""


def _side(here: Cell, there: Cell) -> str:
    if there[0] != here[0]:
        return "right" if there[0] > here[0] else "left"
    return "down" if there[1] > here[1] else "up"


def runs_of(points: list[tuple[float, float]], kind: str) -> list[Run]:
    """A route's cells as runs, in the order the path goes; the last run is its end cell."""
    across, down, corners, _ = LINES[kind]
    pts = [(int(x), int(y)) for x, y in points]
    runs: list[Run] = []
    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
        dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
        n = max(abs(x2 - x1), abs(y2 - y1))
        if n:
            runs.append((x1, y1, dx, dy, n, across if dx else down, ""))
    runs.append((pts[-1][0], pts[-1][1], 0, 0, 1, down, ""))
    # A turn is always at the first cell of a run (within a run the path goes straight).
    for j in range(1, len(runs) - 1):
        x, y, dx, dy, n, ch, _ = runs[j]
        px, py, pdx, pdy, pn = runs[j - 1][:5]
        after = (x + dx, y + dy) if n > 1 else runs[j + 1][:2]
        runs[j] = (x, y, dx, dy, n, ch,
                   corner((px + pdx * (pn - 1), py + pdy * (pn - 1)), (x, y), after, corners))
    return runs


def _cells(runs: list[Run], backward: bool = False):  # type: ignore[no-untyped-def]
    order = reversed(runs) if backward else runs
    for x, y, dx, dy, n, _, _ in order:
        steps = range(n - 1, -1, -1) if backward else range(n)
        for k in steps:
            yield (x + dx * k, y + dy * k)


def marks_of(runs: list[Run], kind: str, in_box: Callable[[int, int], bool]) -> dict[Cell, str]:
    """The end marks: next to the part protected, or at both ends of a polarized link."""
    mark = LINES[kind][3]
    if not mark:
        return {}
    shown = (c for c in _cells(runs, backward=True) if not in_box(*c))
    last = next(shown, None)
    if last is None:
        return {}
    before = next(shown, last)
    out = {last: "▲" if mark == "▼" and last[1] < before[1] else mark}
    if kind == "polarized":
        first = next(c for c in _cells(runs) if not in_box(*c))
        out[first] = mark
    return out


class LineRows:
    """The cells of every link line on one row, made when the row is asked for."""

    def __init__(self, drawing: Drawing, box_w: int, box_h: int) -> None:
        by_line: dict[int, list[int]] = defaultdict(list)  # y -> left edges of boxes there
        for b in drawing.boxes:
            for dy in range(box_h):
                by_line[int(b.y) + dy].append(int(b.x))

        def in_box(x: int, y: int) -> bool:
            return any(bx <= x < bx + box_w for bx in by_line.get(y, ()))

        edges = drawing.plan.edges
        self.kinds = [rel.kind for rel in edges]
        self.runs: list[list[Run]] = []
        self.marks: dict[int, list[tuple[int, int, str]]] = defaultdict(list)  # y -> marks
        self.across: dict[int, list[tuple[int, int]]] = defaultdict(list)  # y -> (route, run)
        downs: list[tuple[int, int, int, int]] = []  # (top y, bottom y, route, run)
        for i, (rel, r) in enumerate(zip(edges, drawing.routes, strict=False)):
            runs = runs_of(r.points, rel.kind)
            self.runs.append(runs)
            for j, (_, y, _, dy, n, _, _) in enumerate(runs):
                if dy:
                    top, bottom = (y, y + n - 1) if dy > 0 else (y - n + 1, y)
                    downs.append((top, bottom, i, j))
                else:
                    self.across[y].append((i, j))
            for (x, y), ch in marks_of(runs, rel.kind, in_box).items():
                self.marks[y].append((i, x, ch))
        downs.sort()
        self.downs = downs
        self.down_tops = [d[0] for d in downs]
        self.tallest = max((b - t for t, b, _, _ in downs), default=0)
        self._bands: dict[int, dict[int, list[tuple[int, int, int, int, int]]]] = {}

    def _band(self, band: int) -> dict[int, list[tuple[int, int, int, int, int]]]:
        """The up and down runs crossing a band of rows, by band of columns, made once."""
        found = self._bands.get(band)
        if found is None:
            top, bottom = band * BAND, band * BAND + BAND - 1
            lo = bisect_left(self.down_tops, top - self.tallest)
            hi = bisect_right(self.down_tops, bottom)
            found = defaultdict(list)
            for t, b, i, j in self.downs[lo:hi]:
                if b >= top:
                    found[self.runs[i][j][0] // BAND].append((t, b, i, j, self.runs[i][j][0]))
            self._bands[band] = found
        return found

    def row(self, y: int, x0: int, x1: int) -> dict[int, tuple[str, str]]:
        """x -> (character, style) of the line cells on row y between x0 and x1."""
        pieces = list(self.across.get(y, ()))
        band = self._band(y // BAND)
        for col in range(x0 // BAND, (x1 - 1) // BAND + 1):
            pieces += [(i, j) for t, b, i, j, x in band.get(col, ())
                       if t <= y <= b and x0 <= x < x1]
        pieces.sort()
        per_route: dict[int, dict[int, str]] = defaultdict(dict)
        for i, j in pieces:
            x, ry, dx, dy, n, ch, turn = self.runs[i][j]
            if dy:  # one cell of an up or down run, in the window (the index chose it)
                per_route[i][x] = turn if y == ry and turn else ch
                continue
            first, last = (x, x + n - 1) if dx >= 0 else (x - n + 1, x)
            lo, hi = max(first, x0), min(last, x1 - 1)
            if lo > hi:
                continue
            cells = per_route[i]
            for cx in range(lo, hi + 1):
                cells[cx] = turn if cx == x and turn else ch
        for i, x, ch in self.marks.get(y, ()):
            if x0 <= x < x1:
                per_route[i][x] = ch
        out: dict[int, tuple[str, str]] = {}
        for vertical_pass in (False, True):
            for i in sorted(per_route):
                kind = self.kinds[i]
                down, style = LINES[kind][1], LINE_STYLE[kind]
                for x, ch in per_route[i].items():
                    if (ch == down) == vertical_pass or ch in MARKS:
                        out[x] = (ch, style)
        return out
