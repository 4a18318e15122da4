from __future__ import annotations

import os
from pathlib import Path


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def on_pty(args: list[str], env: dict[str, str], columns: int | None = None,
           answer: bytes | None = None, when: bytes = b"[y/N]") -> tuple[int, bytes]:
    """Run `ifs ARGS` on a real terminal (optionally `columns` wide), send `answer` once
    `when` appears; the exit code and all it printed."""
    import fcntl
    import pty
    import select
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = pty.openpty()
    if columns is not None:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "ifs_tui", *args], stdin=follower,
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:  # a guard against hanging, not a timing assertion
            proc.kill()
            raise AssertionError(seen)
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the program ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if answer is not None and when in seen:
            os.write(leader, answer)
            answer = None
    proc.wait()
    os.close(leader)
    return proc.returncode, seen
