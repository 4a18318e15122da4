"""The benchmark's generated maps are real maps, and its floor prints the rows ifs prints.

Only correctness here: speed is measured by benchmarks/run.py, never in the suite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from benchmarks import floor_cli
from benchmarks.gen import make_map
from benchmarks.run import write_rows
from typer.testing import CliRunner


def test_generated_map_passes_check(cli: Callable[..., object], tmp_path: Path) -> None:
    folder = make_map(tmp_path / "maps" / "bench", 12, 40)
    done = cli("--map", str(folder), "check")
    assert done.exit_code == 0, done
    assert "no problems found" in done.stdout
    parts = json.loads(cli("--map", str(folder), "part", "list", "--json").stdout)
    assert len(parts) == 12
    recs = json.loads(cli("--map", str(folder), "journal", "list", "--json").stdout)
    assert len(recs) == 40
    assert {r["status"] for r in recs} >= {"finished"}
    texts = [p.read_text(encoding="utf-8") for p in (folder / "reflections").glob("*.toml")]
    assert any("skipped = true" in t for t in texts)  # some answers are "not now"
    assert "[[relationships]]" in (folder / "map.toml").read_text(encoding="utf-8")


def test_same_seed_same_files(tmp_path: Path) -> None:
    one = make_map(tmp_path / "one", 5, 6)
    two = make_map(tmp_path / "two", 5, 6)
    names = sorted(p.name for p in (one / "reflections").iterdir())
    assert names == sorted(p.name for p in (two / "reflections").iterdir())
    for name in names:
        assert (one / "reflections" / name).read_bytes() == \
            (two / "reflections" / name).read_bytes()


def test_floor_prints_one_line_per_row_as_ifs_does(cli: Callable[..., object],
                                                    tmp_path: Path) -> None:
    folder = make_map(tmp_path / "maps" / "bench", 30)
    parts = json.loads(cli("--map", str(folder), "part", "list", "--json").stdout)
    # A job far wider than any terminal: a Rich table would fold it into more lines.
    parts[0]["job"] = "word " * 80
    rows = write_rows(tmp_path / "rows.json", ["id", "name", "role", "status", "job"],
                      [[p["id"], p["name"], p["role"], p["status"], p["job"]] for p in parts])
    floor = CliRunner().invoke(floor_cli.app, [str(rows)])
    assert floor.exit_code == 0, floor.output
    shown = cli("--map", str(folder), "part", "list").stdout.splitlines()
    assert len(floor.output.splitlines()) == len(shown) == 31


def test_save_floor_writes_the_same_map(tmp_path: Path) -> None:
    import tomllib

    from benchmarks.save_row import measure_save

    measure_save(tmp_path, 6, rounds=2)  # its times are not looked at here
    ours = tomllib.loads((tmp_path / "save-6" / "map.toml").read_text(encoding="utf-8"))
    theirs = tomllib.loads((tmp_path / "floor-save" / "map.toml").read_text(encoding="utf-8"))
    ours.pop("updated")
    theirs.pop("updated")
    assert ours == theirs and len(ours["parts"]) == 6


async def test_app_children_show_the_same_parts(tmp_path: Path) -> None:
    from benchmarks.app_child import start_floor, start_ifs

    folder = make_map(tmp_path / "maps" / "bench", 9)
    assert await start_ifs(folder) == await start_floor(9) == 9
