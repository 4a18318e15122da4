"""The save row, in process: `MapStore.save` of a 60-part map against raw tomli-w + fsync.

Both sides run in this process, interleaved, so their CPU time comes from
`time.process_time()`; the wall time is kept too, since fsync waits on the disk and
CPU time does not see that wait.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import tomli_w

from benchmarks.gen import make_map
from ifs_tui.core import codec
from ifs_tui.core.storage import MapStore


def floor_save(path: Path, data: dict[str, object]) -> None:
    """What any careful tool does: dump, write a temp file, fsync, replace, fsync the folder."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        out.write(tomli_w.dumps(data).encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def measure_save(folder: Path, parts: int, rounds: int) -> list[list[float]]:
    """Save rounds in `folder` (new): [ifs CPU, ifs wall, floor CPU, floor wall] each."""
    store = MapStore(make_map(folder / f"save-{parts}", parts))
    pmap = store.load()
    floor_file = folder / "floor-save" / "map.toml"
    floor_file.parent.mkdir(mode=0o700)
    plain = codec.map_to_dict(pmap)
    done = []
    for i in range(rounds):
        # save(touch=True) sets a new `updated`, so every round really writes.
        sides = [lambda: store.save(pmap), lambda: floor_save(floor_file, plain)]
        if i % 2:  # swap the order each round, as for the other rows
            f, m = _timed(sides[1]), _timed(sides[0])
        else:
            m, f = _timed(sides[0]), _timed(sides[1])
        done.append([m[0], m[1], f[0], f[1]])
    return done
