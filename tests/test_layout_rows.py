"""How many parts a row of the drawn map holds: eight up to 150 parts (small maps
are drawn as they always were), about the square root of the parts past that, so
a large map has far fewer rows for its links to cross."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ifs_tui.core.layout import layout
from ifs_tui.core.routing import _cheapest_gap

from .drawn_maps import many_parts


def _widest(parts: int, links: int) -> tuple[int, int]:
    plan = layout(many_parts(parts, links, seed=2))
    return plan.widest, len(plan.rows)


def test_small_maps_keep_eight_parts_a_row() -> None:
    assert _widest(60, 100)[0] == 8
    assert _widest(150, 200)[0] == 8


def test_large_maps_have_wider_rows_and_fewer_of_them() -> None:
    widest, rows = _widest(900, 1200)
    assert widest == 30
    assert rows <= 4 * (900 // 4 // 30 + 2)  # four roles, each in rows of 30


@given(st.floats(-2, 40), st.floats(-5, 45), st.integers(0, 35),
       st.dictionaries(st.integers(0, 35), st.integers(0, 6)))
def test_the_cheapest_gap_is_the_one_trying_every_gap_finds(
        base: float, ideal: float, n: int, lines: dict[int, int]) -> None:
    usage = {(3, c): [0] * k for c, k in lines.items()}

    def cost(c: int) -> float:
        outer = 1.0 if c in (0, n) else 0.0
        return abs(base + c - ideal) + 0.7 * len(usage.get((3, c), [])) + outer

    assert _cheapest_gap(base, ideal, n, usage, 3) == min(range(n + 1), key=cost)
