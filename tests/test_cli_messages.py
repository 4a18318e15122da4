"""Messages that help: hints repeat --map, --clear takes option names, export and import say
what they did with what they were given."""

from __future__ import annotations

import json
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.helpers import snapshot_tree

PLAIN = Path(__file__).parent / "packs" / "plain-text.toml"


def test_hints_repeat_the_map_given(cli, tmp_path: Path) -> None:
    folder = tmp_path / "my maps" / "it's mine"
    flag = f"ifs --map {shlex.quote(str(folder))}"
    run = cli("--map", str(folder), "init")
    assert f"add a part by hand with: {flag} part add NAME" in run.stdout
    assert f"what happened: {flag} reflect first-map" in run.stdout
    assert f"Add one with: {flag} part add NAME" in cli("--map", str(folder), "part", "list").stdout
    run = cli("--map", str(folder), "journal", "list")
    assert f"{flag} reflect PACK (see: {flag} prompts list)" in run.stdout
    (folder / "prompts").mkdir()
    shutil.copy(PLAIN, folder / "prompts")
    run = cli("--map", str(folder), "reflect", "plain-text-test", input="tired\n/stop\n")
    rec_id = json.loads(cli("--map", str(folder), "journal", "list", "--json").stdout)[0]["id"]
    assert f"Go on later with: {flag} reflect --resume {rec_id}" in run.stdout
    run = cli("--map", str(folder), "journal", "show", "no-such-one")
    assert run.exit_code == 1 and f"see: {flag} journal list" in run.stderr  # a core message


def test_a_suggested_path_is_quoted_for_the_shell(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IFS_TUI_HOME", str(tmp_path / "my home"))
    run = cli("prompts", "new", "my-pack")
    assert run.exit_code == 0, run
    target = run.stdout.split("check it with: ifs prompts validate ")[1].strip()
    assert shlex.split(target) == [str(tmp_path / "my home" / "prompts" / "my-pack.toml")]


def test_hints_without_map_stay_short(cli) -> None:
    assert "add a part by hand with: ifs part add NAME" in cli("init").stdout


def test_init_ends_by_suggesting_the_first_map_walk(cli, tmp_path: Path) -> None:
    # A newcomer is offered the walk first, then the app; never asked to tell a story.
    last = cli("init").stdout.strip().splitlines()[-2:]
    assert last == ["A first map can grow from patterns you recognise, with no need to tell "
                    "what happened: ifs reflect first-map",
                    "Open the app with: ifs · add a part by hand with: ifs part add NAME"]
    folder = tmp_path / "a map; rm -rf"
    last = cli("--map", str(folder), "init").stdout.strip().splitlines()[-2:]
    flag = f"ifs --map {shlex.quote(str(folder))}"
    assert last[0].endswith(f": {flag} reflect first-map")
    assert last[1].startswith(f"Open the app with: {flag} ·")


def test_a_hazard_in_the_map_path_is_shown_not_sent(cli, tmp_path: Path) -> None:
    folder = tmp_path / "odd\u202emap"
    run = cli("--map", str(folder), "init")
    assert run.exit_code == 0 and "\u202e" not in run.stdout
    assert "odd<U+202E>map" in run.stdout and "part add NAME" in run.stdout


@pytest.mark.parametrize("name, field", [("fear", "fears"), ("fears", "fears"),
                                         ("note", "notes"), ("--trigger", "triggers"),
                                         ("Emotion", "emotions"), ("tag", "tags")])
def test_clear_takes_option_names(cli, ready: Path, name: str, field: str) -> None:
    cli("part", "edit", "inner-critic", "--note", "n", "--trigger", "t", "--emotion", "e",
        "--tag", "x")
    run = cli("part", "edit", "inner-critic", "--clear", name)
    assert run.exit_code == 0, run
    part = tomllib.loads((ready / "map.toml").read_text())["parts"][0]
    assert field not in part


def test_clear_refuses_other_words_and_lists_what_it_takes(cli, ready: Path) -> None:
    before = snapshot_tree(ready)
    run = cli("part", "edit", "inner-critic", "--clear", "feer")
    assert run.exit_code == 1 and run.stderr.count("\n") == 1
    assert "fear(s)" in run.stderr and "note(s)" in run.stderr
    assert snapshot_tree(ready) == before
    assert "fear(s)" in cli("part", "edit", "--help").stdout


def test_export_into_a_folder_writes_a_new_file_there(cli, ready: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "keep.md").write_text("mine")
    for _ in range(2):
        run = cli("export", "-f", "markdown", "-o", str(out))
        assert run.exit_code == 0, run
        assert "is a folder" in run.stderr and "--force" not in run.stderr
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 3 and "keep.md" in written
    assert (out / "keep.md").read_text() == "mine"
    assert all(name.startswith("default-") for name in written if name != "keep.md")


def _one_reflection(cli, folder: Path) -> None:
    """One stopped reflection, from a test pack (built-in packs' words change)."""
    (folder / "prompts").mkdir(exist_ok=True)
    shutil.copy(PLAIN, folder / "prompts")
    assert cli("reflect", "plain-text-test", input="a private answer\n/stop\n").exit_code == 0
    assert list((folder / "reflections").glob("*.toml"))  # it was saved


def test_export_redact_says_reflections_are_left_out(cli, ready: Path) -> None:
    _one_reflection(cli, ready)
    run = cli("export", "-f", "markdown", "--redact", "--reflections", "3")
    assert run.exit_code == 0
    assert "reflections" in run.stderr and "left out" in run.stderr
    assert "private answer" not in run.stdout
    assert "left out" not in cli("export", "-f", "markdown", "--reflections", "3").stderr


@pytest.mark.parametrize("fmt", ["json", "toml", "dot", "mermaid", "svg"])
def test_export_reflections_with_a_format_that_cannot_hold_them(cli, ready: Path, fmt) -> None:
    run = cli("export", "-f", fmt, "--reflections", "2")
    assert run.exit_code == 0
    assert f"the {fmt} format holds the map only" in run.stderr


def test_import_of_empty_stdin_says_it_was_empty(cli, ready: Path) -> None:
    before = snapshot_tree(ready)
    for given in ("", " \n"):
        run = cli("import", "-", "--merge", input=given)
        assert run.exit_code == 1 and "standard input was empty" in run.stderr
        assert "schema" not in run.stderr
    assert snapshot_tree(ready) == before


def test_journal_list_with_no_readable_reflection_does_not_say_others_are_fine(
        cli, ready: Path) -> None:
    (ready / "reflections").rmdir()
    (ready / "reflections").write_text("")
    run = cli("journal", "list")
    assert "is a file where a folder should be" in run.stderr
    assert "the others are fine" not in run.stderr


def test_journal_list_with_some_readable_says_others_are_fine(cli, ready: Path) -> None:
    _one_reflection(cli, ready)
    (ready / "reflections" / "broken.toml").write_text("x = [")
    run = cli("journal", "list")
    assert "the others are fine" in run.stderr


def test_merge_notes_show_names_as_text_not_python(cli, ready: Path, tmp_path: Path) -> None:
    name = "Right\u202eto-left override"
    assert cli("part", "add", name).exit_code == 0
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"schema": 1, "title": "", "parts": [
        {"id": "r", "name": name}], "relationships": []}))
    run = cli("import", str(source), "--merge")
    assert run.exit_code == 0, run
    assert '"Right<U+202E>to-left override" was on the map already' in run.stdout
    assert "\\u202e" not in run.stdout and "\u202e" not in run.stdout


def test_export_into_a_folder_not_there_writes_no_file_of_its_name(cli, ready: Path,
                                                                    tmp_path: Path) -> None:
    """`-o exp/` meant a folder: with none there, no file called `exp` is made."""
    target = tmp_path / "exp"
    run = cli("export", "-f", "markdown", "-o", f"{target}/")
    assert run.exit_code == 1
    assert f"there is no folder {target}/" in run.stderr
    assert not target.exists()
