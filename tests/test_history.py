"""History: versions of map.toml, the changes between them, restore and its undo."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings

from ifs_tui.core import history, mapdiff
from ifs_tui.core.config import load_config, save_config
from ifs_tui.core.dates import parse_when
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.model import LIST_FIELDS, Part, PartsMap, Relationship
from ifs_tui.core.storage import HISTORY_KEEP, PRUNE_MARGIN, MapStore
from tests.helpers import mode
from tests.hostile import NAMES, TERMINAL_HAZARDS
from tests.test_roundtrip_property import parts_maps


def save(store: MapStore, change) -> None:  # type: ignore[no-untyped-def]
    with store.edit() as pmap:
        change(pmap)
        store.save(pmap)


def made_history(tmp_path: Path) -> MapStore:
    """Five saves by hand: parts, fields, a status move, links added, changed, removed."""
    store = MapStore(tmp_path / "map")
    store.create("Mine")

    def first(pmap: PartsMap) -> None:
        pmap.parts.append(Part(id="critic", name="Critic", role="manager",
                               fears=["being laughed at"], status="getting-to-know"))
        pmap.parts.append(Part(id="little", name="Little One", role="exile"))
        pmap.parts.append(Part(id="numb", name="Numbing", role="firefighter"))
        pmap.relationships.append(Relationship("critic", "little", "protects"))
        pmap.relationships.append(Relationship("numb", "critic", "polarized"))

    def second(pmap: PartsMap) -> None:
        critic = pmap.part("critic")
        assert critic is not None
        critic.status = "befriended"
        critic.fears.append("being left")
        critic.job = "checks twice"
        critic.name = "Inner Critic"
        pmap.names_changed()

    def third(pmap: PartsMap) -> None:
        pmap.parts.remove(next(p for p in pmap.parts if p.id == "numb"))
        pmap.relationships[:] = [r for r in pmap.relationships if r.kind == "protects"]
        pmap.relationships[0].note = "since school"
        pmap.parts.append(Part(id="helper", name="Helper"))
        pmap.relationships.append(Relationship("helper", "little", "allied"))
        critic = pmap.part("critic")
        assert critic is not None
        critic.fears.remove("being laughed at")

    for step in (first, second, third):
        save(store, step)
    return store


def kinds(changes: list[mapdiff.Change]) -> list[tuple[str, str, str, str, str]]:
    return [(c.kind, c.part, c.field, c.before, c.after) for c in changes]


def test_each_save_is_a_version_with_what_it_changed(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    found = history.entries(store)
    assert [e.id for e in found] == [history.CURRENT, *history.version_ids(store)[::-1]]
    assert len(found) == 4  # three versions kept and the current map
    assert found[-1].count is None and found[-1].summary == "the oldest version kept"
    maps = [v.pmap for v in history.versions(store)]
    pairs = zip(maps, maps[1:], strict=False)
    first, second, third = (mapdiff.diff(a, b) for a, b in pairs)  # type: ignore[arg-type]
    assert [e.count for e in found[:3]] == [len(third), len(second), len(first)]
    assert {(c.kind, c.part) for c in first} >= {
        ("part added", "critic"), ("part added", "little"), ("part added", "numb")}
    assert {(c.kind, c.other) for c in first if c.kind == "link added"} == {
        ("link added", "little"), ("link added", "critic")}
    assert sorted(kinds(second)) == sorted([
        ("renamed", "critic", "name", "Critic", "Inner Critic"),
        ("status moved", "critic", "status", "getting-to-know", "befriended"),
        ("item added", "critic", "fears", "", "being left"),
        ("field changed", "critic", "job", "", "checks twice"),
    ])
    assert sorted(kinds(third)) == sorted([
        ("part added", "helper", "", "", "unknown"),
        ("part removed", "numb", "", "firefighter", ""),
        ("item removed", "critic", "fears", "being laughed at", ""),
        ("link removed", "numb", "", "", ""),
        ("link added", "helper", "", "", ""),
        ("link changed", "critic", "note", "", "since school"),
    ])
    assert "link changed (note): Inner Critic protects Little One" in [
        mapdiff.words(c) for c in third]
    assert {(c.link, c.other) for c in third if c.kind.startswith("link")} == {
        ("polarized", "critic"), ("allied", "little"), ("protects", "little")}
    words = [mapdiff.words(c) for c in second]
    assert "Inner Critic: status getting to know → befriended" in words
    assert 'Inner Critic: fear added: "being left"' in words
    assert "renamed: Critic → Inner Critic" in words
    assert "being left" not in found[1].summary  # a one-line summary holds no free text
    assert "Inner Critic: status getting to know → befriended" in found[1].summary


def test_a_linked_pair_written_the_other_way_round_is_no_change() -> None:
    a = PartsMap(parts=[Part(id="x", name="X"), Part(id="y", name="Y")],
                 relationships=[Relationship("x", "y", "polarized", from_fears="F")])
    b = dataclasses.replace(a, relationships=[Relationship("y", "x", "polarized",
                                                           to_fears="F")])
    assert mapdiff.diff(a, b) == []
    c = dataclasses.replace(a, relationships=[Relationship("y", "x", "protects")])
    assert {ch.kind for ch in mapdiff.diff(a, c)} == {"link added", "link removed"}


def test_repeated_items_are_counted() -> None:
    a = PartsMap(parts=[Part(id="x", name="X", tags=["t", "t", "u"])])
    b = PartsMap(parts=[Part(id="x", name="X", tags=["u", "t"])])
    assert kinds(mapdiff.diff(a, b)) == [("item removed", "x", "tags", "t", "")]
    assert mapdiff.diff(a, PartsMap(parts=[Part(id="x", name="X", tags=["u", "t", "t"])])) \
        == []  # a new order is not a change


@settings(max_examples=100, deadline=None)
@given(parts_maps())
def test_a_map_has_no_change_from_itself(pmap: PartsMap) -> None:
    assert mapdiff.diff(pmap, pmap) == []
    assert mapdiff.summary([]) == "no change to parts, links or notes"


@settings(max_examples=150, deadline=None)
@given(parts_maps(), parts_maps())
def test_changes_agree_with_the_two_maps(a: PartsMap, b: PartsMap) -> None:
    changes = mapdiff.diff(a, b)
    old, new = {p.id: p for p in a.parts[::-1]}, {p.id: p for p in b.parts[::-1]}
    assert {c.part for c in changes if c.kind == "part added"} == new.keys() - old.keys()
    assert {c.part for c in changes if c.kind == "part removed"} == old.keys() - new.keys()
    for pid in old.keys() & new.keys():
        mine = [c for c in changes if c.part == pid and not c.kind.startswith("link")]
        for key in LIST_FIELDS:
            before, after = Counter(getattr(old[pid], key)), Counter(getattr(new[pid], key))
            added = Counter(c.after for c in mine if c.kind == "item added" and c.field == key)
            gone = Counter(c.before for c in mine if c.kind == "item removed" and c.field == key)
            assert before - gone + added == after
        moved = [c for c in mine if c.kind == "status moved"]
        assert bool(moved) == (old[pid].status != new[pid].status)
    links = {c.kind for c in changes if c.kind.startswith("link")}
    if not a.relationships and b.relationships:
        assert links == {"link added"}
    for c in changes:
        assert mapdiff.words(c) and "\n" not in mapdiff.words(c, with_text=False) or \
            "\n" in c.name + c.other_name


def test_restore_brings_a_version_back_and_can_be_undone(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    before = store.load()
    ids = history.version_ids(store)
    target = history.readable(store, ids[1])  # three parts, two links
    version, changes = history.restore(store, ids[1][:-3])  # the start of an id will do
    assert version.id == ids[1] and changes
    now_map = store.load()
    assert mapdiff.diff(target.pmap, now_map) == []  # type: ignore[arg-type]
    assert {p.id for p in now_map.parts} == {"critic", "little", "numb"}
    undo = history.version_ids(store)[-1]
    assert mapdiff.diff(history.readable(store, undo).pmap, before) == []  # type: ignore[arg-type]
    history.restore(store, undo)
    assert mapdiff.diff(store.load(), before) == []
    assert len(history.version_ids(store)) == len(ids) + 2


def test_restoring_what_is_already_there_writes_nothing(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    save(store, lambda pmap: setattr(pmap, "title", "Other"))
    save(store, lambda pmap: setattr(pmap, "title", "Mine"))  # back as it was
    same = history.version_ids(store)[-2]  # the map before "Other": as it is now
    raw, kept = store.path.read_bytes(), history.version_ids(store)
    _, changes = history.restore(store, same)
    assert changes == [] and store.path.read_bytes() == raw
    assert history.version_ids(store) == kept


def test_versions_are_named_plainly_when_not_found(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    with pytest.raises(InvalidInput, match="no saved version nope"):
        history.resolve(store, "nope")
    with pytest.raises(InvalidInput, match="saved versions start with 2"):
        history.resolve(store, "2")
    with pytest.raises(InvalidInput) as err:
        history.resolve(store, "\x1b[31m" * 20)
    assert "\x1b" not in str(err.value)
    assert history.resolve(store, "CURRENT") == history.CURRENT


def test_an_unreadable_version_is_told_and_hides_nothing_else(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    broken = store.history()[1]
    broken.write_text('title = "x"\n[[parts]\n')
    found = history.entries(store)
    assert found[2].summary.startswith("could not be read:") and str(broken) in found[2].summary
    assert found[1].summary == "the version before could not be read"
    assert found[0].count  # the others still compare
    with pytest.raises(InvalidInput, match=str(broken.name)):
        history.readable(store, broken.name[4:-5])


def test_the_version_at_a_date(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    everything = history.versions(store)
    version, kept = history.at_date(store, datetime.now(UTC) + timedelta(days=1))
    assert kept and version.id == history.CURRENT
    version, kept = history.at_date(store, datetime(2000, 1, 1, tzinfo=UTC))
    assert not kept and version.id == everything[0].id
    for older, newer in zip(everything, everything[1:], strict=False):
        # Between two saves, the map is the older version, read from its file alone.
        assert older.saved is not None and newer.saved is not None
        moment = history._stamp_time(older.id)
        assert moment is not None
        version, kept = history.at_date(store, moment - timedelta(microseconds=1))
        assert kept and version.id == older.id
        assert history.at_date(store, moment)[0].id == newer.id
    store.history()[0].write_text("[[broken")
    version, kept = history.at_date(store, datetime(2000, 1, 1, tzinfo=UTC))
    assert not kept and version.id == everything[1].id  # the next readable one


def test_dates_as_people_type_them() -> None:
    assert parse_when("2026-11-27", "--since", day_start=True).tzinfo is not None
    assert parse_when("2026-11-27T18:30+05:30").utcoffset() == timedelta(hours=5.5)
    assert parse_when("0001-01-01", day_start=True).year == 1
    assert parse_when("9999-12-31T23:59").year == 9999
    with pytest.raises(InvalidInput, match="--since: 'soon' is not a date"):
        parse_when("soon", "--since")


def test_names_that_look_like_syntax_are_told_as_written() -> None:
    for name in NAMES[:20]:
        a = PartsMap()
        b = PartsMap(parts=[Part(id="p", name=name)])
        assert mapdiff.words(mapdiff.diff(a, b)[0]) == f"part added: {name}"
    assert TERMINAL_HAZARDS  # shown safely by the CLI (tests/test_history_cli.py)


def test_the_number_of_versions_kept_comes_from_config(tmp_path: Path) -> None:
    config = load_config()
    config.history_keep = 3
    save_config(config)
    store = MapStore(tmp_path / "map")
    store.create()
    for i in range(3 + PRUNE_MARGIN + 5):
        save(store, lambda pmap, i=i: pmap.parts.append(Part(id=f"p{i}", name=f"P{i}")))
        assert len(store.history()) <= 3 + PRUNE_MARGIN
    newest = store.history()[-3:]
    assert [len(history.readable(store, p.name[4:-5]).pmap.parts)  # type: ignore[union-attr]
            for p in newest] == [15, 16, 17]
    assert load_config().history_keep == 3


@pytest.mark.parametrize("value", ['"many"', "0", "-4", "true", "2.5"])
def test_an_unusable_bound_keeps_the_default_and_the_file(value: str) -> None:
    from ifs_tui.core.config import config_file

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"history_keep = {value}\n")
    config = load_config()
    assert config.history_keep is None and not config.broken
    assert MapStore(Path(os.devnull))._history_bound() == HISTORY_KEEP
    save_config(config)
    assert f"history_keep = {value}" in path.read_text()


def test_summaries_are_kept_and_computed_again_for_a_changed_file(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    first = history.entries(store)
    cache = store.folder / ".cache" / history.CACHE_FILE
    assert cache.is_file() and mode(cache) == 0o600
    assert "being left" not in cache.read_text()  # no free text in the cache
    assert history.entries(store) == first
    cache.write_text('{"x": [')  # a broken cache is only computed again
    assert history.entries(store) == first
    newest = store.history()[-1]
    newest.write_text(newest.read_text().replace('name = "Inner Critic"', 'name = "Judge"'))
    again = history.entries(store)
    assert again[1].summary.startswith("renamed: Critic → Judge")
    assert "renamed: Judge → Inner Critic" in again[0].summary
    assert again[2:] == first[2:]


def test_a_cache_folder_that_is_a_link_is_not_written_through(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    shutil.rmtree(store.folder / ".cache")  # filled by the saves: linked after them
    (store.folder / ".cache").symlink_to(elsewhere)
    assert len(history.entries(store)) == 4
    save(store, lambda pmap: pmap.parts.append(Part(id="later", name="Later")))
    assert list(elsewhere.iterdir()) == [] and mode(elsewhere) == 0o755


def test_a_long_first_reading_is_announced_once(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    for i in range(history.NOTICE_AT):
        save(store, lambda pmap, i=i: pmap.parts.append(Part(id=f"p{i}", name=f"P{i}")))
    (store.folder / ".cache" / history.CACHE_FILE).unlink()  # as saved by an older version
    told: list[int] = []
    first = history.entries(store, notice=told.append)
    assert told == [len(first)]  # every kept version and the current map
    assert history.entries(store, notice=told.append) == first
    assert told == [len(first)]
    assert first[-1].summary == "the oldest version kept"


def test_summary_counts_the_same_words_and_names_fields_plainly() -> None:
    base = PartsMap(title="m", parts=[Part(id="pk", name="The Peacekeeper", triggers=["a"])])
    after = dataclasses.replace(base.parts[0], triggers=["a", "b", "c"], protects=["x", "y"],
                                feel_toward="curious", status="getting-to-know")
    line = mapdiff.summary(mapdiff.diff(base, PartsMap(title="m", parts=[after])), most=5)
    assert "The Peacekeeper: 2 triggers added" in line
    assert "The Peacekeeper: 2 things it protects added" in line
    assert "The Peacekeeper: how you feel toward it written" in line
    assert "status noticed → getting to know" in line
    assert "curious" not in line  # a summary holds no free text
