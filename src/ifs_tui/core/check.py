"""`ifs check`: look over a whole map folder and report every problem found."""

from __future__ import annotations

import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from . import journeys, moments, paths, reflections, sealed
from .atomic import TEMP_SUFFIX
from .codec import locate, map_from_dict
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .model import SCHEMA, STATUSES, PartsMap
from .storage import parse_toml


def integrity_problems(pmap: PartsMap, file: str) -> list[Problem]:
    """Problems a map can load with but should not keep."""
    found: list[Problem] = []
    ids = {p.id for p in pmap.parts}
    names: dict[str, str] = {}
    for i, part in enumerate(pmap.parts):
        key = part.name.casefold()
        if key in names:
            found.append(Problem(file, f"parts[{i}].name",
                                 f"the same name as part {names[key]}; names should differ",
                                 severity="warning"))
        names.setdefault(key, part.id)
    seen: set[tuple[str, str, str]] = set()
    for i, rel in enumerate(pmap.relationships):
        where = f"relationships[{i}]"
        for end, value in (("from", rel.source), ("to", rel.target)):
            if value and value not in ids:
                found.append(Problem(file, f"{where}.{end}", f"names no part with id {value!r}"))
        if rel.source and rel.source == rel.target:
            found.append(Problem(file, where, "links a part to itself"))
        low, high = sorted((rel.source, rel.target))
        link_key = (rel.kind, low, high)
        if link_key in seen:
            found.append(Problem(file, where, "the same link appears twice", severity="warning"))
        seen.add(link_key)
    return found


def _mode_problems(path: Path, want: int, folder: Path) -> list[Problem]:
    try:
        st_mode = path.stat().st_mode
    except OSError:
        return []
    return mode_problems(st_mode, path, want, folder)


def mode_problems(st_mode: int, path: Path, want: int, folder: Path) -> list[Problem]:
    """A warning when a file others can read (its st_mode taken already)."""
    mode = stat.S_IMODE(st_mode)
    if mode & 0o077:
        shown = path.relative_to(folder) if path != folder else path
        return [Problem(str(shown), "", f"can be read by others (mode {mode:o}); "
                        f"run: chmod {want:o} '{path}'", severity="warning")]
    return []


def naive_dates(data: Any, file: str, text: str) -> list[Problem]:
    """A warning for each date and time written without an offset (read as UTC)."""
    found: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:  # parse_toml has refused anything nested too deeply
        where, value = stack.pop()
        if isinstance(value, datetime) and value.tzinfo is None:
            found.append(Problem(file, where, "has no offset, so it is read as UTC; add "
                                 "one if you meant another zone, e.g. +01:00",
                                 line=locate(text, where), severity="warning"))
        elif isinstance(value, dict):
            stack += [(f"{where}.{k}" if where else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{where}[{i}]", v) for i, v in enumerate(value)]
    return sorted(found, key=lambda p: (p.line or 0, p.field))


def _check_entry_files(folder: Path, sub: str,
                       read: list[tuple[Path, Any, str]] | None = None) -> list[Problem]:
    """Problems of the files in `sub`; `read` gets (path, record, text) of each that loads."""
    where = folder / sub
    names, found = reflections.toml_files(where, sub)
    for name in names:
        path = where / name
        try:
            if would_block(path):
                found.append(Problem(str(path), "", "is not a plain file; move it aside"))
                continue
            raw = sealed.read(path, folder)
        except OSError as err:
            found.append(file_problem("read", path, err))
            continue
        try:
            data = parse_toml(raw, str(path))
            if sub == paths.REFLECTIONS_DIR:
                reflections.from_dict(data, path.stem, str(path), raw.decode("utf-8"))
            elif sub == paths.MOMENTS_DIR:
                moments.from_dict(data, path.stem, str(path), raw.decode("utf-8"))
            elif sub == paths.JOURNEYS_DIR:
                journey = journeys.from_dict(data, path.stem, str(path), raw.decode("utf-8"))
                if read is not None:
                    read.append((path, journey, raw.decode("utf-8")))
        except MapFormatError as err:
            found.extend(err.problems)
            continue
        schema = data.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool):
            found.append(Problem(str(path), "schema", "missing or not a whole number"))
        elif schema > SCHEMA:
            found.append(Problem(str(path), "schema",
                                 f"schema {schema} is newer than this version knows"))
        found.extend(naive_dates(data, str(path), raw.decode("utf-8")))
        found.extend(_mode_problems(path, 0o600, folder))
    return found


def would_block(path: Path) -> bool:
    """True for a FIFO, socket or device named like a data file: reading would block.
    (A folder is left to the read, which names it.)"""
    mode = path.stat().st_mode
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def file_hazards(text: str) -> list[tuple[str, list[str]]]:
    """(field, characters) for each value in a file's text holding terminal hazards."""
    import tomllib

    from .textsafe import HAZARD, hazard_fields

    # Most files hold neither such a character nor an escape that could
    # make one: skip parsing those (a year of reflections stays quick).
    if not HAZARD.search(text) and not re.search(r"\\[bfeuxU]", text):
        return []
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        return []  # unreadable files are reported by the other checks
    return list(hazard_fields(data))


def hazard_problem(path: Path, field: str, chars: list[str]) -> Problem:
    return Problem(str(path), field, "holds characters that can control a terminal or "
                   f"reorder text ({', '.join(chars)}); ifs shows them as <U+...>; remove "
                   "them unless you put them there", severity="warning")


def hazard_warnings(folder: Path, in_reflections: list[Problem] | None = None) -> list[Problem]:
    """Terminal escapes and bidi overrides in the map's files (see core/textsafe.py).

    They are shown as <U+XXXX> wherever ifs shows text, so they do no harm there,
    but nobody types them: the person should know they are in the file.
    `in_reflections`: those of reflections/, known already (from the index).
    """
    files = [paths.map_file(folder)]
    if in_reflections is None:
        files += sorted((folder / paths.REFLECTIONS_DIR).glob("*.toml"))
    later = []
    for sub in (paths.MOMENTS_DIR, paths.PROMPTS_DIR, paths.JOURNEYS_DIR):
        later += sorted((folder / sub).glob("*.toml"))
    later += sorted(paths.user_prompts_dir().glob("*.toml"))
    found: list[Problem] = []
    for path in files + [None] + later:
        if path is None:
            found += in_reflections or []
            continue
        try:
            if would_block(path):
                continue  # reported by the other checks
            text = sealed.read(path, folder).decode("utf-8")
        except (OSError, ValueError):
            continue  # unreadable files are reported by the other checks
        found += [hazard_problem(path, f, chars) for f, chars in file_hazards(text)]
    return found


def pack_problems(folder: Path) -> list[Problem]:
    """Broken packs in the map's prompts/ and the person's own prompts folder.

    The pack picker skips them with a note; `check` is where they are listed in full.
    The built-in packs ship with ifs-tui and are not parsed here.
    """
    places = (paths.user_prompts_dir(), folder / paths.PROMPTS_DIR)
    if not any(map(_may_hold_packs, places)):
        return []  # the common case: spare importing the pack reader
    from .packs import own_pack_problems

    return own_pack_problems(*places)


def _may_hold_packs(folder: Path) -> bool:
    """False only for a folder that is missing, a file, or holds no .toml file."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(".toml") for e in entries)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # unreadable: the pack reader reports it


def _check_map(map_path: Path) -> tuple[list[Problem], PartsMap | None]:
    """map.toml's problems, and the map when it loads at all."""
    try:
        raw = sealed.read(map_path, map_path.parent)
    except OSError as err:
        return [file_problem("read", map_path, err)], None
    try:
        data = parse_toml(raw, str(map_path))
        text = raw.decode("utf-8")
        pmap = map_from_dict(data, str(map_path), text)
    except MapFormatError as err:
        return list(err.problems), None
    return (integrity_problems(pmap, str(map_path)) + naive_dates(data, str(map_path), text)
            + _odd_history(pmap, str(map_path), text)), pmap


def _journey_links(folder: Path, read: list[tuple[Path, Any, str]],
                   pmap: PartsMap | None) -> list[Problem]:
    """Journeys naming a part, reflection or moment that is not there (removed or never
    kept): warned, as the arc shows such an entry as gone and nothing is lost."""
    def stems(sub: str) -> set[str]:
        try:
            return {n[:-5] for n in os.listdir(folder / sub) if n.endswith(".toml")}
        except OSError:
            return set()

    there = {"preparation": stems(paths.REFLECTIONS_DIR),
             "integration": stems(paths.REFLECTIONS_DIR), "moments": stems(paths.MOMENTS_DIR)}
    if pmap is not None:  # a map that will not load is reported on its own
        there["parts"] = {p.id for p in pmap.parts}
    what = {"parts": "a part", "preparation": "a reflection", "integration": "a reflection",
            "moments": "a moment"}
    found = []
    for path, journey, text in read:
        for key, known in there.items():
            for i, ref in enumerate(getattr(journey, key)):
                if ref not in known:
                    where = f"{key}[{i}]"
                    found.append(Problem(
                        str(path), where, f"names {what[key]} that is not in this map "
                        f"({ref[:40]!r}); the journey shows it as gone. Take it out with "
                        "ifs journey detach, or leave it", line=locate(text, key),
                        severity="warning"))
    return found


def _odd_history(pmap: PartsMap, file: str, text: str) -> list[Problem]:
    """Past statuses this version does not know: kept and shown as written, but named."""
    found = []
    for i, part in enumerate(pmap.parts):
        for j, change in enumerate(part.status_history):
            if change.status not in STATUSES:
                where = f"parts[{i}].status_history[{j}].status"
                found.append(Problem(
                    file, where, f"{change.status[:30]!r} is not one of {', '.join(STATUSES)}; "
                    "it is kept as written", line=locate(text, where), severity="warning"))
    return found


def _history_notes(folder: Path, keep: bool) -> list[Problem]:
    """Earlier versions that will not load: told, never failed on (they are only kept).
    With `keep`, the versions read are described in the history cache on the way, so
    neither `ifs history` nor the next check reads them again."""
    from .history import entries, unreadable
    from .storage import MapStore

    if keep:
        entries(MapStore(folder))
    return [Problem(str(path), "", f"an earlier version that will not load ({problem}); "
                    "it cannot be restored, and is kept as it is (ifs history lists it)",
                    severity="warning")
            for path, problem in unreadable(MapStore(folder))]


def _sealing_notes(folder: Path) -> list[Problem]:
    """An encrypted map with files still plain, or a conversion stopped part way."""
    if not sealed.is_sealed(folder):
        return []
    from .sealing import plain_left

    try:
        unfinished = sealed.read_key_file(folder).unfinished
    except OSError as err:
        return [file_problem("read", folder / sealed.KEY_FILE, err)]
    if unfinished == "decrypt":
        return [Problem(str(folder / sealed.KEY_FILE), "", "a decryption stopped part way; "
                        "run `ifs decrypt` again to finish it", severity="warning")]
    plain = plain_left(folder)
    if not plain:
        return []
    hint = ("an encryption stopped part way" if unfinished
            else "put here after the map was encrypted")
    some = ", ".join(str(p.relative_to(folder)) for p in plain[:3])
    more = f" and {len(plain) - 3:,} more" if len(plain) > 3 else ""
    count = f"{len(plain):,} file{'s' if len(plain) != 1 else ''}"
    return [Problem(str(folder), "", f"{count} not encrypted yet ({hint}): {some}{more}; "
                    "run `ifs encrypt` to encrypt them", severity="warning")]


def left_temps(folder: Path) -> list[Path]:
    """Temporary files of interrupted saves anywhere under the folder, sorted; links to
    folders are named, not followed (as Path.rglob, at half its cost on 5,000 files)."""
    found = []
    for top, dirs, files in os.walk(folder):
        found += [Path(top, name) for name in dirs + files if name.endswith(TEMP_SUFFIX)]
    return sorted(found)


def check_folder(folder: Path) -> list[Problem]:
    """Every problem in the map folder: errors first, then warnings."""
    map_path = paths.map_file(folder)
    if not map_path.exists():
        return [Problem(str(folder), "", "there is no map.toml here")]
    from .reflect_index import checked

    found, pmap = _check_map(map_path)
    loads = pmap is not None
    # Reflections through the index: a file unchanged since last looked at is not parsed.
    # A map.toml that will not load: nothing is written into its folder, not even that.
    known = checked(folder, keep=loads)
    found.extend(known.problems)
    found.extend(_check_entry_files(folder, paths.MOMENTS_DIR))
    journeys_read: list[tuple[Path, Any, str]] = []
    found.extend(_check_entry_files(folder, paths.JOURNEYS_DIR, journeys_read))
    found.extend(_journey_links(folder, journeys_read, pmap))
    found.extend(hazard_warnings(folder, [hazard_problem(path, f, chars)
                                          for path, f, chars in known.hazards]))
    found.extend(pack_problems(folder))
    found.extend(_mode_problems(folder, 0o700, folder))
    found.extend(_mode_problems(map_path, 0o600, folder))
    for name in (paths.MAP_FILE, paths.LOCK_FILE, paths.HISTORY_DIR, paths.REFLECTIONS_DIR,
                 paths.MOMENTS_DIR, ".gitignore", paths.JOURNEYS_DIR):
        if (folder / name).is_symlink():  # saves refuse links: see docs/data.md
            found.append(Problem(str(folder / name), "", "is a symbolic link; ifs-tui reads "
                                 "through it but never saves over it: put the real file or "
                                 "folder in its place"))
    found.extend(_history_notes(folder, keep=loads))
    found.extend(_sealing_notes(folder))
    for temp in left_temps(folder):
        found.append(Problem(str(temp), "", "left by an interrupted save; the next save "
                             "removes it", severity="warning"))
    found.sort(key=lambda p: p.severity != "error")
    return found
