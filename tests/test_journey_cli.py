"""`ifs journey ...` and the offer at the end of `ifs reflect` (cli/journeys.py)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from ifs_tui.core.storage import MapStore

from .hostile import NAMES, TERMINAL_HAZARDS

PREP_PACK = """\
schema = 1
id = "my-prep"
title = "My preparation"
phase = "preparation"
minutes = 2

[[steps]]
id = "who"
kind = "part"
ask = "Which part may show up?"

[[steps]]
id = "hope"
kind = "text"
ask = "What would it like you to know?"
"""


@pytest.fixture
def mapped(cli, ready: Path) -> Path:
    (ready / "prompts").mkdir()
    (ready / "prompts" / "my-prep.toml").write_text(PREP_PACK)
    (ready / "prompts" / "anytime.toml").write_text(
        PREP_PACK.replace('"my-prep"', '"anytime"').replace('"preparation"', '"anytime"'))
    return ready


def journey_files(folder: Path) -> list[Path]:
    return sorted((folder / "journeys").glob("*.toml"))


def reflection_id(folder: Path) -> str:
    (path,) = (folder / "reflections").glob("*.toml")
    return path.stem


def test_new_list_show_and_json(cli, ready: Path) -> None:
    run = cli("journey", "new", "--title", "Spring session", "--date", "2026-03-10",
              "--notes", "A quiet room")
    assert run.exit_code == 0, run
    assert "20260310-spring-session" in run.stdout
    run = cli("journey", "list")
    assert "10 Mar 2026 · Spring session  [20260310-spring-session]" in run.stdout
    data = json.loads(cli("journey", "list", "--json").stdout)
    assert [d["id"] for d in data] == ["20260310-spring-session"]
    assert data[0]["session"].startswith("2026-03-10T12:00:00")
    run = cli("journey", "show", "20260310")
    assert run.exit_code == 0
    for words in ("Parts prepared for", "The session", "A quiet room", "What emerged",
                  "Moments since the session", "gives no medical guidance",
                  "In a crisis, contact your local emergency services."):
        assert words in run.stdout
    shown = json.loads(cli("journey", "show", "20260310", "--json").stdout)
    assert shown["notes"] == "A quiet room" and shown["missing"] == []


def test_attach_detach_and_dangling_ids(cli, ready: Path, hermetic: Path) -> None:
    cli("journey", "new", "--title", "S", "--date", "2026-03-10")
    cli("moment", "add", "paused before apologising", "--part", "critic", "--date",
        "2026-03-12")
    cli("moment", "add", "noticed fear, did not obey", "--date", "2026-03-15")
    moment_ids = [p.stem for p in sorted((ready / "moments").glob("*.toml"))]
    run = cli("journey", "attach", "2026", "--moment", moment_ids[0], "--part", "little")
    assert run.exit_code == 0, run
    assert "Added Little One to the parts prepared for" in run.stdout
    shown = cli("journey", "show", "2026").stdout
    assert "Little One  [little-one]" in shown
    assert "12 Mar 2026 · Inner Critic  [" in shown  # attached
    assert "15 Mar 2026 · not attached  [" in shown  # only since the session
    assert cli("part", "remove", "little-one", "--yes").exit_code == 0
    assert cli("moment", "remove", moment_ids[0], "--yes").exit_code == 0
    run = cli("journey", "show", "2026")
    assert run.exit_code == 0
    assert "little-one (no longer in the map)" in run.stdout
    assert f"{moment_ids[0]} (no longer in the map)" in run.stdout
    data = json.loads(cli("journey", "show", "2026", "--json").stdout)
    assert sorted(data["missing"]) == sorted(["little-one", moment_ids[0]])
    run = cli("journey", "detach", "2026", "little")
    assert run.exit_code == 0 and "(parts)" in run.stdout
    run = cli("journey", "detach", "2026", "little")
    assert run.exit_code == 1 and "does not hold" in run.stderr


def test_attach_a_reflection_by_its_pack_or_its_date(cli, mapped: Path) -> None:
    cli("journey", "new", "--title", "S", "--date", "2026-03-10")
    run = cli("reflect", "my-prep", input="Inner Critic\nto go slowly\n")
    assert run.exit_code == 0, run
    rec = reflection_id(mapped)
    run = cli("journey", "attach", "2026", "--reflection", rec)
    assert run.exit_code == 0, run
    assert "as preparation" in run.stdout
    data = tomllib.loads(journey_files(mapped)[0].read_text())
    assert data["preparation"] == [rec] and data["parts"] == ["inner-critic"]
    run = cli("journey", "attach", "2026", "--reflection", rec, "--as", "integration")
    data = tomllib.loads(journey_files(mapped)[0].read_text())
    assert data["preparation"] == [] and data["integration"] == [rec]
    shown = cli("journey", "show", "2026").stdout
    assert "What would it like you to know?" in shown and "to go slowly" in shown
    assert cli("journey", "attach", "2026", "--reflection", rec, "--as", "dose").exit_code == 1


@pytest.mark.parametrize("args, fragment", [
    (("journey", "show", "nothing"), "no journey has the id"),
    (("journey", "show", "../map"), "a journey's id is like"),
    (("journey", "attach", "2026"), "say what to add"),
    (("journey", "attach", "2026", "--reflection", "nope"), "no reflection matches"),
    (("journey", "attach", "2026", "--moment", "19990101"), "no moment has the id"),
    (("journey", "new", "--date", "someday"), "is not a date"),
    (("journey", "new", "--title", "a\x1bb"), "control characters"),
    (("journey", "edit", "2026"), "say what to change"),
])
def test_bad_input_is_one_line_and_exit_1(cli, ready: Path, args, fragment) -> None:
    cli("journey", "new", "--title", "S", "--date", "2026-03-10")
    run = cli(*args)
    assert run.exit_code == 1, run
    assert fragment in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_without_a_map_says_how(cli, map_folder: Path) -> None:
    run = cli("journey", "list")
    assert run.exit_code == 1 and "ifs init" in run.stderr


def test_edit_notes_from_stdin_and_remove_asks(cli, ready: Path) -> None:
    cli("journey", "new", "--title", "S", "--date", "2026-03-10")
    run = cli("journey", "edit", "2026", "--notes", "-", input="line one\nline two\n")
    assert run.exit_code == 0, run
    data = tomllib.loads(journey_files(ready)[0].read_text())
    assert data["notes"] == "line one\nline two\n"
    run = cli("journey", "remove", "2026", input="n\n")
    assert "Nothing was removed" in run.stdout and journey_files(ready)
    run = cli("journey", "remove", "2026")  # no answer at all: nothing removed
    assert run.exit_code == 1 and journey_files(ready)
    assert cli("journey", "remove", "2026", "--yes").exit_code == 0
    assert journey_files(ready) == []


def test_a_broken_file_is_named_and_the_others_listed(cli, ready: Path) -> None:
    cli("journey", "new", "--title", "Good", "--date", "2026-03-10")
    (ready / "journeys" / "20260101-bad.toml").write_text('schema = 1\nsession = "x"\n')
    run = cli("journey", "list")
    assert run.exit_code == 0 and "Good" in run.stdout
    assert "20260101-bad.toml:2: session:" in run.stderr
    run = cli("journey", "show", "20260101")
    assert run.exit_code == 1 and "20260101-bad.toml:2" in run.stderr


def test_hostile_titles_never_reach_the_terminal_raw(cli, ready: Path) -> None:
    for i, name in enumerate(NAMES):
        assert cli("journey", "new", "--title", name, "--date",
                   f"2026-03-{i + 1:02d}").exit_code == 0
    path = ready / "journeys" / "20260301-hand.toml"
    path.write_text('schema = 1\ntitle = "t\\u001b[2J\\u202e"\nsession = 2026-03-01\n'
                    'notes = "n\\u001b]52;c;x\\u0007"\n')
    for args in (("journey", "list"), ("journey", "show", "20260301-hand")):
        run = cli(*args)
        assert run.exit_code == 0, run
        assert not any(h in run.stdout for h in TERMINAL_HAZARDS)


def test_the_walk_offers_a_journey_and_not_now_is_the_default(as_terminal, cli,
                                                              mapped: Path) -> None:
    cli("journey", "new", "--title", "Spring", "--date", "2026-03-10")
    run = cli("reflect", "my-prep", input="Inner Critic\nslowly\n\n")
    assert run.exit_code == 0, run
    assert "Add this reflection to a journey?" in run.stdout
    assert "1. Spring (10 Mar 2026)" in run.stdout and "2. A new journey" in run.stdout
    data = tomllib.loads(journey_files(mapped)[0].read_text())
    assert data["preparation"] == []  # not now: nothing written
    run = cli("reflect", "my-prep", input="Inner Critic\nslowly\n1\n")
    assert "Added to “Spring” as preparation" in run.stdout
    data = tomllib.loads(journey_files(mapped)[0].read_text())
    assert len(data["preparation"]) == 1 and data["parts"] == ["inner-critic"]


def test_the_walk_can_start_a_new_journey(as_terminal, cli, mapped: Path) -> None:
    run = cli("reflect", "my-prep", input="Inner Critic\nslowly\n1\nFirst one\nsoon\n2026-04-02\n")
    assert run.exit_code == 0, run
    assert "is not a date" in run.stdout  # asked again
    (path,) = journey_files(mapped)
    assert path.name == "20260402-first-one.toml"
    data = tomllib.loads(path.read_text())
    assert data["preparation"] == [reflection_id(mapped)]


def test_no_offer_for_other_packs_and_only_a_hint_from_a_pipe(as_terminal, cli,
                                                               mapped: Path) -> None:
    run = cli("reflect", "anytime", input="Inner Critic\nslowly\n")
    assert "journey" not in run.stdout
    MapStore(mapped)  # the map is still there
    assert not (mapped / "journeys").exists()


def test_from_a_pipe_only_a_hint(cli, mapped: Path) -> None:
    run = cli("reflect", "my-prep", input="Inner Critic\nslowly\n1\n")
    assert run.exit_code == 0, run
    assert "Add this reflection to a journey?" not in run.stdout
    assert "To add it to a journey later: ifs journey attach ID --reflection" in run.stdout
    assert not (mapped / "journeys").exists()


def test_hints_name_the_map_they_are_about(cli, ready) -> None:  # type: ignore[no-untyped-def]
    from ifs_tui.core.paths import ifs_for_folder, maps_dir

    assert ifs_for_folder(ready) == "ifs"
    assert ifs_for_folder(maps_dir() / "other") == "ifs --map other"
    assert ifs_for_folder(ready.parent.parent / "my maps" / "x") == (
        f"ifs --map '{ready.parent.parent / 'my maps' / 'x'}'")
    assert cli("--map", "other", "init").exit_code == 0
    run = cli("--map", "other", "journey", "show", "nope")
    assert run.exit_code == 1 and "see: ifs --map other journey list" in run.stderr


def test_check_warns_of_what_a_journey_names_that_is_gone(cli, ready: Path) -> None:
    cli("journey", "new", "--title", "S", "--date", "2026-03-10")
    cli("moment", "add", "paused before apologising", "--date", "2026-03-12")
    moment = next((ready / "moments").glob("*.toml")).stem
    assert cli("journey", "attach", "2026", "--moment", moment, "--part", "little").exit_code == 0
    assert "journeys" not in cli("check").stdout  # all there: nothing to say
    assert cli("part", "remove", "little-one", "--yes").exit_code == 0
    assert cli("moment", "remove", moment, "--yes").exit_code == 0
    run = cli("check")
    assert run.exit_code == 0, run  # warnings only: nothing is lost
    lines = [line for line in run.stdout.splitlines() if "journeys/" in line]
    assert len(lines) == 2, run.stdout
    assert any("parts[0]" in line and "a part that is not in this map" in line
               and "'little-one'" in line for line in lines)
    assert any("moments[0]" in line and "a moment" in line for line in lines)
    assert all(line.startswith("warning:") for line in lines)
    assert all(re.search(r"\.toml:\d+: ", line) for line in lines), lines  # with its line
    cli("journey", "detach", "2026", "little-one")
    cli("journey", "detach", "2026", moment)
    assert "journeys/" not in cli("check").stdout
