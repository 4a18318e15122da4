"""Which maps the app has open, so `ifs maps rename` or `remove` does not pull a map
from under an app that is writing in it (its next save would find no folder).

The app leaves `.cache/open-<process id>` in the map it shows, holding this machine's
name, and takes it away when it opens another map or closes. A mark left by an app that
was killed names a process that is gone: it is passed over, and removed.
"""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path

from . import paths
from .errors import InvalidInput

PREFIX = "open-"


def _mark(folder: Path, pid: int) -> Path:
    return paths.cache_dir(folder) / f"{PREFIX}{pid}"


def mark(folder: Path) -> None:
    """This process shows the map at `folder` (best effort: a mark is only a courtesy)."""
    cache = paths.cache_dir(folder)
    with contextlib.suppress(OSError):
        if cache.is_symlink() or not paths.map_file(folder).is_file():
            return  # never written through a link, nor into a map that is not there
        paths.ensure_private_dir(cache)
        fd = os.open(_mark(folder, os.getpid()),
                     os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(platform.node())


def unmark(folder: Path) -> None:
    with contextlib.suppress(OSError):
        _mark(folder, os.getpid()).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # there, but another user's: treat as open
    return True


def open_elsewhere(folder: Path) -> int | None:
    """The id of another process on this machine that has the map open, if any."""
    try:
        names = os.listdir(paths.cache_dir(folder))
    except OSError:
        return None
    here = platform.node()
    for name in names:
        if not name.startswith(PREFIX) or not name[len(PREFIX):].isdigit():
            continue
        pid, path = int(name[len(PREFIX):]), paths.cache_dir(folder) / name
        if pid == os.getpid():
            continue
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > 1024:
                continue
            host = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if host != here:
            continue  # another machine's (a synced folder): its process ids are not ours
        if _alive(pid):
            return pid
        with contextlib.suppress(OSError):
            path.unlink()  # left by an app that was stopped hard
    return None


def refuse_if_open(folder: Path, name: str, doing: str) -> None:
    pid = open_elsewhere(folder)
    if pid is not None:
        raise InvalidInput(f"'{name}' is open in the ifs-tui app (process {pid}); close it "
                           f"there, or open another map there (f4), then {doing} it")
