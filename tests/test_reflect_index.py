"""The reflection index (core/reflect_index.py) against real files in a tmp folder."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ifs_tui.core import paths, reflect_index, reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore
from tests.hostile import TEXTS

OLD_NS = 1_600_000_000 * 10**9  # long before any read: the index may trust such files
T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    s = MapStore(tmp_path / "map")
    s.create("Index test")
    return s


def add(store: MapStore, n: int, text: str = "quiet words", status: str = "finished",
        pack: str = "meet-a-part", age: bool = True) -> Reflection:
    when = T0 + timedelta(hours=n)
    rec = Reflection(id=f"r{n:03d}-{pack}", pack=pack, pack_title=f"Title {pack}",
                     started=when, updated=when + timedelta(minutes=5), status=status,
                     part="inner-critic",
                     answers=[Answer("feel", "text", "How do you feel?", value=text),
                              Answer("skip", "text", "Anything else?", skipped=True)])
    reflections.save(store, rec)
    if age:
        os.utime(file_of(store, rec.id), ns=(OLD_NS, OLD_NS + n))
    return rec


def file_of(store: MapStore, rec_id: str) -> Path:
    return reflections.folder_of(store) / f"{rec_id}.toml"


def expected(store: MapStore) -> tuple[list[tuple[object, ...]], list[str]]:
    """What a full parse of every file says: the headers and the problems."""
    recs, problems = reflections.list_all(store)
    return ([(r.id, r.pack, r.pack_title, r.status, r.started, r.updated, r.part)
             for r in recs], [str(p) for p in problems])


def checked(store: MapStore) -> tuple[list[str], list[str]]:
    found = reflect_index.checked(store.folder)
    return [str(p) for p in found.problems], [f"{p}{f}{c}" for p, f, c in found.hazards]


def indexed(store: MapStore) -> tuple[list[tuple[object, ...]], list[str]]:
    headers, problems = reflect_index.listing(store)
    return ([(h.id, h.pack, h.pack_title, h.status, h.started, h.updated, h.part)
             for h in headers], [str(p) for p in problems])


def test_headers_carry_what_the_answers_changed(store: MapStore) -> None:
    rec = add(store, 1)
    rec.answers[0].added_to = "inner-critic.fears"
    rec.answers.append(Answer("more", "text", "More?", value="x", added_to="calm.needs"))
    reflections.save(store, rec)
    add(store, 2)
    headers = reflect_index.listing(store)[0]
    assert [h.changed for h in headers] == [("inner-critic.fears", "calm.needs"), ()]
    assert headers[0].changed == tuple(reflections.load(store, rec.id).changed)


def test_listing_matches_a_full_parse_with_hostile_text(store: MapStore) -> None:
    for i, text in enumerate(TEXTS):
        add(store, i, text=text, status=("finished", "stopped", "in-progress")[i % 3])
    result = indexed(store)
    assert result == expected(store)
    assert len(result[0]) == len(TEXTS)


def test_unchanged_files_are_not_parsed_again(store: MapStore,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        add(store, i)
    first = reflect_index.sync(store)
    assert len(first.read) == 5

    def no_parse(*args: object) -> None:
        raise AssertionError("an unchanged file was parsed")

    monkeypatch.setattr(reflections, "parse", no_parse)
    assert reflect_index.sync(store).read == []
    headers, problems = reflect_index.listing(store)
    assert [h.id for h in headers] == [f"r{i:03d}-meet-a-part" for i in range(5)]
    assert problems == []


def test_a_hand_edit_is_picked_up(store: MapStore) -> None:
    rec = add(store, 1)
    add(store, 2)
    reflect_index.sync(store)
    path = file_of(store, rec.id)
    path.write_text(path.read_text().replace('status = "finished"', 'status = "stopped"'))
    assert reflect_index.sync(store).read == [rec.id]
    assert indexed(store) == expected(store)
    assert reflect_index.listing(store)[0][0].status == "stopped"


def test_a_same_size_edit_in_the_same_clock_tick_is_picked_up(store: MapStore) -> None:
    # A coarse file-system clock can give an edit right after a read the same mtime;
    # the size is the same too. The index reads such young files again.
    rec = add(store, 1, text="aaaa", age=False)
    reflect_index.sync(store)
    path = file_of(store, rec.id)
    before = path.stat()
    path.write_text(path.read_text().replace("aaaa", "bbbb"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert reflect_index.sync(store).read == [rec.id]
    assert reflect_index.matching(store, "bbbb") == {rec.id}
    assert reflect_index.matching(store, "aaaa") == set()


def test_deleted_and_added_files(store: MapStore) -> None:
    gone = add(store, 1, text="first thing")
    add(store, 2)
    reflect_index.sync(store)
    file_of(store, gone.id).unlink()
    new = add(store, 3, text="later thing")
    report = reflect_index.sync(store)
    assert report.dropped == [gone.id]
    assert report.read == [new.id]
    assert indexed(store) == expected(store)
    assert reflect_index.matching(store, "later thing") == {new.id}


def test_broken_files_are_listed_with_their_problem_and_hide_nothing(store: MapStore) -> None:
    add(store, 1)
    folder = reflections.folder_of(store)
    (folder / "bad-toml.toml").write_text('schema = 1\npack = "x\n')
    (folder / "bad-field.toml").write_text(
        'schema = 1\npack = "p"\nstatus = "maybe"\n'
        'started = 2026-01-01T09:00:00Z\nupdated = 2026-01-01T09:00:00Z\n')
    (folder / "a-folder.toml").mkdir()
    (folder / "not-utf8.toml").write_bytes(b"schema = 1\npack = \"\xff\"\n")
    headers, problems = indexed(store)
    assert [h[0] for h in headers] == ["r001-meet-a-part"]
    assert (headers, problems) == expected(store)
    named = " ".join(problems)
    for name in ("bad-toml", "bad-field", "a-folder", "not-utf8"):
        assert f"{name}.toml" in named
    assert "status" in named
    # Fixed by hand: it is read again and listed.
    good = file_of(store, "r001-meet-a-part").read_text()
    (folder / "bad-field.toml").write_text(good)
    assert "bad-field" in [h[0] for h in indexed(store)[0]]
    assert indexed(store) == expected(store)


def test_a_deleted_index_is_rebuilt_with_the_same_results(store: MapStore) -> None:
    for i, text in enumerate(TEXTS[:6]):
        add(store, i, text=text)
    (reflections.folder_of(store) / "broken.toml").write_text("= nope")
    before = (indexed(store), reflect_index.matching(store, "words"),
              reflect_index.text_hits(store, "words"), checked(store))
    index = reflect_index.index_file(store)
    assert index.exists()
    index.unlink()
    assert (indexed(store), reflect_index.matching(store, "words"),
            reflect_index.text_hits(store, "words"), checked(store)) == before
    assert index.exists()


@pytest.mark.parametrize("damage", ["garbage", "empty", "other-version"])
def test_a_damaged_index_is_rebuilt(store: MapStore, damage: str) -> None:
    add(store, 1, text="kept words")
    before = indexed(store)
    index = reflect_index.index_file(store)
    if damage == "garbage":
        index.write_bytes(b"not a database at all " * 100)
    elif damage == "empty":
        index.write_bytes(b"")
    else:
        with sqlite3.connect(index) as con:
            con.execute("PRAGMA user_version = 99")
        con.close()
    assert indexed(store) == before
    assert reflect_index.matching(store, "kept") == {"r001-meet-a-part"}


def test_the_index_is_private(store: MapStore) -> None:
    old = os.umask(0o022)
    try:
        add(store, 1)
        reflect_index.sync(store)
    finally:
        os.umask(old)
    index = reflect_index.index_file(store)
    assert index.parent == paths.cache_dir(store.folder) == store.folder / ".cache"
    assert stat.S_IMODE(index.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(index.stat().st_mode) == 0o600


def test_a_cache_folder_that_cannot_be_made_still_lists(store: MapStore) -> None:
    add(store, 1, text="still here")
    paths.cache_dir(store.folder).write_text("a file where the cache folder goes")
    assert indexed(store) == expected(store)
    assert reflect_index.matching(store, "still") == {"r001-meet-a-part"}


def test_a_map_folder_holding_only_the_cache_may_start_a_map(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    paths.ensure_private_dir(paths.cache_dir(folder))
    assert paths.check_new_map_folder(folder) == []


def test_a_new_maps_gitignore_leaves_the_cache_out(store: MapStore) -> None:
    lines = (store.folder / ".gitignore").read_text().splitlines()
    assert ".cache/" in lines


@pytest.mark.parametrize("where", ["folder", "file"])
def test_a_link_in_place_of_the_index_is_not_written_through(store: MapStore, tmp_path: Path,
                                                             where: str) -> None:
    add(store, 1, text="private words")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / reflect_index.INDEX_FILE
    if where == "folder":
        paths.cache_dir(store.folder).symlink_to(elsewhere)
    else:
        paths.ensure_private_dir(paths.cache_dir(store.folder))
        target.write_bytes(b"")
        reflect_index.index_file(store).symlink_to(target)
    assert indexed(store) == expected(store)
    assert reflect_index.matching(store, "private") == {"r001-meet-a-part"}
    assert [p.name for p in elsewhere.iterdir()] == ([] if where == "folder"
                                                     else [reflect_index.INDEX_FILE])
    assert target.exists() is (where == "file") and (
        where == "folder" or target.read_bytes() == b"")
