"""Reading a line for `ifs reflect` on a real terminal (a pseudo-terminal here)."""

from __future__ import annotations

import os
import pty
import sys

CHILD = """
from rich.console import Console
from ifs_tui.cli.plainline import terminal_line
read, _, _ = terminal_line(Console())
first = read("Name (Enter for “[b]x[/b] :smile:”): ")
second = read("Role: ")
print("GOT", repr(first), repr(second))
"""


def run_on_a_terminal(typed: bytes) -> str:
    pid, fd = pty.fork()
    if pid == 0:  # the child: a python reading from the terminal
        os.execv(sys.executable, [sys.executable, "-c", CHILD])
    os.write(fd, typed)  # waits in the terminal's buffer until read
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child has ended and closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out.decode("utf-8", "replace")


def test_an_empty_answer_ends_its_line() -> None:
    # A prompt printed before readline left it thinking the line was empty, so an
    # empty answer ended with no new line: the next words ran on after the prompt.
    out = run_on_a_terminal(b"\r\rtyped\r")
    lines = out.replace("\r\n", "\n").splitlines()
    assert "Name (Enter for “[b]x[/b] :smile:”): " in lines  # shown as text, on its own
    assert "Role: " in lines
    assert "GOT '' ''" in out
