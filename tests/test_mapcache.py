"""The parsed copy of map.toml in .cache/: used only for the very bytes it was made of."""

from __future__ import annotations

import math
import os
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import mapcache, storage, tomlwrite
from ifs_tui.core.codec import map_to_dict
from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.model import Part, PartsMap
from ifs_tui.core.storage import MapStore, dump_map, parse_map
from tests.test_roundtrip_property import parts_maps, toml_keys, toml_values


@pytest.fixture(autouse=True)
def every_map_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "CACHE_FROM", 0)  # small maps in these tests


def strict(value: Any) -> Any:
    """Equal only when types, offsets and values are all the same (== on aware
    datetimes compares instants, and True == 1)."""
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return ["list", [strict(v) for v in value]]
    if isinstance(value, datetime | date | time):
        return [type(value).__name__, value.isoformat()]
    if isinstance(value, float) and math.isnan(value):
        return ["float", "nan"]
    return [type(value).__name__, value]


def tagged_key(value: Any) -> bool:
    """A key starting with NUL at any depth (it could pass for an encoded date)."""
    if isinstance(value, dict):
        return any(k.startswith("\x00") or tagged_key(v) for k, v in value.items())
    return isinstance(value, list) and any(map(tagged_key, value))


def through_cache(folder: Path, raw: bytes, data: dict[str, Any]) -> dict[str, Any] | None:
    (folder / ".cache" / mapcache.FILE).unlink(missing_ok=True)  # one folder, many examples
    mapcache.write(folder, raw, data)
    return mapcache.read(folder, raw)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pmap=parts_maps())
def test_what_a_save_caches_is_what_reading_its_bytes_gives(tmp_path: Path,
                                                            pmap: PartsMap) -> None:
    # A save caches the table it wrote as TOML, without reading the TOML back: sound
    # only if reading those bytes gives exactly that table.
    table = map_to_dict(pmap)
    raw = tomlwrite.dumps(table).encode("utf-8")
    assert strict(tomllib.loads(raw.decode("utf-8"))) == strict(table)
    cached = through_cache(tmp_path, raw, table)
    assert cached is not None
    assert strict(cached) == strict(tomllib.loads(raw.decode("utf-8")))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.dictionaries(toml_keys.filter(lambda k: k not in tomlwrite.SECTIONS),
                             toml_values | st.floats() | st.dates() | st.times(), max_size=4))
def test_any_toml_value_comes_back_the_same(tmp_path: Path, extra: dict[str, Any]) -> None:
    doc = {"schema": 1, **extra, "self": {}, "parts": [{"id": "a", "name": "A"}]}
    cached = through_cache(tmp_path, b"raw", doc)
    if tagged_key(doc):
        assert cached is None  # such a key could pass for an encoded date: not cached
    else:
        assert cached is not None and strict(cached) == strict(doc)


def test_a_store_reads_the_copy_and_any_change_to_the_file_is_seen(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "m")
    store.create("Mine")
    with store.edit() as pmap:
        pmap.parts.append(Part(id="critic", name="Critic"))
        store.save(pmap)
    copy = tmp_path / "m" / ".cache" / mapcache.FILE
    assert copy.is_file() and copy.stat().st_mode & 0o777 == 0o600
    # The copy is what is read: a copy claiming other content for these bytes wins...
    raw = store.path.read_bytes()
    fake = {**tomllib.loads(raw.decode()), "title": "From the copy"}
    mapcache.write(store.folder, raw, fake)
    assert MapStore(store.folder).load().title == "From the copy"
    # ...but only for those bytes: a hand edit (same size, same time) is read from the file.
    edited = raw.replace(b'title = "Mine"', b'title = "Mino"')
    stat = store.path.stat()
    store.path.write_bytes(edited)
    os.utime(store.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert MapStore(store.folder).load().title == "Mino"
    assert mapcache.read(store.folder, edited) is not None  # and the copy follows it


@pytest.mark.parametrize("spoil", ["garbage", "truncated", "folder", "fifo", "link", "empty"])
def test_a_spoiled_copy_is_never_used_and_never_blocks(tmp_path: Path, spoil: str) -> None:
    store = MapStore(tmp_path / "m")
    store.create("Mine")
    with store.edit() as pmap:
        pmap.parts.append(Part(id="critic", name="Critic"))
        store.save(pmap)
    copy = tmp_path / "m" / ".cache" / mapcache.FILE
    good = copy.read_bytes()
    copy.unlink()
    if spoil == "garbage":
        copy.write_bytes(good.splitlines()[0] + b"\n{not json")
    elif spoil == "truncated":
        copy.write_bytes(good[: len(good) // 2])
    elif spoil == "folder":
        copy.mkdir()
    elif spoil == "fifo":
        os.mkfifo(copy)
    elif spoil == "link":
        good = good.replace(b"Critic", b"Critiq")  # read through, it would show
        (tmp_path / "elsewhere.json").write_bytes(good)
        copy.symlink_to(tmp_path / "elsewhere.json")
    else:
        copy.write_bytes(b"")
    loaded = MapStore(store.folder).load()
    assert [p.name for p in loaded.parts] == ["Critic"]
    if spoil == "link":  # never read or written through: replaced by a plain file
        assert (tmp_path / "elsewhere.json").read_bytes() == good
        assert not copy.is_symlink() and copy.is_file()


def test_a_map_that_will_not_load_leaves_no_copy(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "map.toml").write_bytes(b'schema = 1\n[[parts]\nid = "x"\n')
    with pytest.raises(MapFormatError):
        MapStore(folder).load()
    assert not (folder / ".cache").exists()


def test_saved_bytes_read_back_equal_with_and_without_the_copy(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "m")
    store.create("Mine")
    with store.edit() as pmap:
        for i in range(30):
            pmap.parts.append(Part(id=f"p{i}", name=f"Part {i}", fears=[f"fear {i}"],
                                   created=datetime.fromisoformat("2026-01-02T03:04:05+05:30")))
        store.save(pmap)
    with_copy = MapStore(store.folder).load()
    (store.folder / ".cache" / mapcache.FILE).unlink()
    without = MapStore(store.folder).load()
    assert with_copy == without == parse_map(dump_map(with_copy), "x")


def test_a_small_map_needs_no_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "CACHE_FROM", 32 * 1024)
    store = MapStore(tmp_path / "m")
    store.create("Mine")
    with store.edit() as pmap:
        pmap.parts.append(Part(id="critic", name="Critic"))
        store.save(pmap)
    MapStore(store.folder).load()
    assert not (store.folder / ".cache" / mapcache.FILE).exists()
