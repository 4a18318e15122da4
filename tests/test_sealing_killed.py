"""`ifs encrypt` and `ifs decrypt` killed half way (SIGKILL): the map still opens, every
file is whole, and the same command again finishes the job."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ifs_tui.core import sealed, sealing
from ifs_tui.core.storage import MapStore

from .conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _many_reflections(folder: Path, count: int) -> dict[str, bytes]:
    MapStore(folder).create("Killed half way")
    (folder / "reflections").mkdir(exist_ok=True)
    for n in range(count):
        (folder / "reflections" / f"20260101-{n:06d}-x.toml").write_text(
            f'schema = 1\npack = "x"\nstatus = "finished"\nnote = "words {n} ' + "é" * n + '"\n')
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in folder.rglob("*.toml")}


def _killed(args: list[str], folder: Path, started: Callable[[], bool],
            env: dict[str, str]) -> bool:
    """Run `ifs ARGS`, kill it soon after `started()` holds; True when it was killed."""
    proc = subprocess.Popen([sys.executable, "-m", "ifs_tui", "--map", str(folder), *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not started() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(random.uniform(0, 0.05))
    proc.send_signal(signal.SIGKILL)
    return proc.wait() == -signal.SIGKILL


def _same_words(folder: Path, before: dict[str, bytes]) -> None:
    for name, raw in before.items():
        assert sealed.read(folder / name, folder) == raw, name


@pytest.mark.parametrize("seed", [1, 2])
def test_a_killed_conversion_leaves_a_map_that_opens(tmp_path: Path, hermetic: Path,
                                                     seed: int) -> None:
    random.seed(seed)
    folder = tmp_path / "killed"
    before = _many_reflections(folder, 300)
    key = folder / sealed.KEY_FILE
    env = {**os.environ, sealed.ENV: PASSPHRASE}

    def some_sealed() -> bool:
        return key.exists() and any(
            p.read_bytes().startswith(sealed.HEADER)
            for p in list((folder / "reflections").iterdir())[:40])

    killed = _killed(["encrypt"], folder, some_sealed, env)
    os.environ[sealed.ENV] = PASSPHRASE
    try:
        if killed:
            assert key.exists()
            assert sealed.read_key_file(folder).unfinished == "encrypt"
            assert MapStore(folder).load().title == "Killed half way"
            _same_words(folder, before)
        done = subprocess.run([sys.executable, "-m", "ifs_tui", "--map", str(folder),
                               "encrypt"], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode in (0, 1), done.stderr  # 1: it had finished already
        assert not sealing.plain_left(folder)
        _same_words(folder, before)

        def some_plain() -> bool:
            return any(not p.read_bytes().startswith(sealed.HEADER)
                       for p in list((folder / "reflections").iterdir())[:40])

        sealed.forget()
        killed = _killed(["decrypt", "--yes"], folder, some_plain, env)
        if killed and key.exists():
            assert MapStore(folder).load().title == "Killed half way"
            _same_words(folder, before)
        done = subprocess.run([sys.executable, "-m", "ifs_tui", "--map", str(folder),
                               "decrypt", "--yes"], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert not key.exists()
        for name, raw in before.items():
            assert (folder / name).read_bytes() == raw, name
    finally:
        os.environ.pop(sealed.ENV, None)
