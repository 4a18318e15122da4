"""Every `ifs` command, with good and bad input, through the real Typer app."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from ifs_tui import __version__
from tests.helpers import snapshot_tree


def load(folder: Path) -> dict:
    return tomllib.loads((folder / "map.toml").read_text())


def test_version(cli) -> None:
    run = cli("--version")
    assert (run.exit_code, run.stdout) == (0, f"ifs-tui {__version__}\n")


def test_help_mentions_care(cli) -> None:
    run = cli("--help")
    assert run.exit_code == 0
    assert "not therapy" in run.stdout and "emergency" in run.stdout


def test_init_and_again(cli, map_folder: Path) -> None:
    run = cli("init", "--title", "Mine")
    assert run.exit_code == 0 and "Created" in run.stdout
    assert load(map_folder)["title"] == "Mine"
    before = snapshot_tree(map_folder)
    run = cli("init")
    assert run.exit_code == 0 and "already exists" in run.stdout
    assert snapshot_tree(map_folder) == before


def test_commands_on_missing_map_say_how_to_create_it(cli) -> None:
    for args in (["part", "list"], ["part", "add", "X"], ["link", "a", "b", "--kind", "allied"]):
        run = cli(*args)
        assert run.exit_code == 1
        assert "create it with: ifs init" in run.stderr
    run = cli("--map", "work", "part", "list")
    assert "ifs --map work init" in run.stderr


def test_map_by_name_and_by_path(cli, hermetic: Path, tmp_path: Path) -> None:
    assert cli("--map", "work", "init").exit_code == 0
    assert (hermetic / "maps" / "work" / "map.toml").is_file()
    folder = tmp_path / "elsewhere" / "m"
    assert cli("--map", str(folder), "init").exit_code == 0
    assert cli("--map", str(folder), "part", "add", "P").exit_code == 0
    assert load(folder)["parts"][0]["name"] == "P"
    run = cli("--map", "bad name!", "part", "list")
    assert run.exit_code == 1 and "map name" in run.stderr


def test_part_add_with_every_field(cli, map_folder: Path) -> None:
    cli("init")
    run = cli("part", "add", "The Watcher", "--role", "Manager", "--job", "scans faces",
              "--fear", "being caught off guard", "--fear", "anger", "--protects", "the kid",
              "--trigger", "raised voices", "--age", "nine", "--body", "shoulders",
              "--emotion", "worry", "--needs", "rest", "--status", "befriended",
              "--note", "line one\nline two", "--tag", "work", "--intent", "keep me safe",
              "--first-appeared", "after the move", "--burden", "I must not rest",
              "--feel-toward", "curious", "--json")
    assert run.exit_code == 0, run
    shown = json.loads(run.stdout)
    stored = load(map_folder)["parts"][0]
    assert stored["burdens"] == ["I must not rest"] and stored["intent"] == "keep me safe"
    assert stored["feel_toward_noted"] == stored["created"]
    assert stored["status_history"] == [{"status": "befriended", "changed": stored["created"],
                                         "by": "edit"}]
    assert shown["id"] == stored["id"] == "the-watcher"
    assert stored["role"] == "manager" and stored["status"] == "befriended"
    assert stored["fears"] == ["being caught off guard", "anger"]
    assert stored["notes"] == "line one\nline two"
    # The same keys as map.toml, in order, then the part's links (docs/json.md).
    assert list(shown) == [*stored, "links"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["part", "add", "X", "--role", "protecter"], "role: 'protecter' is not one of"),
        (["part", "add", "X", "--status", "done"], "status: 'done' is not one of"),
        (["part", "add", ""], "cannot be empty"),
        (["part", "add", "x" * 10_000], "at most 200"),
        (["part", "add", "bell\x07"], "control characters"),
        (["part", "add", "X", "--job", "esc \x1b[31m red"], "control characters"),
        (["part", "add", "X", "--fear", " "], "cannot be empty"),
        (["part", "add", "inner critic"], "already exists (id: inner-critic)"),
        (["part", "show", "nobody"], "no part matches 'nobody'"),
        (["part", "show", "inner critc"], "did you mean: inner-critic"),
        (["part", "edit", "critic"], "nothing to change"),
        (["part", "edit", "critic", "--remove-fear", "absent"], "no item matches"),
        (["part", "edit", "critic", "--clear", "name"], "--clear"),
        (["part", "edit", "critic", "--role", "boss"], "not one of"),
        (["part", "rename", "critic", "little one"], "already exists"),
        (["part", "rename", "nobody", "X"], "no part matches"),
        (["part", "remove", "nobody", "--yes"], "no part matches"),
        (["part", "list", "--role", "boss"], "not one of"),
        (["link", "critic", "numbing", "--kind", "friends"], "not one of"),
        (["link", "critic", "critic", "--kind", "allied"], "itself"),
        (["link", "numbing", "critic", "--kind", "polarized"], "already linked"),
        (["link", "critic", "numbing", "--kind", "allied", "--a-fears", "x"],
         "polarized links only"),
        (["part", "edit", "critic", "--feel-toward", "a\x1b[2J"], "control characters"),
        (["part", "edit", "critic", "--remove-burden", "absent"], "no item matches"),
        (["unlink", "critic", "numbing", "--kind", "allied"], "no allied link"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(cli, ready: Path, args, fragment):
    before = snapshot_tree(ready)
    run = cli(*args)
    assert run.exit_code == 1, run
    assert fragment in run.stderr
    assert run.stderr.startswith("ifs: ") and run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert snapshot_tree(ready) == before


@pytest.mark.parametrize(
    "args",
    [["part", "add"], ["part", "show"], ["link", "a", "b"], ["part", "add", "X", "--nope"],
     ["frobnicate"], ["part", "edit", "x", "--fear"]],
)
def test_usage_errors_exit_2(cli, ready: Path, args) -> None:
    assert cli(*args).exit_code == 2


def test_part_list_and_filter(cli, ready: Path) -> None:
    run = cli("part", "list")
    assert run.exit_code == 0
    rows = [line.split()[0] for line in run.stdout.splitlines()[1:]]
    assert rows == ["inner-critic", "numbing", "little-one"]  # grouped by role
    data = json.loads(cli("part", "list", "--role", "exile", "--json").stdout)
    assert [p["id"] for p in data] == ["little-one"]
    assert json.loads(cli("part", "list", "--role", "unknown", "--json").stdout) == []


def test_empty_list_invites_a_first_part(cli) -> None:
    cli("init")
    assert "ifs part add" in cli("part", "list").stdout
    assert json.loads(cli("part", "list", "--json").stdout) == []


def test_part_show(cli, ready: Path) -> None:
    run = cli("part", "show", "critic")
    assert run.exit_code == 0
    assert "Inner Critic" in run.stdout and "being laughed at" in run.stdout
    assert "protects Little One" in run.stdout and "polarized with Numbing" in run.stdout
    data = json.loads(cli("part", "show", "INNER CRITIC", "--json").stdout)
    stored = load(ready)["parts"][0]
    # What map.toml holds, every other field present but empty, and the links.
    assert {k: v for k, v in data.items() if v not in ("", [])} == stored | {
        "created": data["created"], "updated": data["updated"], "links": data["links"]}


def test_output_has_no_colour_codes_when_piped(cli, ready: Path, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    for args in (["part", "list"], ["part", "show", "critic"]):
        assert "\x1b[" not in cli(*args).stdout


def test_markup_in_names_is_printed_as_typed(cli, ready: Path) -> None:
    assert cli("part", "add", "[bold]Loud[/bold]").exit_code == 0
    assert "[bold]Loud[/bold]" in cli("part", "show", "loud").stdout


def test_edit_documented_semantics(cli, ready: Path) -> None:
    run = cli("part", "edit", "critic", "--fear", "new fear", "--job", "replaced",
              "--remove-fear", "being laughed at", "--clear", "age", "--tag", "t")
    assert run.exit_code == 0, run
    part = load(ready)["parts"][0]
    assert part["fears"] == ["new fear"] and part["job"] == "replaced"
    assert part["tags"] == ["t"]
    assert cli("part", "edit", "critic", "--clear", "fears", "--clear", "job").exit_code == 0
    part = load(ready)["parts"][0]
    assert "fears" not in part and "job" not in part


def test_rename_keeps_id_and_links(cli, ready: Path) -> None:
    run = cli("part", "rename", "critic", "The Editor")
    assert run.exit_code == 0 and "unchanged" in run.stdout
    data = load(ready)
    assert data["parts"][0]["id"] == "inner-critic"
    assert data["parts"][0]["name"] == "The Editor"
    assert "protects Little One" in cli("part", "show", "editor").stdout


def test_remove_confirms_and_reports_links(cli, ready: Path) -> None:
    before = snapshot_tree(ready)
    run = cli("part", "remove", "critic", input="n\n")
    assert run.exit_code == 0 and "Nothing was removed" in run.stdout
    assert snapshot_tree(ready) == before
    run = cli("part", "remove", "critic", input="y\n")
    assert run.exit_code == 0
    assert "Inner Critic protects Little One" in run.stdout
    assert "Numbing is polarized with Inner Critic" in run.stdout
    data = load(ready)
    assert [p["id"] for p in data["parts"]] == ["little-one", "numbing"]
    assert "relationships" not in data


def test_remove_yes_without_terminal(cli, ready: Path) -> None:
    assert cli("part", "remove", "numbing").exit_code == 1  # no answer: not removed
    assert len(load(ready)["parts"]) == 3
    assert cli("part", "remove", "numbing", "--yes").exit_code == 0
    assert len(load(ready)["parts"]) == 2


def test_link_and_unlink(cli, ready: Path) -> None:
    run = cli("link", "little", "numbing", "--kind", "allied", "--note", "both hide")
    assert run.exit_code == 0
    rels = load(ready)["relationships"]
    assert rels[-1] == {"from": "little-one", "to": "numbing", "kind": "allied",
                        "note": "both hide"}
    run = cli("unlink", "numbing", "little")
    assert run.exit_code == 0 and "Little One is allied with Numbing" in run.stdout
    assert len(load(ready)["relationships"]) == 2


def test_check_clean_and_with_problems(cli, ready: Path) -> None:
    run = cli("check")
    assert run.exit_code == 0 and "no problems" in run.stdout
    text = (ready / "map.toml").read_text()
    text += '\n[[relationships]]\nfrom = "ghost"\nto = "numbing"\nkind = "allied"\n'
    (ready / "map.toml").write_text(text)
    (ready / "reflections" / "broken.toml").write_text("schema = \n")
    (ready / "reflections" / "odd.toml").write_text('schema = 1\npack = "x"\nstatus = "paused"\n')
    run = cli("check")
    assert run.exit_code == 1
    assert "names no part with id 'ghost'" in run.stdout
    assert "broken.toml:1:" in run.stdout
    assert "odd.toml:3: status: is not one of" in run.stdout
    data = json.loads(cli("check", "--json").stdout)
    assert data["ok"] is False
    assert {p["field"] for p in data["problems"]} >= {"relationships[2].from"}


def test_check_reports_every_validation_problem(cli, ready: Path) -> None:
    text = (ready / "map.toml").read_text()
    text = text.replace('role = "manager"', 'role = "boss"').replace(
        'role = "exile"', 'role = "kid"')
    (ready / "map.toml").write_text(text)
    data = json.loads(cli("check", "--json").stdout)
    fields = [p["field"] for p in data["problems"] if p["severity"] == "error"]
    assert fields == ["parts[0].role", "parts[1].role"]
    assert all("line" in p for p in data["problems"])


def test_check_on_missing_map(cli) -> None:
    run = cli("check")
    assert run.exit_code == 1 and "no map.toml" in run.stdout


BROKEN_CASES = {
    "syntax": b'schema = 1\ntitle = "unclosed\n',
    "role": b'schema = 1\n[[parts]]\nid = "a"\nname = "A"\nrole = "protecter"\n',
    "newer": b'schema = 99\ntitle = "from the future"\n',
    "utf8": b'schema = 1\ntitle = "\xff\xfe"\n',
}

EVERY_COMMAND = [
    ["init"], ["part", "list"], ["part", "list", "--json"], ["part", "show", "a"],
    ["part", "add", "New"], ["part", "edit", "a", "--job", "x"], ["part", "rename", "a", "B"],
    ["part", "remove", "a", "--yes"], ["link", "a", "b", "--kind", "allied"],
    ["unlink", "a", "b"], ["check"], ["check", "--json"], ["export", "-f", "json"],
    ["export", "-f", "html", "--redact"], ["reflect", "unblending-check-in"],
    ["reflect", "--resume"], ["journal", "list"], ["import", "IMPORT", "--merge"],
    ["import", "IMPORT", "--replace"],
]


@pytest.mark.parametrize("case", list(BROKEN_CASES))
def test_broken_map_is_byte_identical_after_every_command(cli, map_folder: Path, case) -> None:
    cli("init")
    cli("part", "add", "A")
    cli("part", "add", "B")
    importable = map_folder.parent / "importable.toml"
    importable.write_bytes((map_folder / "map.toml").read_bytes())
    (map_folder / "map.toml").write_bytes(BROKEN_CASES[case])
    before = snapshot_tree(map_folder)
    for args in EVERY_COMMAND:
        run = cli(*[str(importable) if a == "IMPORT" else a for a in args], input="x\n")
        if args[0] != "init":
            assert run.exit_code == 1, (args, run)
        assert "Traceback" not in run.stdout + run.stderr
        assert snapshot_tree(map_folder) == before, args


def test_broken_map_message_names_file_line_and_field(cli, map_folder: Path) -> None:
    cli("init")
    (map_folder / "map.toml").write_bytes(BROKEN_CASES["role"])
    run = cli("part", "list")
    assert run.stderr == (
        f"ifs: {map_folder / 'map.toml'}:5: parts[0].role: 'protecter' is not one of "
        "manager, firefighter, exile, unknown\n"
    )
    run = cli("part", "list")
    (map_folder / "map.toml").write_bytes(BROKEN_CASES["newer"])
    assert "newer than this version" in cli("part", "list").stderr


def test_unknown_keys_survive_cli_edits(cli, ready: Path) -> None:
    text = (ready / "map.toml").read_text().replace(
        'name = "Numbing"', 'name = "Numbing"\ncolour = "grey"')
    (ready / "map.toml").write_text("future = true\n" + text)
    assert cli("part", "edit", "numbing", "--job", "x").exit_code == 0
    data = load(ready)
    assert data["future"] is True and data["parts"][2]["colour"] == "grey"


def test_unexpected_errors_are_one_line(cli, ready: Path, monkeypatch) -> None:
    from ifs_tui.core import services

    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret fear text")

    monkeypatch.setattr(services, "find_part", broken)
    run = cli("part", "show", "critic")
    assert run.exit_code == 1
    assert "unexpected error (ZeroDivisionError)" in run.stderr
    assert "secret" not in run.stderr and "Traceback" not in run.stderr


def test_no_color_is_respected_even_when_colour_is_forced(cli, ready: Path, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[33m" in cli("part", "list").stdout  # firefighter in yellow: colour is on
    monkeypatch.setenv("NO_COLOR", "1")
    out = cli("part", "list").stdout
    assert "\x1b[33m" not in out and "\x1b[36m" not in out


@pytest.mark.parametrize("victim", ["write", "fsync", "replace"])
def test_cli_exits_1_and_keeps_old_map_when_a_write_fails(cli, ready: Path, monkeypatch, victim):
    import os

    before = snapshot_tree(ready)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, victim, boom)
    run = cli("part", "add", "Another", "--fear", "private words")
    monkeypatch.undo()
    assert run.exit_code == 1
    assert "the disk is full; free some space" in run.stderr
    assert "previous version is unchanged" in run.stderr or "was not changed" in run.stderr
    assert "private words" not in run.stderr
    assert snapshot_tree(ready) == before
    assert not list(ready.rglob("*.ifs-tmp"))


def test_init_is_private_under_umask_022(cli, hermetic: Path) -> None:
    import os

    from tests.helpers import mode

    old = os.umask(0o022)
    try:
        assert cli("init").exit_code == 0
        assert cli("part", "add", "A").exit_code == 0
    finally:
        os.umask(old)
    folder = hermetic / "maps" / "default"
    for path in (hermetic, hermetic / "maps", folder, folder / "reflections", folder / ".history"):
        assert mode(path) == 0o700, path
    for path in folder.rglob("*"):
        if path.is_file():
            assert mode(path) == 0o600, path


def test_part_edit_and_show_the_newer_fields(cli, ready: Path) -> None:
    run = cli("part", "edit", "critic", "--status", "getting to know", "--feel-toward",
              "a bit wary", "--intent", "that I am never caught out", "--burden", "mistakes "
              "are dangerous", "--first-appeared", "around seven")
    assert run.exit_code == 0, run
    part = load(ready)["parts"][0]
    assert [h["status"] for h in part["status_history"]] == ["getting-to-know"]
    assert cli("part", "edit", "critic", "--status", "befriended").exit_code == 0
    shown = cli("part", "show", "critic").stdout
    assert "getting to know on" in shown and "befriended since" in shown and "(edited)" in shown
    assert "a bit wary (noted" in shown and "mistakes are dangerous" in shown
    assert "first appeared" in shown and "around seven" in shown
    run = cli("part", "edit", "critic", "--clear", "feel-toward", "--clear", "burden")
    assert run.exit_code == 0, run
    part = load(ready)["parts"][0]
    assert "feel_toward" not in part and "feel_toward_noted" not in part
    assert "burdens" not in part and len(part["status_history"]) == 2


def test_link_keeps_what_each_side_of_a_polarization_fears(cli, ready: Path) -> None:
    # The link was made as numbing -> inner-critic; given the other way round, A is the critic.
    run = cli("link", "critic", "numbing", "--kind", "polarized", "--a-fears",
              "that Numbing would shut everything down", "--b-fears", "that it would never rest")
    assert run.exit_code == 0, run
    (rel,) = [r for r in load(ready)["relationships"] if r["kind"] == "polarized"]
    assert rel["from"] == "numbing" and rel["to_fears"].startswith("that Numbing would")
    assert rel["from_fears"] == "that it would never rest"
    shown = cli("part", "show", "numbing").stdout
    assert "Numbing's fear about Inner Critic: that it would never rest" in shown
    links = json.loads(cli("part", "show", "critic", "--json").stdout)["links"]
    polar = next(link for link in links if link["kind"] == "polarized")
    assert polar["own_fears"].startswith("that Numbing would")
    assert polar["other_fears"] == "that it would never rest"
    assert cli("link", "critic", "numbing", "--kind", "polarized", "--b-fears", "").exit_code == 0
    (rel,) = [r for r in load(ready)["relationships"] if r["kind"] == "polarized"]
    assert "from_fears" not in rel and rel["to_fears"].startswith("that Numbing")
