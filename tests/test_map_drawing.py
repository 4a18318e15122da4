"""The drawn map (SVG, and the HTML that holds it) says who protects whom.

Checked on the picture itself: every link line is sampled along its path and no
point may fall inside a box (or Self), so no line reads as joining a part it
does not join; and every name fits inside its box by measured width.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ifs_tui.core.export import export
from ifs_tui.core.model import Part, PartsMap, Relationship
from ifs_tui.core.routing import route
from ifs_tui.core.svg import BOX_W, GEOMETRY, TEXT_ROOM, fit_name, render_svg
from ifs_tui.core.textwidth import text_width, wrap_to_width

from .drawn_maps import demo_map, many_parts

NUM = r"-?\d+(?:\.\d+)?"
Box = tuple[float, float, float, float]


def _boxes(svg: str) -> list[Box]:
    found = [tuple(float(v) for v in m.groups()) for m in re.finditer(
        rf'<rect x="({NUM})" y="({NUM})" width="({NUM})" height="({NUM})" rx="10"', svg)]
    for m in re.finditer(rf'<ellipse cx="({NUM})" cy="({NUM})" rx="({NUM})" ry="({NUM})"', svg):
        cx, cy, rx, ry = (float(v) for v in m.groups())
        found.append((cx - rx, cy - ry, 2 * rx, 2 * ry))  # Self
    return found  # type: ignore[return-value]


def _lines(svg: str) -> list[list[tuple[float, float]]]:
    """Sampled points of every link line (the legend's sample lines left out)."""
    picture = svg.split("</defs>", 1)[1].split(">Legend<", 1)[0]
    return [_sample(d) for d in re.findall(r'<path d="([^"]+)" fill="none"', picture)]


def _sample(d: str) -> list[tuple[float, float]]:
    tokens = re.findall(rf"[MLQC]|{NUM}", d)
    points: list[tuple[float, float]] = []
    i, here = 0, (0.0, 0.0)
    while i < len(tokens):
        cmd = tokens[i]
        n = {"M": 1, "L": 1, "Q": 2, "C": 3}[cmd]
        ps = [(float(tokens[i + 1 + 2 * k]), float(tokens[i + 2 + 2 * k])) for k in range(n)]
        i += 1 + 2 * n
        ctrl = [here, *ps]
        for s in range(1, 41) if cmd != "M" else [40]:
            t = s / 40
            pts = ctrl
            while len(pts) > 1:  # de Casteljau: works for lines and both curve kinds
                pts = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                       for a, b in zip(pts, pts[1:], strict=False)]
            points.append(pts[0])
        here = ps[-1]
    return points


def _inside(p: tuple[float, float], box: Box) -> bool:
    x, y, w, h = box
    return x + 0.5 < p[0] < x + w - 0.5 and y + 0.5 < p[1] < y + h - 0.5


def _on_edge(p: tuple[float, float], box: Box) -> bool:
    x, y, w, h = box
    return x <= p[0] <= x + w and y - 0.5 <= p[1] <= y + h + 0.5 and not _inside(p, box)


MAPS = {"demo": demo_map, "sixty": many_parts, "sixty-other": lambda: many_parts(seed=4)}


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_no_line_passes_through_a_box(name: str, fmt: str) -> None:
    pmap = MAPS[name]()
    picture = export(pmap, fmt) if fmt == "svg" else export(pmap, fmt, [])
    boxes, lines = _boxes(picture), _lines(picture)
    assert len(lines) == len(pmap.relationships) and len(boxes) == len(pmap.parts) + 1
    through = []
    for n, points in enumerate(lines):
        # Each line starts and ends on the edge of a box: the two parts it joins.
        assert any(_on_edge(points[0], b) for b in boxes), n
        assert any(_on_edge(points[-1], b) for b in boxes), n
        through += [(n, b) for b in boxes if any(_inside(p, b) for p in points)]
    assert through == []


@pytest.mark.parametrize("name", MAPS)
def test_links_start_and_end_at_the_parts_they_join(name: str) -> None:
    pmap = MAPS[name]()
    drawing = route(pmap, GEOMETRY)
    for r in drawing.routes:
        for (x, y), pid in ((r.points[0], r.rel.source), (r.points[-1], r.rel.target)):
            box = drawing.box(pid)
            assert box is not None
            assert box.x < x < box.right and y in (box.y, box.bottom), (r.rel, pid)
        for (x1, y1), (x2, y2) in zip(r.points, r.points[1:], strict=False):
            assert x1 == x2 or y1 == y2  # straight runs, across or down


def test_separate_links_keep_separate_ends() -> None:
    """Three protectors of one exile arrive at three different points, not one."""
    drawing = route(demo_map(), GEOMETRY)
    ends = [r.points[-1] for r in drawing.routes if r.rel.target == "small-one"]
    assert len(ends) == 3 and len(set(ends)) == 3
    assert min(abs(a[0] - b[0]) for a in ends for b in ends if a != b) >= 2 * GEOMETRY.lane


WIDE_NAMES = ["W" * 22, "WWWWW MMMMM WWWWW MMMMM WWWWW", "内なる批評家" * 5,
              "ｗｉｄｅ　ｌｅｔｔｅｒｓ　ｅｖｅｒｙｗｈｅｒｅ", "@" * 40, "A" * 200, "i" * 60]


def test_wide_names_fit_their_boxes() -> None:
    parts = [Part(id=f"p{i}", name=name, role="manager") for i, name in enumerate(WIDE_NAMES)]
    svg = render_svg(PartsMap(parts=parts, relationships=[Relationship("p0", "p1", "allied")]))
    shown = re.findall(r'<text x="[^"]+" y="[^"]+"(?: font-size="(\d+)")? '
                       r'text-anchor="middle" fill="#222">([^<]*)</text>', svg)
    assert len(shown) >= len(WIDE_NAMES)
    for size, line in shown:
        line = line.replace("&amp;", "&")
        assert text_width(line, float(size or 13)) <= BOX_W - 16, line
    # Short enough names are shown whole, only smaller; the rest is cut with "…".
    assert "".join(fit_name("W" * 22)[1]) == "W" * 22
    assert "".join(fit_name("内なる批評家" * 5)[1]) == "内なる批評家" * 5
    assert fit_name("A" * 200)[1][-1].endswith("…")


@given(st.text(max_size=120), st.sampled_from([10, 11, 12, 13]))
def test_wrapped_lines_never_exceed_the_room(text: str, size: int) -> None:
    lines = wrap_to_width(text, TEXT_ROOM, size)
    assert 1 <= len(lines) <= 2
    assert all(text_width(line, size) <= TEXT_ROOM for line in lines)
