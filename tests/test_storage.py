from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ifs_tui.core import atomic
from ifs_tui.core.errors import MapConflict, MapFormatError, MapNotFound, WriteFailed
from ifs_tui.core.model import Part
from ifs_tui.core.storage import HISTORY_KEEP, PRUNE_MARGIN, MapStore
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
    """Pruned only past a margin (not on every save), never losing the newest copies."""
    store = make_store(tmp_path)
    versions = [store.path.read_bytes()]
    add(store, "A")
    assert store.history()[-1].read_bytes() == versions[0]
    versions.append(store.path.read_bytes())
    counts = []
    for i in range(HISTORY_KEEP + 2 * PRUNE_MARGIN + 3):
        add(store, f"P{i}")
        kept = store.history()
        counts.append(len(kept))
        assert HISTORY_KEEP <= len(kept) <= HISTORY_KEEP + PRUNE_MARGIN or len(kept) == i + 2
        newest = versions[-HISTORY_KEEP:]
        assert [f.read_bytes() for f in kept[-len(newest):]] == newest
        versions.append(store.path.read_bytes())
    assert max(counts) == HISTORY_KEEP + PRUNE_MARGIN  # not pruned on every save


def test_history_keeps_the_old_file_itself(tmp_path: Path) -> None:
    """The previous map.toml becomes the history copy (a hard link), not a second write."""
    store = make_store(tmp_path)
    before = os.stat(store.path)
    add(store, "A")
    (copy,) = store.history()
    assert (os.stat(copy).st_ino, os.stat(copy).st_dev) == (before.st_ino, before.st_dev)
    assert os.stat(copy).st_nlink == 1  # map.toml is a new file: nothing shared now
    assert os.stat(store.path).st_ino != before.st_ino
    assert mode(copy) == 0o600


def test_hand_edited_map_with_open_mode_is_copied_privately(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    os.chmod(store.path, 0o644)  # as an editor might leave it
    before = store.path.read_bytes()
    add(store, "A")
    (copy,) = store.history()
    assert copy.read_bytes() == before and mode(copy) == 0o600
    assert mode(store.path) == 0o600


def test_history_is_copied_where_links_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(tmp_path)
    before = store.path.read_bytes()

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")  # as on a file system without links

    monkeypatch.setattr(os, "link", no_links)
    add(store, "A")
    (copy,) = store.history()
    assert copy.read_bytes() == before and mode(copy) == 0o600
    assert os.stat(copy).st_ino != os.stat(store.path).st_ino


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
    """The history copy succeeds, the main write fails: map.toml is untouched.

    The copy made for that save is taken back too: the map did not change.
    """
    store = make_store(tmp_path)
    add(store, "A")
    before = store.path.read_bytes()
    history = [(f, f.read_bytes()) for f in store.history()]
    real_replace = os.replace

    def main_replace_fails(src: str, dst: str) -> None:
        if Path(dst) == store.path:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", main_replace_fails)
    with store.edit() as pmap:
        pmap.parts.append(Part(id="b", name="B"))
        with pytest.raises(WriteFailed):
            store.save(pmap)
    assert store.path.read_bytes() == before
    assert [(f, f.read_bytes()) for f in store.history()] == history
    assert not list(store.folder.rglob(f"*{atomic.TEMP_SUFFIX}"))


def test_lock_is_reentrant_and_exclusive(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    other = atomic.FolderLock(store.folder / ".lock", timeout=0.1)
    with store.lock.held(), store.lock.held(), pytest.raises(atomic.MapBusy), other.held():
        pass
    with other.held():
        pass


def test_a_save_into_a_folder_moved_away_says_so_plainly(tmp_path: Path) -> None:
    from ifs_tui.core.errors import MapNotFound

    store = MapStore(tmp_path / "m")
    pmap = store.create("Mine")
    (tmp_path / "m").rename(tmp_path / "moved")  # `ifs maps rename` from another terminal
    with pytest.raises(MapNotFound, match="is not there any more"):
        store.save(pmap)
    assert not (tmp_path / "m").exists()  # nothing made again in its old place
