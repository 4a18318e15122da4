"""Reading one line for `ifs reflect`, from a terminal or from a pipe.

On a terminal with readline, a half-typed line survives ctrl+c (kept as a
draft) and a kept draft is put back into the line to edit. From a pipe (a
screen reader's helper, a script) lines are read as they come; the end of the
input stops the walk-through, saved.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.text import Text


class Stopped(Exception):
    """The person stopped, or the input ended; args[0] is a line typed but not sent."""


def no_pending() -> str:
    return ""


def no_offer(text: str) -> None:
    return None


def terminal_line(console: Console) -> tuple[Callable[[str], str], Callable[[], str],
                                             Callable[[str], None]]:
    """Read a line; on a terminal with readline, keep a half-typed line on ctrl+c
    and put a kept draft into the line to edit."""
    import sys

    def plain(prompt: str) -> str:
        # A prompt may quote a name: as text, never read as markup or :emoji: codes.
        return console.input(Text(prompt))

    def piped(prompt: str) -> str:
        line = plain(prompt)
        console.print()  # nothing typed ends the prompt's line: what follows starts anew
        return line

    if not sys.stdin.isatty():
        return piped, no_pending, no_offer
    try:
        import readline
    except ImportError:  # not on every platform
        return plain, no_pending, no_offer

    def read(prompt: str) -> str:
        # The prompt goes through readline itself: a prompt printed before it leaves
        # readline thinking the line starts at column 0, so an empty answer ended
        # with no new line and editing a long line redrew it in the wrong place.
        try:
            return input(prompt)
        finally:
            readline.set_startup_hook(None)

    def offer(text: str) -> None:
        readline.set_startup_hook(lambda: readline.insert_text(text))

    return read, readline.get_line_buffer, offer
