"""Small maps draw cell for cell as they did before the map view learned to draw
large maps a window at a time (the expected files were written by the old code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..drawn_maps import demo_map, many_parts
from .canvas_dump import dump

GOLDEN = Path(__file__).parent.parent / "golden" / "map_view"
MAPS = {"twelve": (lambda: many_parts(12, 30, seed=3), "p5"), "demo": (demo_map, "the-fog")}


@pytest.mark.parametrize("name", MAPS)
def test_small_maps_draw_as_before(name: str) -> None:
    make, chosen = MAPS[name]
    expected = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert dump(make(), chosen) == expected
