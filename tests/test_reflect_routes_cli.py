"""`ifs reflect` along the routes of a branching pack, and /notthere."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

BRANCHING = Path(__file__).parent / "packs" / "branching.toml"


@pytest.fixture
def mapped(cli, map_folder: Path) -> Path:
    cli("init")
    cli("part", "add", "Critic", "--role", "manager")
    (map_folder / "prompts").mkdir()
    shutil.copy(BRANCHING, map_folder / "prompts" / "branching.toml")
    return map_folder


def only_reflection(folder: Path) -> dict:
    (path,) = (folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


def test_answering_as_self_goes_on_to_befriend(cli, mapped: Path) -> None:
    lines = ["Critic", "1", "it is tired", "8", ""]
    run = cli("reflect", "branching-test", input="\n".join(lines) + "\n")
    assert run.exit_code == 0, run
    assert "Step 2 of 5" in run.stdout and "Step 5 of 5" in run.stdout
    assert "another part is here" not in run.stdout
    data = only_reflection(mapped)
    assert data["status"] == "finished"
    assert data["path"] == ["who", "feel", "befriend", "rate", "closing"]


def test_another_part_turns_the_walk_and_back_retraces_it(cli, mapped: Path) -> None:
    lines = ["Critic", "3", "a tight jaw", "/back", "/back", "1", "hello", "2", "", ""]
    run = cli("reflect", "branching-test", input="\n".join(lines) + "\n")
    assert run.exit_code == 0, run
    out = run.stdout
    assert "It sounds like another part is here too" in out
    assert "Before: annoyed  (an empty line keeps it)" in out  # back at feel
    assert "A low number is information" in out
    data = only_reflection(mapped)
    answers = {a["step"]: a.get("answer") for a in data["answers"]}
    assert answers["other-part"] == "a tight jaw"  # kept though the walk went another way
    assert answers["feel"] == ["curious"]
    assert data["path"] == ["who", "feel", "befriend", "rate", "low", "closing"]


def test_not_there_is_offered_only_where_the_pack_says(cli, mapped: Path) -> None:
    lines = ["Critic", "/nt", "/back", "3", "/notthere", "1", "it keeps me safe", ""]
    run = cli("reflect", "branching-test", input="\n".join(lines) + "\n")
    assert run.exit_code == 0, run
    out = run.stdout
    assert "This question can wait: taken as not now" in out  # at feel, gently
    assert out.count("type /notthere (or /nt)") == 1  # the hint, at other-part only
    assert "Thank that part for letting you know" in out
    data = only_reflection(mapped)
    skipped = next(a for a in data["answers"] if a["step"] == "other-part")
    assert skipped["skipped"] is True and skipped["not_there"] is True
    assert data["path"] == ["who", "feel", "other-part", "thanks", "know", "gentle-end"]


def test_help_lists_notthere(cli, mapped: Path) -> None:
    run = cli("reflect", "branching-test", input="/help\n/stop\n")
    assert "/notthere" in run.stdout and "doesn't want to go there" in run.stdout


def test_back_after_resume_follows_the_path(cli, mapped: Path) -> None:
    run = cli("reflect", "branching-test", input="Critic\n4\n/stop\n")
    assert run.exit_code == 0, run
    rec = only_reflection(mapped)
    assert rec["path"] == ["who", "feel"] and rec["at"] == "other-part"
    (path,) = (mapped / "reflections").glob("*.toml")
    run = cli("reflect", "--resume", path.stem, input="/back\n\n/stop\n")
    assert run.exit_code == 0, run
    assert "Before: afraid" in run.stdout
    assert only_reflection(mapped)["at"] == "other-part"  # kept, and on along its branch
