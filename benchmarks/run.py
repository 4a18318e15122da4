"""Measure ifs against floors run in the same run: CPU-time ratios, medians, interleaved.

    python benchmarks/run.py --quick     # smoke run: small data, 3 rounds (~1 minute)
    python benchmarks/run.py             # the issue's sizes, 9 rounds
    python benchmarks/run.py --data DIR  # keep the generated maps in DIR (new or empty)

Each row runs `ifs ...` and its floor as whole processes, one after the other, the order
swapped every round, and takes the child's user+system CPU time from wait4 (so interpreter
start and imports count, and time spent waiting on a busy machine does not). The ratio
shown is the median of the per-round ratios. See docs/performance.md for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.gen import make_map  # noqa: E402
from benchmarks.save_row import measure_save  # noqa: E402

HERE = Path(__file__).resolve().parent
IFS = [sys.executable, "-m", "ifs_tui"]
APP = [sys.executable, str(HERE / "app_child.py")]


@dataclass
class Row:
    what: str
    mine: list[str]  # the command measured; "{round}" becomes the round's number
    floor: list[str]
    budget: float
    # Checked once before timing: "lines", both print as many lines (the same rows);
    # "text", both print the same (the app children print how many parts they show);
    # "": the floor prints one line, its start-up.
    same: str = "lines"


def ifs(folder: Path, *args: str) -> list[str]:
    return [*IFS, "--map", str(folder), *args]


def floor_cli(rows: Path) -> list[str]:
    return [sys.executable, str(HERE / "floor_cli.py"), str(rows)]


def cpu_seconds(argv: list[str], env: dict[str, str]) -> float:
    """The child's user+system CPU time; its output goes into a pipe, as into `less`."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    while proc.stdout.read(65536):
        pass
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def output_of(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def write_rows(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    path.write_text(json.dumps({"columns": columns, "rows": rows}), encoding="utf-8")
    return path


def part_rows(folder: Path, env: dict[str, str], out: Path) -> Path:
    parts = json.loads(output_of([*IFS, "--map", str(folder), "part", "list", "--json"], env))
    return write_rows(out, ["id", "name", "role", "status", "job"],
                      [[p["id"], p["name"], p["role"], p["status"],
                        p["job"].split("\n")[0]] for p in parts])


def journal_rows(folder: Path, env: dict[str, str], out: Path) -> Path:
    parts = json.loads(output_of([*IFS, "--map", str(folder), "part", "list", "--json"], env))
    names = {p["id"]: p["name"] for p in parts}
    recs = json.loads(output_of([*IFS, "--map", str(folder), "journal", "list", "--json"], env))
    return write_rows(out, ["date", "pack", "part", "status", "id"],
                      [[r["started"][:16].replace("T", " "), r["pack_title"],
                        names.get(r["part"], r["part"]), r["status"], r["id"]] for r in recs])


def same_output(row: Row, env: dict[str, str]) -> None:
    """The harness is only fair if both do the same work: check once, before timing."""
    mine = output_of(row.mine, env)
    floor = output_of(row.floor, env)
    if row.same == "lines" and len(mine.splitlines()) != len(floor.splitlines()):
        raise SystemExit(f"{row.what}: ifs printed {len(mine.splitlines())} lines, "
                         f"the floor {len(floor.splitlines())}")
    if row.same == "text" and mine != floor:
        raise SystemExit(f"{row.what}: ifs printed {mine.strip()!r}, the floor {floor.strip()!r}")


def measure(row: Row, rounds: int, env: dict[str, str]) -> tuple[float, float, float]:
    floor_argv = row.floor
    mine, floor, ratios = [], [], []
    for i in range(rounds):
        # A command that changes the map (part add) needs a new name each round.
        mine_argv = [a.replace("{round}", str(i)) for a in row.mine]
        if i % 2:  # swap the order each round, so drift in load hits both alike
            f = cpu_seconds(floor_argv, env)
            m = cpu_seconds(mine_argv, env)
        else:
            m = cpu_seconds(mine_argv, env)
            f = cpu_seconds(floor_argv, env)
        mine.append(m)
        floor.append(f)
        ratios.append(m / f)
    return statistics.median(mine), statistics.median(floor), statistics.median(ratios)


def plan(data: Path, quick: bool, env: dict[str, str]) -> list[Row]:
    sizes = (60,) if quick else (60, 1_000)
    recs = 1_000 if quick else 5_000
    rows: list[Row] = []
    for n in sizes:
        folder = make_map(data / f"parts-{n}", n)
        rows.append(Row(f"ifs part list, {n:,} parts", ifs(folder, "part", "list"),
                        floor_cli(part_rows(folder, env, data / f"rows-parts-{n}.json")),
                        1.15))
    for n in sizes:
        rows.append(Row(f"app: main screen ready, {n:,} parts",
                        [*APP, "ifs", str(data / f"parts-{n}")], [*APP, "floor", str(n)],
                        1.3, same="text"))
    n = sizes[-1]
    folder = make_map(data / f"add-{n}", n)
    added = output_of([*IFS, "--map", str(folder), "part", "add", "Bench 0", "--role",
                       "manager"], env).strip()
    rows.append(Row(f"ifs part add, {n:,} parts",
                    ifs(folder, "part", "add", "Bench {round} b", "--role", "manager"),
                    floor_cli(write_rows(data / "rows-add.json", [added], [])),
                    1.3 if n > 60 else 1.15, same=""))
    folder = make_map(data / f"journal-{recs}", 60, recs)
    rows.append(Row(f"ifs journal list, {recs:,} reflections", ifs(folder, "journal", "list"),
                    floor_cli(journal_rows(folder, env, data / f"rows-journal-{recs}.json")),
                    1.15))
    # check: budget against the floor's start-up (it prints one line), files unchanged.
    found = output_of([*IFS, "--map", str(folder), "check"], env).strip()
    rows.append(Row(f"ifs check, {recs:,} reflections", ifs(folder, "check"),
                    floor_cli(write_rows(data / "rows-check.json", [found], [])), 1.5,
                    same=""))
    return rows


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores · "
            f"Python {platform.python_version()} · load {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: small, 3 rounds")
    parser.add_argument("--data", type=Path, help="where to make the maps (new or empty)")
    parser.add_argument("--rounds", type=int, help="rounds per row (default 3 quick, 9 full)")
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 9)
    with tempfile.TemporaryDirectory(prefix="ifs-bench-") as tmp:
        data = args.data or Path(tmp)
        data.mkdir(parents=True, exist_ok=True)
        if any(data.iterdir()):
            raise SystemExit(f"{data} is not empty: give a new or empty folder")
        env = {**os.environ, "IFS_TUI_HOME": str(data / "home"),
               "IFS_TUI_CONFIG_HOME": str(data / "config"), "NO_COLOR": "1",
               "COLUMNS": "120", "LINES": "40"}
        env.pop("IFS_TUI_DEBUG", None)
        print(f"machine: {machine()}")
        rows = plan(data, args.quick, env)
        print(f"{'what':<36} {'ifs CPU':>9} {'floor CPU':>10} {'ratio':>6} {'budget':>7}")
        missed = 0
        for row in rows:
            if row.same:
                same_output(row, env)
            mine, floor, ratio = measure(row, rounds, env)
            met = ratio <= row.budget
            missed += not met
            print(f"{row.what:<36} {mine * 1000:7.0f}ms {floor * 1000:8.0f}ms {ratio:5.2f}×"
                  f" {'≤':>2}{row.budget:.2f}×  {'met' if met else 'MISSED'}")
        mine, floor, ratio, wall = measure_save(data, 60, rounds * 5)
        met = ratio <= 1.15
        missed += not met
        print(f"{'save, 60 parts (in process)':<36} {mine * 1000:7.1f}ms {floor * 1000:8.1f}ms "
              f"{ratio:5.2f}× {'≤':>2}1.15×  {'met' if met else 'MISSED'}"
              f"  (wall, fsync included: {wall:.2f}×)")
        print(f"after: load {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"{rounds} rounds a row; {missed} budget(s) missed")


if __name__ == "__main__":
    main()
