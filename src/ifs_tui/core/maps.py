"""Many maps in one data root: list, create, copy, rename, archive, restore, the default.

A map is a folder in `<root>/maps/`. Nothing here deletes a map: "remove" moves
it to `<root>/archive/maps/NAME--YYYYMMDDTHHMMSS`, and restore moves it back.
Copies are built in a dot-named folder beside the maps and renamed into place at
the end, so a crash leaves only a dot folder, which listings skip.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import map_open, paths, sealed
from .atomic import TEMP_SUFFIX, FolderLock, atomic_write, fsync_dir
from .errors import IfsError, InvalidInput
from .fileerrors import file_error

SETTINGS_SCHEMA = 1
NOT_COPIED = frozenset({paths.LOCK_FILE, paths.CACHE_DIR})
# An encrypted map's key goes with its map.toml: without it the copy could not be opened.
TEMPLATE_ENTRIES = (paths.MAP_FILE, paths.PROMPTS_DIR, ".gitignore", paths.KEY_FILE)
_STAMP = "%Y%m%dT%H%M%S"
_ARCHIVE_ID = re.compile(r"^(?P<name>.+)--(?P<stamp>\d{8}T\d{6})(?:-(?P<n>\d+))?$")
_LOCK = ".maps.lock"  # in the data root: one change to the set of maps at a time


@dataclass(frozen=True)
class MapsPlace:
    """A data root and the places of its maps."""

    root: Path

    @property
    def maps(self) -> Path:
        return self.root / "maps"

    @property
    def archive(self) -> Path:
        return self.root / paths.ARCHIVE_DIR / "maps"

    @property
    def settings(self) -> Path:
        return self.root / paths.MAPS_FILE

    @classmethod
    def here(cls) -> MapsPlace:
        return cls(paths.data_root())


@dataclass
class MapInfo:
    name: str
    folder: Path
    title: str = ""
    parts: int | None = None
    reflections: int = 0
    moments: int = 0
    journeys: int = 0
    changed: datetime | None = None
    default: bool = False
    problem: str = ""
    encrypted: bool = False  # then title and parts are known only once it is unlocked


@dataclass
class ArchivedMap:
    id: str
    name: str
    archived: datetime
    folder: Path
    title: str = ""
    parts: int | None = None


@dataclass
class CopyReport:
    """What a copy left out: links and special files, by path inside the map."""

    skipped: list[str] = field(default_factory=list)


# ---- the default map --------------------------------------------------------------

def default_name(place: MapsPlace) -> str:
    return paths.read_default_map(place.settings)


def _read_settings(place: MapsPlace) -> dict[str, Any]:
    """maps.toml as a dict ({} when missing); raises when it will not parse."""
    return paths.read_maps_settings(place.settings)


def _write_settings(place: MapsPlace, data: dict[str, Any]) -> None:
    from .tomlwrite import dumps

    schema = data.get("schema", SETTINGS_SCHEMA)
    if not isinstance(schema, int) or schema > SETTINGS_SCHEMA:
        raise IfsError(f"{place.settings}: schema {schema!r} is from a newer ifs-tui; "
                       "it was left as it is")
    ordered: dict[str, Any] = {"schema": SETTINGS_SCHEMA}
    if "default" in data:
        ordered["default"] = data["default"]
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    try:
        paths.ensure_private_dir(place.root)
        atomic_write(place.settings, dumps(ordered).encode("utf-8"))
    except OSError as err:
        raise file_error("write", place.settings, err) from None


def set_default(place: MapsPlace, name: str) -> None:
    with _locked(place):
        _find(place, name)
        _check_name(name)  # a folder named oddly by hand: maps.toml could not hold it
        data = _read_settings(place)
        if data.get("default", paths.DEFAULT_MAP) == name and data:
            return
        data["default"] = name
        _write_settings(place, data)


# ---- looking ------------------------------------------------------------------------

def _count_toml(folder: Path) -> int:
    try:
        with os.scandir(folder) as entries:
            return sum(1 for e in entries if e.name.endswith(".toml")
                       and not e.name.startswith("."))
    except OSError:
        return 0


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _summary(folder: Path) -> tuple[str, int | None, str]:
    """(title, parts, problem) of the map in `folder`."""
    from .map_summary import summary

    return summary(folder)


def _info(place: MapsPlace, name: str, default: str | None) -> MapInfo:
    folder = place.maps / name
    title, parts, problem = _summary(folder)
    times = [t for t in (_mtime(folder / sub) for sub in (
        paths.MAP_FILE, paths.REFLECTIONS_DIR, paths.MOMENTS_DIR, paths.JOURNEYS_DIR))
        if t is not None]
    changed = datetime.fromtimestamp(max(times)).astimezone() if times else None
    return MapInfo(name=name, folder=folder, title=title, parts=parts,
                   reflections=_count_toml(folder / paths.REFLECTIONS_DIR),
                   moments=_count_toml(folder / paths.MOMENTS_DIR),
                   journeys=_count_toml(folder / paths.JOURNEYS_DIR),
                   changed=changed, default=name == default, problem=problem,
                   encrypted=sealed.is_sealed(folder))


def _safe_default(place: MapsPlace) -> str | None:
    try:
        return default_name(place)
    except IfsError:
        return None  # a broken maps.toml: listed without a default mark


def _names(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [e.name for e in entries
                    if not e.name.startswith(".") and e.is_dir()]
    except FileNotFoundError:
        return []
    except OSError as err:
        raise file_error("look inside", folder, err) from None


def list_maps(place: MapsPlace) -> list[MapInfo]:
    default = _safe_default(place)
    return [_info(place, name, default)
            for name in sorted(_names(place.maps), key=lambda n: (n.casefold(), n))]


def map_names(place: MapsPlace) -> list[MapInfo]:
    """The maps by name only, at once (no map.toml read): a list to move in while
    list_maps reads titles and counts."""
    return [MapInfo(name, place.maps / name)
            for name in sorted(_names(place.maps), key=lambda n: (n.casefold(), n))]


def _quoted(name: str) -> str:
    """A name as given, for a message: cut when long (a 10,000-character paste)."""
    return f"'{name[:64]}…'" if len(name) > 64 else f"'{name}'"


def _find(place: MapsPlace, name: str) -> Path:
    """The folder of an existing map, or a clear error."""
    folder = place.maps / name
    try:
        found = (bool(name) and not name.startswith(".") and "/" not in name
                 and "\\" not in name and "\0" not in name and folder.is_dir())
    except (OSError, ValueError):  # a name too long for the file system
        found = False
    if not found:
        raise IfsError(f"no map named {_quoted(name)} in {place.maps}; `ifs maps` lists them")
    return folder


def map_info(place: MapsPlace, name: str) -> MapInfo:
    _find(place, name)
    return _info(place, name, _safe_default(place))


# ---- changing -----------------------------------------------------------------------

@contextlib.contextmanager
def _locked(place: MapsPlace) -> Iterator[None]:
    try:
        paths.ensure_private_dir(place.root)
        lock = FolderLock(place.root / _LOCK)
        lock.acquire()
    except OSError as err:
        raise file_error("open the lock file", place.root / _LOCK, err) from None
    try:
        yield
    finally:
        lock.release()


def _check_name(new: str) -> None:
    if not paths.is_map_name(new):
        raise InvalidInput("a map name may use the letters a-z and A-Z, digits, '.', '_' and "
                           "'-' (at most 64), and starts with a letter or digit")


def _free_name(place: MapsPlace, new: str, renaming: str = "") -> Path:
    _check_name(new)
    target = place.maps / new
    if os.path.lexists(target):
        raise InvalidInput(f"a map named '{new}' exists already; choose another name")
    refuse_case_twin(place, new, renaming)
    return target


def case_twin(place: MapsPlace, name: str, renaming: str = "") -> str | None:
    """Another map whose name differs from `name` only in capitals, if there is one."""
    try:
        names = os.listdir(place.maps)
    except OSError:
        return None
    same = [n for n in names if n.casefold() == name.casefold() and n not in (name, renaming)]
    return same[0] if same else None


def refuse_case_twin(place: MapsPlace, new: str, renaming: str = "") -> None:
    # Work and work are one folder on macOS and Windows: a synced data root would mix them.
    twin = case_twin(place, new, renaming)
    if twin is not None:
        raise InvalidInput(f"a map named '{twin}' exists already, and '{new}' differs from "
                           "it only in capitals (one folder on macOS and Windows); use "
                           f"'{twin}', or choose another name")


def _make_maps_folder(place: MapsPlace) -> None:
    try:
        paths.ensure_private_dir(place.maps)
    except OSError as err:
        raise file_error("create the folder", place.maps, err) from None


def create_map(place: MapsPlace, name: str, title: str = "") -> Path:
    from .services import check_title
    from .storage import MapStore

    title = check_title(title)
    _check_name(name)
    with _locked(place):
        target = _free_name(place, name)
        _make_maps_folder(place)
        MapStore(target).create(title)
    return target


def copy_map(place: MapsPlace, name: str, new: str, only_map: bool = False,
             report: CopyReport | None = None) -> Path:
    """Copy a map to `new`; `only_map`: map.toml and prompts/ only (a template).
    Links, FIFOs and other special files are skipped and named in `report`."""
    import shutil
    import tempfile

    report = report if report is not None else CopyReport()
    _check_name(new)
    with _locked(place):
        source = _find(place, name)
        target = _free_name(place, new)
        _make_maps_folder(place)
        try:
            temp = Path(tempfile.mkdtemp(dir=place.maps, prefix=f".{new}.", suffix=".copying"))
        except OSError as err:
            raise file_error("make a folder in", place.maps, err) from None
        try:
            os.chmod(temp, 0o700)
            with _map_lock(source, needed=False):
                _copy_tree(source, temp, report, "",
                           top_only=TEMPLATE_ENTRIES if only_map else None)
            if only_map:
                for sub in (paths.REFLECTIONS_DIR, paths.MOMENTS_DIR):
                    paths.ensure_private_dir(temp / sub)
            os.rename(temp, target)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)  # our own half-made copy, never the map
            raise
        fsync_dir(place.maps)
    return target


def _copy_tree(source: Path, target: Path, report: CopyReport, inside: str,
               top_only: tuple[str, ...] | None = None) -> None:
    try:
        with os.scandir(source) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        raise file_error("look inside", source, err) from None
    for entry in entries:
        where = f"{inside}{entry.name}"
        if top_only is not None and entry.name not in top_only:
            continue
        if not inside and entry.name in NOT_COPIED or entry.name.endswith(TEMP_SUFFIX):
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as err:
            raise file_error("read", entry.path, err) from None
        if stat.S_ISDIR(mode):
            folder = target / entry.name
            try:
                folder.mkdir(mode=0o700)
                os.chmod(folder, 0o700)
            except OSError as err:
                raise file_error("create the folder", folder, err) from None
            _copy_tree(Path(entry.path), folder, report, where + "/")
        elif stat.S_ISREG(mode):
            _copy_file(Path(entry.path), target / entry.name)
        else:
            report.skipped.append(where)  # a link, FIFO, socket or device: never opened


def _copy_file(source: Path, target: Path) -> None:
    try:
        # O_NOFOLLOW | O_NONBLOCK: a file swapped for a link or a FIFO since the look fails
        # or returns at once instead of waiting for a writer.
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise IfsError(f"{source} changed while it was being copied; try again")
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            times = os.fstat(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise file_error("read", source, err) from None
    try:
        out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(out, 0o600)
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
        finally:
            os.close(out)
        os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))
    except OSError as err:
        raise file_error("write", target, err) from None


def _move(source: Path, target: Path) -> None:
    try:
        os.rename(source, target)
    except OSError as err:
        raise file_error("move", source, err) from None
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)


def rename_map(place: MapsPlace, name: str, new: str) -> Path:
    """Rename a map; when it is the default, the default follows it."""
    _check_name(new)
    with _locked(place):
        source = _find(place, name)
        target = _free_name(place, new, renaming=source.name)
        map_open.refuse_if_open(source, name, "rename")
        data = _read_settings(place)  # a broken maps.toml stops us before anything moves
        was_default = data.get("default", paths.DEFAULT_MAP) == name
        with _map_lock(source):
            _move(source, target)
        if was_default:
            data["default"] = new
            _write_settings(place, data)
    return target


@contextlib.contextmanager
def _map_lock(folder: Path, needed: bool = True) -> Iterator[None]:
    """Wait for a save in progress in that map to end (before it moves, or while it is
    copied). A folder with no lock file was never saved into by ifs: nothing to wait
    for, and no file is made in it. `needed=False`: a lock that cannot be opened (a
    read-only map) is gone without."""
    path = folder / paths.LOCK_FILE
    if not path.is_file():
        yield
        return
    lock = FolderLock(path)
    try:
        lock.acquire()
    except OSError as err:
        if needed:
            raise file_error("open the lock file", path, err) from None
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _archive_id(place: MapsPlace, name: str, when: datetime) -> str:
    base = f"{name}--{when.strftime(_STAMP)}"
    found, n = base, 1
    while os.path.lexists(place.archive / found):
        n += 1
        found = f"{base}-{n}"
    return found


def archive_map(place: MapsPlace, name: str) -> ArchivedMap:
    """"Remove" a map: move it to the archive. Nothing is deleted."""
    with _locked(place):
        source = _find(place, name)
        map_open.refuse_if_open(source, name, "remove")
        data = _read_settings(place)
        try:
            paths.ensure_private_dir(place.archive)
        except OSError as err:
            raise file_error("create the folder", place.archive, err) from None
        when = datetime.now().astimezone().replace(microsecond=0)
        archive_id = _archive_id(place, name, when)
        with _map_lock(source):
            _move(source, place.archive / archive_id)
        if data.get("default") == name:
            del data["default"]  # the default goes back to the map named "default"
            _write_settings(place, data)
    title, parts, _ = _summary(place.archive / archive_id)
    return ArchivedMap(archive_id, name, when, place.archive / archive_id, title, parts)


def _archived(place: MapsPlace, archive_id: str) -> ArchivedMap | None:
    match = _ARCHIVE_ID.match(archive_id)
    if not match or archive_id.startswith("."):
        return None
    try:
        when = datetime.strptime(match["stamp"], _STAMP).astimezone()
    except ValueError:
        return None
    folder = place.archive / archive_id
    title, parts, _ = _summary(folder)
    return ArchivedMap(archive_id, match["name"], when, folder, title, parts)


def list_archived(place: MapsPlace) -> list[ArchivedMap]:
    found = [a for n in _names(place.archive) if (a := _archived(place, n)) is not None]
    return sorted(found, key=lambda a: (a.archived, a.id), reverse=True)


def restore_map(place: MapsPlace, which: str, as_name: str | None = None) -> Path:
    """Move an archived map back: `which` is an archive id, or a name archived once."""
    if as_name is not None:
        _check_name(as_name)
    with _locked(place):
        archived = list_archived(place)
        chosen = [a for a in archived if a.id == which] or [a for a in archived
                                                              if a.name == which]
        if not chosen:
            raise IfsError(f"nothing named {_quoted(which)} in the archive ({place.archive}); "
                           "`ifs maps restore` lists what is there")
        if len(chosen) > 1:
            ids = ", ".join(a.id for a in chosen)
            raise InvalidInput(f"'{which}' was archived {len(chosen)} times: {ids}; "
                               "give one of these ids")
        name = as_name if as_name is not None else chosen[0].name
        try:
            target = _free_name(place, name)
        except InvalidInput as err:
            if as_name is None and os.path.lexists(place.maps / name):
                raise InvalidInput(f"a map named '{name}' exists already; restore it under "
                                   "another name with --as NEW") from None
            if as_name is None:
                raise InvalidInput(f"{err}; restore it under another name with --as NEW") from None
            raise
        _make_maps_folder(place)
        _move(chosen[0].folder, target)
    return target
