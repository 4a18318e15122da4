"""The benchmark's generated maps are real maps, and each floor does what ifs does.

Only correctness here: speed is measured by benchmarks/run.py, never in the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from benchmarks import floor_cli
from benchmarks.gen import cached_map, make_map
from benchmarks.measure import Budget, Pair, Result, worst
from benchmarks.run import ROW_IDS, Plan, Sizes, newest_in, write_rows

FLOOR = [sys.executable, str(Path(floor_cli.__file__))]
CLI_ROWS = {"part-list-60", "part-show", "part-add-60", "check-60", "prompts-list",
            "journal-list", "journal-list-n", "check-reflections"}


def env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "120"}


def printed(argv: list[str]) -> list[str]:
    done = subprocess.run(argv, env=env(), capture_output=True, text=True, check=True)
    return [" ".join(line.split()) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("parts", [10, 10_000])
def test_generated_parts_map_passes_check(cli: Callable[..., Any], tmp_path: Path,
                                          parts: int) -> None:
    folder = make_map(tmp_path / "maps" / "bench", parts)
    done = cli("--map", str(folder), "check")
    assert done.exit_code == 0, done
    assert "no problems found" in done.stdout
    # Read back with tomllib: `part list --json` is itself slow at 10,000 parts today.
    data = tomllib.loads((folder / "map.toml").read_text(encoding="utf-8"))
    assert len(data["parts"]) == parts
    assert {p["role"] for p in data["parts"]} == {"manager", "firefighter", "exile", "unknown"}
    links = data["relationships"]
    assert parts <= len(links) <= 2 * parts  # one or two links a part, the first has none
    assert {link["kind"] for link in links} == {"protects", "allied", "polarized"}


def test_generated_reflections_pass_check(cli: Callable[..., Any], tmp_path: Path) -> None:
    folder = make_map(tmp_path / "maps" / "bench", 12, 60)
    done = cli("--map", str(folder), "check")
    assert done.exit_code == 0, done
    assert "no problems found" in done.stdout
    recs = json.loads(cli("--map", str(folder), "journal", "list", "--json").stdout)
    assert len(recs) == 60
    assert {r["status"] for r in recs} >= {"finished"}
    assert len({r["pack"] for r in recs}) >= 4  # the built-in packs, mixed
    texts = [p.read_text(encoding="utf-8") for p in (folder / "reflections").glob("*.toml")]
    assert any("skipped = true" in t for t in texts)  # some answers are "not now"


def test_same_seed_same_files(tmp_path: Path) -> None:
    one = make_map(tmp_path / "one", 5, 6)
    two = make_map(tmp_path / "two", 5, 6)
    def files(folder: Path) -> list[str]:  # .history/ names carry the time of the save
        return sorted(["map.toml", *(f"reflections/{p.name}"
                                     for p in (folder / "reflections").iterdir())])

    names = files(one)
    assert names == files(two)
    assert len(names) == 7  # map.toml and six reflections
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_cached_map_is_reused_and_remade_when_its_recipe_changes(tmp_path: Path) -> None:
    folder = cached_map(tmp_path, "m", 4)
    stamp = (folder / "map.toml").stat().st_mtime_ns
    assert cached_map(tmp_path, "m", 4) == folder
    assert (folder / "map.toml").stat().st_mtime_ns == stamp  # reused, not made again
    cached_map(tmp_path, "m", 5)  # another recipe: made again
    assert (folder / "map.toml").read_text(encoding="utf-8").count("[[parts]]") == 5
    (tmp_path / "maps" / "m.made").unlink()  # as if a run stopped half-way
    cached_map(tmp_path, "m", 5)
    assert (tmp_path / "maps" / "m.made").exists()


def test_each_cli_floor_prints_the_rows_ifs_prints(tmp_path: Path) -> None:
    sizes = Sizes(rounds=1, reflections=30, keys=1, filter_word="q", search_word="r",
                  big=False)
    # Preparing a row runs ifs and its floor once each and compares what they print.
    pairs = Plan(tmp_path / "data", sizes, env(), CLI_ROWS).pairs()
    done = {item.results[0][0].id: item for item in pairs if isinstance(item, Pair)}
    skipped = {item.id for item in pairs if isinstance(item, Result) and item.skipped}
    assert set(done) | skipped == CLI_ROWS
    assert skipped <= {"journal-list-n"}  # only when this build has no -n yet
    # Tables: the same cells in every line, not only as many lines.
    for row_id in ("part-list-60", "journal-list", "journal-list-n"):
        if row_id in done:
            pair = done[row_id]
            assert printed(pair.mine(0)) == printed(pair.floor), row_id
    # The floor parses what ifs has to read: the map and every reflection listed.
    rows = json.loads((tmp_path / "data" / "rows" / "journal-list.json").read_text())
    folder = tmp_path / "data" / "maps" / "journal-30"
    assert sorted(rows["read"]) == sorted(
        [str(folder / "map.toml"), *(str(p) for p in (folder / "reflections").iterdir())])
    assert len(rows["rows"]) == 30


def test_table_floor_keeps_a_long_cell_on_one_line(tmp_path: Path) -> None:
    rows = write_rows(tmp_path / "rows.json", ["id", "job"],
                      [["a", "word " * 80], ["b", "日本語の名前"]])
    lines = subprocess.run([*FLOOR, str(rows)], capture_output=True, text=True, env=env(),
                           check=True).stdout.splitlines()
    assert len(lines) == 3
    assert lines[2].startswith("b   日本語")


def test_part_add_floor_writes_a_map_with_one_part_more(tmp_path: Path) -> None:
    folder = make_map(tmp_path / "m", 3)
    target = tmp_path / "floor.toml"
    spec = tmp_path / "rows.json"
    spec.write_text(json.dumps({"lines": ["added"], "read": [],
                                "write": [str(folder / "map.toml"), str(target)]}))
    assert printed([*FLOOR, str(spec)]) == ["added"]
    assert len(tomllib.loads(target.read_text(encoding="utf-8"))["parts"]) == 4


def test_save_floor_writes_the_same_map(tmp_path: Path) -> None:
    from benchmarks.save_row import measure_save

    assert len(measure_save(tmp_path, 6, rounds=2)) == 2  # its times are not looked at
    ours = tomllib.loads((tmp_path / "save-6" / "map.toml").read_text(encoding="utf-8"))
    theirs = tomllib.loads((tmp_path / "floor-save" / "map.toml").read_text(encoding="utf-8"))
    ours.pop("updated")
    theirs.pop("updated")
    assert ours == theirs and len(ours["parts"]) == 6


def test_newest_option_is_found_in_help_text() -> None:
    assert newest_in("Options:\n  -n, --newest INTEGER  Only the newest N.\n  --json")
    assert newest_in("  --newest N")
    assert not newest_in("Options:\n  --json      Print the list as JSON.\n  -h, --help")


def test_budgets_and_verdicts() -> None:
    ratio = Result("r", "r", Budget("ratio", 1.15), "floor",
                   rounds=[([1.1, 0], [1.0, 0]), ([1.3, 0], [1.0, 0]), ([1.0, 0], [1.0, 0])])
    assert ratio.ratio() == pytest.approx(1.1) and ratio.verdict() == "met"
    beyond = Result("b", "b", Budget("beyond", 0.010), "floor",
                    rounds=[([0.030, 0], [0.015, 0])])
    assert beyond.beyond() == pytest.approx(0.015) and beyond.verdict() == "MISSED"
    within = Result("w", "w", Budget("within", 0.150), "ref", rounds=[([0.149, 0], [9, 0])])
    assert within.verdict() == "met"
    assert Result("i", "i", None, "floor", rounds=[([2, 0], [1, 0])]).verdict() == "info"
    assert Result("s", "s", Budget("ratio", 1), "", skipped="no -n").verdict() == \
        "skipped: no -n"
    assert worst([[0.1, 1.0], [0.3, 0.5], [0.2, 0.1]]) == [0.3, 0.5]  # the slowest key
    assert len(ROW_IDS) == len(set(ROW_IDS))


async def test_app_children_show_the_same_parts_and_reach_every_step(tmp_path: Path) -> None:
    from benchmarks.app_child import run_floor, run_ifs

    folder = make_map(tmp_path / "maps" / "bench", 9, 5)
    ifs = await run_ifs(argparse.Namespace(target=str(folder), keys=2, journal="qu",
                                           search="ro", linger=0.0))
    floor = await run_floor(argparse.Namespace(target="9", keys=2, linger=0.0))
    assert ifs["shown"] == floor["shown"] == 9
    assert len(ifs["filter_key"]) == 2 and len(ifs["search_key"]) == 2
    for timing in (ifs["ready"], ifs["key"], ifs["journal_open"], floor["key"]):
        assert len(timing) == 2 and timing[0] > 0


def test_run_refuses_a_data_folder_it_did_not_make(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    (theirs / "work").mkdir(parents=True)
    (theirs / "work" / "keep.txt").write_text("not the benchmark's")
    run = Path(floor_cli.__file__).with_name("run.py")
    done = subprocess.run([sys.executable, str(run), "--only", "save", "--data", str(theirs)],
                          capture_output=True, text=True, env=env())
    assert done.returncode == 1
    assert "was not made by the benchmark" in done.stderr
    assert (theirs / "work" / "keep.txt").exists()
