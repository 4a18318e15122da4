"""Time from start to the main screen painted, and a key press answered, headless.

Run: .venv/bin/python benchmarks/bench_app.py   (maps of 10, 1,000 and 10,000 parts)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_core import build  # noqa: E402

from ifs_tui.app.app import IfsApp  # noqa: E402
from ifs_tui.app.screens.main import MainScreen  # noqa: E402
from ifs_tui.core.config import Config  # noqa: E402
from ifs_tui.core.storage import MapStore  # noqa: E402


async def once(folder: Path) -> tuple[float, float]:
    app = IfsApp(folder, config=Config(welcome_seen=True))
    start = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause(0.005)
        await pilot.pause()
        painted = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("down")
        await pilot.pause()
        key = time.perf_counter() - start
    return painted * 1000, key * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in (10, 1_000, 10_000):
            store = MapStore(Path(tmp) / f"m{n}")
            store.create()
            store.load()
            store.save(build(n))
            runs = [asyncio.run(once(store.folder)) for _ in range(3 if n > 1000 else 5)]
            paint = statistics.median(r[0] for r in runs)
            key = statistics.median(r[1] for r in runs)
            print(f"{n:>6} parts: main screen painted {paint:8.1f} ms, key answered {key:6.1f} ms")


if __name__ == "__main__":
    main()
