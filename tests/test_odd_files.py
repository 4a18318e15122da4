"""Odd files get a located message, and one bad file hides nothing else.

Reflections edited by hand, files nested too deeply, and the ordinary ways a
file system says no (denied, read-only, full, a folder where a file should
be). Permission, read-only and full-disk errors come from `tests.oddfiles.refuse`
(tests run as root, where chmod denies nothing); a folder in place of a file,
and a file in place of a folder, are real.
"""

from __future__ import annotations

import errno
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ifs_tui.core import reflections
from ifs_tui.core.codec import map_from_dict
from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.packs import load_packs
from ifs_tui.core.storage import MapStore, parse_map, parse_toml
from tests.helpers import snapshot_tree
from tests.oddfiles import BROKEN, NAIVE, good, refuse

UNEXPECTED = "unexpected error"


@pytest.fixture
def odd(ready: Path) -> Path:
    """The test map with a good reflection, one without offsets, and every broken kind."""
    folder = ready / "reflections"
    (folder / "2026-good.toml").write_text(good())
    (folder / "2026-naive.toml").write_text(NAIVE)
    for name, (text, _) in BROKEN.items():
        (folder / f"bad-{name}.toml").write_text(text)
    for path in folder.iterdir():
        path.chmod(0o600)  # as ifs writes them: check then warns only about what is odd
    return ready


@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A machine whose local time is not UTC, so 'read as UTC' is told apart from 'local'."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- reflections ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_reflection_is_refused_with_its_field(name: str, tmp_path: Path) -> None:
    text, where = BROKEN[name]
    with pytest.raises(MapFormatError) as caught:
        reflections.from_dict(parse_toml(text.encode(), "reflections/r.toml"), "r",
                              "reflections/r.toml")
    message = str(caught.value)
    assert message.startswith("reflections/r.toml") and where in message
    assert "tired" not in message  # never the person's words


def test_one_problem_per_unreadable_file_and_the_rest_load(odd: Path) -> None:
    records, problems = reflections.list_all(MapStore(odd))
    assert [r.id for r in records] == ["2026-naive", "2026-good"]  # oldest first
    assert sorted(Path(p.file).stem for p in problems) == sorted(f"bad-{n}" for n in BROKEN)


def test_a_date_without_offset_is_read_as_utc_on_any_machine(in_new_york: None) -> None:
    rec = reflections.parse(NAIVE.encode(), "r", "r.toml")
    assert rec.started == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert rec.started.utcoffset() == timedelta(0)
    pmap = map_from_dict({"schema": 1, "created": datetime(2026, 3, 2, 9, 0)})
    assert pmap.created is not None and pmap.created.utcoffset() == timedelta(0)


def test_a_date_at_the_edge_of_the_calendar_loads_in_any_zone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        pmap = parse_map(b"schema = 1\ncreated = 0001-01-01T00:00:00\n", "map.toml")
        rec = reflections.parse(NAIVE.replace("2026-03-02T09:00:00", "9999-12-31T23:59:59")
                                .encode(), "r", "r.toml")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert pmap.created == datetime(1, 1, 1, tzinfo=UTC)
    assert rec.started.year == 9999


def test_journal_list_shows_the_others_and_names_each_unreadable_file(cli, odd: Path) -> None:
    run = cli("journal", "list")
    assert run.exit_code == 0, run
    assert "2026-good" in run.stdout and "2026-naive" in run.stdout
    for name in BROKEN:
        assert f"bad-{name}.toml" in run.stderr
    assert "No reflections yet" not in run.stdout and UNEXPECTED not in run.stderr
    listed = json.loads(cli("journal", "list", "--json").stdout)  # data stays data
    assert [r["id"] for r in listed] == ["2026-naive", "2026-good"]
    assert listed[0]["started"] == "2026-03-02T09:00:00+00:00"


def test_journal_show_reads_a_good_one_and_explains_a_bad_one(cli, odd: Path) -> None:
    shown = cli("journal", "show", "2026-naive")
    assert shown.exit_code == 0 and "tired" in shown.stdout
    bad = cli("journal", "show", "bad-answers-text")
    assert bad.exit_code == 1
    assert "could not be read" in bad.stderr and "bad-answers-text.toml" in bad.stderr
    assert "answers" in bad.stderr and UNEXPECTED not in bad.stderr


def test_resume_and_export_pass_over_bad_files(cli, odd: Path) -> None:
    resumed = cli("reflect", "--resume", input="")
    assert resumed.exit_code == 0, resumed
    assert "2026-good" in resumed.stdout  # the latest unfinished one that can be read
    assert "bad-answers-text.toml" in resumed.stderr
    exported = cli("export", "--format", "md", "--reflections", "50")
    assert exported.exit_code == 0, exported
    assert exported.stdout.count("Unblending check-in") == 2
    assert "(left out of the export)" in exported.stderr and UNEXPECTED not in exported.stderr


def test_check_reports_every_bad_reflection_and_warns_about_missing_offsets(
        cli, odd: Path) -> None:
    run = cli("check")
    assert run.exit_code == 1
    for name in BROKEN:
        assert f"bad-{name}.toml" in run.stdout
    assert "2026-naive.toml:6: started: has no offset, so it is read as UTC" in run.stdout
    assert "2026-good.toml" not in run.stdout
    assert "warning: " in run.stdout


# --- nested too deeply ---------------------------------------------------------


DEEP_ARRAYS = "x = " + "[" * 700 + "]" * 700 + "\n"  # beyond tomllib's recursion
DEEP_HEADERS = "[" + ".".join(["a"] * 400) + "]\nb = 1\n"  # parses; too deep to write back


@pytest.mark.parametrize("deep", [DEEP_ARRAYS, DEEP_HEADERS], ids=["arrays", "headers"])
def test_a_deep_map_gives_a_located_message(cli, ready: Path, deep: str) -> None:
    path = ready / "map.toml"
    path.write_text(path.read_text() + deep)
    before = snapshot_tree(ready)
    for args in (("part", "list"), ("part", "add", "Another"), ("journal", "list")):
        run = cli(*args)
        assert run.exit_code == 1
        assert f"{path}" in run.stderr and "nested too deeply" in run.stderr, run
    run = cli("check")
    assert run.exit_code == 1 and "nested too deeply" in run.stdout
    assert snapshot_tree(ready) == before


def test_one_deep_pack_hides_no_other_pack(cli, ready: Path, hermetic: Path) -> None:
    folder = hermetic / "prompts"
    folder.mkdir(parents=True)
    (folder / "deep.toml").write_text(DEEP_ARRAYS)
    (folder / "deep-headers.toml").write_text(DEEP_HEADERS)
    (folder / "mine.toml").write_text(
        'schema = 1\nid = "mine"\ntitle = "Mine"\n[[steps]]\nid = "a"\nkind = "text"\n'
        'ask = "What is here?"\n')
    packs = load_packs(folder)
    assert "mine" in packs.packs and "meet-a-protector" in packs.packs
    assert sorted(Path(p.file).name for p in packs.problems) == ["deep-headers.toml",
                                                                 "deep.toml"]
    assert all("nested too deeply" in p.message for p in packs.problems)
    run = cli("prompts", "list")
    assert run.exit_code == 0 and "mine" in run.stdout and "deep.toml" in run.stderr


def test_a_deep_import_is_refused_before_anything_is_written(cli, ready: Path,
                                                             tmp_path: Path) -> None:
    deep_json = tmp_path / "deep.json"
    nested: list = []
    for _ in range(400):  # json reads it; copying or writing it would exhaust the stack
        nested = [nested]
    deep_json.write_text(json.dumps({"schema": 1, "title": "t", "self": {},
                                     "parts": [{"id": "a", "name": "A", "x": nested}]}))
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text('schema = 1\ntitle = "t"\n' + DEEP_HEADERS)
    before = snapshot_tree(ready)
    for path in (deep_json, deep_toml):
        run = cli("import", str(path), "--merge")
        # The importer may word it its own way (it also checks JSON text before reading).
        assert run.exit_code == 1 and "nested" in run.stderr and UNEXPECTED not in run.stderr
        assert str(path) in run.stderr
    assert snapshot_tree(ready) == before


# --- the file system says no -----------------------------------------------------


def test_map_toml_is_a_folder(cli, ready: Path) -> None:
    path = ready / "map.toml"
    path.rename(ready / "aside.toml")
    path.mkdir()
    for args in (("part", "list"), ("journal", "list"), ("part", "add", "Another")):
        run = cli(*args)
        assert run.exit_code == 1
        assert run.stderr.strip() == (f"ifs: cannot read {path}: it is a folder where a file "
                                      "should be; move the folder aside"), run
    run = cli("check")
    assert run.exit_code == 1 and f"{path}: cannot read it: it is a folder" in run.stdout


@pytest.mark.parametrize(("code", "words"), [
    (errno.EACCES, "permission denied; check its owner and mode"),
    (errno.EIO, "the disk reported an input/output error"),
])
def test_map_toml_cannot_be_read(cli, ready: Path, monkeypatch, code: int,  # type: ignore[no-untyped-def]
                                 words: str) -> None:
    path = ready / "map.toml"
    before = snapshot_tree(ready)
    refuse(monkeypatch, path, code)
    for args in (("part", "list"), ("journal", "list"), ("part", "add", "Another")):
        run = cli(*args)
        assert run.exit_code == 1
        assert run.stderr.startswith(f"ifs: cannot read {path}: {words}"), run
    run = cli("check")
    assert run.exit_code == 1 and f"{path}: cannot read it: {words}" in run.stdout
    monkeypatch.undo()
    assert snapshot_tree(ready) == before


def test_the_lock_file_cannot_be_opened(cli, ready: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lock = ready / ".lock"
    refuse(monkeypatch, lock, errno.EROFS)
    run = cli("part", "add", "Another")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"ifs: cannot open the lock file {lock}: the file system is "
                                 "read-only"), run


def test_the_lock_file_is_a_folder(cli, ready: Path) -> None:
    lock = ready / ".lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    run = cli("part", "add", "Another")
    assert run.exit_code == 1
    assert f"cannot open the lock file {lock}: it is a folder" in run.stderr, run


def test_an_unreadable_reflections_folder_is_not_an_empty_journal(
        cli, odd: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = odd / "reflections"
    refuse(monkeypatch, folder)
    run = cli("journal", "list")
    assert "No reflections yet" not in run.stdout
    assert f"{folder}: cannot read it: permission denied" in run.stderr
    run = cli("check")
    assert run.exit_code == 1 and f"{folder}: cannot read it: permission denied" in run.stdout


def test_a_file_where_the_reflections_folder_should_be(cli, ready: Path) -> None:
    folder = ready / "reflections"
    folder.rmdir()
    folder.write_text("not a folder")
    run = cli("journal", "list")
    assert "No reflections yet" not in run.stdout
    assert f"{folder}: is a file where a folder should be" in run.stderr
    assert cli("check").exit_code == 1
    started = cli("reflect", "unblending-check-in", input="")
    assert started.exit_code == 1 and "a file stands where a folder should be" in started.stderr


def test_a_folder_where_a_reflection_file_should_be(cli, odd: Path) -> None:
    (odd / "reflections" / "2026-odd.toml").mkdir()
    run = cli("journal", "list")
    assert run.exit_code == 0 and "2026-good" in run.stdout
    assert "2026-odd.toml: cannot read it: it is a folder where a file should be" in run.stderr


@pytest.mark.parametrize("how", ["file", "full"])
def test_a_failed_history_copy_says_so(cli, ready: Path, monkeypatch, how: str) -> None:  # type: ignore[no-untyped-def]
    history = ready / ".history"
    if how == "file":
        for old in history.glob("*"):
            old.unlink()
        history.rmdir()
        history.write_text("not a folder")
        words = "a file stands where a folder should be"
    else:
        refuse(monkeypatch, history, errno.ENOSPC, writes_only=True)
        words = "the disk is full; free some space and try again"
    before = (ready / "map.toml").read_bytes()
    run = cli("part", "add", "Another", "--fear", "private words")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"ifs: could not keep a history copy in {history}/ ({words}")
    assert f"{ready / 'map.toml'} was not changed" in run.stderr
    assert "could not save" not in run.stderr and "private words" not in run.stderr
    assert (ready / "map.toml").read_bytes() == before


def test_a_reflection_on_a_read_only_disk(cli, ready: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = ready / "reflections"
    before = snapshot_tree(ready)
    refuse(monkeypatch, folder, errno.EROFS, writes_only=True)
    run = cli("reflect", "unblending-check-in", input="\nI am tired\n")  # past its grounding
    assert run.exit_code == 1
    assert "could not save the reflection" in run.stderr
    assert "the file system is read-only; make it writable" in run.stderr
    assert UNEXPECTED not in run.stderr and "tired" not in run.stderr
    monkeypatch.undo()
    assert snapshot_tree(ready) == before


def test_a_new_pack_where_the_prompts_folder_is_a_file(cli, hermetic: Path) -> None:
    folder = hermetic / "prompts"
    hermetic.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    run = cli("prompts", "new", "my-pack")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"ifs: cannot write {folder / 'my-pack.toml'}: a file stands "
                                 "where a folder should be"), run


def test_any_other_file_error_still_names_the_file(cli, ready: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ifs_tui.core.check

    def denied(folder: Path) -> list:
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / "odd"))

    monkeypatch.setattr(ifs_tui.core.check, "check_folder", denied)
    run = cli("check")
    assert run.exit_code == 1
    assert run.stderr == (f"ifs: cannot use {ready / 'odd'}: permission denied; check its "
                          "owner and mode (ls -l); nothing more was changed\n")


def test_check_warns_about_a_map_date_without_offset(cli, ready: Path) -> None:
    path = ready / "map.toml"
    text = path.read_text()
    created = next(line for line in text.splitlines() if line.startswith("created = "))
    path.write_text(text.replace(created, "created = 2026-03-01T09:00:00"))
    run = cli("check")
    assert run.exit_code == 0  # a warning, not an error: it loads, read as UTC
    line = text.splitlines().index(created) + 1
    assert f"warning: {path}:{line}: created: has no offset, so it is read as UTC" in run.stdout
    assert cli("part", "list").exit_code == 0


def test_settings_that_cannot_be_read_leave_the_defaults(hermetic: Path, tmp_path: Path) -> None:
    from ifs_tui.core.config import config_file, load_config, save_config

    config_file().mkdir(parents=True)  # a folder where config.toml should be
    config = load_config()
    assert config.broken == (f"cannot read {config_file()}: it is a folder where a file "
                             "should be; move the folder aside")
    assert save_config(config) is False  # and never written over


def test_an_error_that_words_itself_is_passed_on_unchanged() -> None:
    from ifs_tui.core.errors import IfsError
    from ifs_tui.core.fileerrors import describe, file_error

    class Refused(IfsError, OSError):  # e.g. a save refused because a file is a link
        def __str__(self) -> str:
            return "map.toml is a symbolic link; put the real file in its place"

    err = Refused(errno.ELOOP, "x")
    assert file_error("open the lock file", "/x/.lock", err) is err
    assert describe(err) == "map.toml is a symbolic link; put the real file in its place"


def test_check_lists_broken_packs_of_the_map_and_the_person(cli, ready: Path,
                                                            hermetic: Path) -> None:
    prompts = ready / "prompts"
    prompts.mkdir(exist_ok=True)
    (prompts / "half.toml").write_text("title = \n")
    (prompts / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    own = hermetic / "prompts"
    own.mkdir(parents=True, exist_ok=True)
    (own / "mine.toml").write_text("schema = 1\nid = 'mine'\n")
    run = cli("check")
    assert run.exit_code == 1
    for name in ("half.toml", "deep.toml", "mine.toml"):
        assert f"{name}" in run.stdout, run.stdout
