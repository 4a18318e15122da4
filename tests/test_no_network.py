"""No network, shown: the CLI and the app run with internet sockets refused, and nothing
even tries to open one (a start on issue 15's "no network, by proof").

Run in a fresh process, so the guard covers every import the commands make. Local
socket pairs (asyncio's own wake-up pipe, AF_UNIX) stay allowed: they never leave the
machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = r'''
import socket, sys
tried = []
_real = socket.socket.__init__

def guarded(self, family=-1, type=-1, proto=-1, fileno=None):
    if family in (socket.AF_INET, socket.AF_INET6) or (family == -1 and fileno is None):
        tried.append(("socket", family))
        raise OSError("network refused by the test")
    _real(self, family, type, proto, fileno)

def refuse(name):
    def no(*args, **kwargs):
        tried.append((name, args[:1]))
        raise OSError("network refused by the test")
    return no

socket.socket.__init__ = guarded
for name in ("getaddrinfo", "create_connection", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, name, refuse(name))

# The guard itself, seen to work (else the test could pass with nothing guarded).
for attempt in (lambda: socket.socket(), lambda: socket.create_connection(("127.0.0.1", 9))):
    try:
        attempt()
    except OSError:
        pass
assert len(tried) == 2, tried
tried.clear()

from typer.testing import CliRunner
from ifs_tui.cli.main import app

runner = CliRunner()
codes = {}
for args in COMMANDS:
    result = runner.invoke(app, args)
    codes[" ".join(args)] = result.exit_code

import asyncio
from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

async def drive():
    from pathlib import Path
    ifs = IfsApp(Path(FOLDER), config=Config(welcome_seen=True))
    async with ifs.run_test(size=(80, 24)) as pilot:
        await ifs.workers.wait_for_complete()
        await pilot.pause()
        for key in ("j", "escape", "m", "escape", "f4", "escape", "g", "escape", "h",
                    "escape", "o", "escape", "k", "escape", "f2", "escape", "f1", "escape"):
            await pilot.press(key)
            await pilot.pause()
            await ifs.workers.wait_for_complete()
        await pilot.press("ctrl+q")

asyncio.run(drive())
print("CODES", codes)
print("TRIED", tried)
'''

COMMANDS = [
    ["init", "--title", "Offline"],
    ["part", "add", "Inner Critic", "--role", "manager", "--fear", "being laughed at"],
    ["part", "add", "Little One", "--role", "exile"],
    ["link", "inner-critic", "little-one", "--kind", "protects"],
    ["part", "list"], ["part", "show", "inner-critic"], ["check"], ["history"],
    ["moment", "add", "I paused before answering", "--part", "inner-critic"],
    ["moment", "list"], ["journal", "list"], ["trends"], ["journey", "list"],
    ["prompts", "list"], ["maps"], ["demo", "--list"],
    ["export", "--format", "markdown"], ["export", "--format", "json"],
    ["export", "--format", "html"], ["export", "--format", "svg"],
]


def test_nothing_tries_the_network(hermetic: Path, tmp_path: Path) -> None:
    folder = hermetic / "maps" / "default"
    script = tmp_path / "probe.py"
    script.write_text(PROBE.replace("COMMANDS", repr(COMMANDS))
                      .replace("FOLDER", repr(str(folder))), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=300, env=dict(os.environ), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    codes = out.split("CODES ", 1)[1].split("\n", 1)[0]
    assert "': 1" not in codes and "': 2" not in codes, codes  # every command ran
    assert "TRIED []" in out, out[-2000:]
