"""Prompt packs as files that travel: install, remove (to the archive) and export.

A pack file is copied byte for byte, comments and all, so what a person shares is
what the other person reads. Nothing is installed unless every file given is a
valid pack; nothing is deleted: a removed pack is moved to the archive folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import IfsError, InvalidInput, MapFormatError
from .fileerrors import file_error
from .packs import Pack, load_packs, parse_pack, read_pack_bytes

# The words shown for where a pack comes from (CLI and app alike).
ORIGINS = {"built-in": "built-in", "user": "yours", "map": "this map's"}
_ORDER = ("built-in", "user", "map")  # later places override earlier ones


def pack_origin(pack: Pack | str) -> str:
    """"built-in", "yours" or "this map's", for a pack or a source name."""
    source = pack if isinstance(pack, str) else pack.source
    return ORIGINS.get(source, source)


def origin_words(pack: Pack, overridden: dict[str, list[str]]) -> str:
    """Where a pack comes from, and what it takes the place of: "yours (over built-in)"."""
    words = pack_origin(pack)
    if pack.id in overridden:
        words += f" (over {', '.join(pack_origin(s) for s in overridden[pack.id])})"
    return words


@dataclass
class PackFile:
    path: Path
    raw: bytes
    pack: Pack


def read_pack_file(path: Path, source: str = "file") -> PackFile:
    """Read and check one pack file (never opening a pipe: see read_pack_bytes)."""
    raw = read_pack_bytes(path)
    return PackFile(path, raw, parse_pack(raw, str(path), source))


@dataclass
class Held:
    """What a pack folder holds: the file of each id, and files that will not load."""

    by_id: dict[str, list[Path]] = field(default_factory=dict)
    broken: dict[str, Path] = field(default_factory=dict)  # file stem -> file


def folder_packs(folder: Path | None) -> Held:
    held = Held()
    if folder is None or not folder.is_dir():
        return held
    for path in sorted(folder.glob("*.toml")):
        try:
            found = read_pack_file(path)
        except MapFormatError:
            held.broken[path.stem] = path
            continue
        held.by_id.setdefault(found.pack.id, []).append(path)
    return held


class NothingInstalled(IfsError):
    """Some file given could not be installed, so none was; `problems` says why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        many = len(problems) != 1
        super().__init__(f"nothing was installed ({len(problems)} problem{'s' if many else ''}"
                         f" above); fix {'them' if many else 'it'} and run it again")


@dataclass
class Install:
    file: PackFile
    target: Path
    action: str  # "new", "same" (identical, nothing to write) or "replace"
    overrides: list[str]  # origin words of the packs it takes the place of
    behind: list[str]  # origin words of the packs that still come before it
    kept: Path | None = None  # where the file it replaced was kept (install() sets it)


def plan_install(files: list[Path], user_dir: Path, map_dir: Path | None,
                 map_only: bool = False, force: bool = False) -> list[Install]:
    """Check every file and where it would go; raise NothingInstalled on any problem."""
    folder = _target(user_dir, map_dir, map_only)
    source = "map" if map_only else "user"
    problems: list[str] = []
    read: list[PackFile] = []
    for path in files:
        try:
            read.append(read_pack_file(path, source))
        except MapFormatError as err:
            problems.extend(str(p) for p in err.problems)
    seen: dict[str, Path] = {}
    for found in read:
        first = seen.setdefault(found.pack.id, found.path)
        if first is not found.path:
            problems.append(f"{found.path}: holds the pack {found.pack.id!r}, as {first} does; "
                            "give only one of them")
    held = folder_packs(folder)
    everywhere = load_packs(user_dir, map_dir)
    plans = []
    for found in read:
        plan = _plan_one(found, folder, held, force, problems)
        if plan is None:
            continue
        winner = everywhere.get(found.pack.id)
        places = everywhere.overridden.get(found.pack.id, []) + ([winner.source] if winner
                                                                else [])
        rank = _ORDER.index(source)
        plan.overrides = [pack_origin(s) for s in places if _ORDER.index(s) < rank]
        plan.behind = [pack_origin(s) for s in places if _ORDER.index(s) > rank]
        plans.append(plan)
    if problems:
        raise NothingInstalled(problems)
    return plans


def _target(user_dir: Path, map_dir: Path | None, map_only: bool) -> Path:
    if not map_only:
        return user_dir
    if map_dir is None:
        raise InvalidInput("--map-only needs a map; give --map NAME")
    return map_dir


def _plan_one(found: PackFile, folder: Path, held: Held, force: bool,
              problems: list[str]) -> Install | None:
    pid = found.pack.id
    there = held.by_id.get(pid, [])
    if len(there) > 1:
        names = ", ".join(p.name for p in there)
        problems.append(f"{found.path}: {folder} holds the pack {pid!r} in {len(there)} files "
                        f"({names}); move all but one aside first")
        return None
    if there:
        target = there[0]
        if _same_bytes(target, found.raw):
            return Install(found, target, "same", [], [])
        if not force:
            problems.append(f"{found.path}: the pack {pid!r} is installed already as {target}, "
                            "with other words; add --force to write over it")
            return None
        return Install(found, target, "replace", [], [])
    target = folder / f"{pid}.toml"
    if target.exists() or target.is_symlink():
        # Not a pack with this id (that would be in `there`): another pack, or a broken one.
        if target.name in {p.name for paths in held.by_id.values() for p in paths}:
            problems.append(f"{found.path}: {target} holds another pack; rename that file "
                            "first")
            return None
        if not force:
            problems.append(f"{found.path}: {target} is there already and will not load; "
                            "add --force to write over it")
            return None
        return Install(found, target, "replace", [], [])
    return Install(found, target, "new", [], [])


def _same_bytes(path: Path, raw: bytes) -> bool:
    try:
        return read_pack_file(path).raw == raw
    except MapFormatError:
        return False


def install(plans: list[Install], archive: Path | None = None) -> None:
    """Write the planned files (each atomically, 0600); identical ones are left alone.
    A file written over (--force) is first copied into `archive`: nothing is lost."""
    from . import paths
    from .atomic import atomic_write

    for plan in plans:
        if plan.action == "same":
            continue
        if plan.action == "replace" and archive is not None:
            plan.kept = _keep_copy(plan.target, plan.file.pack.id, archive)
        try:
            paths.ensure_private_dir(plan.target.parent)
            atomic_write(plan.target, plan.file.raw)
        except OSError as err:
            raise file_error("write", plan.target, err) from None


def _keep_copy(path: Path, pack_id: str, archive: Path) -> Path | None:
    """A copy of the file about to be written over, in the archive (None: nothing there
    that could be read, such as a pipe named like a pack)."""
    from .atomic import atomic_write
    from .packs import read_pack_bytes

    try:
        raw = read_pack_bytes(path)
    except MapFormatError:
        return None
    dest = _archive_name(archive, pack_id)
    try:
        atomic_write(dest, raw)
    except OSError as err:
        raise file_error("keep a copy of", path, err) from None
    return dest


def _archive_name(archive: Path, pack_id: str, now: datetime | None = None) -> Path:
    """A free <id>--YYYYMMDDTHHMMSS[-N].toml in `archive` (made if missing)."""
    from . import paths

    when = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    paths.ensure_private_dir(archive)
    dest = archive / f"{pack_id}--{when}.toml"
    number = 2
    while dest.exists() or dest.is_symlink():
        dest = archive / f"{pack_id}--{when}-{number}.toml"
        number += 1
    return dest


def _own_file(pack_id: str, folder: Path | None) -> Path | None:
    held = folder_packs(folder)
    there = held.by_id.get(pack_id, [])
    if there:
        return there[0]
    return held.broken.get(pack_id)  # a file that will not load, named for the id


def find_own(pack_id: str, user_dir: Path, map_dir: Path | None, map_only: bool) -> Path:
    """The person's own file of `pack_id` in the user (or the map's) folder."""
    folder = _target(user_dir, map_dir, map_only)
    found = _own_file(pack_id, folder)
    if found is not None:
        return found
    if not map_only and _own_file(pack_id, map_dir) is not None:
        raise InvalidInput(f"{pack_id!r} is this map's own pack; add --map-only to remove it")
    from .packs import builtin_pack_files, load_pack_file

    if any(load_pack_file(p, "built-in").id == pack_id for p in builtin_pack_files()):
        raise InvalidInput(f"built-in packs stay; to set {pack_id!r} aside, install a pack "
                           "of your own with that id, which takes its place")
    raise InvalidInput(f"no pack {pack_id[:40]!r} of yours in {folder}; `ifs prompts list` "
                       "shows each pack and where it comes from")


def next_in_line(pack_id: str, user_dir: Path, map_dir: Path | None, map_only: bool
                 ) -> str:
    """Once the person's pack `pack_id` is removed, where the pack with that id then comes
    from, for this map ("this map's", "yours", "built-in"), or "" when none is left."""
    if not map_only and _own_file(pack_id, map_dir) is not None:
        return pack_origin("map")
    if map_only and _own_file(pack_id, user_dir) is not None:
        return pack_origin("user")
    from .packs import builtin_pack_files, load_pack_file

    if any(load_pack_file(p, "built-in").id == pack_id for p in builtin_pack_files()):
        return pack_origin("built-in")
    return ""


def archive_pack(path: Path, pack_id: str, archive: Path, now: datetime | None = None
                 ) -> Path:
    """Move a pack file into `archive` as <id>--YYYYMMDDTHHMMSS.toml; return where."""
    try:
        dest = _archive_name(archive, pack_id, now)
        try:
            os.rename(path, dest)
        except OSError as err:
            if err.errno != errno.EXDEV:
                raise
            _move_across(path, dest)
    except OSError as err:
        raise file_error("move", path, err) from None
    return dest


def _move_across(path: Path, dest: Path) -> None:
    """A move to another file system: a full copy first, then the original goes."""
    from .atomic import atomic_write

    atomic_write(dest, path.read_bytes())
    try:
        os.unlink(path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(dest)  # keep one copy, where it was
        raise


def pack_bytes(pack: Pack) -> bytes:
    """The pack's file as it is, built-in ones from the package's own resources."""
    if pack.source == "built-in":
        from importlib import resources

        name = Path(pack.path).name
        return (resources.files("ifs_tui") / "packs" / name).read_bytes()
    return read_pack_file(Path(pack.path), pack.source).raw
