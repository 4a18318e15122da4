from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ifs_tui.core import atomic
from ifs_tui.core.errors import MapConflict, MapFormatError, MapNotFound, WriteFailed
from ifs_tui.core.model import Part
from ifs_tui.core.storage import HISTORY_KEEP, MapStore
from tests.helpers import mode, snapshot_tree


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def make_store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "a" / "b" / "map")
    store.create("t")
    return store


def add(store: MapStore, name: str) -> None:
    with store.edit() as pmap:
        pmap.parts.append(Part(id=name.lower(), name=name))
        store.save(pmap)


def test_create_makes_private_folders_and_files(tmp_path: Path, umask_022: None) -> None:
    store = make_store(tmp_path)
    add(store, "A")  # forces a history copy too
    for folder in (tmp_path / "a", tmp_path / "a" / "b", store.folder,
                   store.folder / "reflections", store.folder / "moments",
                   store.folder / ".history"):
        assert mode(folder) == 0o700, folder
    for file in (store.path, store.folder / ".lock", store.folder / ".gitignore",
                 *store.history()):
        assert mode(file) == 0o600, file


def test_save_keeps_a_bounded_history(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    first = store.path.read_bytes()
    add(store, "A")
    assert store.history()[-1].read_bytes() == first
    for i in range(HISTORY_KEEP + 5):
        add(store, f"P{i}")
    assert len(store.history()) == HISTORY_KEEP


def test_conflict_when_file_changed_behind_our_back(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    pmap = store.load()
    other = MapStore(store.folder)
    add(other, "Theirs")
    theirs = store.path.read_bytes()
    pmap.parts.append(Part(id="mine", name="Mine"))
    with pytest.raises(MapConflict, match="changed on disk"):
        store.save(pmap)
    assert store.path.read_bytes() == theirs


def test_conflict_when_file_appears(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    fresh = MapStore(store.folder)  # never loaded: believes there is no file
    with pytest.raises(MapConflict):
        fresh.save(store.load())


def test_broken_file_is_never_written_over(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    pmap = store.load()
    store.path.write_bytes(b'schema = 1\n[[parts]]\nid = "x"\nname = "X"\nrole = "boss"\n')
    before = store.path.read_bytes()
    with pytest.raises(MapFormatError):
        store.load()
    with pytest.raises(MapConflict):
        store.save(pmap)
    with pytest.raises(MapFormatError), store.edit():
        pass
    assert store.path.read_bytes() == before


def test_missing_map(tmp_path: Path) -> None:
    with pytest.raises(MapNotFound):
        MapStore(tmp_path / "nothing").load()
    with pytest.raises(MapNotFound), MapStore(tmp_path / "nothing").edit():
        pass


def test_stale_temp_files_are_removed_on_next_edit(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    stale = store.folder / f".map.toml.abc{atomic.TEMP_SUFFIX}"
    stale.write_text("half a write")
    (store.folder / "reflections" / f".r.toml.x{atomic.TEMP_SUFFIX}").write_text("")
    with store.edit():
        pass
    assert not list(store.folder.rglob(f"*{atomic.TEMP_SUFFIX}"))


def test_unchanged_save_writes_nothing(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    pmap = store.load()
    store.save(pmap, touch=False)
    assert store.history() == []


@pytest.mark.parametrize("victim", ["write", "fsync", "replace"])
def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: str
) -> None:
    store = make_store(tmp_path)
    add(store, "A")
    before = snapshot_tree(store.folder)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with store.edit() as pmap:
        pmap.parts.append(Part(id="b", name="B"))
        monkeypatch.setattr(os, victim, boom)
        with pytest.raises(WriteFailed, match="is unchanged|was not changed"):
            store.save(pmap)
        monkeypatch.undo()
    assert snapshot_tree(store.folder) == before
    assert not list(store.folder.rglob(f"*{atomic.TEMP_SUFFIX}"))


def test_atomic_write_failure_after_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history copy succeeds, the main write fails: map.toml is untouched."""
    store = make_store(tmp_path)
    before = store.path.read_bytes()
    real_replace = os.replace
    calls = []

    def second_replace_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_replace_fails)
    with store.edit() as pmap:
        pmap.parts.append(Part(id="b", name="B"))
        with pytest.raises(WriteFailed):
            store.save(pmap)
    assert store.path.read_bytes() == before
    assert not list(store.folder.rglob(f"*{atomic.TEMP_SUFFIX}"))


def test_lock_is_reentrant_and_exclusive(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    other = atomic.FolderLock(store.folder / ".lock", timeout=0.1)
    with store.lock.held(), store.lock.held(), pytest.raises(atomic.MapBusy), other.held():
        pass
    with other.held():
        pass
