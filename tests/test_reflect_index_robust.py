"""The index under odd conditions: real processes at once, a held lock, a file restored
to its old time, an index from another version or left readable, a map's .gitignore."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ifs_tui.core import reflect_index, reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore

OLD_NS = 1_600_000_000 * 10**9
T0 = datetime(2026, 4, 1, 7, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    s = MapStore(tmp_path / "map")
    s.create("Robust test")
    return s


def add(store: MapStore, n: int, text: str = "plain words", age: bool = True) -> Reflection:
    when = T0 + timedelta(minutes=n)
    rec = Reflection(id=f"r{n:04d}", pack="meet", pack_title="Meet", started=when,
                     updated=when, status="finished",
                     answers=[Answer("a", "text", "Ask?", value=f"{text} {n}")])
    reflections.save(store, rec)
    if age:
        os.utime(reflections.folder_of(store) / f"{rec.id}.toml", ns=(OLD_NS, OLD_NS))
    return rec


def answers(store: MapStore) -> tuple[object, ...]:
    headers, problems = reflect_index.listing(store)
    return ([(h.id, h.status, h.started) for h in headers], [str(p) for p in problems],
            sorted(reflect_index.matching(store, "words 1")),
            [h.id for h in reflect_index.text_hits(store, "words")])


def slow(store: MapStore) -> tuple[object, ...]:
    recs, problems = reflections.list_all(store)
    return ([(r.id, r.status, r.started) for r in recs], [str(p) for p in problems],
            sorted(r.id for r in recs if "words 1" in r.answers[0].value.casefold()),
            [r.id for r in recs][:200])


def test_an_edit_that_keeps_size_and_puts_the_old_time_back_is_seen(store: MapStore) -> None:
    # What `touch -r` after an edit does: same size, same mtime; inode or ctime differ.
    rec = add(store, 1, "aaaa")
    reflect_index.sync(store)
    path = reflections.folder_of(store) / f"{rec.id}.toml"
    path.write_text(path.read_text().replace("aaaa", "bbbb"))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    assert reflect_index.sync(store).read == [rec.id]
    assert reflect_index.matching(store, "bbbb") == {rec.id}


def test_a_reflection_saved_again_is_seen_by_the_next_listing(store: MapStore) -> None:
    rec = add(store, 1)
    assert reflect_index.listing(store)[0][0].status == "finished"
    rec.status = "stopped"  # saved within the same clock tick as the file's last read
    reflections.save(store, rec)
    assert reflect_index.listing(store)[0][0].status == "stopped"
    rec.answers[0].value = "plain wordz 1"  # same size again
    reflections.save(store, rec)
    assert reflect_index.matching(store, "wordz") == {rec.id}


def test_a_file_name_that_is_not_utf8_is_listed(store: MapStore) -> None:
    add(store, 1)
    folder = reflections.folder_of(store)
    odd = os.fsdecode(b"r9-\xff")
    (folder / "r0001.toml").rename(folder / f"{odd}.toml")
    (folder / os.fsdecode(b"bad-\xfe.toml")).write_text("= nope")
    assert answers(store)[:2] == slow(store)[:2]
    assert [h.id for h in reflect_index.listing(store)[0]] == [odd]
    assert reflect_index.matching(store, "plain") == {odd}


def test_an_index_left_readable_by_others_is_made_private(store: MapStore) -> None:
    add(store, 1)
    reflect_index.sync(store)
    index = reflect_index.index_file(store)
    os.chmod(index, 0o644)
    assert answers(store) == slow(store)
    assert stat.S_IMODE(index.stat().st_mode) == 0o600


def test_an_older_version_is_rebuilt_and_a_newer_one_left_alone(store: MapStore) -> None:
    add(store, 1)
    reflect_index.sync(store)
    index = reflect_index.index_file(store)
    with sqlite3.connect(index) as con:
        con.execute(f"PRAGMA user_version = {reflect_index.VERSION - 1}")
    con.close()
    assert answers(store) == slow(store)
    with sqlite3.connect(index) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == reflect_index.VERSION
        con.execute(f"PRAGMA user_version = {reflect_index.VERSION + 1}")
        con.execute("CREATE TABLE from_later (x)")
    con.close()
    before = index.read_bytes()
    add(store, 2)
    assert answers(store) == slow(store)
    assert index.read_bytes() == before  # a later ifs-tui's index is not overwritten


def test_a_maps_gitignore_gets_the_cache_line_once(store: MapStore) -> None:
    gitignore = store.folder / ".gitignore"
    gitignore.write_text("# mine\nsecret-notes.md")  # no newline at the end
    add(store, 1)
    reflect_index.sync(store)
    assert gitignore.read_text() == "# mine\nsecret-notes.md\n.cache/\n"
    reflect_index.index_file(store).unlink()
    reflect_index.sync(store)
    assert gitignore.read_text().count(".cache/") == 1


def test_no_gitignore_is_made_and_one_that_ignores_the_cache_is_kept(store: MapStore) -> None:
    gitignore = store.folder / ".gitignore"
    gitignore.unlink()
    add(store, 1)
    reflect_index.sync(store)
    assert not gitignore.exists()
    reflect_index.index_file(store).unlink()
    gitignore.write_text("/.cache\n")
    reflect_index.sync(store)
    assert gitignore.read_text() == "/.cache\n"


CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from ifs_tui.core import reflect_index
    from ifs_tui.core.storage import MapStore
    store = MapStore(Path(sys.argv[1]))
    reflect_index.BUSY_SECONDS = float(sys.argv[2])
    out = []
    for i in range(int(sys.argv[3])):
        if sys.argv[4] == "drop" and i % 2:
            reflect_index.index_file(store).unlink(missing_ok=True)
        headers, problems = reflect_index.listing(store)
        out.append([[h.id, h.status] for h in headers] + [str(p) for p in problems]
                   + sorted(reflect_index.matching(store, "words 1")))
    print(json.dumps(out))
""")


def children(store: MapStore, count: int, busy: float, rounds: int, mode: str = "",
             ) -> list[subprocess.Popen[str]]:
    return [subprocess.Popen([sys.executable, "-c", CHILD, str(store.folder), str(busy),
                              str(rounds), mode if i == 0 else ""],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(count)]


def expected_row(store: MapStore) -> list[object]:
    recs, problems = reflections.list_all(store)
    return ([[r.id, r.status] for r in recs] + [str(p) for p in problems]
            + sorted(r.id for r in recs if "words 1" in r.answers[0].value))


@pytest.mark.parametrize("mode", ["", "drop"])
def test_processes_syncing_at_once_agree_and_leave_a_sound_index(store: MapStore,
                                                                 mode: str) -> None:
    for n in range(150):
        add(store, n)
    (reflections.folder_of(store) / "broken.toml").write_text("= nope")
    want = expected_row(store)
    procs = children(store, 3, reflect_index.BUSY_SECONDS, 4, mode)
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and err == "", err
        assert json.loads(out) == [want] * 4
    with sqlite3.connect(reflect_index.index_file(store)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert answers(store) == slow(store)


@pytest.mark.parametrize("changed", [True, False])
def test_a_held_lock_is_waited_for_then_worked_around_in_memory(store: MapStore,
                                                                changed: bool) -> None:
    for n in range(20):
        add(store, n)
    reflect_index.sync(store)
    if changed:
        add(store, 20)
        add(store, 21)
        (reflections.folder_of(store) / "r0003.toml").unlink()
    want = expected_row(store)
    holder = sqlite3.connect(reflect_index.index_file(store), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a long write
    try:
        (proc,) = children(store, 1, 0.05, 1)
        out, err = proc.communicate(timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 0 and err == "", err
    assert json.loads(out) == [want]
    assert answers(store) == slow(store)  # and the file catches up afterwards


def test_using_the_index_never_drops_a_lock_this_process_holds(store: MapStore) -> None:
    # POSIX locks belong to the process: closing any descriptor of the file drops them
    # all, so the index must not open the file itself while a connection may lock it.
    add(store, 1)
    reflect_index.sync(store)
    index = reflect_index.index_file(store)
    os.chmod(index, 0o644)  # mending the mode is done without opening it
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert reflect_index.sync(store).in_memory
        probe = subprocess.run(
            [sys.executable, "-c", "import sqlite3, sys\n"
             "con = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
             "try:\n    con.execute('BEGIN IMMEDIATE')\nexcept sqlite3.OperationalError:\n"
             "    print('locked')\nelse:\n    print('free')", str(index)],
            capture_output=True, text=True, timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert probe.stdout.strip() == "locked"
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
