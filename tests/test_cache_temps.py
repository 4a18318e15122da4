"""Caches written beside a map name their temp files as atomic_write does, so a temp a
killed process left is removed by the next edit (found by scripts/crash_harness.py:
each such kill left one more in .cache/, for good)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ifs_tui.core import mapcache, sealed, sealed_index, sealing
from ifs_tui.core.codec import map_to_dict
from ifs_tui.core.reflect_index import _create
from ifs_tui.core.storage import MapStore, dump_map

_OPENED: list[str] = []  # files opened in .cache/ while a test listens
_LISTEN = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _LISTEN[0] and event == "open" and "/.cache/." in str(args[0]):
        _OPENED.append(str(args[0]))


def temps_opened(write: Callable[[], None]) -> list[Path]:
    sys.addaudithook(_audit)  # a hook stays for the process: it only listens when asked
    _OPENED.clear()
    _LISTEN[0] = True
    try:
        write()
    finally:
        _LISTEN[0] = False
    return [Path(p) for p in dict.fromkeys(_OPENED)]


def left_by_a_kill_then_opened(store: MapStore, temp: Path) -> None:
    assert not temp.exists()  # the write itself replaced it
    temp.write_bytes(b"as a kill leaves it: half wr")  # the same name
    with store.edit():
        pass
    assert not temp.exists()
    assert [p.name for p in temp.parent.iterdir() if p.name.startswith(".")] == []


def test_the_maps_parsed_copy(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "m")
    pmap = store.create("Cached")
    (temp,) = temps_opened(lambda: mapcache.write(store.folder, dump_map(pmap),
                                                  map_to_dict(pmap)))
    left_by_a_kill_then_opened(store, temp)


def test_the_sealed_reflection_index(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "m")
    store.create("Sealed")
    sealing.seal_map(store.folder, "a test passphrase", cost=sealed.TEST_COST)
    con = sealed_index._memory()
    _create(con)
    (temp,) = temps_opened(lambda: sealed_index.keep(store.folder, con))
    assert (store.folder / ".cache" / sealed_index.INDEX_SEALED).is_file()
    left_by_a_kill_then_opened(store, temp)


def test_a_fresh_reflection_index(tmp_path: Path) -> None:
    from ifs_tui.core import paths, reflect_index

    store = MapStore(tmp_path / "m")
    store.create("Indexed")
    paths.ensure_private_dir(paths.cache_dir(store.folder))
    index = paths.cache_dir(store.folder) / reflect_index.INDEX_FILE
    (temp,) = temps_opened(lambda: reflect_index._replace_fresh(index))
    left_by_a_kill_then_opened(store, temp)
