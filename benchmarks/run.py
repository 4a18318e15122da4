"""Measure ifs against floors run in the same run: CPU-time ratios, medians, interleaved.

    .venv/bin/python benchmarks/run.py            # every row at the issue's sizes, 9 rounds
    .venv/bin/python benchmarks/run.py --quick    # a smoke run: 3 rounds, 1,000 reflections
    .venv/bin/python benchmarks/run.py --only journal-list,app-ready   # some rows
    .venv/bin/python benchmarks/run.py --list     # the rows' ids

Generated maps are kept in --data (default benchmarks/data/) and reused by the next run.
Results are printed as a table and written as JSON (benchmarks/results/latest.json for a
full run, partial.json otherwise). The method is in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.gen import ROLES, cached_map  # noqa: E402
from benchmarks.measure import (  # noqa: E402
    Budget,
    ChildFailed,
    Pair,
    Result,
    fixed,
    output_of,
    reported,
)
from benchmarks.save_row import measure_save  # noqa: E402
from ifs_tui.core.packs import builtin_pack_files  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA_MARK = ".ifs-bench-data"
IFS = [sys.executable, "-m", "ifs_tui"]
APP = [sys.executable, str(HERE / "app_child.py")]
ROW_IDS = ("part-list-60", "part-list-1000", "part-list-10000", "part-show", "part-add-60",
           "check-60", "prompts-list", "part-add-1000", "journal-list", "journal-list-n",
           "check-reflections", "app-ready", "tree-key", "app-start-reflections",
           "journal-open", "filter-key", "search-key", "save", "part-list-sealed",
           "journal-list-sealed")
SEALED_PASSPHRASE = "bench passphrase, not a secret"


@dataclass
class Sizes:
    rounds: int
    reflections: int
    keys: int  # "down" presses in the tree, per round
    filter_word: str
    search_word: str
    big: bool  # the informational 10,000-part row


FULL = Sizes(rounds=9, reflections=5_000, keys=20, filter_word="quiet", search_word="room",
             big=True)
QUICK = Sizes(rounds=3, reflections=1_000, keys=5, filter_word="qui", search_word="ro",
              big=False)


def ifs(folder: Path, *args: str) -> list[str]:
    return [*IFS, "--map", str(folder), *args]


def floor_cli(rows: Path) -> list[str]:
    return [sys.executable, str(HERE / "floor_cli.py"), str(rows)]


def write_rows(path: Path, columns: list[str], rows: list[list[str]],
               read: list[Path] = ()) -> Path:  # type: ignore[assignment]
    """The floor's rows file: what to print, and which files to parse first."""
    path.write_text(json.dumps({"columns": columns, "rows": rows,
                                "read": [str(p) for p in read]}), encoding="utf-8")
    return path


def write_lines(path: Path, text: str, read: list[Path] = (),  # type: ignore[assignment]
                write: list[Path] | None = None) -> Path:
    path.write_text(json.dumps({"lines": text.splitlines(), "read": [str(p) for p in read],
                                "write": [str(p) for p in write] if write else None}),
                    encoding="utf-8")
    return path


def part_rows(folder: Path, env: dict[str, str], out: Path) -> Path:
    parts = json.loads(output_of(ifs(folder, "part", "list", "--json"), env))
    parts.sort(key=lambda p: ROLES.index(p["role"]))  # the table is grouped by role
    return write_rows(out, ["id", "name", "role", "status", "job"],
                      [[p["id"], p["name"], p["role"], p["status"],
                        p["job"].split("\n")[0]] for p in parts], read=[folder / "map.toml"])


def journal_rows(folder: Path, env: dict[str, str], out: Path, *more: str) -> Path:
    """The rows ifs lists; the floor parses the map and each listed reflection's file."""
    parts = json.loads(output_of(ifs(folder, "part", "list", "--json"), env))
    names = {p["id"]: p["name"] for p in parts}
    recs = json.loads(output_of(ifs(folder, "journal", "list", "--json", *more), env))
    files = [folder / "reflections" / f"{r['id']}.toml" for r in recs]
    return write_rows(out, ["date", "pack", "part", "status", "id"],
                      [[r["started"][:16].replace("T", " "), r["pack_title"],
                        names.get(r["part"], r["part"]), r["status"], r["id"]] for r in recs],
                      read=[folder / "map.toml", *files])


def newest_in(help_text: str) -> bool:
    """Whether `ifs journal list --help` offers -n / --newest (added by issue 12)."""
    return bool(re.search(r"(^|[\s,])-n\b", help_text)) or "--newest" in help_text


def same_parts(m: dict[str, Any], f: dict[str, Any]) -> str:
    if m["shown"] != f["shown"]:
        return f"the ifs tree shows {m['shown']} parts, the floor's {f['shown']}"
    return ""


class Plan:
    """The rows wanted, each prepared (data made, floor rows written) just before use."""

    def __init__(self, data: Path, sizes: Sizes, env: dict[str, str], wanted: set[str]):
        self.data, self.sizes, self.env, self.wanted = data, sizes, env, wanted
        self.work = data / "work"  # fresh each run: the rows that change a map
        self.rows = data / "rows"
        for folder in (self.work, self.rows):
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True, mode=0o700)

    def want(self, *ids: str) -> bool:
        return any(i in self.wanted for i in ids)

    def copy(self, folder: Path, name: str) -> Path:
        target = self.work / name
        shutil.copytree(folder, target, symlinks=True)
        return target

    def sealed_copy(self, folder: Path, name: str) -> Path:
        """A copy of `folder`, encrypted with the real scrypt cost."""
        from ifs_tui.core import sealing

        target = self.work / name
        if not target.exists():
            sealing.seal_map(self.copy(folder, name), SEALED_PASSPHRASE)
        return target

    def cli_pair(self, row_id: str, what: str, budget: Budget | None, mine: list[str],
                 floor_rows: Path, against: str, exact: bool = False) -> Pair:
        """A whole-process row; ifs and the floor must print the same rows (checked once)."""
        shown = output_of([a.replace("{round}", "check") for a in mine], self.env)
        floor = floor_cli(floor_rows)
        printed = output_of(floor, self.env)
        if len(shown.splitlines()) != len(printed.splitlines()) or (
                exact and [s.rstrip() for s in shown.splitlines()]
                != [p.rstrip() for p in printed.splitlines()]):
            raise ChildFailed(f"{what}: ifs printed {len(shown.splitlines())} lines, the "
                              f"floor {len(printed.splitlines())}: not the same rows")
        return Pair(mine=lambda i: [a.replace("{round}", str(i)) for a in mine], floor=floor,
                    results=[(Result(row_id, what, budget, against), "process")])

    def lines_pair(self, row_id: str, what: str, budget: Budget, mine: list[str],
                   exact: bool = True, read: list[Path] = (),  # type: ignore[assignment]
                   write: list[Path] | None = None) -> Pair:
        """The floor prints the lines ifs printed (once, untimed, before the rounds)."""
        text = output_of([a.replace("{round}", "first") for a in mine], self.env)
        rows = write_lines(self.rows / f"{row_id}.json", text, read, write)
        return self.cli_pair(row_id, what, budget, mine, rows, "floor printing the same lines",
                             exact=exact)

    def pairs(self) -> list[Pair | Result]:
        s, d = self.sizes, self.data
        out: list[Pair | Result] = []
        ratio = Budget("ratio", 1.15)
        for n in (60, 1_000, 10_000):
            row_id = f"part-list-{n}"
            if self.want(row_id) and (n < 10_000 or s.big):
                folder = cached_map(d, f"parts-{n}", n)
                out.append(self.cli_pair(
                    row_id, f"ifs part list, {n:,} parts", ratio if n < 10_000 else None,
                    ifs(folder, "part", "list"),
                    part_rows(folder, self.env, self.rows / f"{row_id}.json"),
                    "floor printing the same rows"))
        if self.want("part-show"):
            folder = cached_map(d, "parts-60", 60)
            out.append(self.lines_pair("part-show", "ifs part show, 60 parts", ratio,
                                       ifs(folder, "part", "show", "part-7"),
                                       read=[folder / "map.toml"]))
        for n in (60, 1_000):
            if self.want(f"part-add-{n}"):
                folder = self.copy(cached_map(d, f"parts-{n}", n), f"add-{n}")
                target = self.work / f"floor-add-{n}.toml"
                out.append(self.lines_pair(
                    f"part-add-{n}", f"ifs part add, {n:,} parts",
                    Budget("ratio", 1.15 if n == 60 else 1.3),
                    ifs(folder, "part", "add", "Bench {round} b", "--role", "manager"),
                    exact=False,  # each round adds a part of another name
                    write=[folder / "map.toml", target]))
        if self.want("check-60"):
            folder = cached_map(d, "parts-60", 60)
            # ifs check parses the map and the person's and the map's own packs (none
            # here); the built-in packs ship with ifs and are not parsed again.
            out.append(self.lines_pair("check-60", "ifs check, 60 parts", ratio,
                                       ifs(folder, "check"), read=[folder / "map.toml"]))
        if self.want("prompts-list"):
            folder = cached_map(d, "parts-60", 60)
            out.append(self.lines_pair("prompts-list", "ifs prompts list", ratio,
                                       ifs(folder, "prompts", "list"),
                                       read=builtin_pack_files()))
        recs = s.reflections
        journal = f"journal-{recs}"
        if self.want("journal-list"):
            folder = cached_map(d, journal, 60, recs)
            out.append(self.cli_pair(
                "journal-list", f"ifs journal list, {recs:,} reflections", ratio,
                ifs(folder, "journal", "list"),
                journal_rows(folder, self.env, self.rows / "journal-list.json"),
                "floor printing the same rows"))
        if self.want("journal-list-n"):
            folder = cached_map(d, journal, 60, recs)
            what = f"ifs journal list -n 10, {recs:,} refl."
            if newest_in(output_of(ifs(folder, "journal", "list", "--help"), self.env)):
                out.append(self.cli_pair(
                    "journal-list-n", what, Budget("ratio", 1.3),
                    ifs(folder, "journal", "list", "-n", "10"),
                    journal_rows(folder, self.env, self.rows / "journal-list-n.json",
                                 "-n", "10"),
                    "floor printing the same 10 rows"))
            else:
                out.append(Result("journal-list-n", what, Budget("ratio", 1.3), "",
                                  skipped="not available in this build "
                                          "(`ifs journal list --help` has no -n)"))
        if self.want("check-reflections"):
            folder = cached_map(d, journal, 60, recs)
            output_of(ifs(folder, "check"), self.env)  # untimed: the files are now checked
            out.append(self.lines_pair(
                "check-reflections", f"ifs check, {recs:,} refl., unchanged",
                Budget("ratio", 1.5), ifs(folder, "check")))
        # An encrypted map (issue 15): the same rows, with scrypt (~0.4 s by design) and the
        # decryption on top; the budget is that much beyond the plain floor.
        if self.want("part-list-sealed"):
            folder = self.sealed_copy(cached_map(d, "parts-1000", 1_000), "sealed-1000")
            out.append(self.cli_pair(
                "part-list-sealed", "ifs part list, 1,000 p., encrypted",
                Budget("beyond", 0.55), ifs(folder, "part", "list"),
                part_rows(cached_map(d, "parts-1000", 1_000), self.env,
                          self.rows / "part-list-sealed.json"),
                "floor printing the same rows"))
        if self.want("journal-list-sealed"):
            folder = self.sealed_copy(cached_map(d, journal, 60, recs), f"sealed-{journal}")
            output_of(ifs(folder, "journal", "list"), self.env)  # untimed: index sealed
            out.append(self.cli_pair(
                "journal-list-sealed", f"ifs journal list, {recs:,} r., encrypted",
                Budget("beyond", 0.6), ifs(folder, "journal", "list"),
                journal_rows(cached_map(d, journal, 60, recs), self.env,
                             self.rows / "journal-list-sealed.json"),
                "floor printing the same rows"))
        if self.want("app-ready", "tree-key"):
            folder = cached_map(d, "parts-1000", 1_000)
            keys = ["--keys", str(s.keys)]
            against = "minimal Textual app, same tree"
            app_argv = [*APP, "ifs", str(folder), *keys]
            out.append(Pair(
                mine=fixed(app_argv),
                floor=[*APP, "floor", "1000", *keys], run=reported, same=same_parts,
                results=[(Result("app-ready", "app: main screen ready, 1,000 parts",
                                 Budget("ratio", 1.3), against), "ready"),
                         (Result("tree-key", "app: CPU per key in tree, 1,000 p.",
                                 Budget("beyond", 0.010), against), "key")]))
        if self.want("app-start-reflections", "journal-open", "filter-key", "search-key"):
            with_recs = cached_map(d, journal, 60, recs)
            plain = cached_map(d, "parts-60", 60)
            steps = ["--journal", s.filter_word, "--search", s.search_word]
            against = "ifs, 60 parts, no reflections"
            within = Budget("within", 0.150)
            app_argv = [*APP, "ifs", str(with_recs), *steps]
            out.append(Pair(
                mine=fixed(app_argv),
                floor=[*APP, "ifs", str(plain), *steps], run=reported, same=same_parts,
                results=[(Result("app-start-reflections",
                                 f"app: start, 60 p. + {recs:,} refl.",
                                 Budget("ratio", 1.3), "ifs start, 60 parts"), "ready"),
                         (Result("journal-open", f"app: open journal, {recs:,} refl.",
                                 within, against), "journal_open"),
                         (Result("filter-key", f"app: journal filter key, {recs:,} r.",
                                 within, against), "filter_key"),
                         (Result("search-key", f"app: search key, {recs:,} refl.",
                                 within, against), "search_key")]))
        if self.want("save"):
            out.append(Result("save", "save, 60 parts, fsync (in process)",
                              Budget("ratio", 1.15), "tomli-w + fsync + replace"))
        return out


def compile_ifs() -> None:
    """Compile ifs_tui's modules once, before timing, as installing a wheel does.

    From a checkout (`pip install -e`) nothing is compiled in advance, and with
    PYTHONDONTWRITEBYTECODE set every `python -m ifs_tui` would compile each module it
    imports again (~30 ms a process), which an installed ifs never does. The floors'
    libraries were compiled when they were installed. The files go to __pycache__.
    """
    import compileall

    import ifs_tui

    compileall.compile_dir(Path(ifs_tui.__file__).parent, quiet=1)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "textual": textual.__version__,
            "os": platform.platform(), "load_at_start": list(os.getloadavg())}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"


HEAD = (f"{'row':<21} {'what':<38} {'ifs CPU':>8} {'floor':>7} {'ratio':>6} "
        f"{'ifs wall':>8} {'floor':>7}  {'budget':<15} verdict")


def line(r: Result) -> str:
    if r.skipped or not r.rounds:
        return f"{r.id:<21} {r.what:<38} {'':>8} {'':>7} {'':>6} {'':>8} {'':>7}  " \
               f"{r.budget.text() if r.budget else '':<15} {r.verdict()}"
    return (f"{r.id:<21} {r.what:<38} {ms(r.median(0, 0)):>6}ms {ms(r.median(1, 0)):>5}ms "
            f"{r.ratio():5.2f}× {ms(r.median(0, 1)):>6}ms {ms(r.median(1, 1)):>5}ms  "
            f"{r.budget.text() if r.budget else '(no budget)':<15} {r.verdict()}")


def choose(only: str | None) -> set[str]:
    if not only:
        return set(ROW_IDS)
    wanted = set()
    for name in only.split(","):
        found = {i for i in ROW_IDS if i == name.strip() or i.startswith(name.strip())}
        if not found:
            raise SystemExit(f"no row '{name}'; the rows are: {', '.join(ROW_IDS)}")
        wanted |= found
    return wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 3 rounds, 1,000 reflections, no 10,000-part row")
    parser.add_argument("--only", help="comma-separated row ids (or their beginnings)")
    parser.add_argument("--list", action="store_true", help="print the row ids and stop")
    parser.add_argument("--rounds", type=int, help="rounds per row (default 3 quick, 9 full)")
    parser.add_argument("--data", type=Path, default=HERE / "data",
                        help="where generated maps are kept and reused (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="the JSON results file")
    args = parser.parse_args()
    if args.list:
        print("\n".join(ROW_IDS))
        return
    sizes = QUICK if args.quick else FULL
    rounds = args.rounds or sizes.rounds
    wanted = choose(args.only)
    full = not args.quick and not args.only and not args.rounds
    out = args.out or HERE / "results" / ("latest.json" if full else "partial.json")
    data = args.data.resolve()
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    mark = data / DATA_MARK  # the run removes folders in here: never in someone else's
    if not mark.exists() and any(data.iterdir()):
        raise SystemExit(f"{data} is not empty and was not made by the benchmark: "
                         "give a new or empty folder with --data")
    mark.write_text("made by benchmarks/run.py; generated maps, safe to delete\n",
                    encoding="utf-8")
    env = {**os.environ, "IFS_TUI_PASSPHRASE": SEALED_PASSPHRASE,
           "IFS_TUI_HOME": str(data / "work" / "home"),
           "IFS_TUI_CONFIG_HOME": str(data / "work" / "config"), "NO_COLOR": "1",
           "COLUMNS": "120", "LINES": "40"}
    for name in ("IFS_TUI_DEBUG", "IFS_TUI_MAP"):
        env.pop(name, None)
    compile_ifs()
    info = machine()
    started = time.time()
    print(f"machine: {info['cpu']} · {info['cores']} cores · Python {info['python']} · "
          f"SQLite {info['sqlite']} · {info['os']}")
    print(f"load at start: {', '.join(f'{x:.2f}' for x in info['load_at_start'])}; "
          f"{rounds} rounds a row; data in {data}")

    def say(text: str) -> None:
        print(text, end="", flush=True)

    results: list[Result] = []
    plan = Plan(data, sizes, env, wanted)
    for item in plan.pairs():
        if isinstance(item, Result):
            if item.id == "save" and not item.skipped:
                for m_cpu, m_wall, f_cpu, f_wall in measure_save(plan.work, 60, rounds * 5):
                    item.rounds.append(([m_cpu, m_wall], [f_cpu, f_wall]))
            results.append(item)
            continue
        say(f"{item.results[0][0].id} ")
        try:
            item.measure(rounds, env, say)
        except ChildFailed as err:
            for result, _ in item.results:
                result.rounds.clear()
                result.skipped = f"failed: {err}"
        say("\n")
        results.extend(result for result, _ in item.results)
    order = {row_id: i for i, row_id in enumerate(ROW_IDS)}
    results.sort(key=lambda r: order[r.id])
    print()
    print(HEAD)
    for r in results:
        print(line(r))
    missed = sum(r.met() is False for r in results)
    load = os.getloadavg()
    print(f"load at end: {', '.join(f'{x:.2f}' for x in load)}; "
          f"{time.time() - started:.0f} s; {missed} budget(s) missed")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": info, "load_at_end": list(load), "rounds": rounds,
        "mode": "full" if full else "quick" if args.quick else "partial",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": time.time() - started, "missed": missed,
        "results": [r.as_json() for r in results]}, indent=1) + "\n", encoding="utf-8")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
