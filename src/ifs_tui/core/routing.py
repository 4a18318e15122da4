"""Where boxes and link lines go, shared by the terminal map view and the SVG.

Lines never pass under a box: they leave a box from its bottom edge, run along
a track in the gap below its row, go down through the gaps between the boxes of
the rows in between, and enter the other box from its top edge (links within a
row go out of the bottom of one box and back into the bottom of the other).
Every link has its own port on a box's edge, its own lane in a gap between two
boxes and its own track in a gap between rows, so links never merge into one
line. Gaps grow when many links need them.

Decisions (which gap a line takes) are made in "slots", where a box is one
slot wide; the geometry (cells in a terminal, pixels in an SVG) comes after,
so both drawings route the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .layout import Layout, layout
from .model import PartsMap, Relationship

Point = tuple[float, float]


@dataclass(frozen=True)
class Geometry:
    box_w: float
    box_h: float
    gap_x: float  # the smallest gap between two boxes of a row
    gap_y: float  # the smallest gap between two rows
    lane: float  # distance between two parallel vertical lines
    track: float  # distance between two parallel horizontal lines
    left: float  # x of the first box of the widest row
    top: float  # y of the first row
    cells: bool = False  # a terminal: every coordinate is a whole cell


@dataclass(frozen=True)
class Rect:
    part_id: str
    x: float
    y: float
    w: float
    h: float
    row: int
    col: int
    role: str
    first: bool

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Route:
    rel: Relationship
    points: list[Point]  # from the source's edge to the target's edge


@dataclass
class Drawing:
    plan: Layout
    boxes: list[Rect]
    routes: list[Route]
    width: float  # the right end of the furthest box or line
    height: float  # the bottom of the last gap under the last row
    row_y: list[float] = field(default_factory=list)

    def box(self, part_id: str | None) -> Rect | None:
        return next((b for b in self.boxes if b.part_id == part_id), None)


def route(pmap: PartsMap, geo: Geometry) -> Drawing:
    plan = layout(pmap)
    rows = plan.rows
    widest = max(plan.widest, 1)
    pad = [(widest - len(row)) / 2 for row in rows]
    where = {p.part_id: p for row in rows for p in row}
    snap = (lambda v: float(int(v))) if geo.cells else (lambda v: v)

    # 1. Which gap each link takes through each row it crosses (in slots).
    gaps: dict[int, list[tuple[int, int]]] = {}  # edge -> [(row, gap)] it goes through
    usage: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, rel in enumerate(plan.edges):
        a, b = where[rel.source], where[rel.target]
        up, down = (a, b) if a.row <= b.row else (b, a)
        ax, bx = pad[up.row] + up.col + 0.5, pad[down.row] + down.col + 0.5
        chosen: list[tuple[int, int]] = []
        for r in range(up.row + 1, down.row):
            ideal = ax + (bx - ax) * (r - up.row) / (down.row - up.row)
            n = len(rows[r])

            c = _cheapest_gap(pad[r], ideal, n, usage, r)
            usage[(r, c)].append(i)
            chosen.append((r, c))
        gaps[i] = chosen

    inner = max((len(v) for (r, c), v in usage.items() if 0 < c < len(rows[r])), default=0)
    gap_w = max(geo.gap_x, (2 * inner + 4) * geo.lane)  # room to move a lane aside
    if geo.cells:
        gap_w = float(int(gap_w) + (int(gap_w) + int(geo.box_w)) % 2)  # keep centres whole
    unit = geo.box_w + gap_w

    # Lines going round the left end of a row keep clear of the row titles.
    outer_left = max((len(v) for (r, c), v in usage.items() if c == 0), default=0)
    left = geo.left + 2 * outer_left * geo.lane
    boxes_x = {pid: snap(left + (pad[p.row] + p.col) * unit) for pid, p in where.items()}

    # 2. Lane positions in the gaps; lines that come from the left take the left lanes.
    def slot_x(i: int, r: int) -> float:
        rel = plan.edges[i]
        a, b = where[rel.source], where[rel.target]
        up = a if a.row <= b.row else b
        return pad[up.row] + up.col + 0.5

    lane_x: dict[tuple[int, int, int], float] = {}  # (edge, row, gap) -> x
    for (r, c), members in usage.items():
        members.sort(key=lambda i: slot_x(i, r))
        n, row = len(members), rows[r]
        for k, i in enumerate(members):
            if c == 0:
                x = boxes_x[row[0].part_id] - (2 + 2 * (n - 1 - k)) * geo.lane
            elif c == len(row):
                x = boxes_x[row[-1].part_id] + geo.box_w + (2 + 2 * k) * geo.lane
            else:
                mid = snap(boxes_x[row[c].part_id] - gap_w / 2)
                x = mid + (2 * k - n + 1) * geo.lane
            lane_x[(i, r, c)] = x

    # 3. Ports on box edges, ordered by where the line goes next.
    ends: dict[tuple[str, str], list[tuple[float, int, str]]] = defaultdict(list)
    for i, rel in enumerate(plan.edges):
        a, b = where[rel.source], where[rel.target]
        for me, other, end in ((a, b, "s"), (b, a, "t")):
            edge = "bottom" if me.row < other.row or me.row == other.row else "top"
            if me.row == other.row:
                toward = pad[other.row] + other.col + 0.5
            else:
                nxt = sorted(gaps[i], key=lambda rc: abs(rc[0] - me.row))
                toward = pad[nxt[0][0]] + nxt[0][1] if nxt else pad[other.row] + other.col + 0.5
            ends[(me.part_id, edge)].append((toward, i, end))
    port: dict[tuple[int, str], float] = {}
    for (pid, _edge), items in ends.items():
        items.sort()
        n = len(items)
        space = min(2 * geo.lane, (geo.box_w - 6 * geo.lane) / max(n - 1, 1))
        if geo.cells:
            space = max(1.0, float(int(space)))
        centre = boxes_x[pid] + snap(geo.box_w / 2)
        for k, (_, i, end) in enumerate(items):
            port[(i, end)] = snap(centre + (k - (n - 1) / 2) * space)

    # 4. Each link as a list of (x, channel) corners; a channel is the gap under a row.
    legs: dict[int, list[tuple[float, float, int]]] = {}  # edge -> [(x_in, x_out, channel)]
    for i, rel in enumerate(plan.edges):
        a, b = where[rel.source], where[rel.target]
        flip = a.row > b.row
        up, down = (b, a) if flip else (a, b)
        x = port[(i, "t" if flip else "s")]
        last = port[(i, "s" if flip else "t")]
        seq = []
        ch = up.row
        for (r, c) in sorted(gaps[i]):
            lx = lane_x[(i, r, c)]
            seq.append((x, lx, ch))
            x, ch = lx, r
        seq.append((x, last, ch))
        legs[i] = seq
    _nudge(legs, plan, where, geo, boxes_x)

    # 5. Tracks: lines in one gap that overlap side to side get different heights.
    track_of: dict[tuple[int, int], int] = {}
    count: dict[int, int] = defaultdict(int)
    per_channel: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for i, seq in legs.items():
        for x_in, x_out, ch in seq:
            per_channel[ch].append((min(x_in, x_out), max(x_in, x_out), i))
    for ch, spans in per_channel.items():
        spans.sort()
        ends_at: list[float] = []
        for lo, hi, i in spans:
            t = next((t for t, end in enumerate(ends_at) if end + 1.5 * geo.lane < lo), None)
            if t is None:
                t = len(ends_at)
                ends_at.append(hi)
            ends_at[t] = hi
            track_of[(i, ch)] = t
        count[ch] = len(ends_at)

    row_y, y = [], geo.top
    heights = []
    for r in range(len(rows)):
        row_y.append(y)
        h = max(geo.gap_y, (count[r] + 1) * geo.track + (1 if geo.cells else geo.track))
        heights.append(h)
        y += geo.box_h + h

    def track_y(ch: int, t: int) -> float:
        top = row_y[ch] + geo.box_h
        span = (count[ch] - 1) * geo.track
        return snap(top + (heights[ch] - span) / 2 + t * geo.track)

    routes = []
    for i, rel in enumerate(plan.edges):
        a, b = where[rel.source], where[rel.target]
        flip = a.row > b.row
        up, down = (b, a) if flip else (a, b)
        seq = legs[i]
        pts: list[Point] = [(seq[0][0], row_y[up.row] + geo.box_h)]
        for x_in, x_out, ch in seq:
            ty = track_y(ch, track_of[(i, ch)])
            pts += [(x_in, ty), (x_out, ty)]
        end_y = row_y[down.row] + (geo.box_h if up.row == down.row else 0.0)
        pts.append((seq[-1][1], end_y))
        if flip:
            pts.reverse()
        routes.append(Route(rel, _tidy(pts)))

    boxes = [Rect(p.part_id, boxes_x[p.part_id], row_y[p.row], geo.box_w, geo.box_h, p.row,
                  p.col, p.role, p.first) for row in rows for p in row]
    right = max([b.right for b in boxes] + [x for r in routes for x, _ in r.points], default=0)
    return Drawing(plan, boxes, routes, right, y, row_y)


def _cheapest_gap(base: float, ideal: float, n: int,
                  usage: dict[tuple[int, int], list[int]], r: int) -> int:
    """The gap (0..n) of row r with the lowest cost, the leftmost of equals.

    Cost: distance from the ideal x, plus 0.7 for each line already there, plus 1 for
    the two ends. Gaps are tried outward from the nearest one and the search stops
    when distance alone passes the best cost: on a wide row only a few are tried."""

    def cost(c: int) -> float:
        outer = 1.0 if c in (0, n) else 0.0
        lines = usage.get((r, c))
        return abs(base + c - ideal) + 0.7 * (len(lines) if lines else 0) + outer

    near = min(max(int(round(ideal - base)), 0), n)
    best, best_c = cost(near), near
    d = 1
    while d - 1 <= best and (near - d >= 0 or near + d <= n):
        for c in (near - d, near + d):
            if 0 <= c <= n:
                v = cost(c)
                if v < best or (v == best and c < best_c):
                    best, best_c = v, c
        d += 1
    return best_c


def _nudge(legs: dict[int, list[tuple[float, float, int]]], plan: Layout,
           where: dict, geo: Geometry,  # type: ignore[type-arg]
           boxes_x: dict[str, float]) -> None:
    """A line coming down into a gap and another going down out of it at the same x
    would look like one line: move the one going out by a lane's width."""
    by_channel: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, seq in legs.items():
        for k, (_, _, ch) in enumerate(seq):
            by_channel[ch].append((i, k))
    for ch in sorted(by_channel):
        members = by_channel[ch]
        fixed, outs = _Xs(geo.lane), _Xs(geo.lane)
        for i, k in members:
            x_in, x_out, _ = legs[i][k]
            fixed.add(x_in)
            if k == len(legs[i]) - 1 and _same_row(plan.edges[i], where):
                fixed.add(x_out)
            outs.add(x_out)
        for i, k in members:
            x_in, x_out, _ = legs[i][k]
            last = k == len(legs[i]) - 1
            if x_out == x_in or last and _same_row(plan.edges[i], where):
                continue
            shifts = [0.0, 1.0, -1.0, 2.0, -2.0]
            if last:  # a port stays on its box's edge, away from the corners
                rel = plan.edges[i]
                a, b = where[rel.source], where[rel.target]
                box = (b if a.row <= b.row else a).part_id
                lo, hi = boxes_x[box] + 2 * geo.lane, boxes_x[box] + geo.box_w - 2 * geo.lane
                shifts = [d for d in shifts + [3.0, -3.0, 4.0, -4.0]
                          if lo <= x_out + d * geo.lane <= hi or d == 0]
            outs.remove(x_out)
            fixed.remove(x_in)
            shift = next((d for strict in (True, False) for d in shifts
                          if not outs.near(x_out + d * geo.lane)
                          and not (strict and fixed.near(x_out + d * geo.lane))), 0.0)
            fixed.add(x_in)
            x_new = x_out + shift * geo.lane
            outs.add(x_new)
            if shift:
                legs[i][k] = (x_in, x_new, ch)
                if not last:
                    _, nx_next, nch = legs[i][k + 1]
                    legs[i][k + 1] = (x_new, nx_next, nch)


class _Xs:
    """A bag of x positions that answers "is one within a lane of x?" quickly."""

    def __init__(self, lane: float) -> None:
        self.lane = lane
        self.bins: dict[int, list[float]] = defaultdict(list)

    def add(self, x: float) -> None:
        self.bins[round(x / self.lane)].append(x)

    def remove(self, x: float) -> None:
        self.bins[round(x / self.lane)].remove(x)

    def near(self, x: float) -> bool:
        b = round(x / self.lane)
        return any(abs(x - other) < self.lane * 0.9
                   for k in (b - 1, b, b + 1) for other in self.bins.get(k, ()))


def _same_row(rel: Relationship, where: dict) -> bool:  # type: ignore[type-arg]
    return bool(where[rel.source].row == where[rel.target].row)


def _tidy(points: list[Point]) -> list[Point]:
    """Drop repeated points and corners that are not corners."""
    out: list[Point] = []
    for p in points:
        if out and out[-1] == p:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
            continue
        out.append(p)
    return out
