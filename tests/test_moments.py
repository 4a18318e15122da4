"""Ordinary moments in the core: files, fields, odd files, dates (core/moments.py)."""

from __future__ import annotations

import os
import stat
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core import moments
from ifs_tui.core.check import check_folder
from ifs_tui.core.dates import parse_when
from ifs_tui.core.errors import IfsError, InvalidInput, MapFormatError
from ifs_tui.core.storage import MapStore

from .hostile import TEXTS

PLUS_ONE = timezone(timedelta(hours=1))
WHEN = datetime(2026, 1, 31, 9, 30, tzinfo=PLUS_ONE)


@pytest.fixture
def store(map_folder: Path) -> MapStore:
    s = MapStore(map_folder)
    s.create("Moments")
    return s


def write(store: MapStore, name: str, text: str) -> Path:
    path = store.folder / "moments" / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_add_writes_one_private_file_that_reads_back(store: MapStore) -> None:
    old = os.umask(0o022)
    try:
        moment = moments.add(store, "I paused\nand breathed", WHEN, "critic", "2")
    finally:
        os.umask(old)
    path = store.folder / "moments" / f"{moment.id}.toml"
    assert moment.id == "20260131-093000"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = tomllib.loads(path.read_text("utf-8"))
    assert list(data) == ["schema", "when", "text", "part", "shift"]
    assert data["when"] == WHEN and data["when"].utcoffset() == timedelta(hours=1)
    assert data["shift"] == moments.shift_options()[1]
    found, problems = moments.list_all(store)
    assert problems == [] and [(m.text, m.part, m.when) for m in found] == [
        ("I paused\nand breathed", "critic", WHEN)]


def test_same_second_gets_its_own_id(store: MapStore) -> None:
    ids = [moments.add(store, f"moment {i}", WHEN).id for i in range(3)]
    assert ids == ["20260131-093000", "20260131-093000-2", "20260131-093000-3"]
    assert [m.text for m in moments.list_all(store)[0]] == ["moment 0", "moment 1", "moment 2"]


def test_shift_options_come_from_the_shifts_pack() -> None:
    options = moments.shift_options()
    assert len(options) == 6 and options[0] == "I paused before apologising on autopilot"


def test_shift_number_own_words_and_case() -> None:
    options = ["I paused", "I stayed"]
    assert moments.pick_shift("2", options) == "I stayed"
    assert moments.pick_shift("i PAUSED", options) == "I paused"
    assert moments.pick_shift("  my   own words ", options) == "my own words"
    assert moments.pick_shift("", options) == ""
    with pytest.raises(InvalidInput, match="no shift number 3; choose 1 to 2"):
        moments.pick_shift("3", options)
    with pytest.raises(InvalidInput, match="control characters"):
        moments.pick_shift("bell\x07", options)


def test_empty_text_is_refused_and_nothing_written(store: MapStore) -> None:
    with pytest.raises(InvalidInput, match="needs a few words"):
        moments.add(store, "  \n ", WHEN)
    assert list((store.folder / "moments").iterdir()) == []


@pytest.mark.parametrize("text", TEXTS)
def test_hostile_texts_kept_exactly_or_refused_cleanly(store: MapStore, text: str) -> None:
    try:
        moment = moments.add(store, text, WHEN)
    except InvalidInput as err:
        assert "control characters" in str(err) or "needs a few words" in str(err)
        assert text.strip() == "" or text not in str(err)
        assert list((store.folder / "moments").iterdir()) == []
        return
    found, problems = moments.list_all(store)
    assert problems == [] and found[0].text == text and found[0].id == moment.id


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip()))
def test_any_text_that_is_kept_reads_back_the_same(tmp_path_factory: pytest.TempPathFactory,
                                                   text: str) -> None:
    store = MapStore(tmp_path_factory.mktemp("m"))
    try:
        moment = moments.add(store, text, WHEN)
    except InvalidInput:
        return
    expected = moments.check_text(text)
    assert moments.find(store, moment.id).text == expected


def test_unknown_keys_are_kept_when_saved_again(store: MapStore) -> None:
    write(store, "20260101-080000", 'schema = 1\nwhen = 2026-01-01T08:00:00+02:00\n'
          'text = "hand written"\nmood = "light"\n[later]\nkey = 3\n')
    moment = moments.find(store, "20260101-080000")
    assert moment.extra == {"mood": "light", "later": {"key": 3}}
    moment.shift = "own words"
    moments.save(store, moment)
    data = tomllib.loads((store.folder / "moments" / "20260101-080000.toml").read_text())
    assert data["mood"] == "light" and data["later"] == {"key": 3}
    assert data["shift"] == "own words"


BROKEN = [
    ("not toml", 'text = "unclosed\n', "", None),
    ("no when", 'schema = 1\ntext = "words"\n', "when", None),
    ("when as text", 'schema = 1\nwhen = "last tuesday"\ntext = "w"\n', "when", 2),
    ("list where text was", 'schema = 1\nwhen = 2026-01-01T08:00:00Z\ntext = ["a"]\n',
     "text", 3),
    ("part a number", 'schema = 1\nwhen = 2026-01-01T08:00:00Z\ntext = "w"\npart = 3\n',
     "part", 4),
    ("newer schema", 'schema = 99\nwhen = 2026-01-01T08:00:00Z\ntext = "w"\n', "schema", 1),
]


@pytest.mark.parametrize(("label", "body", "field", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_named_and_hides_nothing_else(
        store: MapStore, label: str, body: str, field: str, line: int | None) -> None:
    moments.add(store, "a good one", WHEN)
    path = write(store, "20260102-080000", body)
    found, problems = moments.list_all(store)
    assert [m.text for m in found] == ["a good one"]
    assert len(problems) == 1 and problems[0].file == str(path)
    assert problems[0].field == field
    if line is not None:
        assert problems[0].line == line
    with pytest.raises(IfsError, match="20260102-080000"):
        moments.find(store, "20260102-080000")
    checked = [p for p in check_folder(store.folder) if p.severity == "error"]
    assert [(p.file, p.field) for p in checked] == [(str(path), field)]


def test_a_fifo_or_folder_named_like_a_moment_is_named_not_read(store: MapStore) -> None:
    moments.add(store, "a good one", WHEN)
    os.mkfifo(store.folder / "moments" / "20260102-080000.toml")
    (store.folder / "moments" / "20260103-080000.toml").mkdir()
    found, problems = moments.list_all(store)
    assert [m.text for m in found] == ["a good one"]
    assert [Path(p.file).name for p in problems] == ["20260102-080000.toml",
                                                      "20260103-080000.toml"]
    assert "not a plain file" in problems[0].message
    assert "a folder where a file should be" in problems[1].message
    errors = [p for p in check_folder(store.folder) if p.severity == "error"]
    assert sorted(Path(p.file).name for p in errors) == ["20260102-080000.toml",
                                                         "20260103-080000.toml"]


def test_check_names_a_when_without_offset(store: MapStore) -> None:
    path = write(store, "20260101-080000",
                 'schema = 1\nwhen = 2026-01-01T08:00:00\ntext = "no offset"\n')
    assert moments.find(store, "20260101").when == datetime(2026, 1, 1, 8, tzinfo=UTC)
    warnings = [p for p in check_folder(store.folder) if p.file == str(path)]
    assert [(p.field, p.severity, p.line) for p in warnings] == [("when", "warning", 2)]


def test_a_file_where_the_folder_should_be(store: MapStore) -> None:
    folder = store.folder / "moments"
    folder.rmdir()
    folder.write_text("oops")
    found, problems = moments.list_all(store)
    assert found == [] and "so moments can be kept here" in str(problems[0])
    with pytest.raises(IfsError, match="moments"):
        moments.add(store, "words", WHEN)


def test_select_by_part_and_since(store: MapStore) -> None:
    moments.add(store, "old", WHEN, "critic")
    moments.add(store, "new", WHEN + timedelta(days=3), "critic")
    moments.add(store, "other", WHEN + timedelta(days=3), "numbing")
    found, _ = moments.list_all(store)
    assert [m.text for m in moments.select(found, part="critic")] == ["old", "new"]
    since = WHEN + timedelta(days=1)
    assert [m.text for m in moments.select(found, since=since)] == ["new", "other"]
    assert [m.text for m in moments.select(found, "critic", since)] == ["new"]


def test_find_refuses_paths_and_names_ambiguity(store: MapStore) -> None:
    moments.add(store, "one", WHEN)
    moments.add(store, "two", WHEN)
    for ref in ("../map", "/etc/passwd", "..", ""):
        with pytest.raises(InvalidInput, match="is like 20260131-093000"):
            moments.find(store, ref)
    with pytest.raises(IfsError, match="more than one"):
        moments.find(store, "20260131")
    assert moments.find(store, "20260131-093000-2").text == "two"
    with pytest.raises(IfsError, match="no moment has the id"):
        moments.find(store, "1999")


# --- dates typed on the command line --------------------------------------------------

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=PLUS_ONE)


def test_dates_with_an_offset_keep_it() -> None:
    assert parse_when("2026-01-31T09:30+01:00") == WHEN
    assert parse_when("2026-01-31T09:30+01:00").utcoffset() == timedelta(hours=1)
    assert parse_when("2026-01-31T08:30Z") == WHEN
    assert parse_when("2026-01-31 09:30:00+01:00") == WHEN


def test_dates_without_an_offset_are_local_time() -> None:
    got = parse_when("2026-01-31T09:30")
    assert got.tzinfo is not None
    assert got == datetime(2026, 1, 31, 9, 30).astimezone()
    assert parse_when("2026-01-31") == datetime(2026, 1, 31, 12).astimezone()
    assert parse_when("2026-01-31", day_start=True) == datetime(2026, 1, 31).astimezone()


def test_today_and_yesterday() -> None:
    assert parse_when("today", now=NOW) == datetime(2026, 3, 10, 12, tzinfo=PLUS_ONE)
    assert parse_when("Yesterday", day_start=True, now=NOW) == datetime(
        2026, 3, 9, tzinfo=PLUS_ONE)


@pytest.mark.parametrize("value", ["bogus", "2026-13-01", "31/01/2026", "", "x" * 500,
                                   "\x1b[2J"])
def test_a_date_that_is_not_one(value: str) -> None:
    with pytest.raises(InvalidInput, match="--since: .* is not a date; write one like") as err:
        parse_when(value, "--since")
    assert "\x1b" not in str(err.value) and len(str(err.value)) < 200


def test_broken_file_message_never_holds_the_text(store: MapStore) -> None:
    write(store, "20260102-080000", 'schema = 1\ntext = "my private words"\n')
    with pytest.raises(MapFormatError) as err:
        moments.find(store, "20260102-080000")
    assert "private" not in str(err.value)


ADDER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from ifs_tui.core import moments
from ifs_tui.core.storage import MapStore

store = MapStore(Path(sys.argv[1]))
when = datetime(2026, 1, 31, 9, 30, tzinfo=timezone.utc)
for i in range(25):
    moments.add(store, f"{sys.argv[2]} {i}", when)
"""


def test_programs_adding_in_the_same_second_lose_none(store: MapStore) -> None:
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1"}
    workers = [subprocess.Popen([sys.executable, "-c", ADDER, str(store.folder), f"w{n}"],
                                env=env) for n in range(3)]
    assert [w.wait(timeout=120) for w in workers] == [0] * 3
    found, problems = moments.list_all(store)
    assert problems == []
    assert sorted(m.text for m in found) == sorted(f"w{n} {i}" for n in range(3)
                                                   for i in range(25))
