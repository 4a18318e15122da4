"""History finishing work: summaries cached by each save, unreadable versions named by
`ifs check`, and a deliberate restore in place of a map.toml that will not load."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ifs_tui.cli import output
from ifs_tui.core import history
from ifs_tui.core.check import check_folder
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.model import Part, PartsMap
from ifs_tui.core.storage import MapStore
from tests.conftest import Run
from tests.test_history import made_history, save
from tests.test_roundtrip_property import parts_maps

Cli = Callable[..., Run]
BROKEN = b'schema = 1\ntitle = "Mine"\n[[parts]\nid = "half-typed'


def junk_keeping_stat(path: Path) -> None:
    """Same size, same time, other bytes: a listing that read it would say so."""
    st = path.stat()
    path.write_bytes(b"#" * st.st_size)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_each_save_leaves_its_summary_so_a_listing_reads_no_version(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    save(store, lambda pmap: pmap.parts.append(Part(id="later", name="Later")))
    history.restore(store, history.version_ids(store)[1])  # a restore is a save too
    cache = store.folder / ".cache" / history.CACHE_FILE
    listed = history.entries(store)
    cache.unlink()
    assert history.entries(store) == listed  # what the saves left = computed afresh
    for path in [*store.history(), store.path]:
        junk_keeping_stat(path)
    told: list[int] = []
    assert history.entries(store, notice=told.append) == listed  # nothing was read
    assert told == []
    assert "could not be read" not in json.dumps([e.summary for e in listed])


def test_a_new_store_for_each_save_fills_it_too(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    for i in range(3):  # as separate `ifs` commands do
        save(MapStore(store.folder), lambda pmap, i=i: pmap.parts.append(
            Part(id=f"p{i}", name=f"P{i}")))
    listed = history.entries(store)
    assert listed[0].summary == "part added: P2" and listed[2].summary == "part added: P0"
    for path in store.history():
        junk_keeping_stat(path)
    assert history.entries(store) == listed


def test_the_cache_keeps_only_versions_still_kept(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    store.history_keep = 2
    for i in range(15):
        save(store, lambda pmap, i=i: pmap.parts.append(Part(id=f"p{i}", name=f"P{i}")))
    data = json.loads((store.folder / ".cache" / history.CACHE_FILE).read_text())
    kept = {*history.version_ids(store), history.CURRENT}
    assert {key.rpartition(">")[2].partition("@")[0] for key in data} <= kept
    assert len(data) <= len(kept)


def test_check_names_an_unreadable_version_without_failing(tmp_path: Path,
                                                            cli: Cli) -> None:
    store = made_history(tmp_path)
    history.entries(store)
    oldest, newest = store.history()[0], store.history()[-1]
    newest.write_bytes(BROKEN)  # a hand edit: its size and time change
    junk_keeping_stat(oldest)  # known readable from the cache: not read again
    found = check_folder(store.folder)
    assert [p.file for p in found] == [str(newest)]
    assert found[0].severity == "warning" and "will not load" in found[0].message
    run = cli("--map", str(store.folder), "check")
    assert run.exit_code == 0 and str(newest) in run.stdout
    assert history.entries(store)[1].summary.startswith("could not be read")


def test_check_on_a_broken_map_writes_nothing(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    shutil.rmtree(store.folder / ".cache")
    store.history()[0].write_bytes(BROKEN)
    store.path.write_bytes(BROKEN)
    found = check_folder(store.folder)
    assert str(store.history()[0]) in [p.file for p in found if p.severity == "warning"]
    assert not (store.folder / ".cache").exists()


def test_restore_over_a_broken_map_keeps_the_broken_file(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    good = history.version_ids(store)[-1]
    store.path.write_bytes(BROKEN)
    version, kept = history.restore_over_broken(MapStore(store.folder), good)
    assert version.id == good
    assert (store.history_dir / f"map-{kept}.toml").read_bytes() == BROKEN
    loaded = MapStore(store.folder).load()
    assert [p.name for p in loaded.parts] == [p.name for p in version.pmap.parts]  # type: ignore[union-attr]
    listed = history.entries(store)
    assert listed[1].id == kept and listed[1].count is None
    assert listed[0].summary == "the version before could not be read"
    assert "could not be read" in listed[1].summary


def test_restore_over_broken_refuses_a_map_that_loads(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    before = store.path.read_bytes()
    with pytest.raises(InvalidInput, match="loads as it is"):
        history.restore_over_broken(store, history.version_ids(store)[0])
    assert store.path.read_bytes() == before


def test_restore_over_a_missing_map(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    store.path.unlink()
    version, kept = history.restore_over_broken(store, history.version_ids(store)[-1])
    assert kept == "" and MapStore(store.folder).load().title == "Mine"


def test_the_cli_offers_and_does_the_restore_over_broken(cli: Cli, ready: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    store = MapStore(ready)
    last = history.version_ids(store)[-1]
    ready.joinpath("map.toml").write_bytes(BROKEN)
    listed = cli("history")
    assert listed.exit_code == 0 and "--over-broken" in listed.stderr
    assert listed.stdout.splitlines()[0].startswith("current ")
    plain = cli("restore", last)
    assert plain.exit_code == 1 and "--over-broken" in plain.stderr
    piped = cli("restore", last, "--over-broken")
    assert piped.exit_code == 1 and ready.joinpath("map.toml").read_bytes() == BROKEN
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    assert cli("restore", last, "--over-broken", input="n\n").exit_code == 0
    assert ready.joinpath("map.toml").read_bytes() == BROKEN
    done = cli("restore", last, "--over-broken", input="y\n")
    assert done.exit_code == 0 and "kept as version" in done.stdout
    assert cli("part", "list").exit_code == 0
    assert cli("restore", last, "--over-broken", "--yes").exit_code == 1  # loads now


def test_pruning_the_oldest_version_reads_none_again(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    store.history_keep = 3
    history.entries(store)
    for i in range(12):  # past the bound and its margin: the oldest ones go
        save(store, lambda pmap, i=i: pmap.parts.append(Part(id=f"p{i}", name=f"P{i}")))
    for path in [*store.history(), store.path]:
        junk_keeping_stat(path)
    listed = history.entries(store)
    assert listed[-1].summary == "the oldest version kept"
    assert not any("could not be read" in e.summary for e in listed)
    assert listed[0].summary == "part added: P11"


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=parts_maps(), b=parts_maps())
def test_what_a_save_notes_is_what_a_listing_finds(  # type: ignore[no-untyped-def]
        tmp_path_factory, a: PartsMap, b: PartsMap) -> None:
    store = MapStore(tmp_path_factory.mktemp("m") / "map")
    store.create()
    store.load()
    store.save(a)
    store.save(b)
    noted = history.entries(store)
    (store.folder / ".cache" / history.CACHE_FILE).unlink()
    found = history.entries(store)
    assert noted == found
    assert [e.parts for e in noted] == [e.parts for e in found]


def test_a_save_never_fails_for_the_cache(tmp_path: Path) -> None:
    store = made_history(tmp_path)
    shutil.rmtree(store.folder / ".cache")
    (store.folder / ".cache").write_text("a file where the cache folder goes")
    save(store, lambda pmap: pmap.parts.append(Part(id="later", name="Later")))
    assert MapStore(store.folder).load().part("later") is not None
    assert history.entries(store)[0].summary == "part added: Later"


@pytest.mark.parametrize("freeze_first", [False, True])
def test_a_map_read_without_freezing_still_tells_history_what_a_save_changed(
        tmp_path: Path, freeze_first: bool) -> None:
    # Readers (part list, the app's start) skip the frozen copy; a later save must still
    # put the right words in history, from the bytes it read or from `freeze`.
    store = made_history(tmp_path)
    reader = MapStore(store.folder)
    pmap = reader.load(freeze=False)
    assert reader._known_map is None  # nothing paid for a read
    if freeze_first:
        reader.freeze(pmap)
        assert reader._known_map is not None
    pmap.parts.append(Part(id="later", name="Later"))
    reader.save(pmap)
    assert history.entries(reader)[0].summary == "part added: Later"
