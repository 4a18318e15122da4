"""Output a person can read: tables that fit, whole lines into a pipe, full JSON, -h."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from rich.cells import cell_len

from ifs_tui.cli.table import Column, cell, render
from tests.helpers import on_pty
from tests.hostile import NAMES

LONG_JOB = "Preparing for a long day " * 400  # 10,000 characters, with spaces
LONG_WORD = "y" * 150 + "Z"


def on_terminal(args: list[str], columns: int) -> list[str]:
    """Run `ifs ARGS` on a real terminal `columns` wide; its lines, escapes removed."""
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "40", "TERM": "dumb"}
    code, seen = on_pty(args, env, columns=columns)
    assert code == 0, seen
    return seen.decode("utf-8").replace("\r\n", "\n").splitlines()


@pytest.fixture
def crowded(cli, map_folder: Path) -> list[str]:
    """A map with every hostile name, a long job and a link; the parts' ids."""
    assert cli("init").exit_code == 0
    for name in NAMES:
        assert cli("part", "add", "--", name).exit_code == 0, name
    assert cli("part", "edit", "--job", LONG_JOB, "--", NAMES[0]).exit_code == 0
    assert cli("reflect", "unblending-check-in", "--part", NAMES[-2],
               input="\nI am tired\n/stop\n")  # after its grounding.exit_code == 0
    data = tomllib.loads((map_folder / "map.toml").read_text())
    return [p["id"] for p in data["parts"]]


@pytest.mark.parametrize("columns", [80, 100])
def test_part_list_fits_the_terminal(crowded: list[str], columns: int) -> None:
    lines = on_terminal(["part", "list"], columns)
    assert len(lines) == len(NAMES) + 1  # one line per part, never folded
    assert all(cell_len(line) <= columns for line in lines), lines
    header = lines[0].split()  # left out in the README's order: job, status, role, id
    order = ["job", "status", "role", "id"]
    left_out = [name for name in order if name not in header]
    # Once the id went for the names' sake, what fits again may come back.
    rest = [name for name in left_out if name != "id"]
    assert "name" in header and rest == order[:len(rest)]
    # Names are cut only when nothing else can go; up to half the line they stay whole.
    for name in NAMES:
        shown = cell(name)
        if cell_len(shown) <= columns // 2:
            assert any(line.startswith(shown) or f"  {shown}" in line
                       for line in lines[1:]), shown
    assert any("…" in line for line in lines)  # the 10,000-character name, cut


def test_part_list_at_80_columns_drops_ids_before_cutting_names(cli, ready: Path) -> None:
    """Issue 11 showed "The one w…" beside long ids: now the id goes, the names stay whole."""
    names = ["The one who waits at the door, always", "The part that keeps all the lists"]
    for name in names:  # ids from longer first names: a rename keeps the id
        assert cli("part", "add", f"{name} and never rests, not even on Sundays").exit_code == 0
        assert cli("part", "rename", f"{name} and never", name).exit_code == 0
    lines = on_terminal(["part", "list"], 80)
    assert lines[0].split()[:2] == ["name", "role"]
    for name in names:
        assert any(line.startswith(name + " ") for line in lines), name
    assert not any("…" in line.partition("  ")[0] for line in lines)
    wide = on_terminal(["part", "list"], 160)  # with room, the id comes first again
    assert wide[0].split() == ["id", "name", "role", "status", "job"]
    assert any(line.startswith("the-one-who-waits-at-the-door-always-and-never") for line in wide)


@pytest.mark.parametrize("columns", [80, 100])
def test_journal_and_prompts_lists_fit_the_terminal(crowded: list[str], columns: int) -> None:
    from ifs_tui.core.packs import builtin_pack_files

    for args, rows in ((["journal", "list"], 1), (["prompts", "list"], len(builtin_pack_files()))):
        lines = on_terminal(args, columns)
        assert len(lines) == rows + 1, lines
        assert all(cell_len(line) <= columns for line in lines), lines
    journal = on_terminal(["journal", "list"], columns)
    if journal[0].split()[-1] == "id":  # shown only when it fits, and then whole
        assert journal[1].split()[-1].endswith("unblending-check-in")


def test_part_list_into_a_pipe_keeps_every_line_whole(cli, crowded: list[str]) -> None:
    run = cli("part", "list")
    lines = run.stdout.splitlines()
    assert len(lines) == len(NAMES) + 1
    assert any(LONG_JOB.strip() in line for line in lines)  # not cut, not folded
    assert any("x" * 200 in line for line in lines)
    assert "…" not in run.stdout
    header = lines[0]
    assert header.split() == ["id", "name", "role", "status", "job"]
    # Aligned: the short rows' role words start where the header's does.
    at = header.index("role")
    short = [line for line in lines if line.startswith("inner") or line.startswith("dash")]
    assert all(line[at:].split()[0] == "unknown" for line in short)


def test_a_table_never_cuts_ids_and_drops_columns_in_order() -> None:
    columns = [Column("id"), Column("name", cut=True), Column("role", drop=3),
               Column("status", drop=2), Column("job", cut=True, drop=1)]
    rows = [["a" * 40, "n" * 300, "manager", "noticed", "j" * 10_000],
            ["short", "Ω日本" * 50, "exile", "unburdened", "x"]]
    for width in (30, 50, 80, 100, 140):
        lines = render(columns, rows, width)
        assert len(lines) == 3
        # Only the never-cut id and the name's least width may go past a narrow line.
        assert all(cell_len(line) <= max(width, 40 + 2 + 10) for line in lines), width
        assert lines[1].startswith("a" * 40) and lines[2].startswith("short ")
    shown = {width: render(columns, rows, width)[0].split() for width in (50, 62, 80, 100)}
    assert shown == {50: ["id", "name"], 62: ["id", "name", "role"],
                     80: ["id", "name", "role", "status"],
                     100: ["id", "name", "role", "status", "job"]}
    assert render(columns, rows, None)[1].endswith("j" * 10_000)


def test_part_show_folds_long_words_and_loses_nothing(cli, ready: Path) -> None:
    name = "N" * 120
    assert cli("part", "add", name, "--note", f"short words then {LONG_WORD} end").exit_code == 0
    run = cli("part", "show", name)
    assert "…" not in run.stdout
    flat = "".join(ch for ch in run.stdout if ch not in "│╭╮╰╯─ \n")
    assert "shortwordsthen" + LONG_WORD + "end" in flat
    assert name in flat


def test_part_show_into_a_pipe_is_plain_lines(cli, crowded: list[str]) -> None:
    """No frame and no folding into a pipe; on a terminal the frame stays."""
    for part_id in crowded:
        run = cli("part", "show", part_id)
        assert run.exit_code == 0, part_id
        lines = run.stdout.splitlines()
        assert not any(ch in run.stdout for ch in "│╭╮╰╯"), part_id
        assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
        assert all(line.startswith("  ") for line in lines[1:]), lines
        assert lines[1].split() == ["id", part_id]
    long = cli("part", "show", crowded[0]).stdout
    assert LONG_JOB.strip() in long  # whole, on one line
    framed = on_terminal(["part", "show", crowded[-1]], 80)
    assert framed[0].startswith("╭") and framed[-1].startswith("╰")


def test_part_show_json_has_links_and_every_key(cli, ready: Path) -> None:
    shown = json.loads(cli("part", "show", "inner-critic", "--json").stdout)
    assert shown["links"] == [
        {"part": "little-one", "name": "Little One", "kind": "protects", "direction": "to",
         "note": "", "own_fears": "", "other_fears": ""},
        {"part": "numbing", "name": "Numbing", "kind": "polarized", "direction": "both",
         "note": "", "own_fears": "", "other_fears": ""},
    ]
    little = json.loads(cli("part", "show", "little-one", "--json").stdout)
    assert little["links"][0]["direction"] == "from"
    listed = json.loads(cli("part", "list", "--json").stdout)
    keys = [list(p) for p in listed]
    assert all(k == list(shown) for k in keys)
    numbing = next(p for p in listed if p["id"] == "numbing")
    assert numbing["job"] == "" and numbing["fears"] == [] and numbing["age"] == ""
    added = json.loads(cli("part", "add", "New one", "--json").stdout)
    assert list(added) == list(shown) and added["links"] == []


def test_json_shape_is_as_documented(cli, ready: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "json.md").read_text()
    example = json.loads(doc.split("```json\n")[1].split("```")[0])
    shown = json.loads(cli("part", "show", "inner-critic", "--json").stdout)
    assert list(shown) == list(example)
    assert [list(link) for link in shown["links"]] == [list(link) for link in example["links"]]
    for key, value in example.items():
        assert type(shown[key]) is type(value), key


def _commands(group, path: list[str]) -> list[list[str]]:
    found = [path]
    # Through click's own calls: commands are built only when asked for (cli/lazy.py).
    for name in group.list_commands(None) if hasattr(group, "list_commands") else []:
        found += _commands(group.get_command(None, name), [*path, name])
    return found


def test_dash_h_works_wherever_help_does(cli) -> None:
    import typer

    from ifs_tui.cli.main import app

    paths = _commands(typer.main.get_command(app), [])
    assert ["part", "edit"] in paths and ["journal", "list"] in paths
    for path in paths:
        long, short = cli(*path, "--help"), cli(*path, "-h")
        assert long.exit_code == short.exit_code == 0, path
        assert short.stdout == long.stdout, path


def test_shell_completion_is_on(cli) -> None:
    run = cli("--show-completion", "bash")
    assert run.exit_code == 0 and "_IFS_COMPLETE" in run.stdout
    assert "--install-completion" in cli("--help").stdout


# --- issue 12: a long-time user's lists at 80 columns ---------------------------------

WAITER = "The one who waits at the door"


@pytest.fixture
def journal_of_walks(cli, map_folder: Path) -> Path:
    """Two unfinished walks of a long-titled pack, with a part, and a finished one."""
    from tests.test_reflect_cli import EVERY_KIND

    cli("init")
    cli("part", "add", WAITER)
    (map_folder / "prompts").mkdir()
    long_title = 'title = "Every kind of question, asked slowly on a long quiet evening"'
    (map_folder / "prompts" / "every-kind.toml").write_text(
        EVERY_KIND.replace('title = "Every kind"', long_title))
    for _ in range(2):
        assert cli("reflect", "every-kind", "--part", WAITER,
                   input="\nafraid\n/stop\n").exit_code == 0
    assert cli("reflect", "self-energy-check-in",
               input="\n" + "7\n" * 8 + "a good day\n\n").exit_code == 0
    return map_folder


def test_journal_list_at_80_columns_keeps_part_and_status(journal_of_walks: Path) -> None:
    """`ifs reflect --resume` sends people here to find the unfinished ones."""
    lines = on_terminal(["journal", "list"], 80)
    assert lines[0].split() == ["date", "pack", "part", "status"]  # the id went first
    assert all(cell_len(line) <= 80 for line in lines), lines
    walks = [line for line in lines if line[18:].startswith("Every kind")]
    assert len(walks) == 2
    for line in walks:  # the part whole and the status shown; the pack title cut
        assert f"  {WAITER}  " in line and line.rstrip().endswith("stopped"), line
        assert "…" in line
    wide = on_terminal(["journal", "list"], 200)  # with room, every column
    assert wide[0].split() == ["date", "pack", "part", "status", "id"]
    assert any("Every kind of question, asked slowly on a long quiet evening" in line
               for line in wide)


def test_journal_list_into_a_pipe_keeps_every_column(cli, journal_of_walks: Path) -> None:
    lines = cli("journal", "list").stdout.splitlines()
    assert lines[0].split() == ["date", "pack", "part", "status", "id"]
    assert all("-every-kind" in line.split()[-1] for line in lines[1:3]), lines


def test_prompts_list_at_80_columns_keeps_titles_whole(cli, map_folder: Path) -> None:
    from ifs_tui.core.packs import builtin_pack_files

    cli("init")
    titles = [tomllib.loads(p.read_text())["title"] for p in builtin_pack_files()]
    lines = on_terminal(["prompts", "list"], 80)
    assert all(cell_len(line) <= 80 for line in lines), lines
    assert not any("…" in line for line in lines), lines
    assert lines[0].split()[:2] == ["id", "title"]
    for title in titles:
        assert any(f"  {title}" in line for line in lines), title


def test_resume_says_where_the_others_are_between_words(journal_of_walks: Path) -> None:
    env = {**os.environ, "COLUMNS": "60", "LINES": "40", "TERM": "dumb"}
    code, seen = on_pty(["reflect", "--resume"], env, columns=60, answer=b"/stop\n",
                        when=b"/help")
    lines = seen.decode("utf-8").replace("\r\n", "\n").splitlines()
    assert code == 0, lines
    said = [n for n, line in enumerate(lines) if line.startswith("Going on with the latest")]
    assert said, lines
    # Wrapped by the program between words, not cut by the terminal mid-word.
    assert all(cell_len(line) <= 60 for line in lines[said[0]:said[0] + 2]), lines
    assert "see them with: ifs journal list" in " ".join(" ".join(lines[said[0]:][:2]).split())
