"""`ifs reflect` at a part step on a map with many parts: found by name, not listed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.test_reflect_cli import EVERY_KIND, only_reflection

NAMES = [f"Worker {n}" for n in range(1, 31)] + ["The Critic", "Critic of plans", "Sleepy"]


@pytest.fixture
def crowded(cli, map_folder: Path) -> Path:
    """33 parts: more than are listed one by one."""
    cli("init")
    for name in NAMES:
        assert cli("part", "add", name).exit_code == 0, name
    (map_folder / "prompts").mkdir()
    (map_folder / "prompts" / "every-kind.toml").write_text(EVERY_KIND)
    return map_folder


def names_in(folder: Path) -> list[str]:
    return [p["name"] for p in tomllib.loads((folder / "map.toml").read_text())["parts"]]


def test_many_parts_are_not_listed_before_the_step(cli, crowded: Path) -> None:
    run = cli("reflect", "every-kind", input="\n/stop\n")
    assert run.exit_code == 0, run
    assert "Worker" not in run.stdout  # no part listed, nor numbered
    assert "You have 33 parts. Type a name, or part of one, to find it." in run.stdout
    assert len(run.stdout.splitlines()) < 30


def test_part_of_a_name_lists_the_matches_to_choose_from(cli, crowded: Path) -> None:
    run = cli("reflect", "every-kind", input="\ncritic\n2\n/stop\n")
    assert run.exit_code == 0, run
    assert "2 parts with 'critic' in the name:" in run.stdout
    # A name that starts with the words comes first; then map order.
    assert "  1. Critic of plans (unknown)\n  2. The Critic (unknown)\n" in run.stdout
    assert "  3. Create a new part named 'critic'" in run.stdout
    assert "With The Critic." in run.stdout
    assert only_reflection(crowded)["part"] == "the-critic"


def test_more_matches_than_listed_ask_for_more_of_the_name(as_terminal, cli,
                                                           crowded: Path) -> None:
    # "work": 30 workers, 20 listed; "orker 2" narrows (Worker 2, 20-29); 1 is Worker 2.
    run = cli("reflect", "every-kind", input="\nwork\norker 2\n1\n/stop\n")
    assert run.exit_code == 0, run
    out = run.stdout
    assert "30 parts with 'work' in the name:" in out
    assert "  20. Worker 20 (unknown)" in out and "  21. Worker 21" not in out
    assert "10 more not listed: type more of the name to narrow." in out
    assert "11 parts with 'orker 2' in the name:" in out
    assert "With Worker 2." in out
    assert only_reflection(crowded)["part"] == "worker-2"


def test_a_new_part_takes_the_name_last_typed(as_terminal, cli, crowded: Path) -> None:
    run = cli("reflect", "every-kind", input="\nwork\nLantern keeper\ny\n/stop\n")
    assert run.exit_code == 0, run
    assert "No part is named 'Lantern keeper' yet. Add it to your map" in run.stdout
    assert "Lantern keeper" in names_in(crowded)
    assert "work" not in names_in(crowded)


def test_enter_at_the_matches_asks_the_step_again(as_terminal, cli, crowded: Path) -> None:
    run = cli("reflect", "every-kind", input="\ncritic\n\nsleepy\n/stop\n")
    assert run.exit_code == 0, run
    assert "Nothing was chosen; answer with a number or a name." in run.stdout
    assert "With Sleepy." in run.stdout
    assert names_in(crowded) == NAMES  # nothing created


def test_a_number_is_a_name_when_no_list_was_shown(cli, crowded: Path) -> None:
    run = cli("reflect", "every-kind", input="\n3\n1\n/stop\n")
    assert run.exit_code == 0, run
    # Not the third part on the map: the parts whose names hold a 3.
    assert "4 parts with '3' in the name:" in run.stdout
    assert only_reflection(crowded)["part"] == "worker-3"


def test_not_now_and_a_piped_refusal_stay_as_they_were(cli, crowded: Path) -> None:
    run = cli("reflect", "every-kind", input="\n/notnow\n/stop\n")
    assert run.exit_code == 0 and "Not now. That's fine." in run.stdout
    run = cli("reflect", "every-kind", input="\ncritic\n\nsleepy\n")
    assert run.exit_code == 1  # from a pipe a line not taken stops the walk
    assert "walk stops here" in run.stdout
