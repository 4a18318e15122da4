"""Reading and writing a map folder safely.

- Every write is atomic and private (see `atomic`).
- The previous map.toml is copied into .history/ before each overwrite.
- A save refuses when map.toml changed on disk since it was read, and so
  never writes over a file that failed to parse or over another writer's work.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths, tomlwrite
from .atomic import FolderLock, atomic_write, refuse_links, remove_stale_temps
from .codec import map_from_dict, map_to_dict
from .errors import MapConflict, MapFormatError, MapNotFound, Problem, WriteFailed
from .model import PartsMap, clean_text, now

HISTORY_KEEP = 50
_GITIGNORE = (
    "# Written by ifs-tui: files a version-control tool need not keep.\n"
    ".lock\n*.ifs-tmp\n.history/\n"
)
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def _clean_all(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_all(v) for v in value]
    return value


def dump_map(pmap: PartsMap) -> bytes:
    data = map_to_dict(pmap)
    try:
        return tomlwrite.dumps(data).encode("utf-8")
    except UnicodeEncodeError:
        return tomlwrite.dumps(_clean_all(data)).encode("utf-8")


def parse_toml(raw: bytes, file: str) -> dict[str, Any]:
    """Parse TOML bytes; problems name the file, line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad_line = raw[: err.start].count(b"\n") + 1
        raise MapFormatError(
            [Problem(file, "", "is not valid UTF-8 text", line=bad_line)]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = _AT_LINE.search(message)
        line: int | None = None
        column: int | None = None
        if match:
            line, column = int(match[1]), int(match[2])
            message = message[: match.start()]
        raise MapFormatError(
            [Problem(file, "", f"TOML syntax: {message}", line=line, column=column)]
        ) from None


def parse_map(raw: bytes, file: str) -> PartsMap:
    data = parse_toml(raw, file)
    return map_from_dict(data, file, raw.decode("utf-8"))


class MapStore:
    """One map folder on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = paths.map_file(folder)
        self.lock = FolderLock(folder / paths.LOCK_FILE)
        self._digest: str | None = None  # of the bytes last read or written

    def exists(self) -> bool:
        return self.path.is_file()

    def _read_current(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def load(self) -> PartsMap:
        raw = self._read_current()
        if raw is None:
            raise MapNotFound(f"there is no map at {self.folder}")
        pmap = parse_map(raw, str(self.path))
        self._digest = _digest(raw)
        return pmap

    def create(self, title: str = "") -> PartsMap:
        if not self.exists():
            paths.check_new_map_folder(self.folder)
        paths.ensure_private_dir(self.folder)
        with self.lock.held():
            if self.exists():
                raise MapConflict(f"a map already exists at {self.folder}")
            for sub in (paths.REFLECTIONS_DIR, paths.MOMENTS_DIR):
                paths.ensure_private_dir(self.folder / sub)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                atomic_write(gitignore, _GITIGNORE.encode(), root=self.folder)
            stamp = now()
            pmap = PartsMap(title=title, created=stamp, updated=stamp)
            self._digest = None
            self.save(pmap)
            return pmap

    @contextlib.contextmanager
    def edit(self) -> Iterator[PartsMap]:
        """Hold the lock for a read-modify-write; call `save` inside to keep changes."""
        if not self.folder.is_dir():
            raise MapNotFound(f"there is no map at {self.folder}")
        with self.lock.held():
            remove_stale_temps(self.folder)
            yield self.load()

    def save(self, pmap: PartsMap, touch: bool = True) -> None:
        if touch:
            pmap.updated = now()
        data = dump_map(pmap)
        with self.lock.held():
            current = self._read_current()
            if _digest(current) != self._digest:
                raise MapConflict(
                    f"{self.path} changed on disk since it was read (another window or "
                    "program saved it); nothing was written. Reload it and try again."
                )
            if current == data:
                return
            refuse_links(self.path, self.folder)  # before the history copy, too
            refuse_links(self.history_dir, self.folder)
            try:
                if current is not None:
                    self._keep_history(current)
                atomic_write(self.path, data, root=self.folder)
            except OSError as err:
                reason = err.strerror or type(err).__name__
                raise WriteFailed(
                    f"could not save {self.path} ({reason}); the previous version is unchanged"
                ) from None
            self._digest = _digest(data)

    # --- history ------------------------------------------------------------

    @property
    def history_dir(self) -> Path:
        return self.folder / paths.HISTORY_DIR

    def history(self) -> list[Path]:
        if not self.history_dir.is_dir():
            return []
        return sorted(self.history_dir.glob("map-*.toml"))

    def _keep_history(self, raw: bytes) -> None:
        paths.ensure_private_dir(self.history_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        target = self.history_dir / f"map-{stamp}.toml"
        n = 1
        while target.exists():
            target = self.history_dir / f"map-{stamp}-{n}.toml"
            n += 1
        atomic_write(target, raw, root=self.folder)
        for old in self.history()[:-HISTORY_KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()
