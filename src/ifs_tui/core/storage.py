"""Reading and writing a map folder safely.

- Every write is atomic and private (see `atomic`).
- The previous map.toml is kept in .history/ before each overwrite: the file
  itself, hard-linked there before the new one replaces it (a copy where links fail).
- A save refuses when map.toml changed on disk since it was read, and so
  never writes over a file that failed to parse or over another writer's work.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths, sealed
from .atomic import FolderLock, atomic_write, fsync_dir, refuse_links, remove_stale_temps
from .codec import map_from_dict, map_to_dict
from .errors import MapConflict, MapFormatError, MapNotFound, Problem, WriteFailed
from .fileerrors import describe, file_error
from .model import PartsMap, clean_text, now
from .nesting import TOO_DEEP, too_deep

HISTORY_KEEP = 50  # the default; `history_keep` in config.toml sets another (core/config.py)
# History is pruned only when this many copies beyond the bound piled up, so a save
# does not sort and delete files every time; the newest HISTORY_KEEP always stay.
PRUNE_MARGIN = 10
_GITIGNORE = (
    "# Written by ifs-tui: files a version-control tool need not keep.\n"
    ".lock\n*.ifs-tmp\n.history/\n.cache/\n"
)
# From this size on (about 50 parts) map.toml is read through its parsed copy in .cache/
# (core/mapcache.py); a smaller one parses in a few ms, less than loading that module.
CACHE_FROM = 32 * 1024
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _clean_all(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_all(v) for v in value]
    return value


def dump_map(pmap: PartsMap) -> bytes:
    return _dumped(pmap)[0]


def _dumped(pmap: PartsMap) -> tuple[bytes, dict[str, Any]]:
    """map.toml's bytes for `pmap`, and the table they hold (what reading them gives)."""
    from . import tomlwrite  # only a save needs the writer

    data = map_to_dict(pmap)
    try:
        return tomlwrite.dumps(data).encode("utf-8"), data
    except UnicodeEncodeError:
        data = _clean_all(data)
        return tomlwrite.dumps(data).encode("utf-8"), data


def parse_toml(raw: bytes, file: str, check_depth: bool = True) -> dict[str, Any]:
    """Parse TOML bytes; problems name the file, line and column.

    Data nested too deeply is refused too, unless the caller checks it itself.
    """
    try:
        # A byte-order mark, as some editors (Windows Notepad) write one: not a problem.
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        bad_line = raw[: err.start].count(b"\n") + 1
        raise MapFormatError(
            [Problem(file, "", "is not valid UTF-8 text", line=bad_line)]
        ) from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise MapFormatError([Problem(file, "", TOO_DEEP)]) from None
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
    deep = too_deep(data) if check_depth else None
    if deep is not None:
        raise MapFormatError([Problem(file, deep[:80], TOO_DEEP)])
    return data


def parse_map(raw: bytes, file: str) -> PartsMap:
    data = parse_toml(raw, file, check_depth=False)  # map_from_dict checks it
    return map_from_dict(data, file, raw.decode("utf-8"))


def read_map(folder: Path, raw: bytes, file: str) -> PartsMap:
    """parse_map, through the parsed copy in .cache/ when it is of these very bytes."""
    if len(raw) < CACHE_FROM:
        return parse_map(raw, file)
    from . import mapcache

    data = mapcache.read(folder, raw)
    if data is not None:
        with contextlib.suppress(MapFormatError):  # then as if there were no copy
            return map_from_dict(data, file, raw.decode("utf-8", "replace"))
    data = parse_toml(raw, file, check_depth=False)
    pmap = map_from_dict(data, file, raw.decode("utf-8"))
    mapcache.write(folder, raw, data)  # only for a map that loads
    return pmap


def _frozen(pmap: PartsMap) -> bytes | None:
    try:
        return pickle.dumps(pmap, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, RecursionError):
        return None


def _thawed(frozen: bytes) -> PartsMap | None:
    # Only bytes this process pickled itself, held in memory: never read from a file.
    try:
        pmap = pickle.loads(frozen)  # noqa: S301
    except (pickle.UnpicklingError, TypeError, ValueError, RecursionError):
        return None
    return pmap if isinstance(pmap, PartsMap) else None


class MapStore:
    """One map folder on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = paths.map_file(folder)
        self.lock = FolderLock(folder / paths.LOCK_FILE)
        # The bytes last read or written: a save refuses if the file no longer holds them.
        self._known: bytes | None = None
        # That version as a frozen copy (pickled: a few ms, where parsing takes 100+ on a
        # large map), so a save can tell history what it changed without parsing.
        self._known_map: bytes | None = None
        # How many earlier versions to keep; None: from config.toml, read when pruning.
        self.history_keep: int | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    def _read_current(self, damaged_as_is: bool = False) -> bytes | None:
        """map.toml's plain bytes. `damaged_as_is`: an encrypted file that does not open
        is given as it lies on disk (a save compares it with one taken over on purpose)."""
        try:
            return sealed.read(self.path, self.folder)
        except FileNotFoundError:
            return None
        except sealed.SealedFileError:
            if not damaged_as_is:
                raise
            return self.path.read_bytes()
        except OSError as err:
            raise file_error("read", self.path, err) from None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The folder's lock, with a plain message when the lock file cannot be opened."""
        try:
            self.lock.acquire()
        except OSError as err:
            if not self.folder.is_dir():  # moved, renamed or archived while open here
                raise MapNotFound(
                    f"the map's folder {self.folder} is not there any more (moved, renamed "
                    "or removed outside this window; `ifs maps` lists the maps and `ifs maps "
                    "restore` what was removed); nothing was written") from None
            raise file_error("open the lock file", self.lock.path, err) from None
        try:
            yield
        finally:
            self.lock.release()

    def _make_folder(self, folder: Path) -> None:
        try:
            paths.ensure_private_dir(folder)
        except OSError as err:
            raise file_error("create the folder", folder, err) from None

    def load(self, freeze: bool = True) -> PartsMap:
        """The map; `freeze=False` for a reader that will likely not save (9 ms at 1,000
        parts saved): `freeze` is then called before the first change, or a save parses
        the bytes it read instead."""
        try:
            raw = self._read_current()
        except sealed.SealedFileError as err:  # encrypted and damaged: a map that will not
            # load, as a broken TOML file is (history and `restore --over-broken` help)
            words = str(err).removeprefix(f"{self.path} ")
            raise MapFormatError([Problem(str(self.path), "", words)]) from None
        if raw is None:
            raise MapNotFound(f"there is no map at {self.folder}")
        pmap = read_map(self.folder, raw, str(self.path))
        self._known, self._known_map = raw, _frozen(pmap) if freeze else None
        return pmap

    def freeze(self, pmap: PartsMap) -> None:
        """Keep `pmap`, as loaded and not yet changed, for the next save's history words."""
        if self._known_map is None and self._known is not None:
            self._known_map = _frozen(pmap)

    def _before(self) -> PartsMap | None:
        """The map as last read or written, for history's words about this save."""
        if self._known_map is not None:
            return _thawed(self._known_map)
        if self._known is None:
            return None
        try:
            return read_map(self.folder, self._known, str(self.path))
        except MapFormatError:  # a broken file taken by a restore over it
            return None

    def create(self, title: str = "") -> PartsMap:
        if not self.exists():
            paths.check_new_map_folder(self.folder)
        self._make_folder(self.folder)
        with self.locked():
            if self.exists():
                raise MapConflict(f"a map already exists at {self.folder}")
            for sub in (paths.REFLECTIONS_DIR, paths.MOMENTS_DIR):
                self._make_folder(self.folder / sub)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                try:
                    atomic_write(gitignore, _GITIGNORE.encode(), root=self.folder)
                except OSError as err:
                    raise file_error("write", gitignore, err) from None
            stamp = now()
            pmap = PartsMap(title=title, created=stamp, updated=stamp)
            self._known = self._known_map = None
            self.save(pmap)
            return pmap

    @contextlib.contextmanager
    def edit(self) -> Iterator[PartsMap]:
        """Hold the lock for a read-modify-write; call `save` inside to keep changes."""
        if not self.folder.is_dir():
            raise MapNotFound(f"there is no map at {self.folder}")
        with self.locked():
            remove_stale_temps(self.folder)
            yield self.load()

    def save(self, pmap: PartsMap, touch: bool = True) -> None:
        if touch:
            pmap.updated = now()
        data, table = _dumped(pmap)
        with self.locked():
            current = self._read_current(damaged_as_is=True)
            if current != self._known:
                raise MapConflict(
                    f"{self.path} changed on disk since it was read (another window or "
                    "program saved it); nothing was written. Reload it and try again."
                )
            if current == data:
                return
            refuse_links(self.path, self.folder)  # before the history copy, too
            refuse_links(self.history_dir, self.folder)
            kept = None
            if current is not None:
                try:
                    kept = self._keep_history()
                except OSError as err:
                    raise WriteFailed(
                        f"could not keep a history copy in {self.history_dir}/ "
                        f"({describe(err)}); {self.path} was not changed"
                    ) from None
            try:
                sealed.write(self.path, data, self.folder)
            except OSError as err:
                if kept is not None:  # map.toml is unchanged: its copy is not history yet
                    with contextlib.suppress(OSError):
                        kept.unlink()
                raise WriteFailed(
                    f"could not save {self.path} ({describe(err)}); the previous version "
                    "is unchanged"
                ) from None
            before = self._before() if kept is not None else None
            self._known, self._known_map = data, _frozen(pmap)
            if len(data) >= CACHE_FROM:
                from . import mapcache

                mapcache.write(self.folder, data, table)  # the next reader skips the TOML
            if kept is not None:
                self._prune_history()
                from . import history  # its summary cache; history imports this module

                history.remember_save(self, kept, before, pmap)

    def accept_unreadable(self, raw: bytes | None) -> None:
        """Take `raw`, a map.toml that will not load, as read: the next save may replace
        it (it is kept in .history/ first). Only for a deliberate restore over it."""
        self._known, self._known_map = raw, None

    # --- history ------------------------------------------------------------

    @property
    def history_dir(self) -> Path:
        return self.folder / paths.HISTORY_DIR

    def history(self) -> list[Path]:
        if not self.history_dir.is_dir():
            return []
        return sorted(self.history_dir.glob("map-*.toml"))

    def _keep_history(self) -> Path:
        """Keep map.toml as it is now in .history/ (called with the lock held).

        The file is hard-linked there: its bytes were written and fsynced when it was
        saved, and the save after this puts a new file in its place, so the link alone
        keeps the old version without writing it again. A copy is written instead where
        links fail, or when the file is not private (edited by hand with another mode).
        """
        paths.ensure_private_dir(self.history_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        name, n = f"map-{stamp}.toml", 1
        while True:
            target = self.history_dir / name
            try:
                self._link_or_copy(target)
                break
            except FileExistsError:
                name, n = f"map-{stamp}-{n}.toml", n + 1
        try:
            fsync_dir(self.history_dir)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        return target

    def _link_or_copy(self, target: Path) -> None:
        if os.stat(self.path).st_mode & 0o077 == 0:
            try:
                os.link(self.path, target, follow_symlinks=False)
            except FileExistsError:
                raise
            except OSError:
                pass  # a file system without hard links: copy below
            else:
                try:  # written by ifs it is on disk already; edited by hand it may not be
                    fd = os.open(target, os.O_RDONLY)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
                except BaseException:
                    with contextlib.suppress(OSError):
                        target.unlink()
                    raise
                return
        if target.exists():
            raise FileExistsError(target)
        atomic_write(target, self.path.read_bytes(), root=self.folder)

    def _prune_history(self) -> None:
        names = [n for n in os.listdir(self.history_dir)
                 if n.startswith("map-") and n.endswith(".toml")]
        keep = self._history_bound()
        if len(names) <= keep + PRUNE_MARGIN:
            return
        for old in sorted(names)[:-keep]:
            with contextlib.suppress(OSError):
                (self.history_dir / old).unlink()

    def _history_bound(self) -> int:
        if self.history_keep is not None:
            return self.history_keep
        from .config import load_config  # config reads TOML through this module

        return load_config().history_keep or HISTORY_KEEP
