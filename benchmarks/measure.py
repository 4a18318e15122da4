"""The measuring part of the benchmark: child processes, rounds, medians, budgets.

A row is measured in rounds. Each round runs ifs and its floor back to back, the order
swapped every round, so a change in the machine's load hits both alike. A whole-process
row takes each child's user+system CPU time from `os.wait4`; an app row reads the times
the child reports about itself (benchmarks/app_child.py). Results keep every round.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Timing = list[float]  # [cpu seconds, wall seconds]


@dataclass
class Budget:
    """"ratio": ifs / floor ≤ limit; "beyond": ifs - floor ≤ limit s; "within": ifs ≤ limit s."""

    kind: str
    limit: float

    def text(self) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:.2f}×"
        word = " beyond" if self.kind == "beyond" else ""
        return f"≤ {self.limit * 1000:.0f} ms{word}"


@dataclass
class Result:
    id: str
    what: str
    budget: Budget | None  # None: shown for information, no budget
    against: str  # what the floor is, in a few words
    rounds: list[tuple[Timing, Timing]] = field(default_factory=list)  # (ifs, floor)
    skipped: str = ""

    def median(self, side: int, i: int) -> float:
        return statistics.median(r[side][i] for r in self.rounds)

    def ratio(self) -> float:
        """The median of the per-round CPU ratios."""
        return statistics.median(r[0][0] / max(r[1][0], 1e-9) for r in self.rounds)

    def beyond(self) -> float:
        """The median of the per-round CPU differences, in seconds."""
        return statistics.median(r[0][0] - r[1][0] for r in self.rounds)

    def met(self) -> bool | None:
        if self.skipped or not self.rounds or self.budget is None:
            return None
        if self.budget.kind == "ratio":
            return self.ratio() <= self.budget.limit
        if self.budget.kind == "beyond":
            return self.beyond() <= self.budget.limit
        return self.median(0, 0) <= self.budget.limit

    def verdict(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        met = self.met()
        return "info" if met is None else "met" if met else "MISSED"

    def as_json(self) -> dict[str, Any]:
        done: dict[str, Any] = {"id": self.id, "what": self.what, "against": self.against,
                                "budget": self.budget and self.budget.text(),
                                "verdict": self.verdict()}
        if self.rounds and not self.skipped:
            done.update(ifs_cpu=self.median(0, 0), floor_cpu=self.median(1, 0),
                        ifs_wall=self.median(0, 1), floor_wall=self.median(1, 1),
                        ratio=self.ratio(), beyond=self.beyond(),
                        rounds=[[*m, *f] for m, f in self.rounds])
        return done


class ChildFailed(Exception):
    pass


def run_child(argv: list[str], env: dict[str, str]) -> tuple[Timing, str]:
    """Run one child to the end: (its CPU and wall time, what it printed).

    Its output goes into a pipe, as into `less` or a script. BENCH_T0 lets an app child
    tell its wall time since it was started.
    """
    with tempfile.TemporaryFile() as err:
        wall = time.perf_counter()
        proc = subprocess.Popen(argv, env={**env, "BENCH_T0": repr(time.time())},
                                stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        chunks = []
        while chunk := proc.stdout.read(65536):
            chunks.append(chunk)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - wall
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            last = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ChildFailed(f"{' '.join(argv[1:])} exited {proc.returncode}: "
                              + " | ".join(last))
    return [usage.ru_utime + usage.ru_stime, wall], b"".join(chunks).decode("utf-8")


def output_of(argv: list[str], env: dict[str, str]) -> str:
    return run_child(argv, env)[1]


def whole(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """A whole-process measurement: the child's own CPU and wall time."""
    timing, _ = run_child(argv, env)
    return {"process": timing}


def reported(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """An app child: the times it reports (one JSON line)."""
    return dict(json.loads(run_child(argv, env)[1]))


def worst(value: Any) -> Timing:
    """A list of per-key timings counts by its slowest key: "each key ≤ budget"."""
    if value and isinstance(value[0], list):
        slowest: Timing = max(value, key=lambda t: float(t[0]))
        return list(slowest)
    return [float(value[0]), float(value[1])]


def fixed(argv: list[str]) -> Callable[[int], list[str]]:
    """The same command every round."""
    return lambda _round: argv


@dataclass
class Pair:
    """ifs and its floor, run once each per round; each result reads one metric."""

    mine: Callable[[int], list[str]]  # the round's number in, argv out
    floor: list[str]
    results: list[tuple[Result, str]]  # (result, metric: "process" or the child's key)
    run: Callable[[list[str], dict[str, str]], dict[str, Any]] = whole
    same: Callable[[dict[str, Any], dict[str, Any]], str] | None = None  # "" when alike

    def measure(self, rounds: int, env: dict[str, str], say: Callable[[str], None]) -> None:
        for i in range(rounds):
            if i % 2:  # swap the order each round, so drift in load hits both alike
                f = self.run(self.floor, env)
                m = self.run(self.mine(i), env)
            else:
                m = self.run(self.mine(i), env)
                f = self.run(self.floor, env)
            if i == 0 and self.same and (differs := self.same(m, f)):
                raise ChildFailed(f"{self.results[0][0].what}: {differs}")
            for result, metric in self.results:
                result.rounds.append((worst(m[metric]), worst(f[metric])))
            say(".")
