"""Several processes writing one map at once lose nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

WORKER = """
import sys
from pathlib import Path
from ifs_tui.core.storage import MapStore
from ifs_tui.core import services

store = MapStore(Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    with store.edit() as pmap:
        services.add_part(pmap, f"{sys.argv[2]} {i}")
        store.save(pmap)
"""


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "IFS_TUI_HOME": str(home), "NO_COLOR": "1"}


def test_processes_adding_parts_through_the_core_lose_none(tmp_path: Path, hermetic: Path) -> None:
    folder = tmp_path / "shared-map"
    subprocess.run([sys.executable, "-m", "ifs_tui", "--map", str(folder), "init"],
                   check=True, env=_env(hermetic), capture_output=True)
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(folder), f"w{n}", "15"],
                         env=_env(hermetic))
        for n in range(4)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0] * 4
    names = {p["name"] for p in tomllib.loads((folder / "map.toml").read_text())["parts"]}
    assert names == {f"w{n} {i}" for n in range(4) for i in range(15)}


def test_cli_processes_at_once_lose_none(tmp_path: Path, hermetic: Path) -> None:
    folder = tmp_path / "cli-map"
    base = [sys.executable, "-m", "ifs_tui", "--map", str(folder)]
    subprocess.run([*base, "init"], check=True, env=_env(hermetic), capture_output=True)
    procs = [
        subprocess.Popen([*base, "part", "add", f"Part {n}", "--fear", f"fear {n}"],
                         env=_env(hermetic), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in range(8)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    parts = tomllib.loads((folder / "map.toml").read_text())["parts"]
    assert sorted(p["name"] for p in parts) == sorted(f"Part {n}" for n in range(8))
    assert not list(folder.rglob("*.ifs-tmp"))
