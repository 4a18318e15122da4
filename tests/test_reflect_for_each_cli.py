"""`ifs reflect` in steps asked once for each option chosen (for_each): which option a
round is about, `/next` (not now for the whole option), Back across rounds, stop and
resume inside a round; answers piped in on standard input."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

FOR_EACH = Path(__file__).parent / "packs" / "for-each.toml"


@pytest.fixture
def grouped(cli, map_folder: Path) -> Path:
    assert cli("init").exit_code == 0
    (map_folder / "prompts").mkdir()
    shutil.copy(FOR_EACH, map_folder / "prompts")
    return map_folder


def record(folder: Path) -> dict:
    (path,) = (folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


def answers(folder: Path) -> dict[tuple[str, str], object]:
    """(step, option) -> the answer, or "SKIPPED"."""
    return {(a["step"], a.get("item", "")): "SKIPPED" if a.get("skipped") else a.get("answer")
            for a in record(folder)["answers"]}


def walk(cli, *lines: str, resume: bool = False):
    args = ("reflect", "--resume") if resume else ("reflect", "for-each-test")
    return cli(*args, input="".join(f"{line}\n" for line in lines))


def test_each_round_says_which_option_and_how_many(cli, grouped: Path) -> None:
    run = walk(cli, "1, 3", "stuck", "2", "numb", "2", "")
    assert run.exit_code == 0 and "Finished" in run.stdout, run
    assert run.stdout.count("About “freezing in conflict” (1 of 2)") == 2
    assert run.stdout.count("About “going numb near sadness” (2 of 2)") == 2
    assert run.stdout.count("/next: not now for the rest of this option.") == 4
    assert answers(grouped) == {
        ("patterns", ""): ["freezing in conflict", "going numb near sadness"],
        ("fear", "freezing in conflict"): "stuck", ("safer", "freezing in conflict"): ["not sure"],
        ("fear", "going numb near sadness"): "numb",
        ("safer", "going numb near sadness"): ["not sure"]}


def test_next_passes_over_the_rest_of_one_option(cli, grouped: Path) -> None:
    run = walk(cli, "1, 2, biting my tongue", "/next", "lonely", "/next", "/next", "")
    assert run.exit_code == 0 and "Finished" in run.stdout, run
    assert "Not now for “freezing in conflict”. That's fine." in run.stdout
    assert "Not now for “biting my tongue”. That's fine." in run.stdout
    assert "About “expecting criticism” (2 of 3)" in run.stdout
    assert "About “biting my tongue” (3 of 3)" in run.stdout
    got = answers(grouped)
    assert got[("fear", "freezing in conflict")] == "SKIPPED"
    assert ("safer", "freezing in conflict") not in got  # never asked: passed over
    assert got[("fear", "expecting criticism")] == "lonely"
    assert got[("safer", "expecting criticism")] == "SKIPPED"
    assert got[("fear", "biting my tongue")] == "SKIPPED"
    assert record(grouped)["status"] == "finished"


def test_next_outside_a_group_is_a_gentle_no(cli, grouped: Path) -> None:
    run = walk(cli, "/next", "2", "/stop")
    assert "/next is for questions asked once for each option chosen" in run.stdout
    assert "/next" in walk(cli, "/help", "/stop").stdout
    got = answers(grouped)
    assert got == {("patterns", ""): ["expecting criticism"]}  # asked again, then answered


def test_help_lists_next(cli, grouped: Path) -> None:
    run = walk(cli, "/help")
    assert "/next" in run.stdout and "not now for this whole option" in run.stdout


def test_back_across_a_round_boundary_keeps_words(cli, grouped: Path) -> None:
    # Round 1 answered, round 2's first question, then Back into round 1 and on again.
    run = walk(cli, "1, 2", "stuck", "2", "/back", "/back", "", "", "criticised", "2", "")
    assert run.exit_code == 0 and "Finished" in run.stdout, run
    assert "Before: not sure" in run.stdout and "Before: stuck" in run.stdout
    assert run.stdout.count("About “freezing in conflict” (1 of 2)") == 5  # 2 + 3 times
    got = answers(grouped)
    assert got[("fear", "freezing in conflict")] == "stuck"
    assert got[("fear", "expecting criticism")] == "criticised"
    assert record(grouped)["path"] == ["patterns", "fear#1", "safer#1", "fear#2", "safer#2",
                                       "closing"]


def test_stop_mid_round_and_resume_there(cli, grouped: Path) -> None:
    run = walk(cli, "1, 2", "stuck", "2", "/stop")
    assert "Go on later with: ifs reflect --resume" in run.stdout
    data = record(grouped)
    assert (data["at"], data["round"], data["status"]) == ("fear", 2, "stopped")
    run = walk(cli, "criticised", resume=True)  # then the input ends: stopped again, saved
    assert "About “expecting criticism” (2 of 2)" in run.stdout
    assert "Stopped. Everything so far is saved." in run.stdout
    data = record(grouped)
    assert (data["at"], data["round"]) == ("safer", 2)
    run = walk(cli, "/next", "", resume=True)
    assert "Finished" in run.stdout
    assert answers(grouped)[("fear", "expecting criticism")] == "criticised"
    assert answers(grouped)[("safer", "expecting criticism")] == "SKIPPED"
