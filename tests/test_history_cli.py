"""`ifs history`, `ifs diff`, `ifs restore` from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ifs_tui.cli import output
from ifs_tui.core import history
from ifs_tui.core.storage import MapStore
from tests.conftest import Run
from tests.hostile import ESC

Cli = Callable[..., Run]


def ids(folder: Path) -> list[str]:
    return history.version_ids(MapStore(folder))


def test_history_lists_versions_newest_first(cli: Cli, ready: Path) -> None:
    assert cli("part", "edit", "inner-critic", "--status", "befriended").exit_code == 0
    run = cli("history")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith("current ")
    assert "Inner Critic: status noticed → befriended" in lines[0]
    assert "link added: Numbing is polarized with Inner Critic" in lines[1]
    assert lines[-2].endswith("the oldest version kept")
    data = json.loads(cli("history", "--json").stdout)
    assert [d["id"] for d in data] == ["current", *ids(ready)[::-1]]
    assert data[0]["changes"] == 1 and data[-1]["changes"] is None


def test_diff_says_what_changed_in_words(cli: Cli, ready: Path) -> None:
    cli("part", "edit", "inner-critic", "--fear", "being left", "--status", "befriended")
    before = ids(ready)[-1]  # as the map was before that edit
    cli("unlink", "numbing", "inner-critic")
    run = cli("diff", "--from", before[:-2])
    assert run.exit_code == 0, run
    assert run.stdout.splitlines()[1:] == [
        "  - Inner Critic: status noticed → befriended",
        '  - Inner Critic: fear added: "being left"',
        "  - link removed: Numbing is polarized with Inner Critic",
    ]
    added_then_removed = cli("diff", "--from", ids(ready)[-3])
    assert "link" not in added_then_removed.stdout  # the link came and went: no change
    last = cli("diff")  # the last save only
    assert last.stdout.splitlines()[1:] == [
        "  - link removed: Numbing is polarized with Inner Critic"]
    data = json.loads(cli("diff", "--since", "1990-01-01", "--json").stdout)
    assert data["kept_that_far"] is False and data["to"]["id"] == "current"
    assert {"kind": "part added", "part": "little-one", "name": "Little One",
            "after": "exile"} in data["changes"]
    back = cli("diff", "--from", "current", "--to", before)
    assert "  - Inner Critic: status befriended → noticed" in back.stdout


def test_diff_refuses_unclear_requests_in_one_line(cli: Cli, ready: Path) -> None:
    for args in (["--since", "2026-01-01", "--from", "current"], ["--from", "nope"],
                 ["--since", "last tuesday"], ["--to", "2"]):
        run = cli("diff", *args)
        assert run.exit_code == 1 and run.stderr.count("\n") == 1, (args, run)
        assert "Traceback" not in run.stderr


def test_restore_from_a_pipe_asks_for_yes_and_changes_nothing(cli: Cli, ready: Path) -> None:
    raw = (ready / "map.toml").read_bytes()
    first = ids(ready)[0]  # the map with only its title
    run = cli("restore", first, input="y\n")
    assert run.exit_code == 1
    assert "part removed: Inner Critic" in run.stdout
    assert f"restore {first} --yes" in run.stderr
    assert (ready / "map.toml").read_bytes() == raw


def test_restore_and_undo(cli: Cli, ready: Path) -> None:
    first = ids(ready)[0]
    run = cli("restore", first, "--yes")
    assert run.exit_code == 0, run
    assert cli("part", "list", "--json").stdout.strip() == "[]"
    undo = run.stdout.rsplit("ifs restore ", 1)[1].strip()
    assert undo == ids(ready)[-1]
    assert cli("restore", undo, "--yes").exit_code == 0
    assert len(json.loads(cli("part", "list", "--json").stdout)) == 3
    again = cli("restore", "current", "--yes")
    assert again.exit_code == 0 and "nothing was changed" in again.stdout


@pytest.mark.parametrize(("answer", "restored"), [("n\n", False), ("y\n", True)])
def test_restore_on_a_terminal_asks(cli: Cli, ready: Path, monkeypatch: pytest.MonkeyPatch,
                                    answer: str, restored: bool) -> None:
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    run = cli("restore", ids(ready)[0], input=answer)
    assert run.exit_code == 0
    assert ("Restored" in run.stdout) is restored
    assert (cli("part", "list", "--json").stdout.strip() == "[]") is restored


def test_text_from_the_files_cannot_steer_the_terminal(cli: Cli, ready: Path) -> None:
    store = MapStore(ready)
    with store.edit() as pmap:  # as a hand edit could leave it; the CLI refuses these
        critic = pmap.part("inner-critic")
        assert critic is not None
        critic.fears.append(f"{ESC}]52;c;aGk=\x07 [bold]x")
        critic.name = "Inner \u202eCritic [/]"
        store.save(pmap)
    for args in (["history"], ["diff"], ["diff", "--json"]):
        run = cli(*args)
        assert run.exit_code == 0 and ESC not in run.stdout and "\x07" not in run.stdout, args
        assert "\u202e" not in run.stdout, args
    shown = cli("diff").stdout
    assert "[bold]x" in shown and "Critic [/]" in shown


def test_a_map_saved_once_has_nothing_to_compare(cli: Cli, map_folder: Path) -> None:
    cli("init")
    assert cli("diff").stdout.startswith("No earlier version is kept yet")
    lines = cli("history").stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("current ")
    assert lines[0].endswith("no earlier version kept yet")
    assert cli("history", "--map", "x").exit_code == 2


def test_hints_name_the_map_in_use(cli: Cli, tmp_path: Path) -> None:
    assert cli("--map", "other", "init").exit_code == 0
    run = cli("--map", "other", "restore", "nope")
    assert run.exit_code == 1 and "see the list with: ifs --map other history" in run.stderr
