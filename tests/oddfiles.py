"""Odd files real people end up with, and a way to make the file system refuse one path.

Tests run as root here, where chmod 000 denies nothing; `refuse` makes one
path fail the way a real permission error, read-only disk or full disk does
(the same OSError, errno and all), leaving every other path alone.
"""

from __future__ import annotations

import errno
import os
import pathlib
from pathlib import Path

import pytest

_HEAD = ('schema = 1\npack = "unblending-check-in"\npack_title = "Unblending check-in"\n'
         'status = "stopped"\nat = "which-part"\n')
_DATES = "started = 2026-03-01T09:00:00+01:00\nupdated = 2026-03-01T09:05:00+01:00\n"
_ANSWER = '[[answers]]\nstep = "i-am"\nkind = "text"\nask = "I am ..."\nanswer = "tired"\n'

# A reflection written by hand without offsets: valid, read as UTC.
NAIVE = _HEAD + "started = 2026-03-02T09:00:00\nupdated = 2026-03-02T09:05:00\n\n" + _ANSWER

# Reflections that cannot be used, and a word of the reason each one must give.
BROKEN: dict[str, tuple[str, str]] = {
    "answers-text": (_HEAD + _DATES + 'answers = "text"\n', "answers"),
    "answer-table": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\n[answers.answer]\nx = 1\n',
                     "answers[0].answer"),
    "answer-float": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\nanswer = 7.5\n',
                     "answers[0].answer"),
    "answer-ints": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\nanswer = [1, 2]\n',
                    "answers[0].answer"),
    "answer-no-step": (_HEAD + _DATES + '[[answers]]\nanswer = "x"\n', "answers[0].step"),
    "answer-flag": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\nskipped = "yes"\n',
                    "answers[0].skipped"),
    "added-to": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\nanswer = "x"\n'
                 'added_to = "critic.nonsense"\n', "answers[0].added_to"),
    "replaced-list": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\nanswer = "x"\n'
                      'added_to = "critic.feel_toward"\nreplaced = ["tired"]\n',
                      "answers[0].replaced"),
    "replaced-noted-text": (_HEAD + _DATES + '[[answers]]\nstep = "i-am"\nanswer = "x"\n'
                            'added_to = "critic.feel_toward"\nreplaced_noted = "tired"\n',
                            "answers[0].replaced_noted"),
    "part-list": (_HEAD.replace('at = "which-part"', 'part = ["a"]') + _DATES, "part"),
    "at-int": (_HEAD.replace('"which-part"', "3") + _DATES, "at"),
    "finished-text": (_HEAD + _DATES + 'finished = "yesterday"\n', "finished"),
    "started-date": (_HEAD + "started = 2026-03-01\nupdated = 2026-03-01T09:00:00Z\n",
                     "started"),
    "schema-negative": (_HEAD.replace("schema = 1", "schema = -1") + _DATES, "schema"),
    "deep": (_HEAD + _DATES + "x = " + "[" * 600 + "]" * 600 + "\n", "nested too deeply"),
    "deep-headers": (_HEAD + _DATES + "[" + ".".join(["a"] * 600) + "]\nb = 1\n",
                     "nested too deeply"),
}


def good(when: str = "2026-03-03T10:00:00+00:00") -> str:
    return _HEAD + f"started = {when}\nupdated = {when}\n\n" + _ANSWER


def refuse(monkeypatch: pytest.MonkeyPatch, target: Path, code: int = errno.EACCES,
           writes_only: bool = False) -> None:
    """Make reading, opening or listing `target`, or anything in it, fail with OSError(code).

    As a real denied folder, read-only mount or full disk would: the same
    exception and errno, raised where the operating system would raise it.
    With `writes_only` (a full or read-only disk) only creating or writing fails.
    """
    target = Path(target)

    def hit(path: Path) -> bool:
        return path == target or target in path.parents

    def error() -> OSError:
        return OSError(code, os.strerror(code), str(target))

    read_bytes = pathlib.Path.read_bytes
    os_open = os.open
    scandir = os.scandir

    def fake_read_bytes(self: Path) -> bytes:
        if hit(Path(self)) and not writes_only:
            raise error()
        return read_bytes(self)

    def fake_open(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if hit(Path(os.fsdecode(path))) and (writes or not writes_only):
            raise error()
        return os_open(path, flags, mode, dir_fd=dir_fd)

    def fake_scandir(path="."):  # type: ignore[no-untyped-def]
        # A folder given by its descriptor (shutil.rmtree does so) is let through.
        if not isinstance(path, int) and hit(Path(os.fsdecode(path))) and not writes_only:
            raise error()
        return scandir(path)

    os_link = os.link

    def fake_link(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        # A new name in `target` is a write, as a full or read-only disk would refuse it.
        if hit(Path(os.fsdecode(dst))):
            raise error()
        return os_link(src, dst, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_bytes", fake_read_bytes)
    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.setattr(os, "link", fake_link)
