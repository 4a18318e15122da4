"""`ifs check`: look over a whole map folder and report every problem found."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from . import paths, reflections
from .atomic import TEMP_SUFFIX
from .errors import MapFormatError, Problem
from .model import SCHEMA, PartsMap
from .storage import parse_map, parse_toml


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
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return []
    if mode & 0o077:
        shown = path.relative_to(folder) if path != folder else path
        return [Problem(str(shown), "", f"can be read by others (mode {mode:o}); "
                        f"run: chmod {want:o} '{path}'", severity="warning")]
    return []


def _check_entry_files(folder: Path, sub: str) -> list[Problem]:
    found: list[Problem] = []
    where = folder / sub
    if not where.is_dir():
        return found
    for path in sorted(where.glob("*.toml")):
        try:
            data = parse_toml(path.read_bytes(), str(path))
            if sub == paths.REFLECTIONS_DIR:
                reflections.from_dict(data, path.stem, str(path))
        except MapFormatError as err:
            found.extend(err.problems)
            continue
        schema = data.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool):
            found.append(Problem(str(path), "schema", "missing or not a whole number"))
        elif schema > SCHEMA:
            found.append(Problem(str(path), "schema",
                                 f"schema {schema} is newer than this version knows"))
        found.extend(_mode_problems(path, 0o600, folder))
    return found


def hazard_warnings(folder: Path) -> list[Problem]:
    """Terminal escapes and bidi overrides in the map's files (see core/textsafe.py).

    They are shown as <U+XXXX> wherever ifs shows text, so they do no harm there,
    but nobody types them: the person should know they are in the file.
    """
    import tomllib

    from .textsafe import HAZARD, hazard_fields

    files = [paths.map_file(folder)]
    for sub in (paths.REFLECTIONS_DIR, paths.MOMENTS_DIR, paths.PROMPTS_DIR):
        files += sorted((folder / sub).glob("*.toml"))
    files += sorted(paths.user_prompts_dir().glob("*.toml"))
    found: list[Problem] = []
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
            # Most files hold neither such a character nor an escape that could
            # make one: skip parsing those (a year of reflections stays quick).
            if not HAZARD.search(text) and not re.search(r"\\[bfeuxU]", text):
                continue
            data = tomllib.loads(text)
        except (OSError, ValueError, RecursionError):
            continue  # unreadable files are reported by the other checks
        for field, chars in hazard_fields(data):
            found.append(Problem(str(path), field, "holds characters that can control a "
                                 f"terminal or reorder text ({', '.join(chars)}); ifs shows "
                                 "them as <U+...>; remove them unless you put them there",
                                 severity="warning"))
    return found


def check_folder(folder: Path) -> list[Problem]:
    """Every problem in the map folder: errors first, then warnings."""
    map_path = paths.map_file(folder)
    if not map_path.is_file():
        return [Problem(str(folder), "", "there is no map.toml here")]
    found: list[Problem] = []
    try:
        pmap = parse_map(map_path.read_bytes(), str(map_path))
    except MapFormatError as err:
        found.extend(err.problems)
    else:
        found.extend(integrity_problems(pmap, str(map_path)))
    for sub in (paths.REFLECTIONS_DIR, paths.MOMENTS_DIR):
        found.extend(_check_entry_files(folder, sub))
    found.extend(hazard_warnings(folder))
    found.extend(_mode_problems(folder, 0o700, folder))
    found.extend(_mode_problems(map_path, 0o600, folder))
    for name in (paths.MAP_FILE, paths.LOCK_FILE, paths.HISTORY_DIR, paths.REFLECTIONS_DIR,
                 paths.MOMENTS_DIR, ".gitignore"):
        if (folder / name).is_symlink():  # saves refuse links: see docs/data.md
            found.append(Problem(str(folder / name), "", "is a symbolic link; ifs-tui reads "
                                 "through it but never saves over it: put the real file or "
                                 "folder in its place"))
    for temp in sorted(folder.rglob(f"*{TEMP_SUFFIX}")):
        found.append(Problem(str(temp), "", "left by an interrupted save; the next save "
                             "removes it", severity="warning"))
    found.sort(key=lambda p: p.severity != "error")
    return found
