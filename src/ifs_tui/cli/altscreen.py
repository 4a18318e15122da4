"""`ifs reflect` on the terminal's alternate screen, so no answer stays in the scrollback.

The alternate screen (what full-screen programs such as editors use) has no scrollback
of its own; leaving it puts back the screen as it was before. So a walk-through's
questions, part names and answers are gone from the terminal once it ends, however it
ends, and one line without the person's words says what happened. `--keep-screen`
keeps the walk in the scrollback as before (some screen readers prefer that).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import TextIO

ENTER = "\x1b[?1049h\x1b[H\x1b[2J"  # switch (saving the cursor), then a clean page
LEAVE = "\x1b[?1049l"


def wanted(keep_screen: bool, out: TextIO | None = None, legacy: bool = False) -> bool:
    """On a terminal that has one: not on a pipe, not with TERM=dumb (a terminal that
    only prints lines), not on an old Windows console (`legacy`, as Rich finds it: it
    would print the sequences). NO_COLOR is about colour and changes nothing here."""
    if keep_screen or legacy or os.environ.get("TERM", "") == "dumb":
        return False
    out = out or sys.stdout
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # closed or replaced
        return False


class Ended(KeyboardInterrupt):
    """SIGTERM or SIGHUP (the terminal closed): taken as ctrl+c is, so the words typed
    and not yet sent are kept as a draft; the exit follows once the screen is left."""


_ended: list[int] = []


def _terminated(signum: int, frame: object) -> None:
    _ended.append(signum)
    raise Ended  # through the walk's own ctrl+c handling, then the `finally` below


@contextlib.contextmanager
def alternate_screen(on: bool, out: TextIO | None = None) -> Iterator[None]:
    """Run the body on the alternate screen when `on`, and leave it on any way out:
    the end, /stop, ctrl+c, ctrl+d, an error, or a polite kill (SIGTERM, SIGHUP)."""
    if not on:
        yield
        return
    out = out or sys.stdout
    caught = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                caught[number] = signal.signal(number, _terminated)
    out.write(ENTER)
    out.flush()
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):  # a terminal already gone
            out.write(LEAVE)
            out.flush()
        for number, before in caught.items():
            signal.signal(number, before)
        if _ended:
            raise SystemExit(128 + _ended.pop())
