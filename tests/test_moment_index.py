"""Moments listed, filtered and searched through the reflection index
(core/moment_index.py), against real files: the same as reading every file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import moment_index, moments, reflect_index
from ifs_tui.core.model import Part, name_key
from ifs_tui.core.moments import Moment
from ifs_tui.core.search import search, search_store
from ifs_tui.core.storage import MapStore

from .hostile import TEXTS

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(map_folder: Path, index_settled: None) -> MapStore:
    s = MapStore(map_folder)
    s.create("Moments")
    return s


def keep(store: MapStore, n: int, text: str, part: str = "", shift: str = "") -> Moment:
    """A moment file as a hand or another device may leave it (any text a file holds)."""
    moment = Moment(f"2026030{n % 9 + 1}-0800{n:02d}", text, START + timedelta(hours=n),
                    part, shift)
    moments.save(store, moment)
    return moment


def seen(found: list[Moment]) -> list[tuple[str, str, datetime, str, str]]:
    return [(m.id, m.text, m.when, m.part, m.shift) for m in found]


def test_listing_is_what_reading_every_file_gives(store: MapStore) -> None:
    for n, text in enumerate(TEXTS[:30]):
        keep(store, n, text, part="critic" if n % 3 else "", shift="a shift" if n % 2 else "")
    listed, problems = moment_index.listing(store)
    assert problems == []
    assert seen(listed) == seen(moments.list_all(store)[0])
    assert seen(moment_index.listing(store, newest=4)[0]) == seen(listed[-4:])
    assert seen(moment_index.listing(store, part="critic")[0]) == seen(
        moments.select(listed, part="critic"))


def test_a_broken_file_is_reported_and_hides_nothing(store: MapStore) -> None:
    keep(store, 1, "kept")
    bad = store.folder / "moments" / "20260302-000000.toml"
    bad.write_text('schema = 1\nwhen = "soon"\n', encoding="utf-8")
    listed, problems = moment_index.listing(store)
    assert [m.text for m in listed] == ["kept"]
    assert [(p.file, p.field) for p in problems] == [(str(bad), "when")]
    assert problems[0].line == 2


def test_hand_edits_and_removals_are_seen(store: MapStore) -> None:
    first = keep(store, 1, "before the edit")
    keep(store, 2, "stays")
    assert len(moment_index.listing(store)[0]) == 2  # the index is built
    path = store.folder / "moments" / f"{first.id}.toml"
    path.write_text(path.read_text("utf-8").replace("before the edit", "after it"), "utf-8")
    assert [m.text for m in moment_index.listing(store)[0]] == ["after it", "stays"]
    moments.remove(store, first)
    assert [m.text for m in moment_index.listing(store)[0]] == ["stays"]
    assert moment_index.hits(store, "after") == []


def test_the_filter_looks_at_text_shift_and_named_parts(store: MapStore) -> None:
    keep(store, 1, "Paused before saying SORRY", part="critic")
    keep(store, 2, "a walk", shift="Noticed fear  without obeying")
    keep(store, 3, "tea", part="pleaser")
    texts = lambda found: [m.text for m in found]  # noqa: E731
    assert texts(moment_index.listing(store, "sorry")[0]) == ["Paused before saying SORRY"]
    assert texts(moment_index.listing(store, "fear without")[0]) == ["a walk"]
    assert texts(moment_index.listing(store, "tea", part_ids=["critic"])[0]) == [
        "Paused before saying SORRY", "tea"]
    assert moment_index.listing(store, "\udcff")[0] == []  # a lone surrogate: nothing
    assert texts(moment_index.listing(store, "\udcff", part_ids=["pleaser"])[0]) == ["tea"]
    assert [m.text for m in moment_index.hits(store, "a", limit=2)] == ["tea", "a walk"]


def test_an_older_index_gets_the_moment_tables(store: MapStore) -> None:
    keep(store, 1, "one")
    moment_index.listing(store)  # the index file is made, by this version
    with sqlite3.connect(reflect_index.index_file(store)) as con:
        con.execute("DROP TABLE moment_entries")
        con.execute(f"PRAGMA user_version = {reflect_index.VERSION - 1}")
    assert [m.text for m in moment_index.listing(store)[0]] == ["one"]


def test_search_finds_moments_through_the_index_as_without_it(store: MapStore) -> None:
    pmap = store.load()
    pmap.parts.append(Part(id="critic", name="Inner Critic"))
    store.save(pmap)
    keep(store, 1, "the critic went quiet for a minute", part="critic")
    keep(store, 2, "quiet morning", shift="Stayed present")
    hits = search_store(pmap, store, "quiet")
    assert [(h.kind, h.title, h.part) for h in hits] == [
        ("moment", "Stayed present", ""), ("moment", "Moment", "Inner Critic")]
    assert hits == search(pmap, [], "quiet", moments=moments.list_all(store)[0])
    assert [h.kind for h in search_store(pmap, store, "critic")] == ["part", "moment"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.sampled_from(TEXTS) | st.text(min_size=1, max_size=40),
                      min_size=1, max_size=6),
       needle=st.sampled_from(["", "a", "[/", "long", "\u202e", "Ω"]) | st.text(max_size=4))
def test_filter_equals_the_plain_reading(store: MapStore, texts: list[str],
                                         needle: str) -> None:
    for old in (store.folder / "moments").glob("*.toml"):
        old.unlink()
    for n, text in enumerate(texts):
        if text.strip():
            keep(store, n, text)
    folded = name_key(needle)
    want = [m.id for m in moments.list_all(store)[0] if folded in name_key(m.text)]
    try:
        folded.encode("utf-8")
    except UnicodeEncodeError:
        want = []
    assert [m.id for m in moment_index.listing(store, needle)[0]] == want


@contextlib.contextmanager
def fifo_at(path: Path) -> Iterator[None]:
    """A FIFO named like a file. A writer stands by, so that a read (which would wait
    for ever) gets an empty file instead and the test fails rather than hangs."""
    os.mkfifo(path)

    def writer() -> None:
        with open(path, "wb"):
            pass

    standing = threading.Thread(target=writer, daemon=True)
    standing.start()
    try:
        yield
    finally:  # nobody read it: let the writer go
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
        standing.join(10)


def test_a_fifo_in_moments_is_reported_never_read(store: MapStore) -> None:
    keep(store, 1, "kept")
    fifo = store.folder / "moments" / "20260302-000000.toml"
    with fifo_at(fifo):  # a read would wait: the app would hang on opening
        listed, problems = moment_index.listing(store)
    assert [m.text for m in listed] == ["kept"]
    assert [(p.file, p.message) for p in problems] == [
        (str(fifo), "is not a plain file; move it aside")]


def test_a_fifo_in_reflections_is_reported_never_read(store: MapStore) -> None:
    (store.folder / "reflections").mkdir(exist_ok=True)
    fifo = store.folder / "reflections" / "20260302-000000-x.toml"
    with fifo_at(fifo):  # `ifs journal list` and `ifs check` hung on one
        headers, problems = reflect_index.listing(store)
        found = reflect_index.checked(store.folder).problems
    assert headers == []
    assert [(p.file, p.message) for p in problems] == [
        (str(fifo), "is not a plain file; move it aside")]
    assert [p.message for p in found] == ["is not a plain file; move it aside"]


def test_search_finds_journeys_by_title_and_notes(store: MapStore) -> None:
    from ifs_tui.core import journeys

    pmap = store.load()
    walk = keep(store, 1, "a quiet walk after the session")
    trip = journeys.new(store, "Spring [/] session", START + timedelta(days=2),
                        notes="Quiet afterwards; my sister drove me home.")
    hits = search_store(pmap, store, "quiet")
    assert [(h.kind, h.target) for h in hits] == [("journey", trip.id),
                                                  ("moment", walk.id)]
    assert hits[0].title == "Spring [/] session" and hits[0].where == "notes"
    assert [h.where for h in search_store(pmap, store, "[/]")] == ["title"]
    assert "my sister drove" in search_store(pmap, store, "sister drove")[0].excerpt
