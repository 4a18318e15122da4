"""The map view in the terminal: lines go round boxes, links stay apart, names fit.

Checked on the cells the canvas draws, for the demo map and generated maps of
60 parts with 180 links.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import cell_len

from ifs_tui.app.widgets.map_canvas import BOX_H, BOX_W, SELF, MapCanvas, line_cells
from ifs_tui.core.model import Part, PartsMap

from ..drawn_maps import demo_map, many_parts

MAPS = {"demo": demo_map, "sixty": many_parts, "sixty-other": lambda: many_parts(seed=4)}


def _near(cell: tuple[int, int], x: int, y: int) -> bool:
    """Is the cell just above or just below the box at (x, y)?"""
    return x <= cell[0] < x + BOX_W and cell[1] in (y - 1, y + BOX_H)


@pytest.mark.parametrize("name", MAPS)
def test_no_line_runs_under_a_box_or_self(name: str) -> None:
    pmap = MAPS[name]()
    canvas = MapCanvas(pmap)
    drawn = line_cells(canvas.drawing)
    assert len(drawn) == len(pmap.relationships)
    for cells in drawn:
        for x, y in cells:
            assert not any(b.x <= x < b.x + BOX_W and b.y <= y < b.y + BOX_H
                           for b in canvas.boxes), (x, y)
            # Self's row (and the row under it) stay clear, so no link reads as Self's.
            assert y > 2 or not canvas.self_x - 1 <= x <= canvas.self_x + len(SELF)


@pytest.mark.parametrize("name", MAPS)
def test_each_link_is_its_own_line_from_one_part_to_the_other(name: str) -> None:
    canvas = MapCanvas(MAPS[name]())
    drawn = line_cells(canvas.drawing)
    owner: Counter[tuple[tuple[int, int], bool]] = Counter()
    for rel, cells in zip(canvas.edges, drawn, strict=True):
        a, b = canvas.box(rel.source), canvas.box(rel.target)
        assert a is not None and b is not None
        ends = [c for c in cells if _near(c, a.x, a.y)], [c for c in cells if _near(c, b.x, b.y)]
        assert ends[0] and ends[1], rel
        if rel.kind == "protects":  # one arrow, next to the part protected
            arrows = [c for c, ch in cells.items() if ch in "▼▲"]
            assert len(arrows) == 1 and _near(arrows[0], b.x, b.y), rel
        for cell, ch in cells.items():
            owner[(cell, ch in "─┄═")] += 1
            # Right above or below a box, only that box's own links: none reads as its.
            for box in canvas.boxes:
                if _near(cell, box.x, box.y):
                    assert box.part_id in (rel.source, rel.target), (rel, box.part_id)
    # Two links never share a cell running the same way: they cross, never merge.
    assert [k for k, n in owner.items() if n > 1] == []


def test_the_demo_map_has_three_separate_arrows_into_small_one() -> None:
    canvas = MapCanvas(demo_map())
    small = canvas.box("small-one")
    assert small is not None
    row = canvas.render().plain.splitlines()[small.y - 1][small.x:small.x + BOX_W]
    assert row.count("▼") == 3 and "▼▼" not in row


def test_wide_names_keep_the_box_whole() -> None:
    names = ["内なる批評家" * 4, "W" * 30, "e\u0301" * 25, "short"]
    pmap = PartsMap(parts=[Part(id=f"p{i}", name=n, role="exile") for i, n in enumerate(names)])
    canvas = MapCanvas(pmap)
    lines = canvas.render().plain.splitlines()
    for box in canvas.boxes:
        cells = _cells(lines[box.y + 1])
        # The box's sides sit where its top corners are, whatever the name holds.
        assert cells[box.x] == "│" and cells[box.x + BOX_W - 1] == "│", box.name
        assert _cells(lines[box.y])[box.x + BOX_W - 1] == "╮"
    assert max(cell_len(line) for line in lines) <= canvas.canvas_w


def _cells(line: str) -> list[str]:
    """The characters of a line by terminal cell (a wide letter fills two)."""
    out: list[str] = []
    for ch in line:
        width = cell_len(ch)
        if width == 0 and out:
            out[-1] += ch
        out += [ch] * width
    return out


def test_a_long_name_is_drawn_on_two_lines_broken_between_words() -> None:
    from ifs_tui.app.widgets.map_canvas import name_lines

    def lines(name: str) -> list[str]:
        return ["".join(line) for line in name_lines(name, BOX_W - 4, BOX_H - 2)]

    assert lines("The one who freezes in conflict") == ["The one who freezes in", "conflict"]
    assert lines("Critic") == ["Critic"]
    assert lines("W" * 30) == ["W" * (BOX_W - 4), "W" * 8]
    assert lines("内" * 12 + " x") == ["内" * 11, "内 x"]  # a wide letter is never halved
    assert lines("a " * 40)[-1].endswith("…")
