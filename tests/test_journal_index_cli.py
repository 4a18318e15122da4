"""`ifs journal list/show`, `ifs reflect --resume` and `ifs check` read reflections through
the index: nothing unchanged is parsed, and what they print is what it was."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ifs_tui.core import reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore

OLD_NS = 1_600_000_000 * 10**9
T0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("index_settled")



@pytest.fixture
def journal(ready: Path) -> MapStore:
    store = MapStore(ready)
    for n in range(12):
        when = T0 + timedelta(days=n)
        reflections.save(store, Reflection(
            id=f"{when:%Y%m%d-%H%M%S}-meet-a-protector", pack="meet-a-protector",
            pack_title="Meet a protector", started=when, updated=when,
            status="in-progress" if n in (3, 7) else "finished", part="inner-critic",
            answers=[Answer("a", "text", "What do you notice?", value=f"note {n}")]))
    for path in reflections.folder_of(store).iterdir():
        os.utime(path, ns=(OLD_NS, OLD_NS))
    return store


def no_parsing(monkeypatch: pytest.MonkeyPatch, allowed: tuple[str, ...] = ()) -> list[str]:
    """Make parsing a reflection file fail unless its id is allowed; returns what was."""
    parsed: list[str] = []
    real = reflections.from_dict

    def guarded(data: dict, rec_id: str, *args: object) -> Reflection:
        assert rec_id in allowed, f"{rec_id} was parsed"
        parsed.append(rec_id)
        return real(data, rec_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reflections, "from_dict", guarded)
    return parsed


def test_journal_list_parses_nothing_unchanged(cli, journal: MapStore,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    first = cli("journal", "list")
    assert first.exit_code == 0
    no_parsing(monkeypatch)
    again = cli("journal", "list")
    assert again.stdout == first.stdout and again.exit_code == 0
    lines = [line for line in again.stdout.splitlines() if "Meet a protector" in line]
    assert len(lines) == 12 and "2026-02-01" in lines[0] and "2026-02-12" in lines[-1]


def test_newest_n_keeps_the_order_and_json_honours_it(cli, journal: MapStore) -> None:
    every = json.loads(cli("journal", "list", "--json").stdout)
    assert [r["started"][:10] for r in every] == [f"2026-02-{d:02d}" for d in range(1, 13)]
    three = json.loads(cli("journal", "list", "--json", "-n", "3").stdout)
    assert three == every[-3:]
    shown = cli("journal", "list", "--newest", "2").stdout
    rows = [line for line in shown.splitlines() if "Meet a protector" in line]
    assert len(rows) == 2 and "2026-02-11" in rows[0] and "2026-02-12" in rows[1]
    assert json.loads(cli("journal", "list", "--json", "-n", "99").stdout) == every


@pytest.mark.parametrize("n", ["0", "-1", "x"])
def test_newest_needs_a_positive_number(cli, journal: MapStore, n: str) -> None:
    run = cli("journal", "list", "-n", n)
    assert run.exit_code == 2
    assert "--newest" in run.stderr and "Traceback" not in run.stderr


def test_newest_still_names_unreadable_files(cli, journal: MapStore) -> None:
    (reflections.folder_of(journal) / "broken.toml").write_text("= nope")
    run = cli("journal", "list", "-n", "1")
    assert run.exit_code == 0 and "broken.toml" in run.stderr
    assert len([line for line in run.stdout.splitlines() if "Meet a protector" in line]) == 1


def test_journal_show_by_a_short_ref_parses_only_that_one(cli, journal: MapStore,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cli("journal", "list")
    parsed = no_parsing(monkeypatch, allowed=("20260205-090000-meet-a-protector",))
    run = cli("journal", "show", "20260205")
    assert run.exit_code == 0 and "note 4" in run.stdout
    assert parsed == ["20260205-090000-meet-a-protector"]
    many = cli("journal", "show", "202602")
    assert many.exit_code == 1 and "more than one" in many.stderr


def test_resume_takes_the_latest_unfinished_parsing_only_it(cli, journal: MapStore,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    cli("journal", "list")
    parsed = no_parsing(monkeypatch, allowed=("20260208-090000-meet-a-protector",))
    run = cli("reflect", "--resume", input="")
    assert "latest of 2 unfinished" in run.stderr
    assert set(parsed) == {"20260208-090000-meet-a-protector"}


def test_a_hand_edit_shows_in_the_next_list(cli, journal: MapStore) -> None:
    cli("journal", "list")
    path = reflections.folder_of(journal) / "20260201-090000-meet-a-protector.toml"
    path.write_text(path.read_text().replace("Meet a protector", "Met by hand"))
    os.utime(path, ns=(OLD_NS, OLD_NS))  # even with the old time put back
    assert "Met by hand" in cli("journal", "list").stdout


def test_check_output_is_unchanged_on_a_second_run(cli, journal: MapStore,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = reflections.folder_of(journal)
    (folder / "broken.toml").write_text('schema = 1\nstatus = "maybe"\n')
    (folder / "naive.toml").write_text(
        'schema = 1\npack = "p"\nstatus = "finished"\n'
        "started = 2026-01-01T09:00:00\nupdated = 2026-01-01T09:00:00Z\n")
    os.chmod(folder / "naive.toml", 0o644)
    for name in ("broken.toml", "naive.toml"):
        os.utime(folder / name, ns=(OLD_NS, OLD_NS))
    first = cli("check")
    assert first.exit_code == 1 and "broken.toml" in first.stdout
    no_parsing(monkeypatch)
    second = cli("check")
    assert (second.exit_code, second.stdout, second.stderr) == (
        first.exit_code, first.stdout, first.stderr)


def test_check_and_saves_say_nothing_of_the_cache(cli, journal: MapStore) -> None:
    assert cli("journal", "list").exit_code == 0
    assert (journal.folder / ".cache" / "reflections.sqlite").is_file()
    run = cli("check")
    assert run.exit_code == 0 and ".cache" not in run.stdout + run.stderr
    assert cli("part", "add", "After the index").exit_code == 0
    assert ".cache" not in cli("check").stdout


def test_a_map_without_reflections_gets_no_cache(cli, ready: Path) -> None:
    assert "No reflections yet" in cli("journal", "list").stdout
    assert cli("check").exit_code == 0
    # The history's summaries may be cached (the map was saved twice); no index is made.
    assert not (ready / ".cache" / "reflections.sqlite").exists()
