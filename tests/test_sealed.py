"""Encryption at rest (issue 15): the file format, the key file, and the conversions."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core import reflect_index, sealed, sealing
from ifs_tui.core.errors import InvalidInput, MapFormatError
from ifs_tui.core.storage import MapStore

from .conftest import PASSPHRASE

KEY = bytes(range(32))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_come_back_from_a_sealed_file(data: bytes) -> None:
    raw = sealed.seal_bytes(data, KEY)
    assert raw.startswith(sealed.HEADER)
    assert sealed.open_bytes(raw, KEY, Path("x")) == data


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=300), st.data())
def test_any_changed_byte_is_caught(data: bytes, pick: st.DataObject) -> None:
    raw = bytearray(sealed.seal_bytes(data, KEY))
    at = pick.draw(st.integers(len(sealed.HEADER), len(raw) - 1))
    raw[at] ^= pick.draw(st.integers(1, 255))
    with pytest.raises(sealed.SealedFileError, match="damaged or changed"):
        sealed.open_bytes(bytes(raw), KEY, Path("x"))


def test_each_file_has_its_own_salt_and_nonce() -> None:
    one, two = sealed.seal_bytes(b"same words", KEY), sealed.seal_bytes(b"same words", KEY)
    head = len(sealed.HEADER)
    assert one[head:head + 16] != two[head:head + 16]  # salt
    assert one[head + 16:head + 28] != two[head + 16:head + 28]  # nonce
    assert one != two
    with pytest.raises(sealed.SealedFileError):  # another map's key opens nothing
        sealed.open_bytes(one, bytes(32), Path("x"))


def test_the_real_cost_is_scrypt_at_owasp_strength() -> None:
    cost = sealed.Cost()
    assert (cost.n, cost.r, cost.p) == (2**17, 8, 1)  # 128 MB of memory per guess


def test_a_map_made_without_a_given_cost_uses_the_default(ready: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(sealed, "DEFAULT_COST", sealed.Cost(n=2**11))
    sealing.seal_map(ready, PASSPHRASE)
    assert sealed.read_key_file(ready).cost.n == 2**11
    text = (ready / sealed.KEY_FILE).read_text()
    assert 'kdf = "scrypt"' in text and 'cipher = "AES-256-GCM"' in text
    assert PASSPHRASE not in text


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def test_encrypting_turns_every_private_file_and_keeps_packs_plain(ready: Path) -> None:
    (ready / "prompts").mkdir()
    (ready / "prompts" / "mine.toml").write_text('schema = 1\nid = "mine"\n')
    before = {k: v for k, v in _files(ready).items()}
    report = sealing.seal_map(ready, PASSPHRASE)
    after = _files(ready)
    private = [k for k in after if k == "map.toml" or k.startswith(".history")]
    assert private and report.files == len(private)
    for name in private:
        assert after[name].startswith(sealed.HEADER)
        assert sealed.read(ready / name, ready) == before[name]
    assert after["prompts/mine.toml"] == before["prompts/mine.toml"]
    assert not sealing.plain_left(ready)
    for name in [*private, sealed.KEY_FILE]:
        assert (ready / name).stat().st_mode & 0o077 == 0, name


def test_a_wrong_passphrase_changes_nothing(sealed_map: Path) -> None:
    before = _files(sealed_map)
    with pytest.raises(sealed.WrongPassphrase):
        sealed.unlock(sealed_map, "not the one at all")
    with pytest.raises(sealed.WrongPassphrase):
        sealing.change_passphrase(sealed_map, "not the one at all", "a brand new one")
    assert _files(sealed_map) == before
    assert not sealed.is_unlocked(sealed_map)


def test_without_a_passphrase_nothing_is_read(sealed_map: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sealed.ENV)
    with pytest.raises(sealed.Locked, match="IFS_TUI_PASSPHRASE"):
        MapStore(sealed_map).load()


def test_the_asker_gets_three_tries(sealed_map: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sealed.ENV)
    given: list[int] = []

    def asker(folder: Path, attempt: int) -> str:
        given.append(attempt)
        return PASSPHRASE if attempt == 3 else "wrong guess"

    sealed.set_asker(asker)
    assert MapStore(sealed_map).load().title == "Test map"
    MapStore(sealed_map).load()  # asked once per process, not per read
    assert given == [1, 2, 3]
    sealed.forget()
    sealed.set_asker(lambda folder, attempt: "wrong guess")
    with pytest.raises(sealed.WrongPassphrase):
        MapStore(sealed_map).load()


def test_a_new_passphrase_opens_and_the_old_one_does_not(sealed_map: Path) -> None:
    files = {k: v for k, v in _files(sealed_map).items() if k != sealed.KEY_FILE}
    (sealed_map / sealed.KEY_FILE).write_text(
        (sealed_map / sealed.KEY_FILE).read_text() + 'note = "mine"\n')
    sealing.change_passphrase(sealed_map, PASSPHRASE, "another quiet phrase")
    assert not sealed.check_passphrase(sealed_map, PASSPHRASE)
    assert sealed.check_passphrase(sealed_map, "another quiet phrase")
    assert {k: v for k, v in _files(sealed_map).items() if k != sealed.KEY_FILE} == files
    assert 'note = "mine"' in (sealed_map / sealed.KEY_FILE).read_text()  # unknown key kept
    with pytest.raises(InvalidInput, match="at least 8"):
        sealing.change_passphrase(sealed_map, "another quiet phrase", "short")


def test_a_key_file_changed_by_hand_opens_nothing(sealed_map: Path) -> None:
    key = sealed_map / sealed.KEY_FILE
    text = key.read_text()
    key.write_text(text.replace("n = 1024", "n = 2048"))  # weaker or stronger: refused
    assert not sealed.check_passphrase(sealed_map, PASSPHRASE)
    key.write_text(text.replace("n = 1024", "n = 16"))
    with pytest.raises(sealed.SealedFileError, match="out of range"):
        sealed.check_passphrase(sealed_map, PASSPHRASE)
    key.write_text("not toml [")
    with pytest.raises(Exception, match="encryption.toml"):
        sealed.check_passphrase(sealed_map, PASSPHRASE)


def test_a_sealed_file_without_its_key_file_says_so(sealed_map: Path) -> None:
    (sealed_map / sealed.KEY_FILE).rename(sealed_map.parent / "elsewhere.toml")
    with pytest.raises(MapFormatError, match="put that file back"):  # will not load
        MapStore(sealed_map).load()


def test_decrypting_gives_back_the_very_same_bytes(ready: Path) -> None:
    before = _files(ready)
    sealing.seal_map(ready, PASSPHRASE)
    sealed.forget()
    sealed.unlock(ready, PASSPHRASE)
    report = sealing.unseal_map(ready)
    assert report.files == len([k for k in before if k == "map.toml" or k.startswith(".")
                                and k.endswith(".toml")])
    assert _files(ready) == before
    assert not sealed.is_sealed(ready) and not sealed.is_unlocked(ready)


def test_encrypting_twice_says_so(sealed_map: Path) -> None:
    with pytest.raises(InvalidInput, match="encrypted already"):
        sealing.seal_map(sealed_map, PASSPHRASE)
    other = sealed_map.parent / "other"
    MapStore(other).create("Other")
    before = _files(other)
    with pytest.raises(InvalidInput, match="at least 8"):
        sealing.seal_map(other, "short")
    assert _files(other) == before and not sealed.is_sealed(other)


def test_a_disk_full_mid_way_leaves_a_map_that_opens_and_finishes(
        ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault after some files: every file is whole, the map opens with its passphrase,
    `ifs check` names what is plain, and encrypting again finishes."""
    from ifs_tui.core.check import check_folder

    for n in range(6):
        store = MapStore(ready)
        with store.edit() as pmap:
            pmap.title = f"Title {n}"
            store.save(pmap)
    before = _files(ready)
    real = sealing.atomic_write
    calls = {"n": 0}

    def full_after_three(path: Path, data: bytes, root: Path | None = None) -> None:
        calls["n"] += 1
        if calls["n"] > 3 and path.name != sealed.KEY_FILE:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data, root)

    monkeypatch.setattr(sealing, "atomic_write", full_after_three)
    with pytest.raises(Exception, match="disk is full"):
        sealing.seal_map(ready, PASSPHRASE)
    monkeypatch.setattr(sealing, "atomic_write", real)
    sealed.forget()
    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    assert MapStore(ready).load().title == "Title 5"
    for name, raw in before.items():
        assert sealed.read(ready / name, ready) == raw
    left = sealing.plain_left(ready)
    assert left
    (warned,) = [p for p in check_folder(ready) if "encryption stopped part way" in p.message]
    assert warned.message.startswith(f"{len(left)} files not encrypted yet")  # one line
    sealing.seal_map(ready)  # the key from IFS_TUI_PASSPHRASE
    assert not sealing.plain_left(ready)
    assert not sealed.read_key_file(ready).unfinished
    assert not [p for p in check_folder(ready) if "encrypt" in p.message]


def stopped_walk(store: MapStore, words: str) -> None:
    """A reflection stopped with `words` typed and not yet sent, as the app keeps one."""
    from ifs_tui.core.walk import Walk

    from .test_builtin_routes import pack

    Walk.start(pack("unblending-check-in"), store).stop(words)


def test_an_encrypted_maps_index_is_kept_sealed(sealed_map: Path, index_settled: None
                                                ) -> None:
    from ifs_tui.core import reflections, sealed_index

    store = MapStore(sealed_map)
    stopped_walk(store, "words typed half way")
    headers, problems = reflect_index.listing(store)
    assert len(headers) == 1 and not problems
    cache = sealed_map / ".cache"
    assert not (cache / reflect_index.INDEX_FILE).exists()
    kept = (cache / sealed_index.INDEX_SEALED).read_bytes()
    assert kept.startswith(sealed.HEADER) and b"half way" not in kept
    assert reflect_index.sync(store).read == []  # kept in memory for the run
    sealed_index.forget()  # as a new run: read from the sealed copy, no file parsed
    assert reflect_index.sync(store).read == []
    (record,), _ = reflections.list_all(store)
    assert record.draft.text == "words typed half way"
    (path,) = (sealed_map / "reflections").glob("*.toml")
    assert path.read_bytes().startswith(sealed.HEADER)
    sealed_index.forget()
    (cache / sealed_index.INDEX_SEALED).write_bytes(kept[:-1] + bytes([kept[-1] ^ 1]))
    assert reflect_index.sync(store).read == [path.stem]  # damaged: built again
    assert (cache / sealed_index.INDEX_SEALED).read_bytes() != kept


def test_a_large_encrypted_map_keeps_its_parsed_copy_sealed(sealed_map: Path) -> None:
    from ifs_tui.core import mapcache, services
    from ifs_tui.core.services import PartChanges
    from ifs_tui.core.storage import CACHE_FROM

    store = MapStore(sealed_map)
    with store.edit() as pmap:
        for n in range(120):
            services.add_part(pmap, f"Marker part {n}", PartChanges(
                text={"job": "a job well beyond a few words " * 4}))
        store.save(pmap)
    raw = sealed.read(store.path, sealed_map)
    assert len(raw) >= CACHE_FROM
    kept = (sealed_map / ".cache" / mapcache.FILE).read_bytes()
    assert kept.startswith(sealed.HEADER) and b"Marker part" not in kept
    assert mapcache.read(sealed_map, raw) is not None  # and it is used
