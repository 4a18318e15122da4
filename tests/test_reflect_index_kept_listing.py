"""The index keeps the folder's names and stat keys once every row is trusted, and a sync
that finds the same reads no rows (issue 12). Any change to the folder is still seen; and
`journal list -n N` gives the full listing's last N rows, on odd data too."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ifs_tui.core import reflect_index, reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore
from tests.hostile import TEXTS

OLD_NS = 1_600_000_000 * 10**9
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("index_settled")


def add(store: MapStore, rec_id: str, when: datetime, text: str = "plain") -> Path:
    reflections.save(store, Reflection(
        id=rec_id, pack="own", pack_title=text[:40] or "Own", started=when, updated=when,
        status="finished", answers=[Answer("a", "text", "Ask?", value=text)]))
    path = reflections.folder_of(store) / f"{rec_id}.toml"
    os.utime(path, ns=(OLD_NS, OLD_NS))
    return path


def kept(store: MapStore) -> str | None:
    with sqlite3.connect(reflect_index.index_file(store)) as con:
        row = con.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
    con.close()
    return row[0] if row else None


@pytest.fixture
def store(ready: Path) -> MapStore:
    s = MapStore(ready)
    for n in range(6):
        add(s, f"r{n}", T0 + timedelta(days=n))
    return s


def ids(store: MapStore) -> list[str]:
    return [h.id for h in reflect_index.listing(store)[0]]


def test_a_settled_folder_is_kept_and_then_no_row_is_read(store: MapStore,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert reflect_index.sync(store).read  # first: every file parsed, the listing kept
    assert kept(store)
    monkeypatch.setattr(reflect_index, "file_row", None)  # any parse would now fail
    assert reflect_index.sync(store).read == []
    assert ids(store) == [f"r{n}" for n in range(6)]


def test_rows_read_in_their_racy_window_keep_no_listing(store: MapStore,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reflect_index, "RACY_NS", 2_000_000_000)
    add(store, "fresh", T0 + timedelta(days=9))
    os.utime(reflections.folder_of(store) / "fresh.toml")  # just now: not yet trusted
    reflect_index.sync(store)
    assert kept(store) is None
    assert "fresh" in reflect_index.sync(store).read  # read again, as before


@pytest.mark.parametrize("change", ["edit", "rename", "delete", "add", "chmod", "swap"])
def test_every_change_after_the_listing_was_kept_is_seen(store: MapStore, change: str) -> None:
    reflect_index.sync(store)
    before = kept(store)
    assert before and reflect_index.sync(store).read == []
    folder = reflections.folder_of(store)
    if change == "edit":  # same size, the old time put back: only ctime tells
        path = folder / "r2.toml"
        path.write_text(path.read_text().replace("plain", "plaim"))
        os.utime(path, ns=(OLD_NS, OLD_NS))
        assert reflect_index.sync(store).read == ["r2"]
        assert reflect_index.matching(store, "plaim") == {"r2"}
    elif change == "rename":
        (folder / "r2.toml").rename(folder / "r9.toml")
        assert ids(store) == ["r0", "r1", "r9", "r3", "r4", "r5"]  # r9 began on day 2
    elif change == "delete":
        (folder / "r0.toml").unlink()
        assert reflect_index.sync(store).dropped == ["r0"]
    elif change == "add":
        add(store, "r7", T0 + timedelta(days=7))
        assert reflect_index.sync(store).read == ["r7"]
    elif change == "chmod":
        os.chmod(folder / "r1.toml", 0o644)
        assert any("can be read by others" in str(p)
                   for p in reflect_index.checked(store.folder).problems)
    else:  # two files trade places: same names, same sizes
        (folder / "r1.toml").rename(folder / "tmp.x")
        (folder / "r3.toml").rename(folder / "r1.toml")
        (folder / "tmp.x").rename(folder / "r3.toml")
        headers = {h.id: h.started for h in reflect_index.listing(store)[0]}
        assert headers["r1"] == T0 + timedelta(days=3)
    assert kept(store) != before or change == "chmod"
    assert ids(store) == [r.id for r in reflections.list_all(store)[0]]


def test_a_damaged_kept_listing_only_costs_a_full_look(store: MapStore) -> None:
    reflect_index.sync(store)
    with sqlite3.connect(reflect_index.index_file(store)) as con:
        con.execute("UPDATE meta SET value = 'nonsense' WHERE key = 'listing'")
    con.close()
    (reflections.folder_of(store) / "r4.toml").unlink()
    assert ids(store) == ["r0", "r1", "r2", "r3", "r5"]


def test_newest_n_is_the_tail_of_the_full_listing_on_odd_data(cli, ready: Path) -> None:
    store = MapStore(ready)
    for i, text in enumerate(TEXTS):  # many start at the same minute: ties go by id
        add(store, f"h{i:03d}", T0 + timedelta(minutes=i % 4), text)
    folder = reflections.folder_of(store)
    (folder / "broken.toml").write_text("= nope")
    (folder / (os.fsdecode(b"odd-\xff") + ".toml")).write_bytes(
        (folder / "h000.toml").read_bytes())
    every = json.loads(cli("journal", "list", "--json").stdout)
    full = reflect_index.listing(store)[0]
    assert len(every) == len(full) == len(TEXTS) + 1
    for n in (1, 2, 5, len(full) - 1, len(full), len(full) + 3):
        assert reflect_index.listing(store, n)[0] == full[-n:]
        run = cli("journal", "list", "--json", "-n", str(n))
        assert json.loads(run.stdout) == every[-n:] and "broken.toml" in run.stderr
