"""A map's title, part count and problem, for the list of maps."""

from __future__ import annotations

from pathlib import Path

from . import paths
from .errors import IfsError, MapFormatError
from .fileerrors import describe


def _problem_line(err: MapFormatError) -> str:
    first = err.problems[0]
    where = f"line {first.line}: " if first.line is not None else ""
    what = f"{first.field}: " if first.field else ""
    return f"map.toml will not load: {where}{what}{first.message}"


def summary(folder: Path) -> tuple[str, int | None, str]:
    """(title, parts, problem): ("", None, "no map.toml yet") and so on for a broken map."""
    from .storage import parse_map

    path = paths.map_file(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return "", None, "no map.toml yet"
    except OSError as err:
        return "", None, f"map.toml cannot be read: {describe(err)}"
    try:
        pmap = parse_map(raw, str(path))
    except MapFormatError as err:
        return "", None, _problem_line(err)
    except IfsError as err:
        return "", None, f"map.toml will not load: {err}"
    return pmap.title, len(pmap.parts), ""
