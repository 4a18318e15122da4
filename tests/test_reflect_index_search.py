"""matching(), text_hits(), naming() and search_store() give what the slow paths give:
the journal filter and core/search.py over every parsed reflection."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import reflect_index, reflections
from ifs_tui.core.model import Part, PartsMap
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.search import search, search_store
from ifs_tui.core.storage import MapStore
from tests.hostile import TEXTS

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
OLD_NS = 1_600_000_000 * 10**9
NEEDLES = ["", " ", "a", "critic", "CRITIC  laughed", "not  now", "finished", "stopped",
           "feel", "x, y", "1", "0", "[/", "%%{", "\x1b[2j", "\u202e", "long long", "\x00",
           "\ud800", "\n", "title", "inner-critic", "ω", "Ω" * 3, "ss", "ß", "ﬂ", "a\tb"]


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    s = MapStore(tmp_path / "map")
    s.create("Search test")
    return s


def save(store: MapStore, n: int, text: str, title: str = "Meet a part",
         status: str = "finished") -> Reflection:
    when = T0 + timedelta(hours=n % 7, minutes=n)  # not in file-name order
    rec = Reflection(id=f"r{n:03d}", pack="meet", pack_title=title, started=when,
                     updated=when, status=status, part="inner-critic" if n % 2 else "",
                     answers=[
                         Answer("who", "part", "Which part?", value="inner-critic"),
                         Answer("feel", "text", "How do you feel toward it?", value=text),
                         Answer("pick", "choice", "Pick some", value=["x", text[:5], "y"]),
                         Answer("calm", "scale", "How calm, 0-10?", value=n % 3),
                         Answer("skip", "text", "Anything else?", skipped=True),
                         Answer("made", "make_part", "Name it", value=f"made-{n % 3}")])
    reflections.save(store, rec)
    path = reflections.folder_of(store) / f"{rec.id}.toml"
    os.utime(path, ns=(OLD_NS, OLD_NS))
    return rec


def slow_matching(store: MapStore, needle: str) -> set[str]:
    """The journal filter as the app had it, with the SPEC's whitespace meaning."""
    folded = " ".join(needle.split()).casefold()
    found = set()
    for rec in reflections.list_all(store)[0]:
        texts = [rec.pack_title, rec.status]
        for answer in rec.answers:
            texts.append(answer.ask)
            value = answer.value
            texts.extend(value if isinstance(value, list) else [str(value or "")])
        if any(folded in " ".join(t.split()).casefold() for t in texts):
            found.add(rec.id)
    return found


def pmap_of() -> PartsMap:
    pmap = PartsMap(title="t")
    pmap.parts = [Part(id="inner-critic", name="Inner Critic", fears=["being laughed at"]),
                  Part(id="calm", name="Calm one", job="finished work")]
    return pmap


@pytest.fixture
def hostile(store: MapStore) -> MapStore:
    for i, text in enumerate(TEXTS):
        save(store, i, text, title=TEXTS[-i] if i % 4 == 0 else "Meet a part",
             status=("finished", "stopped", "in-progress")[i % 3])
    (reflections.folder_of(store) / "broken.toml").write_text("= not toml")
    return store


def test_matching_is_the_journal_filter_on_hostile_texts(hostile: MapStore) -> None:
    for needle in NEEDLES + [t[3:12] for t in TEXTS]:
        assert reflect_index.matching(hostile, needle) == slow_matching(hostile, needle), needle
    assert reflect_index.matching(hostile, "") == {r.id for r in
                                                   reflections.list_all(hostile)[0]}


def test_text_hits_and_search_store_are_search_on_hostile_texts(hostile: MapStore) -> None:
    pmap = pmap_of()
    records = reflections.list_all(hostile)[0]
    for needle in NEEDLES + [t[3:12] for t in TEXTS]:
        for limit in (200, 3, 1, 0):
            assert search_store(pmap, hostile, needle, limit) == \
                search(pmap, records, needle, limit), (needle, limit)
    assert reflect_index.text_hits(hostile, "toward") == []  # a question alone is not a hit
    hits = reflect_index.text_hits(hostile, "long long")
    assert [h.id for h in hits] == [r.id for r in records if "long long" in r.answers[1].value]
    assert {h.where for h in hits} == {"How do you feel toward it?"}


def test_part_answers_are_not_search_text_but_do_filter(store: MapStore) -> None:
    rec = save(store, 1, "nothing much")
    assert reflect_index.text_hits(store, "inner-critic") == []
    assert reflect_index.matching(store, "inner-critic") == {rec.id}
    assert reflect_index.text_hits(store, "X, nothi") == [
        reflect_index.TextHit(rec.id, "Meet a part", "Pick some", "x, nothi, y")]


def test_naming_finds_the_reflections_that_name_a_part(store: MapStore) -> None:
    save(store, 1, "a")  # part inner-critic, made-1
    save(store, 2, "b")  # no part, made-2
    save(store, 4, "c")  # no part, made-1
    assert reflect_index.naming(store, "inner-critic") == {"r001", "r002", "r004"}
    assert reflect_index.naming(store, "made-1") == {"r001", "r004"}
    assert reflect_index.naming(store, "made") == set()
    assert reflect_index.naming(store, 'odd"\\') == set()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=4),
       cut=st.tuples(st.integers(0, 40), st.integers(0, 8)), noise=st.text(max_size=6),
       data=st.data())
def test_any_text_and_needle_agree_with_the_slow_paths(tmp_path_factory: pytest.TempPathFactory,
                                                       texts: list[str], cut: tuple[int, int],
                                                       noise: str, data: st.DataObject) -> None:
    store = MapStore(tmp_path_factory.mktemp("h") / "map")
    store.create("h")
    for i, text in enumerate(texts):
        save(store, i, text, title=text[::-1] or "t")
    source = data.draw(st.sampled_from(texts))
    start, length = cut
    needle = data.draw(st.sampled_from([source[start:start + length], noise,
                                        source[start:start + length].upper() + " ",
                                        " ".join(source.split()[:2])]))
    assert reflect_index.matching(store, needle) == slow_matching(store, needle)
    pmap = pmap_of()
    assert search_store(pmap, store, needle) == search(pmap, reflections.list_all(store)[0],
                                                       needle)


def test_a_new_or_changed_reflection_is_found_at_once(store: MapStore) -> None:
    rec = save(store, 1, "before")
    assert reflect_index.matching(store, "before") == {rec.id}
    rec.answers[1].value = "aftera"  # the same length: the saved file is a new inode
    reflections.save(store, rec)
    assert reflect_index.matching(store, "before") == set()
    assert [h.text for h in reflect_index.text_hits(store, "aftera")] == ["aftera"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30) | st.sampled_from(["\x00", "a\x00b", "\ud800 x", '"*"', "%", "_"]))
def test_no_needle_raises(store: MapStore, needle: str) -> None:
    if not reflections.folder_of(store).exists():
        save(store, 1, "100% sure_of it")
    assert isinstance(reflect_index.matching(store, needle), set)
    assert isinstance(reflect_index.text_hits(store, needle), list)
