"""Search results a person can tell apart: reflections newest first, each with its
date and part; a long question cut between words."""

from __future__ import annotations

from pathlib import Path

import pytest

from ifs_tui.core import reflections
from ifs_tui.core.search import search, search_store, shortened
from ifs_tui.core.storage import MapStore
from tests.test_reflect_index_search import pmap_of, save


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    s = MapStore(tmp_path / "map")
    s.create("Search results")
    return s


def test_reflection_hits_come_newest_first_with_date_and_part(store: MapStore) -> None:
    for n in range(1, 9):
        save(store, n, f"befriended, round {n}")
    pmap = pmap_of()
    hits = search_store(pmap, store, "befriended")
    records = reflections.list_all(store)[0]
    assert [h.target for h in hits] == [r.id for r in reversed(records)]
    assert hits == search(pmap, records, "befriended")
    by_id = {r.id: r for r in records}
    for hit in hits:
        assert hit.started == by_id[hit.target].started
        # Odd ones were with the Inner Critic (save() gives them that part).
        assert hit.part == ("Inner Critic" if by_id[hit.target].part else "")
    # Part hits stay first; the newest reflections are the ones a limit keeps.
    limited = search_store(pmap, store, "befriended", limit=3)
    assert [h.target for h in limited] == [r.id for r in reversed(records)][:3]
    assert search_store(pmap, store, "critic")[0].kind == "part"


def test_a_part_gone_from_the_map_shows_no_name(store: MapStore) -> None:
    save(store, 1, "gone now")  # with inner-critic
    pmap = pmap_of()
    pmap.parts = [p for p in pmap.parts if p.id != "inner-critic"]
    (hit,) = search_store(pmap, store, "gone now")
    assert hit.part == ""


def test_a_question_is_cut_between_words() -> None:
    ask = "If one of these words fits, where would you say you are with this part now?"
    assert shortened(ask) == "If one of these words fits, where would you say…"
    assert shortened("Short question?") == "Short question?"
    assert shortened("a\n  b\tc") == "a b c"
    assert shortened("x" * 80, 10) == "x" * 9 + "…"  # one long word: cut inside it
    for width in (5, 10, 30, 50):
        assert len(shortened(ask, width)) <= width
