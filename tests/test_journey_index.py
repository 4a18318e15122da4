"""Journeys listed and searched through the reflection index (core/journey_index.py),
against real files: the same as journeys.list_all, hand edits and odd files seen."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import journey_index, journeys
from ifs_tui.core.journeys import Journey
from ifs_tui.core.model import name_key
from ifs_tui.core.storage import MapStore

from .hostile import TEXTS
from .test_moment_index import fifo_at

PLUS_ONE = timezone(timedelta(hours=1))
SESSION = datetime(2026, 2, 14, 10, 0, tzinfo=PLUS_ONE)


@pytest.fixture
def store(map_folder: Path, index_settled: None) -> MapStore:
    s = MapStore(map_folder)
    s.create("Journeys")
    return s


def shown(found: list[Journey]) -> list[tuple[object, ...]]:
    return [(j.id, j.title, j.session, j.notes, j.parts, j.preparation, j.integration,
             j.moments, j.created, j.changed) for j in found]


def test_listing_is_what_list_all_gives_less_hand_keys(store: MapStore) -> None:
    first = journeys.new(store, "Spring session", SESSION, "Calm room.\n[/] a blanket")
    journeys.new(store, "Earlier one", SESSION - timedelta(days=30))
    journeys.attach(store, first.id, reflection="20260201-prep", phase="preparation")
    journeys.attach(store, first.id, moment="20260220-090000")
    path = journeys.path_of(store, first.id)
    path.write_text(path.read_text("utf-8") + 'dose = "not shown"\n', "utf-8")
    listed, problems = journey_index.listing(store)
    assert problems == []
    assert shown(listed) == shown(journeys.list_all(store)[0])
    assert [j.title for j in listed] == ["Earlier one", "Spring session"]
    assert listed[1].moments == ["20260220-090000"] and listed[1].extra == {}


def test_filter_hand_edits_and_broken_files(store: MapStore) -> None:
    kept = journeys.new(store, "Spring session", SESSION, "The scared one came forward.")
    assert [j.id for j in journey_index.hits(store, "SCARED  one")] == [kept.id]
    path = journeys.path_of(store, kept.id)
    path.write_text(path.read_text("utf-8").replace("scared one", "sceptic"), "utf-8")
    assert journey_index.hits(store, "scared") == []
    assert [j.notes for j in journey_index.listing(store, "sceptic")[0]] == [
        "The sceptic came forward."]
    bad = path.parent / "20260301-bad.toml"
    bad.write_text('schema = 1\ntitle = "x"\nsession = "soon"\n', "utf-8")
    listed, problems = journey_index.listing(store)
    assert [j.id for j in listed] == [kept.id]
    assert [(p.file, p.field, p.line) for p in problems] == [(str(bad), "session", 3)]
    assert journey_index.listing(store, "\udcff") == ([], problems)


def test_a_fifo_is_reported_never_read(store: MapStore) -> None:
    journeys.new(store, "Spring session", SESSION)
    fifo = store.folder / "journeys" / "20260301-pipe.toml"
    with fifo_at(fifo):  # a read would wait for ever
        listed, problems = journey_index.listing(store)
    assert len(listed) == 1
    assert [(p.file, p.message) for p in problems] == [
        (str(fifo), "is not a plain file; move it aside")]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.sampled_from(TEXTS), min_size=1, max_size=4),
       needle=st.sampled_from(["", "long", "[/", "\u202e", "Ω"]) | st.text(max_size=3))
def test_filter_equals_the_plain_reading(store: MapStore, notes: list[str],
                                         needle: str) -> None:
    for old in (store.folder / "journeys").glob("*.toml"):
        old.unlink()
    for n, text in enumerate(notes):
        journeys.save(store, Journey(f"2026021{n}-j", f"title {n}", SESSION + timedelta(n),
                                     text))
    folded = name_key(needle)
    want = [j.id for j in journeys.list_all(store)[0]
            if folded in name_key(j.title) or folded in name_key(j.notes)]
    try:
        folded.encode("utf-8")
    except UnicodeEncodeError:
        want = []
    assert [j.id for j in journey_index.listing(store, needle)[0]] == want
