"""`ifs moment add/list/remove/shifts` and `ifs check` on moments/."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run
from .hostile import TERMINAL_HAZARDS, TEXTS

Cli = Callable[..., Run]


def moment_files(folder: Path) -> list[Path]:
    return sorted((folder / "moments").glob("*.toml"))


def listed(cli: Cli, *args: str) -> list[dict[str, str]]:
    result = cli("moment", "list", "--json", *args)
    assert result.exit_code == 0, result
    data: list[dict[str, str]] = json.loads(result.stdout)
    return data


def test_add_and_list_with_each_filter(cli: Cli, ready: Path) -> None:
    assert cli("moment", "add", "paused before saying sorry", "--part", "Inner Critic",
               "--date", "2026-01-31T09:30+01:00", "--shift", "1").exit_code == 0
    assert cli("moment", "add", "let it be sad", "--part", "little",
               "--date", "2026-02-10").exit_code == 0
    result = cli("moment", "add", "kinder today", "--shift", "my own words")
    assert result.exit_code == 0 and "Kept the moment of" in result.stdout
    assert [m["text"] for m in listed(cli)] == ["paused before saying sorry", "let it be sad",
                                                "kinder today"]
    assert [m["text"] for m in listed(cli, "--part", "critic")] == ["paused before saying sorry"]
    assert [m["text"] for m in listed(cli, "--since", "2026-02-01")] == ["let it be sad",
                                                                      "kinder today"]
    assert [m["text"] for m in listed(cli, "--part", "little-one", "--since", "2026-02-10")
            ] == ["let it be sad"]
    first = listed(cli)[0]
    assert first == {"id": "20260131-093000", "schema": 1, "when": "2026-01-31T09:30:00+01:00",
                     "text": "paused before saying sorry", "part": "inner-critic",
                     "shift": "I paused before apologising on autopilot"}
    plain = cli("moment", "list", "--part", "Inner Critic").stdout
    assert plain.splitlines() == [
        "31 Jan 2026 09:30 · Inner Critic · I paused before apologising on autopilot  "
        "[20260131-093000]", "  paused before saying sorry"]


def test_list_when_empty_and_when_nothing_matches(cli: Cli, ready: Path) -> None:
    assert "No moments yet. Keep one with: ifs moment add" in cli("moment", "list").stdout
    cli("moment", "add", "one", "--date", "2026-01-01")
    assert cli("moment", "list", "--since", "2027-01-01").stdout == "No moments match.\n"
    assert listed(cli, "--since", "2027-01-01") == []


def test_a_removed_parts_moments_are_still_found(cli: Cli, ready: Path) -> None:
    cli("moment", "add", "numbing eased", "--part", "numbing")
    assert cli("part", "remove", "numbing", "--yes").exit_code == 0
    assert [m["text"] for m in listed(cli, "--part", "numbing")] == ["numbing eased"]
    assert " · numbing (no longer on the map)  [" in cli("moment", "list").stdout


@pytest.mark.parametrize("args", [
    ("moment", "add", "x", "--part", "nobody"),
    ("moment", "add", "x", "--date", "someday"),
    ("moment", "add", "x", "--shift", "9"),
    ("moment", "add", "   "),
    ("moment", "list", "--since", "31.01.2026"),
    ("moment", "list", "--part", "nobody"),
])
def test_mistakes_get_one_line_and_write_nothing(cli: Cli, ready: Path,
                                                 args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("ifs: ") and result.stderr.count("\n") == 1
    assert moment_files(ready) == []


def test_without_a_map_it_says_how_to_make_one(cli: Cli, map_folder: Path) -> None:
    result = cli("moment", "add", "words")
    assert result.exit_code == 1 and "ifs init" in result.stderr


@pytest.mark.parametrize("text", [t for t in TEXTS if t.strip()])
def test_hostile_texts_never_reach_the_terminal_raw(cli: Cli, ready: Path, text: str) -> None:
    added = cli("moment", "add", "--shift", text[:300].replace("\n", " "), "--", text)
    if added.exit_code:
        assert "control characters" in added.stderr and text not in added.stderr
        assert moment_files(ready) == []
        return
    data = tomllib.loads(moment_files(ready)[0].read_text("utf-8"))
    assert data["text"] == text
    shown = cli("moment", "list").stdout
    assert not any(h in shown for h in TERMINAL_HAZARDS)
    assert listed(cli)[0]["text"] == text


def test_remove_asks_and_keeps_on_no(cli: Cli, ready: Path) -> None:
    cli("moment", "add", "keep me", "--date", "2026-01-31T09:30+01:00")
    result = cli("moment", "remove", "20260131-093000", input="n\n")
    assert "keep me" in result.stdout and "Nothing was removed." in result.stdout
    assert len(moment_files(ready)) == 1
    result = cli("moment", "remove", "20260131", input="y\n")
    assert result.exit_code == 0 and "Removed the moment of 31 Jan 2026 09:30" in result.stdout
    assert moment_files(ready) == []


def test_remove_from_a_pipe_without_yes_refuses_calmly(cli: Cli, ready: Path) -> None:
    cli("moment", "add", "keep me", "--date", "2026-01-31T09:30+01:00")
    result = cli("moment", "remove", "20260131-093000", input="")
    assert result.exit_code == 1 and "add --yes" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "Aborted" not in result.stderr
    assert len(moment_files(ready)) == 1
    assert cli("moment", "remove", "20260131-093000", "--yes").exit_code == 0
    assert moment_files(ready) == []


@pytest.mark.parametrize("ref", ["../map", "../../maps/default/map", "nope"])
def test_remove_never_reaches_outside_moments(cli: Cli, ready: Path, ref: str) -> None:
    cli("moment", "add", "stay")
    result = cli("moment", "remove", ref, "--yes")
    assert result.exit_code == 1 and (ready / "map.toml").exists()
    assert len(moment_files(ready)) == 1


def test_shifts_are_numbered_for_add(cli: Cli, ready: Path) -> None:
    lines = cli("moment", "shifts").stdout.splitlines()
    assert lines[0] == "1. I paused before apologising on autopilot" and len(lines) == 7
    cli("moment", "add", "words", "--shift", "3")
    assert listed(cli)[0]["shift"] == lines[2][3:]


def test_list_shows_the_others_and_names_a_broken_file(cli: Cli, ready: Path) -> None:
    cli("moment", "add", "fine one")
    bad = ready / "moments" / "20260101-000000.toml"
    bad.write_text('schema = 1\nwhen = "soon"\ntext = "secret words"\n')
    result = cli("moment", "list")
    assert result.exit_code == 0 and "fine one" in result.stdout
    assert f"{bad}:2: when: missing or not a date" in result.stderr
    assert "secret words" not in result.stderr
    check = cli("check")
    assert check.exit_code == 1 and f"error: {bad}:2: when:" in check.stdout


def test_messages_repeat_the_map_given(cli: Cli, ready: Path) -> None:
    result = cli("--map", str(ready), "moment", "remove", "1999", "--yes")
    assert result.exit_code == 1
    assert f"see: ifs --map {ready} moment list" in result.stderr


def test_a_date_still_to_come_is_kept_and_pointed_out(cli, ready) -> None:  # type: ignore[no-untyped-def]
    run = cli("moment", "add", "a slip of the keys", "--date", "2999-01-01")
    assert run.exit_code == 0 and "Kept the moment" in run.stdout
    assert "still to come" in run.stderr and "moment remove 29990101-120000" in run.stderr
    assert "still to come" not in cli("moment", "add", "today's").stderr


def test_moments_are_kept_and_read_when_map_toml_will_not_load(cli, ready) -> None:  # type: ignore[no-untyped-def]
    assert cli("moment", "add", "before the break", "--part", "Little One").exit_code == 0
    path = ready / "map.toml"
    broken = path.read_bytes() + b"\nbroken = = \n"
    path.write_bytes(broken)
    run = cli("moment", "add", "a hard evening, still jotted")
    assert run.exit_code == 0 and "map.toml will not load" in run.stderr
    listed = cli("moment", "list")
    assert listed.exit_code == 0
    assert "a hard evening, still jotted" in listed.stdout and "little-one" in listed.stdout
    assert "no longer" not in listed.stdout
    assert "map.toml" in listed.stderr and ":" in listed.stderr
    assert path.read_bytes() == broken  # never written over
    assert cli("journey", "list").exit_code == 0
