"""Journeys in the core: the file, its order of keys, ids, odd files (core/journeys.py)."""

from __future__ import annotations

import os
import stat
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core import journeys
from ifs_tui.core.errors import IfsError, InvalidInput, MapFormatError
from ifs_tui.core.storage import MapStore

from .hostile import NAMES, TEXTS

PLUS_ONE = timezone(timedelta(hours=1))
SESSION = datetime(2026, 2, 14, 10, 0, tzinfo=PLUS_ONE)
NOW = datetime(2026, 2, 1, 8, 0, tzinfo=PLUS_ONE)


@pytest.fixture
def store(map_folder: Path) -> MapStore:
    s = MapStore(map_folder)
    s.create("Journeys")
    return s


def write(store: MapStore, name: str, text: str) -> Path:
    folder = store.folder / "journeys"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_new_writes_one_private_file_in_the_agreed_order(store: MapStore) -> None:
    old = os.umask(0o022)
    try:
        journey = journeys.new(store, "First session", SESSION, "Calm room.\nA blanket.",
                               when=NOW)
    finally:
        os.umask(old)
    path = store.folder / "journeys" / f"{journey.id}.toml"
    assert journey.id == "20260214-first-session"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    data = tomllib.loads(path.read_text("utf-8"))
    assert list(data) == ["schema", "title", "session", "notes", "parts", "preparation",
                          "integration", "moments", "created", "changed"]
    assert data["session"] == SESSION and data["session"].utcoffset() == timedelta(hours=1)
    assert data["notes"] == "Calm room.\nA blanket." and data["created"] == NOW
    found, problems = journeys.list_all(store)
    assert problems == [] and [j.id for j in found] == [journey.id]


def test_ids_come_from_the_session_date_and_title(store: MapStore) -> None:
    a = journeys.new(store, "Séance: à l'écoute / ../..", SESSION, when=NOW)
    b = journeys.new(store, "Séance: à l'écoute / ../..", SESSION, when=NOW)
    c = journeys.new(store, "", SESSION, when=NOW)
    d = journeys.new(store, "日本語", SESSION, when=NOW)
    e = journeys.new(store, "x" * 200, SESSION, when=NOW)
    assert a.id == "20260214-seance-a-l-ecoute"
    assert b.id == "20260214-seance-a-l-ecoute-2"
    assert c.id == "20260214-medicine-session-14-february-2026"
    assert c.title == "Medicine session, 14 February 2026"
    assert d.id == "20260214-journey"
    assert e.id == "20260214-" + "x" * 40
    assert sorted(p.name for p in (store.folder / "journeys").iterdir()) == sorted(
        f"{j.id}.toml" for j in (a, b, c, d, e))


def test_attach_detach_keep_each_id_once_and_move_between_phases(store: MapStore) -> None:
    j = journeys.new(store, "One", SESSION, when=NOW)
    journeys.attach(store, j.id, reflection="r1", phase="preparation", part="critic")
    journeys.attach(store, j.id, reflection="r1", phase="preparation", part="critic")
    journeys.attach(store, j.id, moment="m1")
    journeys.attach(store, j.id, reflection="r2", phase="integration")
    got = journeys.find(store, j.id)
    assert (got.parts, got.preparation, got.integration, got.moments) == (
        ["critic"], ["r1"], ["r2"], ["m1"])
    journeys.attach(store, j.id, reflection="r1", phase="integration")
    got = journeys.find(store, j.id)
    assert (got.preparation, got.integration) == ([], ["r2", "r1"])
    got, held = journeys.detach(store, j.id, "m1")
    assert held == ["moments"] and got.moments == []
    with pytest.raises(IfsError, match="does not hold"):
        journeys.detach(store, j.id, "m1")
    with pytest.raises(InvalidInput, match="--as"):
        journeys.attach(store, j.id, reflection="r3", phase="dose")


def test_phase_for_is_before_or_after_the_session() -> None:
    j = journeys.Journey("x", "t", SESSION)
    assert journeys.phase_for(j, SESSION - timedelta(days=1)) == "preparation"
    assert journeys.phase_for(j, SESSION + timedelta(hours=1)) == "integration"


def test_hand_added_keys_are_kept_but_never_in_json(store: MapStore) -> None:
    path = write(store, "20260214-hand", 'schema = 1\ntitle = "By hand"\n'
                 'session = 2026-02-14T10:00:00+01:00\ndose = "kept, never shown"\n'
                 '[mine]\nx = 1\n')
    journeys.attach(store, "20260214-hand", moment="m1")
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["dose"] == "kept, never shown" and data["mine"] == {"x": 1}
    assert data["moments"] == ["m1"]
    shown = journeys.json_dict(journeys.find(store, "20260214-hand"))
    assert "dose" not in shown and "mine" not in shown and shown["id"] == "20260214-hand"


def test_a_date_alone_means_midday_local(store: MapStore) -> None:
    write(store, "20260214-day", 'schema = 1\ntitle = "Day"\nsession = 2026-02-14\n')
    got = journeys.find(store, "20260214-day")
    assert got.session.date() == date(2026, 2, 14) and got.session.hour == 12
    assert got.session.utcoffset() is not None


def test_a_broken_file_is_located_and_never_written_over(store: MapStore) -> None:
    good = journeys.new(store, "Good", SESSION, when=NOW)
    text = 'schema = 1\ntitle = "Bad"\nsession = "soon"\nparts = "critic"\n'
    path = write(store, "20260214-bad", text)
    found, problems = journeys.list_all(store)
    assert [j.id for j in found] == [good.id]
    assert len(problems) == 1 and problems[0].line == 3 and "session" in str(problems[0])
    with pytest.raises(MapFormatError) as err:
        journeys.attach(store, "20260214-bad", moment="m1")
    assert {p.field for p in err.value.problems} == {"session", "parts"}
    assert path.read_text("utf-8") == text
    write(store, "20260214-worse", "schema = 1\ntitle = \n")
    assert len(journeys.list_all(store)[1]) == 2


def test_find_by_beginning_and_refuses_paths(store: MapStore) -> None:
    journeys.new(store, "Alpha", SESSION, when=NOW)
    journeys.new(store, "Beta", SESSION + timedelta(days=40), when=NOW)
    assert journeys.find(store, "20260214").title == "Alpha"
    with pytest.raises(IfsError, match="more than one"):
        journeys.find(store, "2026")
    with pytest.raises(IfsError, match="no journey"):
        journeys.find(store, "1999")
    for ref in ("../map", "/etc/passwd", "", ".hidden"):
        with pytest.raises(InvalidInput):
            journeys.find(store, ref)


def test_list_is_by_session_and_survives_odd_entries(store: MapStore) -> None:
    later = journeys.new(store, "Later", SESSION + timedelta(days=30), when=NOW)
    earlier = journeys.new(store, "Earlier", SESSION, when=NOW)
    (store.folder / "journeys" / "a-folder.toml").mkdir()
    os.mkfifo(store.folder / "journeys" / "pipe.toml")
    found, problems = journeys.list_all(store)
    assert [j.id for j in found] == [earlier.id, later.id]
    assert len(problems) == 2 and all("plain file" in p.message for p in problems)


def test_no_folder_means_no_journeys(store: MapStore) -> None:
    assert journeys.list_all(store) == ([], [])


def test_edit_keeps_the_id_and_remove_keeps_the_rest(store: MapStore) -> None:
    j = journeys.new(store, "Old", SESSION, when=NOW)
    got = journeys.edit(store, j.id, title="New", session=SESSION + timedelta(days=2),
                        notes="after")
    assert got.id == j.id and got.title == "New" and got.notes == "after"
    assert journeys.find(store, j.id).session == SESSION + timedelta(days=2)
    journeys.remove(store, got)
    assert journeys.list_all(store) == ([], [])
    with pytest.raises(IfsError, match="removed already"):
        journeys.remove(store, got)


def test_titles_and_notes_refuse_control_characters(store: MapStore) -> None:
    with pytest.raises(InvalidInput, match="title"):
        journeys.new(store, "a\x1bb", SESSION)
    with pytest.raises(InvalidInput, match="notes"):
        journeys.new(store, "ok", SESSION, notes="a\x07b")
    assert not (store.folder / "journeys").exists() or not list(
        (store.folder / "journeys").iterdir())


_NOTE = st.text(st.characters(blacklist_categories=["Cc", "Cs"]) | st.sampled_from("\n\t"),
                max_size=200)


@settings(max_examples=40, deadline=None)
@given(title=st.sampled_from(NAMES) | _NOTE.map(lambda t: t.replace("\n", " ")),
       notes=st.sampled_from([t for t in TEXTS if "\x1b" not in t]) | _NOTE)
def test_round_trip_keeps_every_word(tmp_path_factory: pytest.TempPathFactory,
                                     title: str, notes: str) -> None:
    folder = tmp_path_factory.mktemp("map")
    store = MapStore(folder)
    store.create("Trip")
    try:
        journey = journeys.new(store, title, SESSION, notes, when=NOW)
    except InvalidInput:
        return  # refused as a whole: nothing written
    got = journeys.find(store, journey.id)
    assert got.title == journeys.check_title(title) or got.title == journeys.default_title(
        SESSION)
    assert got.notes == journeys.check_notes(notes)
    assert got.session == SESSION and got.session.tzinfo is not None
    assert journeys.to_dict(got) == journeys.to_dict(journey)


def test_naive_times_are_read_as_utc(store: MapStore) -> None:
    write(store, "20260214-naive", 'schema = 1\nsession = 2026-02-14T10:00:00\n')
    got = journeys.find(store, "20260214-naive")
    assert got.session == datetime(2026, 2, 14, 10, tzinfo=UTC)
    assert got.shown_title == "Journey of 2026-02-14"


def test_check_names_each_problem_and_is_clean_on_good_files(store: MapStore) -> None:
    from ifs_tui.core.check import check_folder

    journeys.new(store, "Good", SESSION, when=NOW)
    assert [p for p in check_folder(store.folder) if "journeys" in p.file] == []
    path = write(store, "20260214-bad", 'schema = 1\ntitle = 3\nsession = 2026-02-14\n'
                 'moments = [1]\n')
    write(store, "20260215-naive", 'schema = 1\nsession = 2026-02-15T10:00:00\n')
    os.chmod(path, 0o644)
    found = [p for p in check_folder(store.folder) if "journeys" in p.file]
    errors = {(Path(p.file).name, p.field, p.line) for p in found if p.severity == "error"}
    assert errors == {("20260214-bad.toml", "title", 2), ("20260214-bad.toml", "moments", 4)}
    warnings = {(Path(p.file).name, p.field) for p in found if p.severity == "warning"}
    assert ("20260215-naive.toml", "session") in warnings
    hazard = write(store, "20260216-hazard", 'schema = 1\nsession = 2026-02-16\n'
                   'notes = "a\\u001b[2Jb"\n')
    assert any(p.file == str(hazard) and p.field == "notes" for p in check_folder(store.folder))


def test_each_change_reads_the_file_again_so_none_is_lost(store: MapStore) -> None:
    j = journeys.new(store, "One", SESSION, when=NOW)
    other = MapStore(store.folder)  # another program on the same map
    journeys.attach(other, j.id, moment="m1")
    journeys.edit(store, j.id, notes="later words")  # this one never saw m1
    got = journeys.find(store, j.id)
    assert got.moments == ["m1"] and got.notes == "later words"


def test_a_file_where_the_folder_should_be_is_named(store: MapStore) -> None:
    (store.folder / "journeys").write_text("not a folder")
    with pytest.raises(IfsError, match="journeys"):
        journeys.new(store, "One", SESSION)
    found, problems = journeys.list_all(store)
    assert found == [] and "is a file where a folder should be" in problems[0].message
