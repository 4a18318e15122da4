"""Crash reports: a traceback without local variables, in a private file.

Local variables can hold a person's writing, so they are never printed or written;
the report keeps where in the code it happened and the kind of error.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from ifs_tui import __version__

from . import paths


def _inner(error: BaseException) -> BaseException:
    """The error a wrapper carries (Textual's WorkerFailed keeps it in `.error`)."""
    inner = getattr(error, "error", None)
    return inner if isinstance(inner, BaseException) else error


def report_text(error: BaseException, now: datetime) -> str:
    lines = [
        f"ifs-tui {__version__} stopped on an unexpected error at {now.isoformat()}",
        f"Python {platform.python_version()} on {sys.platform}",
        "Local variables are left out; the error's own message below may name a file.",
        "",
        "",
    ]
    # format_exception never includes locals (unlike Rich's or Textual's tracebacks).
    text = _formatted(error)
    if _inner(error) is not error:
        text += "\nThe error inside it:\n" + _formatted(_inner(error))
    return "\n".join(lines) + text


def _formatted(error: BaseException) -> str:
    from . import sealed

    if not sealed.any_unlocked():
        return "".join(traceback.format_exception(error))
    # An encrypted map is open: its words must not reach a plain file, and an error's
    # message can quote a few. Only where it happened, and the kind of error.
    return ("".join(traceback.format_tb(error.__traceback__)) + f"{type(error).__name__} "
            "(its message is left out: an encrypted map was open)\n")


def write_report(error: BaseException) -> Path:
    """Write a report into the private crash-reports folder (0700); the file is 0600."""
    folder = paths.ensure_private_dir(paths.crash_reports_dir())
    now = datetime.now(UTC).replace(microsecond=0)
    # mkstemp makes a new file (never follows or overwrites one) with mode 0600.
    fd, name = tempfile.mkstemp(prefix=f"crash-{now:%Y%m%d-%H%M%S}-", suffix=".txt",
                                dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as out:
        out.write(report_text(error, now))
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def stopped_message(report: Path | None, error: BaseException) -> str:
    """The words shown after the terminal is restored; never the error's own message."""
    kind = type(_inner(error)).__name__
    where = (f"a report was written to {report}" if report is not None
             else "no report could be written")
    return (f"ifs-tui stopped because of an unexpected problem ({kind}); "
            f"everything saved so far is kept; {where}.")
