"""Measure start-up, load and save on maps of 10, 1,000 and 10,000 parts.

Run: .venv/bin/python benchmarks/bench_core.py   (prints medians in ms)
Not part of the test suite: timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ifs_tui.core import services
from ifs_tui.core.model import PartsMap
from ifs_tui.core.services import PartChanges
from ifs_tui.core.storage import MapStore

SIZES = (10, 1_000, 10_000)


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(n: int) -> PartsMap:
    pmap = PartsMap(title="bench")
    roles = ("manager", "firefighter", "exile", "unknown")
    for i in range(n):
        services.add_part(pmap, f"Part {i}", PartChanges(
            role=roles[i % 4], text={"job": "keeps watch " * 10, "notes": "line\n" * 20},
            add={"fears": ["being seen", "being left"], "triggers": ["noise"]}))
    for i in range(1, n):
        pmap.relationships.append(
            services.Relationship(source=pmap.parts[i - 1].id, target=pmap.parts[i].id,
                                  kind="allied"))
    return pmap


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "IFS_TUI_HOME": tmp}
        for args in (["--help"], ["--version"]):
            ms = median_ms(lambda a=args: subprocess.run(
                [sys.executable, "-m", "ifs_tui", *a], env=env, capture_output=True), 9)
            print(f"ifs {' '.join(args):<28} {ms:8.1f} ms")
        for n in SIZES:
            store = MapStore(Path(tmp) / f"m{n}")
            store.create()
            store.load()
            pmap = build(n)
            store.save(pmap)
            runs = 3 if n == 10_000 else 9
            print(f"load {n:>6} parts                {median_ms(store.load, runs):8.1f} ms")

            def save(store: MapStore = store, pmap: PartsMap = pmap) -> None:
                store.load()
                pmap.title = str(time.time())  # force a real write every time
                store.save(pmap)

            print(f"load+save {n:>6} parts           {median_ms(save, runs):8.1f} ms")
            ms = median_ms(lambda folder=store.folder: subprocess.run(
                [sys.executable, "-m", "ifs_tui", "--map", str(folder), "part", "list",
                 "--json"], env=env, capture_output=True), runs)
            print(f"ifs part list --json {n:>6} parts {ms:8.1f} ms")


if __name__ == "__main__":
    main()
