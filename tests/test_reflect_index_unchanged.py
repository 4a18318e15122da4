"""reflect_index.unchanged_since: the app's journal lists the headers again only when
something changed, whoever changed it (a hand edit, another process's listing)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ifs_tui.core import reflect_index, reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore

pytestmark = pytest.mark.usefixtures("index_settled")


def write(store: MapStore, rec_id: str, text: str = "quiet room") -> Path:
    when = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    reflections.save(store, Reflection(
        id=rec_id, pack="own", pack_title="Own pack", started=when, updated=when,
        answers=[Answer(step="a", kind="text", ask="What is here?", value=text)]))
    path = reflections.folder_of(store) / f"{rec_id}.toml"
    long_ago = time.time() - 3600  # not "just written": the index trusts its row
    os.utime(path, (long_ago, long_ago))
    return path


@pytest.fixture
def store(map_folder: Path) -> MapStore:
    store = MapStore(map_folder)
    store.create("Test map")
    for i in range(3):
        write(store, f"2026010{i}-own")
    return store


def listed(store: MapStore) -> tuple[int, int, int, int] | None:
    """What the app does: a stamp, then a listing."""
    seen = reflect_index.stamp(store)
    reflect_index.listing(store)
    return seen


def test_nothing_changed_lists_nothing_again(store: MapStore) -> None:
    listed(store)  # the first listing writes the index
    seen = listed(store)
    assert seen is not None
    assert reflect_index.unchanged_since(store, seen)
    assert reflect_index.unchanged_since(store, seen)  # and asking changed nothing


def test_a_file_added_edited_or_removed_by_hand_is_a_change(store: MapStore) -> None:
    listed(store)
    seen = listed(store)
    added = write(store, "20260109-new")
    assert not reflect_index.unchanged_since(store, seen)
    seen = listed(store)
    added.write_text(added.read_text().replace("quiet room", "a much longer answer now"))
    assert not reflect_index.unchanged_since(store, seen)
    seen = listed(store)
    added.unlink()
    assert not reflect_index.unchanged_since(store, seen)


def test_a_change_another_process_has_already_indexed_is_a_change(
        store: MapStore) -> None:
    listed(store)
    seen = listed(store)
    write(store, "20260109-elsewhere")
    reflect_index.listing(store)  # `ifs journal list` in another terminal: index updated
    assert not reflect_index.unchanged_since(store, seen)
    seen = listed(store)
    assert reflect_index.unchanged_since(store, seen)


def test_no_stamp_or_no_index_file_is_never_unchanged(store: MapStore) -> None:
    assert reflect_index.stamp(store) is None  # never listed: no index file yet
    assert not reflect_index.unchanged_since(store, None)
    listed(store)
    seen = listed(store)
    reflect_index.index_file(store).unlink()  # deleting the index loses nothing
    assert not reflect_index.unchanged_since(store, seen)
