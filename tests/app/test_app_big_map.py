"""The drawn map with many parts: it opens on the chosen part, scrolls to its far
side, and a map too big to follow says so and leads back to the tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.gen import make_map
from textual.geometry import Region

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens import map_view
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.map_view import MapViewScreen
from ifs_tui.app.widgets.map_canvas import BOX_H, MapCanvas, line_cells
from ifs_tui.app.widgets.map_lines import LINE_STYLE, LINES, LineRows

from ..drawn_maps import demo_map, many_parts
from .conftest import ready, text_of


async def _open_map(pilot, app: IfsApp) -> MapCanvas:  # type: ignore[no-untyped-def]
    await pilot.press("m")
    for _ in range(5):  # a large map is drawn in a worker, then mounted
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(app.screen, MapViewScreen)
    return app.screen.query_one(MapCanvas)


def in_view(canvas: MapCanvas, scroll) -> str:  # type: ignore[no-untyped-def]
    """The part of the drawing the scroll area shows (through the lines Textual keeps)."""
    size = scroll.scrollable_content_region.size
    view = Region(int(scroll.scroll_x), int(scroll.scroll_y), *size)
    return "\n".join(strip.text for strip in canvas.render_lines(view))


def whole_rows(canvas: MapCanvas, scroll) -> str:  # type: ignore[no-untyped-def]
    """The same part cut from whole rows of the drawing."""
    x, y = int(scroll.scroll_x), int(scroll.scroll_y)
    w, h = scroll.scrollable_content_region.size
    return "\n".join("".join(ch for ch, _ in canvas._row(row))[x:x + w].ljust(w)
                     for row in range(y, y + h))


async def test_a_thousand_parts_open_on_the_chosen_part_and_scroll_to_the_far_side(
        map_folder: Path, make_app: Callable[..., IfsApp]) -> None:
    make_map(map_folder, 1000, 0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        app.screen.select("part-998")
        await pilot.pause()
        canvas = await _open_map(pilot, app)
        scroll = app.screen.query_one("#map-scroll")
        box = canvas.box("part-998")
        assert canvas.chosen == "part-998" and box is not None
        assert scroll.scroll_y <= box.y < scroll.scroll_y + scroll.size.height
        assert scroll.scroll_x <= box.x < scroll.scroll_x + scroll.size.width
        assert "Part 998" in in_view(canvas, scroll)
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 1000
        assert scroll.scroll_y + scroll.size.height >= canvas.canvas_h
        assert "Part 998" not in in_view(canvas, scroll)
        # Across to the far right: the columns now in view are drawn, not left blank.
        scroll.scroll_to(x=scroll.max_scroll_x, y=canvas.boxes[-1].y - 3, animate=False)
        await pilot.pause()
        assert scroll.scroll_x == scroll.max_scroll_x > 1000
        assert in_view(canvas, scroll) == whole_rows(canvas, scroll)
        assert in_view(canvas, scroll).strip()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_map_too_big_to_draw_says_so_and_goes_back_to_the_tree(
        store, make_app: Callable[..., IfsApp],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(map_view, "MOST_DRAWN", 2)  # the test map has three parts
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MapViewScreen)
        assert not app.screen.query(MapCanvas)
        words = " ".join(text_of(app.screen.query_one("#map-too-big")).split())
        assert "too many to draw" in words and "tree" in words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def _whole_layer(canvas: MapCanvas) -> dict[int, dict[int, tuple[str, str]]]:
    """The lines as the map view laid them out before, all cells at once."""
    layer: dict[int, dict[int, tuple[str, str]]] = {}
    drawn = line_cells(canvas.drawing)
    for vertical_pass in (False, True):
        for rel, cells in zip(canvas.edges, drawn, strict=True):
            for (x, y), ch in cells.items():
                drawn_now = (ch == LINES[rel.kind][1]) == vertical_pass or ch in "▼▲◆"
                if drawn_now and 0 <= y < canvas.canvas_h and 0 <= x < canvas.canvas_w:
                    layer.setdefault(y, {})[x] = (ch, LINE_STYLE[rel.kind])
    return layer


def _outside_boxes(canvas: MapCanvas, y: int, cells: dict[int, tuple[str, str]]) -> dict:  # type: ignore[type-arg]
    boxes = [b for b in canvas.boxes if b.y <= y < b.y + BOX_H]
    return {x: c for x, c in cells.items() if not any(b.x <= x < b.x + 26 for b in boxes)}


@pytest.mark.parametrize("make", [demo_map, many_parts, lambda: many_parts(seed=4),
                                  lambda: many_parts(90, 300, seed=7)])
def test_lines_drawn_a_row_at_a_time_match_the_whole_layout(make) -> None:  # type: ignore[no-untyped-def]
    canvas = MapCanvas(make())
    layer = _whole_layer(canvas)
    rows = LineRows(canvas.drawing, 26, BOX_H)
    for y in range(canvas.canvas_h):
        got = _outside_boxes(canvas, y, rows.row(y, 0, canvas.canvas_w))
        assert got == _outside_boxes(canvas, y, layer.get(y, {})), y
        # A window of the row holds the same cells as the whole row there.
        window = rows.row(y, 40, 90)
        assert window == {x: c for x, c in rows.row(y, 0, canvas.canvas_w).items()
                          if 40 <= x < 90}
