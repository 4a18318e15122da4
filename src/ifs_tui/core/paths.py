"""Every place ifs-tui reads or writes, in one module.

`IFS_TUI_HOME` replaces the data root; `--map NAME|PATH` picks a map folder.
Folders made here are private (0700) whatever the umask.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any

from .errors import IfsError, InvalidInput

APP_NAME = "ifs-tui"
DEFAULT_MAP = "default"
HOME_ENV = "IFS_TUI_HOME"
CONFIG_ENV = "IFS_TUI_CONFIG_HOME"
CRASH_ENV = "IFS_TUI_CRASH_REPORTS"  # set by `ifs demo` only
MAP_FILE = "map.toml"
HISTORY_DIR = ".history"
REFLECTIONS_DIR = "reflections"
MOMENTS_DIR = "moments"
JOURNEYS_DIR = "journeys"
PROMPTS_DIR = "prompts"
LOCK_FILE = ".lock"
SUPPORT_FILE = "support.toml"
KEY_FILE = "encryption.toml"  # an encrypted map's key (core/sealed.py)
ARCHIVE_DIR = "archive"
MAPS_FILE = "maps.toml"
CACHE_DIR = ".cache"  # rebuildable from the map's own files; safe to delete

_MAP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with mode 0700."""
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        # mkdir's mode is masked by the umask; set it outright.
        os.chmod(folder, 0o700)
    return path


def data_root() -> Path:
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only paid for when needed

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def maps_dir() -> Path:
    return data_root() / "maps"


def user_prompts_dir() -> Path:
    return data_root() / PROMPTS_DIR


def archive_dir() -> Path:
    """Where removed maps and packs are moved: nothing is deleted outright."""
    return data_root() / ARCHIVE_DIR


def maps_file() -> Path:
    """Settings of the data root's maps (which one is the default)."""
    return data_root() / MAPS_FILE


def is_map_name(spec: str) -> bool:
    return bool(_MAP_NAME.match(spec))


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_SETTINGS_FIX = "fix it, or remove it to use the map named 'default'"


def read_maps_settings(settings: Path | None = None) -> dict[str, Any]:
    """maps.toml as data ({} when missing), its `default` checked. A file that will
    not parse raises MapFormatError naming it and the line; it is never written over."""
    import tomllib

    from .errors import MapFormatError, Problem

    settings = settings if settings is not None else maps_file()
    try:
        raw = settings.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise IfsError(f"cannot read {settings}: {(err.strerror or 'error').lower()}; "
                       f"{_SETTINGS_FIX}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as err:
        line = None
        message = "is not valid UTF-8 text" if isinstance(err, UnicodeDecodeError) else (
            "is nested too deeply" if isinstance(err, RecursionError) else "TOML syntax: "
            + str(err))
        match = _AT_LINE.search(message)
        if match:
            line, message = int(match[1]), message[: match.start()]
        raise MapFormatError([Problem(str(settings), "", f"{message}; {_SETTINGS_FIX}",
                                      line=line)]) from None
    name = data.get("default", DEFAULT_MAP)
    if not isinstance(name, str) or not is_map_name(name):
        raise MapFormatError([Problem(str(settings), "default", "should be the name of a map "
                                      f"(letters, digits, '.', '_', '-'); {_SETTINGS_FIX}")])
    return data


def read_default_map(settings: Path | None = None) -> str:
    """The default map's name: maps.toml's `default`, else "default"."""
    name: str = read_maps_settings(settings).get("default", DEFAULT_MAP)
    return name


def map_dir(spec: str | None = None) -> Path:
    """The folder of a map given by name (under the data root) or by path.
    No spec: the default map (maps.toml says which; "default" unless set)."""
    if not spec:
        return maps_dir() / read_default_map()
    looks_like_path = (
        os.sep in spec
        or (os.altsep is not None and os.altsep in spec)
        or spec.startswith((".", "~"))
    )
    if looks_like_path:
        return Path(spec).expanduser().absolute()
    if not is_map_name(spec):
        raise InvalidInput(
            "a map name may use the letters a-z and A-Z, digits, '.', '_' and '-' (at most "
            "64); "
            "give a path such as ./my-map for a folder elsewhere"
        )
    return maps_dir() / spec


def ifs_for_folder(folder: Path) -> str:
    """The command a person types for this map: `ifs`, `ifs --map NAME` or a path."""
    import shlex

    try:
        if folder.absolute() == map_dir(None).absolute():
            return "ifs"
        if folder.absolute().parent == maps_dir().absolute() and is_map_name(folder.name):
            return f"ifs --map {folder.name}"
    except (OSError, IfsError):
        pass
    return f"ifs --map {shlex.quote(str(folder))}"


def map_file(folder: Path) -> Path:
    return folder / MAP_FILE


def support_file() -> Path:
    """The person's own support contacts (core/support.py); never inside a map."""
    return data_root() / SUPPORT_FILE


def cache_dir(folder: Path) -> Path:
    """The map's cache folder (the reflection index), inside the map so that its
    private text stays under the map's own 0700 folder and goes when the map goes.
    Not created here: the index makes it when it first writes."""
    return folder / CACHE_DIR


def crash_reports_dir() -> Path:
    """Where the app writes a report when it stops on an unexpected error (in the
    person's own data root, also during a demo, whose data root is temporary)."""
    env = os.environ.get(CRASH_ENV)
    return Path(env) if env else data_root() / "crash-reports"


# What a folder may hold before it has a map.toml: ifs-tui's own entries (a map
# whose map.toml is missing) and the markers version-control and sync tools leave.
OWN_ENTRIES = frozenset({REFLECTIONS_DIR, MOMENTS_DIR, PROMPTS_DIR, HISTORY_DIR, LOCK_FILE,
                         ".gitignore", CACHE_DIR, JOURNEYS_DIR, KEY_FILE})
TOOL_MARKERS = frozenset({".git", ".stfolder", ".stignore", ".DS_Store", "Thumbs.db",
                          "desktop.ini"})


def check_new_map_folder(folder: Path) -> list[str]:
    """Refuse to start a map where it would mix with other files; return our entries kept."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder; give a folder for the map")
    if not folder.exists():
        return []
    try:
        names = sorted(os.listdir(folder))
    except OSError as err:
        raise IfsError(f"cannot look inside {folder} ({err.strerror or type(err).__name__}); "
                       "check its permissions") from None
    others = [n for n in names if n not in OWN_ENTRIES | TOOL_MARKERS
              and not n.endswith(".ifs-tmp")]
    if others:
        count = f"{len(others)} other file{'s' if len(others) != 1 else ''}"
        raise InvalidInput(f"{folder} already holds {count} and no map; give a new or empty "
                           "folder for the map (it is created if missing)")
    history = folder / HISTORY_DIR
    if history.is_dir() and any(history.glob("map-*.toml")):
        raise InvalidInput(f"{folder} has no map.toml, but {history} holds earlier versions of "
                           f"it; copy the newest one back to {folder / MAP_FILE} instead of "
                           "starting a new map")
    return [n for n in names if n in OWN_ENTRIES and n not in (LOCK_FILE, CACHE_DIR)]
