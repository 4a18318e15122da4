"""core/maps.py: many maps in one data root, and nothing ever deleted outright."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core import maps, paths
from ifs_tui.core.errors import IfsError, InvalidInput, MapFormatError
from ifs_tui.core.storage import MapStore

from .hostile import NAMES
from .oddfiles import refuse


@pytest.fixture
def place(tmp_path: Path) -> maps.MapsPlace:
    return maps.MapsPlace(tmp_path / "root")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), by path inside `folder`."""
    found: dict[str, bytes | None] = {}
    for here, dirs, files in os.walk(folder):
        for d in dirs:
            found[os.path.relpath(os.path.join(here, d), folder)] = None
        for f in files:
            found[os.path.relpath(os.path.join(here, f), folder)] = Path(here, f).read_bytes()
    return found


def with_journal(place: maps.MapsPlace, name: str = "work") -> Path:
    folder = maps.create_map(place, name, "Work things")
    store = MapStore(folder)
    with store.edit() as pmap:
        from ifs_tui.core.model import Part

        pmap.parts.append(Part(id="critic", name="Critic"))
        store.save(pmap)
    (folder / "reflections" / "2026-01-01-a.toml").write_text('schema = 1\nnote = "x"\n')
    (folder / "moments" / "2026-01.toml").write_text("schema = 1\n")
    (folder / "prompts").mkdir()
    (folder / "prompts" / "mine.toml").write_text('id = "mine"\n')
    return folder


def test_place_and_here(hermetic: Path) -> None:
    here = maps.MapsPlace.here()
    assert here.root == hermetic
    assert here.maps == hermetic / "maps"
    assert here.archive == hermetic / "archive" / "maps"
    assert here.settings == hermetic / "maps.toml"


def test_list_is_empty_without_a_maps_folder(place: maps.MapsPlace) -> None:
    assert maps.list_maps(place) == []
    assert maps.list_archived(place) == []
    assert maps.default_name(place) == "default"


def test_create_and_list_sorted_with_counts(place: maps.MapsPlace) -> None:
    with_journal(place, "work")
    maps.create_map(place, "Beta")
    maps.create_map(place, "default")
    infos = maps.list_maps(place)
    assert [i.name for i in infos] == ["Beta", "default", "work"]
    work = infos[2]
    assert (work.title, work.parts, work.reflections, work.moments, work.journeys) == (
        "Work things", 1, 1, 1, 0)
    assert work.problem == "" and work.changed is not None and work.changed.tzinfo
    assert [i.default for i in infos] == [False, True, False]
    assert maps.map_info(place, "work") == work


def test_private_modes(place: maps.MapsPlace) -> None:
    with_journal(place)
    copy = maps.copy_map(place, "work", "copy")
    for here, _dirs, files in os.walk(copy):
        assert stat.S_IMODE(os.stat(here).st_mode) == 0o700
        for f in files:
            assert stat.S_IMODE(os.stat(os.path.join(here, f)).st_mode) == 0o600, f
    assert stat.S_IMODE(place.maps.stat().st_mode) == 0o700
    maps.set_default(place, "copy")
    assert stat.S_IMODE(place.settings.stat().st_mode) == 0o600
    maps.archive_map(place, "copy")
    assert stat.S_IMODE(place.archive.stat().st_mode) == 0o700


def test_unknown_map_everywhere(place: maps.MapsPlace) -> None:
    maps.create_map(place, "here")
    calls = [lambda: maps.map_info(place, "nope"), lambda: maps.copy_map(place, "nope", "x"),
             lambda: maps.rename_map(place, "nope", "x"), lambda: maps.archive_map(place, "nope"),
             lambda: maps.set_default(place, "nope"), lambda: maps.map_info(place, "../maps"),
             lambda: maps.map_info(place, ".")]
    for call in calls:
        with pytest.raises(IfsError, match=r"no map named .* in .*`ifs maps` lists them"):
            call()
    assert not os.path.exists(place.root / "maps" / "x")


def test_existing_name_refused(place: maps.MapsPlace) -> None:
    maps.create_map(place, "a")
    maps.create_map(place, "b")
    for call in (lambda: maps.create_map(place, "a"), lambda: maps.copy_map(place, "a", "b"),
                 lambda: maps.rename_map(place, "a", "b")):
        with pytest.raises(InvalidInput, match="a map named 'b'|a map named 'a'"):
            call()
    assert sorted(os.listdir(place.maps)) == ["a", "b"]


@pytest.mark.parametrize("bad", [n for n in NAMES if not paths.is_map_name(n)]
                         + ["", ".hidden", "-dash", "a/b", "../up", "x" * 65, "a b"])
def test_invalid_names_refused(place: maps.MapsPlace, bad: str) -> None:
    maps.create_map(place, "src")
    before = sorted(os.listdir(place.maps))
    for call in (lambda: maps.create_map(place, bad), lambda: maps.copy_map(place, "src", bad),
                 lambda: maps.rename_map(place, "src", bad)):
        with pytest.raises(InvalidInput, match="a map name may use"):
            call()
    assert sorted(os.listdir(place.maps)) == before
    assert not (place.root / "up").exists()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=70))
def test_any_new_name_is_made_only_inside_the_maps_folder(tmp_path_factory: pytest.TempPathFactory,
                                                          name: str) -> None:
    place = maps.MapsPlace(tmp_path_factory.mktemp("root"))
    maps.create_map(place, "src")
    try:
        made = maps.copy_map(place, "src", name)
    except InvalidInput:
        assert not paths.is_map_name(name)
    else:
        assert paths.is_map_name(name) and name != "src"
        assert made.parent == place.maps and made.name == name
    entries = set(os.listdir(place.root))
    assert entries <= {"maps", ".maps.lock"}


def test_copy_gives_every_byte_but_not_lock_or_cache(place: maps.MapsPlace) -> None:
    source = with_journal(place)
    (source / ".cache").mkdir(exist_ok=True)
    (source / ".cache" / "index.db").write_bytes(b"cache")
    (source / "left.ifs-tmp").write_bytes(b"temp")
    before = tree(source)
    copy = maps.copy_map(place, "work", "work-2")
    expected = {k: v for k, v in before.items()
                if not k.startswith((".cache", ".lock")) and not k.endswith(".ifs-tmp")}
    assert tree(copy) == expected
    assert tree(source) == before
    assert maps.map_info(place, "work-2").parts == 1


def test_copy_only_map_is_a_template(place: maps.MapsPlace) -> None:
    source = with_journal(place)
    copy = maps.copy_map(place, "work", "template", only_map=True)
    assert (copy / "map.toml").read_bytes() == (source / "map.toml").read_bytes()
    assert (copy / "prompts" / "mine.toml").read_bytes() == b'id = "mine"\n'
    assert os.listdir(copy / "reflections") == [] and os.listdir(copy / "moments") == []
    assert not (copy / ".history").exists()
    info = maps.map_info(place, "template")
    assert (info.parts, info.reflections, info.moments) == (1, 0, 0)


def test_copy_skips_fifo_and_links_without_opening_them(place: maps.MapsPlace) -> None:
    source = with_journal(place)
    os.mkfifo(source / "reflections" / "pipe.toml")  # opening it would wait forever
    os.symlink("/etc/passwd", source / "linked.toml")
    report = maps.CopyReport()
    copy = maps.copy_map(place, "work", "copy", report=report)
    assert sorted(report.skipped) == ["linked.toml", "reflections/pipe.toml"]
    assert not os.path.lexists(copy / "linked.toml")
    assert not os.path.lexists(copy / "reflections" / "pipe.toml")
    assert (copy / "map.toml").read_bytes() == (source / "map.toml").read_bytes()


def test_copy_of_an_unreadable_file_fails_whole(place: maps.MapsPlace,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source = with_journal(place)
    refuse(monkeypatch, source / "reflections" / "2026-01-01-a.toml", errno.EACCES)
    with pytest.raises(IfsError, match=r"cannot read .*2026-01-01-a.toml: permission denied"):
        maps.copy_map(place, "work", "copy")
    monkeypatch.undo()
    assert os.listdir(place.maps) == ["work"]  # the half-made copy is gone
    assert [i.name for i in maps.list_maps(place)] == ["work"]


def test_a_left_over_copy_folder_is_skipped(place: maps.MapsPlace) -> None:
    maps.create_map(place, "real")
    (place.maps / ".half.abc.copying").mkdir()
    (place.maps / ".half.abc.copying" / "map.toml").write_text("schema = 1\n")
    (place.maps / "a-file.txt").write_text("not a map")
    assert [i.name for i in maps.list_maps(place)] == ["real"]


def test_broken_maps_are_listed_with_their_problem(place: maps.MapsPlace) -> None:
    maps.create_map(place, "good")
    (place.maps / "empty").mkdir()
    (place.maps / "broken").mkdir()
    (place.maps / "broken" / "map.toml").write_text("schema = 1\ntitle = \n")
    infos = {i.name: i for i in maps.list_maps(place)}
    assert infos["empty"].problem == "no map.toml yet" and infos["empty"].parts is None
    assert infos["broken"].problem.startswith("map.toml will not load: line 2: TOML syntax")
    assert infos["broken"].parts is None and infos["broken"].title == ""
    assert infos["good"].problem == ""


def test_an_unreadable_map_toml_is_a_problem_not_a_crash(place: maps.MapsPlace,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = maps.create_map(place, "shut")
    refuse(monkeypatch, folder / "map.toml")
    info = maps.map_info(place, "shut")
    assert info.parts is None and "permission denied" in info.problem


def test_broken_maps_can_be_copied_renamed_archived_restored_made_default(
        place: maps.MapsPlace) -> None:
    (place.maps / "broken").mkdir(parents=True)
    (place.maps / "broken" / "map.toml").write_bytes(b"not = [toml\n")
    maps.copy_map(place, "broken", "broken-copy")
    assert (place.maps / "broken-copy" / "map.toml").read_bytes() == b"not = [toml\n"
    maps.set_default(place, "broken")
    maps.rename_map(place, "broken", "mended")
    assert maps.default_name(place) == "mended"
    archived = maps.archive_map(place, "mended")
    assert archived.parts is None
    maps.restore_map(place, archived.id)
    assert (place.maps / "mended" / "map.toml").read_bytes() == b"not = [toml\n"


def test_the_default_follows_a_rename(place: maps.MapsPlace) -> None:
    maps.create_map(place, "old")
    maps.set_default(place, "old")
    maps.rename_map(place, "old", "new")
    assert maps.default_name(place) == "new"
    assert [(i.name, i.default) for i in maps.list_maps(place)] == [("new", True)]
    maps.create_map(place, "other")
    maps.rename_map(place, "other", "other-2")
    assert maps.default_name(place) == "new"


def test_the_map_named_default_renamed_becomes_the_set_default(place: maps.MapsPlace) -> None:
    maps.create_map(place, "default")
    maps.rename_map(place, "default", "mine")
    assert maps.default_name(place) == "mine"


def test_settings_keep_unknown_keys(place: maps.MapsPlace) -> None:
    maps.create_map(place, "a")
    place.settings.write_text('# mine\nschema = 1\ncolour = "blue"\n[extra]\nx = 1\n')
    maps.set_default(place, "a")
    import tomllib

    data = tomllib.loads(place.settings.read_text())
    assert data == {"schema": 1, "default": "a", "colour": "blue", "extra": {"x": 1}}


@pytest.mark.parametrize("text, line", [("default = \n", 1), ("schema = 1\n[x\n", 2),
                                        ('default = "../etc"\n', None)])
def test_a_broken_settings_file_is_never_written_over(place: maps.MapsPlace, text: str,
                                                      line: int | None) -> None:
    maps.create_map(place, "a")
    maps.create_map(place, "default")
    place.settings.parent.mkdir(parents=True, exist_ok=True)
    place.settings.write_text(text)
    with pytest.raises(MapFormatError) as caught:
        maps.default_name(place)
    assert str(place.settings) in str(caught.value)
    assert "fix it, or remove it to use the map named 'default'" in str(caught.value)
    assert caught.value.problems[0].line == line
    for call in (lambda: maps.set_default(place, "a"), lambda: maps.rename_map(place, "a", "b")):
        with pytest.raises(MapFormatError):
            call()
    assert place.settings.read_text() == text
    assert (place.maps / "a").is_dir() and not (place.maps / "b").exists()
    # the listing still works, with no default marked
    assert [i.default for i in maps.list_maps(place)] == [False, False]


def test_newer_settings_schema_left_alone(place: maps.MapsPlace) -> None:
    maps.create_map(place, "a")
    place.settings.write_text("schema = 2\n")
    with pytest.raises(IfsError, match="newer"):
        maps.set_default(place, "a")
    assert place.settings.read_text() == "schema = 2\n"


def test_map_dir_uses_the_default(hermetic: Path) -> None:
    assert paths.map_dir(None) == hermetic / "maps" / "default"
    place = maps.MapsPlace.here()
    maps.create_map(place, "work")
    maps.set_default(place, "work")
    assert paths.map_dir(None) == hermetic / "maps" / "work"
    assert paths.map_dir("other") == hermetic / "maps" / "other"
    assert paths.ifs_for_folder(hermetic / "maps" / "work") == "ifs"


def test_remove_then_restore_gives_back_every_byte(place: maps.MapsPlace) -> None:
    source = with_journal(place)
    os.utime(source / "map.toml", (1_700_000_000, 1_700_000_000))
    before = tree(source)
    archived = maps.archive_map(place, "work")
    assert not source.exists()
    assert archived.name == "work" and archived.id.startswith("work--")
    assert archived.folder.parent == place.archive
    assert (archived.title, archived.parts) == ("Work things", 1)
    assert tree(archived.folder) == before
    assert maps.list_maps(place) == []
    assert [a.id for a in maps.list_archived(place)] == [archived.id]
    back = maps.restore_map(place, "work")
    assert back == source and tree(back) == before
    assert maps.list_archived(place) == []


def test_two_archives_of_one_name(place: maps.MapsPlace) -> None:
    maps.create_map(place, "twice", "first")
    first = maps.archive_map(place, "twice")
    maps.create_map(place, "twice", "second")
    second = maps.archive_map(place, "twice")
    assert first.id != second.id
    listed = maps.list_archived(place)
    assert {a.id for a in listed} == {first.id, second.id}
    with pytest.raises(InvalidInput) as caught:
        maps.restore_map(place, "twice")
    assert first.id in str(caught.value) and second.id in str(caught.value)
    maps.restore_map(place, second.id)
    assert maps.map_info(place, "twice").title == "second"
    with pytest.raises(InvalidInput, match="--as NEW"):
        maps.restore_map(place, first.id)
    maps.restore_map(place, first.id, as_name="twice-first")
    assert maps.map_info(place, "twice-first").title == "first"


def test_restore_unknown_and_bad_as_names(place: maps.MapsPlace) -> None:
    maps.create_map(place, "x")
    archived = maps.archive_map(place, "x")
    with pytest.raises(IfsError, match="nothing named 'y' in the archive"):
        maps.restore_map(place, "y")
    with pytest.raises(InvalidInput, match="a map name may use"):
        maps.restore_map(place, archived.id, as_name="../../etc")
    assert archived.folder.is_dir()


def test_archiving_the_default_goes_back_to_default(place: maps.MapsPlace) -> None:
    maps.create_map(place, "mine")
    maps.set_default(place, "mine")
    maps.archive_map(place, "mine")
    assert maps.default_name(place) == "default"


def test_archive_skips_odd_folders(place: maps.MapsPlace) -> None:
    place.archive.mkdir(parents=True)
    (place.archive / "not-an-archive").mkdir()
    (place.archive / ".x--20260101T000000").mkdir()
    assert maps.list_archived(place) == []


def test_create_map_with_a_title(place: maps.MapsPlace) -> None:
    maps.create_map(place, "t", "  A title  ")
    assert maps.map_info(place, "t").title == "A title"
    with pytest.raises(InvalidInput):
        maps.create_map(place, "u", "two\nlines")
    assert not (place.maps / "u").exists()


def test_a_fifo_named_map_toml_does_not_hang(place: maps.MapsPlace) -> None:
    (place.maps / "odd").mkdir(parents=True)
    os.mkfifo(place.maps / "odd" / "map.toml")
    info = maps.map_info(place, "odd")
    assert info.parts is None and info.problem == "map.toml is not a plain file"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test writes are seconds old: let the summary cache trust them at once."""
    from ifs_tui.core import map_summary

    monkeypatch.setattr(map_summary, "RACY_NS", 0)


def test_the_summary_is_kept_and_used(place: maps.MapsPlace, settled: None,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ifs_tui.core import storage

    folder = with_journal(place)
    assert maps.map_info(place, "work").parts == 1
    assert (folder / ".cache" / "summary.json").is_file()
    assert stat.S_IMODE((folder / ".cache" / "summary.json").stat().st_mode) == 0o600

    def no_parsing(*_: object) -> None:
        raise AssertionError("map.toml parsed although it did not change")

    monkeypatch.setattr(storage, "parse_map", no_parsing)
    assert maps.map_info(place, "work").parts == 1
    monkeypatch.undo()
    # a save changes the file: the list sees it
    store = MapStore(folder)
    with store.edit() as pmap:
        pmap.title = "Renamed title"
        pmap.parts.pop()
        store.save(pmap)
    info = maps.map_info(place, "work")
    assert (info.title, info.parts) == ("Renamed title", 0)


def test_a_fresh_file_is_not_trusted_by_the_cache(place: maps.MapsPlace) -> None:
    folder = with_journal(place)
    maps.map_info(place, "work")
    assert not (folder / ".cache" / "summary.json").exists()


@pytest.mark.parametrize("junk", [b"", b"{", b"[]", b'{"key": 1}', b"\xff\xfe",
                                  b'{"key": null, "title": 3, "parts": "x", "problem": 1}'])
def test_an_odd_cache_file_is_ignored(place: maps.MapsPlace, settled: None,
                                      junk: bytes) -> None:
    folder = with_journal(place)
    (folder / ".cache").mkdir(exist_ok=True)
    (folder / ".cache" / "summary.json").write_bytes(junk)
    assert maps.map_info(place, "work").parts == 1


def test_a_cache_with_wrong_types_under_the_right_key_is_ignored(place: maps.MapsPlace,
                                                                 settled: None) -> None:
    import json

    folder = with_journal(place)
    maps.map_info(place, "work")
    cache = folder / ".cache" / "summary.json"
    data = json.loads(cache.read_bytes())
    data["parts"] = "many"
    cache.write_text(json.dumps(data))
    assert maps.map_info(place, "work").parts == 1


def test_nothing_is_written_into_a_broken_map_and_a_mend_is_seen(place: maps.MapsPlace,
                                                                  settled: None) -> None:
    (place.maps / "b").mkdir(parents=True)
    (place.maps / "b" / "map.toml").write_text("x = [\n")
    first = maps.map_info(place, "b").problem
    assert first.startswith("map.toml will not load")
    assert os.listdir(place.maps / "b") == ["map.toml"]
    (place.maps / "b" / "map.toml").write_text('schema = 1\ntitle = "Now fine"\n')
    info = maps.map_info(place, "b")
    assert (info.problem, info.title, info.parts) == ("", "Now fine", 0)


def test_an_oddly_named_folder_cannot_become_the_default(place: maps.MapsPlace) -> None:
    (place.maps / "my map").mkdir(parents=True)
    with pytest.raises(InvalidInput, match="a map name may use"):
        maps.set_default(place, "my map")
    assert not place.settings.exists()
    assert maps.default_name(place) == "default"


def test_a_full_disk_mid_copy_leaves_no_map_and_no_temp_folder(
        place: maps.MapsPlace, monkeypatch: pytest.MonkeyPatch) -> None:
    with_journal(place)
    before = tree(place.maps)
    refuse(monkeypatch, place.maps, errno.ENOSPC, writes_only=True)
    with pytest.raises(IfsError, match=r"cannot write .*: the disk is full"):
        maps.copy_map(place, "work", "copy")
    monkeypatch.undo()
    assert tree(place.maps) == before


def test_moving_a_folder_that_is_not_yet_a_map_writes_nothing_into_it(
        place: maps.MapsPlace) -> None:
    (place.maps / "notes").mkdir(parents=True)
    (place.maps / "notes" / "mine.txt").write_text("hand-made")
    maps.copy_map(place, "notes", "notes-2")
    maps.rename_map(place, "notes", "notes-1")
    archived = maps.archive_map(place, "notes-1")
    assert os.listdir(archived.folder) == ["mine.txt"]
    assert os.listdir(place.maps / "notes-2") == ["mine.txt"]


def test_a_copy_waits_for_a_save_in_progress(place: maps.MapsPlace,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ifs_tui.core.atomic import FolderLock
    from ifs_tui.core.errors import MapBusy

    source = with_journal(place)
    saving = FolderLock(source / ".lock")  # another ifs, in the middle of a save
    saving.acquire()

    class Impatient(FolderLock):
        def __init__(self, path: Path, timeout: float = 30.0) -> None:
            super().__init__(path, timeout=0.05)

    monkeypatch.setattr(maps, "FolderLock", Impatient)
    try:
        with pytest.raises(MapBusy, match="still saving"):
            maps.copy_map(place, "work", "copy")
        with pytest.raises(MapBusy):
            maps.archive_map(place, "work")
    finally:
        saving.release()
    assert os.listdir(place.maps) == ["work"]
    maps.copy_map(place, "work", "copy")
    assert (place.maps / "copy" / "map.toml").is_file()


def test_an_unreadable_settings_file_is_said_and_kept(place: maps.MapsPlace,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    maps.create_map(place, "a")
    place.settings.write_text('schema = 1\ndefault = "a"\n')
    refuse(monkeypatch, place.settings)
    with pytest.raises(IfsError, match=r"cannot read .*maps.toml: permission denied"):
        maps.default_name(place)
    with pytest.raises(IfsError):
        maps.set_default(place, "a")
    assert [i.default for i in maps.list_maps(place)] == [False]
    monkeypatch.undo()
    assert place.settings.read_text() == 'schema = 1\ndefault = "a"\n'
