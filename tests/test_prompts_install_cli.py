"""`ifs prompts install / remove / export`, and where each pack comes from in `list`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tomli_w

from ifs_tui.cli import output
from ifs_tui.core.packs import builtin_pack_files, load_pack_file

from .hostile import NAMES, TERMINAL_HAZARDS, TEXTS
from .test_pack_files import MINE, finishes, write
from .test_packs import GOOD


def no_hazards(text: str) -> None:
    assert not [c for c in TERMINAL_HAZARDS if c in text], text[:200]


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    return write(tmp_path / "shared" / "from-a-friend.toml", MINE)


def test_install_into_your_packs_and_the_maps(cli, ready: Path, hermetic: Path,
                                              mine: Path) -> None:
    run = cli("prompts", "install", str(mine))
    assert run.exit_code == 0, run
    target = hermetic / "prompts" / "mine.toml"
    assert f"Installed mine (Tiny) as {target}." in run.stdout
    assert target.read_bytes() == mine.read_bytes()
    run = cli("prompts", "install", str(mine))
    assert run.exit_code == 0 and "already installed" in run.stdout
    run = cli("prompts", "install", "--map-only", str(mine))
    assert run.exit_code == 0
    assert (ready / "prompts" / "mine.toml").read_bytes() == mine.read_bytes()
    assert "takes the place of the yours pack" not in run.stdout  # the words read well
    assert "takes the place of your pack" in run.stdout
    data = {p["id"]: p for p in json.loads(cli("prompts", "list", "--json").stdout)}
    assert data["mine"]["origin"] == "this map's" and data["mine"]["source"] == "map"
    assert "this map's (over yours)" in cli("prompts", "list").stdout


def test_a_batch_with_one_broken_file_installs_nothing(cli, ready: Path, hermetic: Path,
                                                       mine: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", GOOD.replace('kind = "scale"', 'kind = "slider"'))
    run = cli("prompts", "install", str(mine), str(bad))
    assert run.exit_code == 1
    assert f"error: {bad}:21: steps[2].kind (id 'how-much')" in run.stderr
    assert "nothing was installed" in run.stderr and "Traceback" not in run.stderr
    assert not (hermetic / "prompts").exists()


def test_files_that_are_not_packs_are_refused_without_waiting(cli, ready: Path,
                                                              tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    big = write(tmp_path / "big.toml", GOOD + "#" * (1024 * 1024))
    latin = write(tmp_path / "latin.toml", GOOD.encode() + b"# caf\xe9\n")
    run = finishes(fifo, lambda: cli("prompts", "install", str(fifo), str(tmp_path),
                                     str(tmp_path / "missing.toml"), str(big), str(latin)))
    assert run.exit_code == 1
    lines = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 5
    assert "not a regular file" in lines[0] and "is a folder" in lines[1]
    assert "does not exist" in lines[2] and "larger than 1 MB" in lines[3]
    assert f"{latin}:{GOOD.count(chr(10)) + 1}: is not valid UTF-8" in lines[4]


def test_a_pipe_among_your_packs_does_not_stop_the_list(cli, hermetic: Path) -> None:
    (hermetic / "prompts").mkdir(parents=True)
    fifo = hermetic / "prompts" / "stray.toml"
    os.mkfifo(fifo)
    run = finishes(fifo, lambda: cli("prompts", "list"))
    assert run.exit_code == 0 and "meet-a-protector" in run.stdout
    assert "stray.toml: is not a regular file" in run.stderr


def test_other_words_under_the_same_id_need_force(cli, ready: Path, hermetic: Path,
                                                  mine: Path, tmp_path: Path) -> None:
    assert cli("prompts", "install", str(mine)).exit_code == 0
    newer = write(tmp_path / "newer.toml", MINE.replace('title = "Tiny"', 'title = "Newer"'))
    run = cli("prompts", "install", str(newer))
    assert run.exit_code == 1 and "add --force" in run.stderr
    assert (hermetic / "prompts" / "mine.toml").read_bytes() == mine.read_bytes()
    run = cli("prompts", "install", "--force", str(newer))
    assert run.exit_code == 0 and "Replaced mine (Newer)" in run.stdout
    assert (hermetic / "prompts" / "mine.toml").read_bytes() == newer.read_bytes()
    # The words it replaced are not lost: kept in the archive, and said where.
    kept = list((hermetic / "archive" / "packs").glob("mine--*.toml"))
    assert len(kept) == 1 and kept[0].read_bytes() == mine.read_bytes()
    assert f"kept as {kept[0]}" in run.stdout


def test_map_only_needs_a_map(cli, hermetic: Path, mine: Path) -> None:
    run = cli("prompts", "install", "--map-only", str(mine))
    assert run.exit_code == 1 and "ifs init" in run.stderr
    assert not (hermetic / "maps").exists()  # no half a map made


def test_two_files_with_one_id(cli, ready: Path, mine: Path, tmp_path: Path) -> None:
    twin = write(tmp_path / "twin.toml", MINE)
    run = cli("prompts", "install", str(mine), str(twin))
    assert run.exit_code == 1 and f"error: {twin}: holds the pack 'mine'" in run.stderr


def test_an_exported_builtin_installs_back_and_says_what_it_overrides(
        cli, ready: Path, hermetic: Path, tmp_path: Path) -> None:
    out = tmp_path / "meet.toml"
    run = cli("prompts", "export", "meet-a-protector", "-o", str(out))
    assert run.exit_code == 0 and f"Wrote {out}" in run.stdout
    shipped = next(p for p in builtin_pack_files() if p.name.endswith("meet-a-protector.toml"))
    assert out.read_bytes() == shipped.read_bytes()
    assert cli("prompts", "validate", str(out)).exit_code == 0
    run = cli("prompts", "install", str(out))
    assert run.exit_code == 0
    assert "It takes the place of the built-in pack with that id" in run.stdout
    data = {p["id"]: p for p in json.loads(cli("prompts", "list", "--json").stdout)}
    assert data["meet-a-protector"]["origin"] == "yours"
    assert data["meet-a-protector"]["overrides"] == ["built-in"]


def test_export_to_stdout_and_files(cli, ready: Path, mine: Path, tmp_path: Path) -> None:
    shipped = next(p for p in builtin_pack_files() if p.name.endswith("kap-preparation.toml"))
    run = cli("prompts", "export", "kap-preparation")
    assert run.exit_code == 0 and run.stdout == shipped.read_text()
    assert cli("prompts", "install", str(mine)).exit_code == 0
    assert cli("prompts", "export", "mine", "-o", "-").stdout == MINE
    out = write(tmp_path / "taken.toml", "keep me")
    run = cli("prompts", "export", "mine", "-o", str(out))
    assert run.exit_code == 1 and "exists already" in run.stderr
    assert out.read_text() == "keep me"
    assert cli("prompts", "export", "mine", "-o", str(out), "--force").exit_code == 0
    assert out.read_text() == MINE
    run = cli("prompts", "export", "mine", "-o", str(tmp_path))
    assert run.exit_code == 1 and "is a folder" in run.stderr
    assert cli("prompts", "export", "nothing-like-it").exit_code == 1


def test_remove_moves_your_pack_to_the_archive(cli, ready: Path, hermetic: Path,
                                               mine: Path) -> None:
    assert cli("prompts", "install", str(mine)).exit_code == 0
    installed = hermetic / "prompts" / "mine.toml"
    run = cli("prompts", "remove", "mine")  # from a pipe: nothing is asked, nothing goes
    assert run.exit_code == 1 and "add --yes" in run.stderr and installed.exists()
    run = cli("prompts", "remove", "mine", "--yes")
    assert run.exit_code == 0
    (moved,) = (hermetic / "archive" / "packs").iterdir()
    assert moved.name.startswith("mine--") and moved.name.endswith(".toml")
    assert str(moved) in run.stdout
    assert moved.read_bytes() == mine.read_bytes() and not installed.exists()
    assert "mine" not in cli("prompts", "list").stdout


def test_remove_asks_on_a_terminal(cli, ready: Path, hermetic: Path, mine: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    assert cli("prompts", "install", "--map-only", str(mine)).exit_code == 0
    run = cli("prompts", "remove", "mine", "--map-only", input="n\n")
    assert run.exit_code == 0 and "Nothing was removed" in run.stdout
    assert (ready / "prompts" / "mine.toml").exists()
    run = cli("prompts", "remove", "mine", input="y\n")  # the map's: not without --map-only
    assert run.exit_code == 1 and "add --map-only" in run.stderr
    run = cli("prompts", "remove", "mine", "--map-only", input="y\n")
    assert run.exit_code == 0 and not (ready / "prompts" / "mine.toml").exists()
    assert len(list((hermetic / "archive" / "packs").glob("mine--*.toml"))) == 1


def test_builtin_and_unknown_packs_are_not_removed(cli, ready: Path) -> None:
    run = cli("prompts", "remove", "meet-a-protector", "--yes")
    assert run.exit_code == 1 and "built-in packs stay" in run.stderr
    run = cli("prompts", "remove", "nothing-like-it", "--yes")
    assert run.exit_code == 1 and "no pack 'nothing-like-it' of yours" in run.stderr
    assert cli("prompts", "remove").exit_code == 2
    assert cli("prompts", "install").exit_code == 2


def test_hostile_names_and_titles_are_shown_safely(cli, ready: Path, tmp_path: Path) -> None:
    for n, name in enumerate(NAMES + TEXTS):
        run = cli("prompts", "remove", name, "--yes")
        assert run.exit_code in (1, 2)
        no_hazards(run.stderr + run.stdout)
        run = cli("prompts", "export", name, "-o", str(tmp_path / "out.toml"))
        assert run.exit_code in (1, 2)
        no_hazards(run.stderr + run.stdout)
        if n % 4:  # installing every one would be slow; a spread is enough
            continue
        pack = {"schema": 1, "id": f"odd-{n}", "title": name, "summary": name,
                "steps": [{"id": "a", "kind": "text", "ask": name}]}
        odd = write(tmp_path / f"odd\x1b[2J{n}.toml", tomli_w.dumps(pack))
        run = cli("prompts", "install", str(odd))
        assert run.exit_code == 0, run
        no_hazards(run.stdout + run.stderr)
        assert load_pack_file(odd, "user").title == name
    listed = cli("prompts", "list")
    assert listed.exit_code == 0
    no_hazards(listed.stdout + listed.stderr)
    broken = write(tmp_path / "\x1b]52;c;aGk=\x07.toml", "id = [")
    run = cli("prompts", "install", str(broken))
    assert run.exit_code == 1
    no_hazards(run.stdout + run.stderr)


def test_remove_says_what_the_map_uses_next_and_which_walks_wait(cli, ready: Path,
                                                                  hermetic: Path,
                                                                  mine: Path) -> None:
    assert cli("prompts", "install", str(mine)).exit_code == 0
    cli("reflect", "mine", input="Inner Critic\n")  # from a pipe: stops after one step
    run = cli("prompts", "remove", "mine", "--yes")
    assert run.exit_code == 0
    assert "1 unfinished reflection in this map uses it" in run.stderr, run
    # Yours over the map's own pack, or over a built-in: the one that then takes over.
    assert cli("prompts", "install", str(mine)).exit_code == 0
    assert cli("prompts", "install", "--map-only", str(mine)).exit_code == 0
    run = cli("prompts", "remove", "mine", "--yes")
    assert "This map then uses this map's own pack with that id" in run.stderr
    assert "unfinished" not in run.stderr
    own = write(hermetic.parent / "own.toml", MINE.replace('id = "mine"',
                                                           'id = "unblending-check-in"'))
    assert cli("prompts", "install", str(own)).exit_code == 0
    run = cli("prompts", "remove", "unblending-check-in", "--yes")
    assert "Then the built-in pack with that id is used again" in run.stderr


def test_install_over_a_map_pack_says_it_in_plain_words(cli, ready: Path, mine: Path) -> None:
    assert cli("prompts", "install", "--map-only", str(mine)).exit_code == 0
    changed = write(mine.parent / "changed.toml", MINE.replace("Tiny", "Changed"))
    run = cli("prompts", "install", str(changed))
    assert "this map's own pack with that id still comes first" in run.stdout
    assert "the this map's" not in run.stdout


@pytest.mark.parametrize("width", [60, 80])
def test_where_a_pack_comes_from_stays_on_a_narrow_terminal(cli, ready: Path, mine: Path,
                                                            width: int,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    assert cli("prompts", "install", str(mine)).exit_code == 0
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("prompts", "list").stdout
    row = next(line for line in out.splitlines() if line.startswith("mine "))
    assert row.rstrip().endswith("yours"), out
    assert "built-in" in out


def test_a_pack_saved_with_a_byte_order_mark_installs_and_walks(cli, ready: Path,
                                                                 hermetic: Path,
                                                                 tmp_path: Path) -> None:
    # As Windows Notepad saves UTF-8: three bytes before the first key.
    bom = write(tmp_path / "notepad.toml", b"\xef\xbb\xbf" + MINE.encode("utf-8"))
    run = cli("prompts", "install", str(bom))
    assert run.exit_code == 0, run
    assert (hermetic / "prompts" / "mine.toml").read_bytes() == bom.read_bytes()  # as given
    assert "mine" in cli("prompts", "list").stdout
    assert cli("prompts", "validate", str(bom)).exit_code == 0


def test_a_map_saved_with_a_byte_order_mark_loads_and_saves_without_it(cli, ready: Path
                                                                        ) -> None:
    path = ready / "map.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "Inner Critic" in cli("part", "list").stdout
    assert cli("check").exit_code == 0
    assert cli("part", "add", "Another").exit_code == 0
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
