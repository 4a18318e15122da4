"""`ifs maps ...`: list, copy, rename, remove, restore, default, with good and bad input."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ifs_tui.cli import output
from ifs_tui.core import paths

from .conftest import Run
from .hostile import NAMES, TERMINAL_HAZARDS

Cli = Callable[..., Run]


def tree(folder: Path) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    for here, dirs, files in os.walk(folder):
        for d in dirs:
            found[os.path.relpath(os.path.join(here, d), folder)] = None
        for f in files:
            found[os.path.relpath(os.path.join(here, f), folder)] = Path(here, f).read_bytes()
    return found


@pytest.fixture
def two(cli: Cli, hermetic: Path) -> Path:
    """The default map (three parts) and a map named work with one part and a reflection."""
    assert cli("init", "--title", "Home").exit_code == 0
    for name in ("Critic", "Little One", "Numbing"):
        assert cli("part", "add", name).exit_code == 0
    assert cli("--map", "work", "init", "--title", "Work").exit_code == 0
    assert cli("--map", "work", "part", "add", "Planner").exit_code == 0
    work = hermetic / "maps" / "work"
    (work / "reflections" / "2026-01-01-x.toml").write_text('schema = 1\n')
    return hermetic


def lines(run: Run) -> list[str]:
    return [line.rstrip() for line in run.stdout.splitlines()]


def test_list_table(cli: Cli, two: Path) -> None:
    for args in (("maps",), ("maps", "list")):
        run = cli(*args)
        assert run.exit_code == 0, run
        out = lines(run)
        assert out[0].split() == ["name", "title", "parts", "reflections", "changed"]
        assert out[1].split()[:5] == ["*", "default", "Home", "3", "0"]
        assert out[2].split()[:4] == ["work", "Work", "1", "1"]
        assert len(out) == 3


def test_list_json(cli: Cli, two: Path) -> None:
    cli("maps", "remove", "work", "--yes")
    for args in (("maps", "--json"), ("maps", "list", "--json")):
        run = cli(*args)
        assert run.exit_code == 0 and run.stderr == ""
        data = json.loads(run.stdout)
        assert data["root"] == str(two) and data["default"] == "default"
        assert [(m["name"], m["parts"], m["default"]) for m in data["maps"]] == [
            ("default", 3, True)]
        assert data["maps"][0]["changed"].startswith("20")
        assert [a["name"] for a in data["archived"]] == ["work"]


def test_list_empty_and_archived_note(cli: Cli, two: Path) -> None:
    assert cli("maps", "remove", "work", "--yes").exit_code == 0
    assert "1 archived: ifs maps restore lists them" in cli("maps").stdout
    run = cli("maps", "remove", "default", "--yes")
    assert run.exit_code == 0
    run = cli("maps")
    assert "No maps yet" in run.stdout and "2 archived" in run.stdout


def test_map_option_does_not_apply(cli: Cli, two: Path) -> None:
    run = cli("--map", "work", "maps")
    assert run.exit_code == 0
    assert "--map does not apply" in run.stderr
    assert "default" in run.stdout and "work" in run.stdout


def test_broken_maps_listed_with_a_problem(cli: Cli, two: Path) -> None:
    (two / "maps" / "empty").mkdir()
    (two / "maps" / "broken").mkdir()
    (two / "maps" / "broken" / "map.toml").write_text("schema = 1\n[[parts]\n")
    (two / "maps" / ".half.x.copying").mkdir()
    run = cli("maps")
    assert run.exit_code == 0
    out = "\n".join(lines(run))
    assert "problem" in lines(run)[0]
    assert "map.toml will not load, line 2" in out and "no map.toml yet" in out
    assert "ifs --map NAME check says what to fix" in out
    assert ".half" not in out
    data = json.loads(cli("maps", "--json").stdout)
    broken = next(m for m in data["maps"] if m["name"] == "broken")
    assert broken["parts"] is None and broken["problem"].startswith("map.toml will not load")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_problem_stays_in_sight_on_a_narrow_terminal(cli: Cli, two: Path, width: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    (two / "maps" / "broken").mkdir()
    (two / "maps" / "broken" / "map.toml").write_text("schema = 1\n[[parts]\n")
    cli("init", "--title", "T" * 150)
    out = cli("maps").stdout.splitlines()
    assert all(len(line) <= width for line in out[:-1])
    broken = next(line for line in out if "broken" in line)
    assert "map.toml will not load, line 2" in broken


def test_copy_and_only_map(cli: Cli, two: Path) -> None:
    run = cli("maps", "copy", "work", "work-copy")
    assert run.exit_code == 0 and "Copied 'work' to 'work-copy'" in run.stdout
    assert (two / "maps" / "work-copy" / "reflections" / "2026-01-01-x.toml").is_file()
    run = cli("maps", "copy", "work", "fresh", "--map-only")  # as prompts install says it
    assert run.exit_code == 0
    assert os.listdir(two / "maps" / "fresh" / "reflections") == []
    assert "Planner" in cli("--map", "fresh", "part", "list").stdout
    assert cli("maps", "copy", "work", "fresh-2", "--only-map").exit_code == 0  # the other order


def test_a_default_that_will_not_open_or_is_not_there_is_said(cli: Cli, two: Path) -> None:
    (two / "maps" / "work" / "map.toml").write_text('schema = 1\ntitle = [\n')
    run = cli("maps", "default", "work")
    assert run.exit_code == 0 and "does not open as it is" in run.stderr
    assert "ifs --map work check" in run.stderr
    run = cli("maps", "default", "someday")
    assert run.exit_code == 1 and "no map named 'someday'" in run.stderr
    run = cli("maps", "default", "default")
    assert run.exit_code == 0 and run.stderr == ""


def test_copy_reports_a_fifo(cli: Cli, two: Path) -> None:
    os.mkfifo(two / "maps" / "work" / "reflections" / "pipe.toml")
    run = cli("maps", "copy", "work", "copy")
    assert run.exit_code == 0
    assert "Left out reflections/pipe.toml" in run.stderr


@pytest.mark.parametrize("args, words", [
    (("maps", "copy", "nope", "x"), "no map named 'nope'"),
    (("maps", "rename", "nope", "x"), "no map named 'nope'"),
    (("maps", "remove", "nope", "--yes"), "no map named 'nope'"),
    (("maps", "default", "nope"), "no map named 'nope'"),
    (("maps", "copy", "work", "default"), "a map named 'default' exists already"),
    (("maps", "rename", "work", "default"), "a map named 'default' exists already"),
    (("maps", "restore", "nothing"), "nothing named 'nothing' in the archive"),
])
def test_bad_input_exits_1_with_one_line(cli: Cli, two: Path, args: tuple[str, ...],
                                         words: str) -> None:
    before = tree(two / "maps")
    run = cli(*args)
    assert run.exit_code == 1, run
    assert words in run.stderr and len(run.stderr.splitlines()) == 1
    assert "Traceback" not in run.stderr
    assert tree(two / "maps") == before


@pytest.mark.parametrize("name", [n for n in NAMES if not paths.is_map_name(n)][:12]
                         + ["../escape", "/abs", ".dot"])
def test_invalid_new_names(cli: Cli, two: Path, name: str) -> None:
    before = tree(two)
    for args in (("maps", "copy", "work", name), ("maps", "rename", "work", name)):
        run = cli(*args)
        assert run.exit_code == 1, run
        assert "a map name may use" in run.stderr
        assert not any(h in run.stderr for h in TERMINAL_HAZARDS)
    assert tree(two) == before


@pytest.mark.parametrize("command", [("remove", "--yes"), ("default",), ("restore",),
                                     ("copy", "new"), ("rename", "new")])
def test_a_very_long_name_is_a_clear_no(cli: Cli, two: Path, command: tuple[str, ...]) -> None:
    long = "x" * 10_000
    run = cli("maps", command[0], long, *command[1:])
    assert run.exit_code == 1, run
    assert "no map named 'xxx" in run.stderr or "nothing named 'xxx" in run.stderr
    assert len(run.stderr) < 300 and len(run.stderr.splitlines()) == 1


def test_hostile_folder_names_shown_safely(cli: Cli, two: Path) -> None:
    odd = "evil\x1b[2Jname\u202e"
    (two / "maps" / odd).mkdir()
    run = cli("maps")
    assert run.exit_code == 0
    assert not any(h in run.stdout for h in TERMINAL_HAZARDS)
    assert "<U+001B>" in run.stdout
    run = cli("maps", "--json")
    assert not any(h in run.stdout for h in TERMINAL_HAZARDS)
    assert any(m["name"] == odd for m in json.loads(run.stdout)["maps"])
    # an odd folder can still be renamed to a usable name
    assert cli("maps", "rename", odd, "tidy").exit_code == 0
    assert (two / "maps" / "tidy").is_dir()


def test_rename_keeps_the_default(cli: Cli, two: Path) -> None:
    run = cli("maps", "rename", "default", "home")
    assert run.exit_code == 0 and "still your default" in run.stdout
    assert cli("maps", "default").stdout.strip() == "home"
    assert "Critic" in cli("part", "list").stdout


def test_default_map_used_with_no_map_option(cli: Cli, two: Path) -> None:
    assert cli("maps", "default").stdout.strip() == "default"
    assert cli("maps", "default", "work").exit_code == 0
    run = cli("part", "list")
    assert "Planner" in run.stdout and "Critic" not in run.stdout
    assert cli("part", "add", "Helper").exit_code == 0
    assert "Helper" in cli("--map", "work", "part", "list").stdout
    assert "Helper" not in cli("--map", "default", "part", "list").stdout
    assert lines(cli("maps"))[2].startswith("*")


def test_a_default_that_does_not_exist_yet(cli: Cli, hermetic: Path) -> None:
    hermetic.mkdir(parents=True)
    (hermetic / "maps.toml").write_text('schema = 1\ndefault = "later"\n')
    run = cli("maps", "default")
    assert run.stdout.strip() == "later" and "exists yet" in run.stderr
    assert cli("init").exit_code == 0
    assert (hermetic / "maps" / "later" / "map.toml").is_file()


def test_a_broken_maps_toml_is_reported_and_kept(cli: Cli, two: Path) -> None:
    text = 'schema = 1\ndefault = "work\n'
    (two / "maps.toml").write_text(text)
    run = cli("part", "list")
    assert run.exit_code == 1
    assert f"{two / 'maps.toml'}:2" in run.stderr
    assert "fix it, or remove it to use the map named 'default'" in run.stderr
    run = cli("maps")
    assert run.exit_code == 0 and "work" in run.stdout
    assert "maps.toml:2" in run.stderr
    for args in (("maps", "default", "work"), ("maps", "rename", "work", "w2")):
        run = cli(*args)
        assert run.exit_code == 1 and "maps.toml:2" in run.stderr, run
    assert (two / "maps.toml").read_text() == text
    assert (two / "maps" / "work").is_dir()


def test_remove_asks_and_refuses_from_a_pipe(cli: Cli, two: Path) -> None:
    run = cli("maps", "remove", "work")
    assert run.exit_code == 1
    assert "archive" in run.stdout and "--yes" in run.stderr
    assert (two / "maps" / "work").is_dir()


def test_remove_asks_on_a_terminal(cli: Cli, two: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    run = cli("maps", "remove", "work", input="n\n")
    assert run.exit_code == 0 and "Nothing was moved" in run.stdout
    assert (two / "maps" / "work").is_dir()
    run = cli("maps", "remove", "work", input="y\n")
    assert run.exit_code == 0 and "ifs maps restore work--" in run.stdout
    assert not (two / "maps" / "work").exists()


def test_remove_then_restore_gives_back_every_byte(cli: Cli, two: Path) -> None:
    before = tree(two / "maps" / "work")
    assert cli("maps", "remove", "work", "--yes").exit_code == 0
    listing = cli("maps", "restore")
    assert listing.exit_code == 0 and "work--" in listing.stdout
    run = cli("maps", "restore", "work")
    assert run.exit_code == 0, run
    assert tree(two / "maps" / "work") == before
    assert "Nothing is archived" in cli("maps", "restore").stdout


def test_two_archives_and_restore_onto_a_taken_name(cli: Cli, two: Path) -> None:
    assert cli("maps", "copy", "work", "spare").exit_code == 0
    assert cli("maps", "remove", "work", "--yes").exit_code == 0
    assert cli("maps", "rename", "spare", "work").exit_code == 0
    assert cli("maps", "remove", "work", "--yes").exit_code == 0
    run = cli("maps", "restore", "work")
    assert run.exit_code == 1 and "archived 2 times" in run.stderr
    ids = json.loads(cli("maps", "--json").stdout)["archived"]
    assert len(ids) == 2
    assert cli("maps", "restore", ids[0]["id"]).exit_code == 0
    run = cli("maps", "restore", ids[1]["id"])
    assert run.exit_code == 1 and "--as NEW" in run.stderr
    run = cli("maps", "restore", ids[1]["id"], "--as", "work-older")
    assert run.exit_code == 0 and (two / "maps" / "work-older").is_dir()


def test_maps_lists_quickly_without_textual(cli: Cli, two: Path) -> None:
    from .test_imports import NEVER, modules_after

    loaded = modules_after(["maps"], two)
    assert "ifs_tui.cli.maps" in loaded
    assert not [m for m in loaded for bad in NEVER if m == bad or m.startswith(bad + ".")]


def test_names_that_differ_only_in_capitals_are_one_map_elsewhere(cli: Cli, two: Path) -> None:
    run = cli("maps", "copy", "default", "WORK")
    assert run.exit_code == 1 and "differs from it only in capitals" in run.stderr
    assert not (two / "maps" / "WORK").exists()
    run = cli("maps", "rename", "work", "Work")  # the same map, its name's capitals changed
    assert run.exit_code == 0, run
    assert (two / "maps" / "Work" / "map.toml").is_file()
    run = cli("maps", "copy", "work", "é-ü")
    assert run.exit_code == 1 and "the letters a-z and A-Z" in run.stderr


def test_init_refuses_a_name_that_differs_only_in_capitals(cli: Cli, two: Path) -> None:
    run = cli("--map", "WORK", "init")
    assert run.exit_code == 1 and "use 'work'" in run.stderr
    assert not (two / "maps" / "WORK").exists()
    elsewhere = two / "elsewhere" / "WORK"  # a path, not a name in the data root
    assert cli("--map", str(elsewhere), "init").exit_code == 0
