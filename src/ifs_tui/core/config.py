"""The person's settings: theme, first-run welcome, key remapping, history bound,
hiding the screen after idle minutes.

Kept in `<config dir>/config.toml`. A broken file is reported and left
alone; the app then runs with defaults and does not write over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .atomic import atomic_write
from .errors import MapFormatError
from .fileerrors import file_error
from .storage import parse_toml
from .tomlwrite import dumps

CONFIG_FILE = "config.toml"
DEFAULT_THEME = "ifs-calm"
HISTORY_KEEP_KEY = "history_keep"  # how many earlier versions of map.toml are kept
HIDE_AFTER_KEY = "hide_after_minutes"  # the app hides its screen after this many idle minutes


@dataclass
class Config:
    theme: str = DEFAULT_THEME
    welcome_seen: bool = False
    # binding id -> keys, e.g. {"part.add" = "ctrl+n"}: passed to App.set_keymap.
    keymap: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # None: the default (storage.HISTORY_KEEP). A value that is not a whole number from 1
    # on is kept in `extra` as written and the default is used.
    history_keep: int | None = None
    # None: off. Anything but a whole number from 1 on stays in `extra` as written, is
    # ignored, and is named in `ignored`.
    hide_after_minutes: int | None = None
    ignored: list[str] = field(default_factory=list)  # settings left unused, and why
    broken: str = ""  # why the file could not be read; then it is never written


def config_file() -> Path:
    return paths.config_dir() / CONFIG_FILE


def load_config() -> Config:
    path = config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as err:  # the app still opens, with default settings
        return Config(broken=str(file_error("read", path, err)))
    try:
        data = parse_toml(raw, str(path))
    except MapFormatError as err:
        return Config(broken=str(err))
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        return Config(broken=f"{path}: keymap: should be a table of binding id = \"keys\"")
    theme = data.get("theme", DEFAULT_THEME)
    keep = history_keep_setting(data.get(HISTORY_KEEP_KEY))
    hide = hide_after_setting(data.get(HIDE_AFTER_KEY))
    ignored = []
    if HIDE_AFTER_KEY in data and hide is None:
        ignored.append(f"{path}: {HIDE_AFTER_KEY} should be a whole number of minutes "
                       "from 1; the screen does not hide by itself")
    known = (("theme", "welcome_seen", "keymap") + ((HISTORY_KEEP_KEY,) if keep else ())
             + ((HIDE_AFTER_KEY,) if hide else ()))
    return Config(
        theme=theme if isinstance(theme, str) else DEFAULT_THEME,
        welcome_seen=data.get("welcome_seen") is True,
        keymap=dict(keymap),
        extra={k: v for k, v in data.items() if k not in known},
        history_keep=keep,
        hide_after_minutes=hide,
        ignored=ignored,
    )


def history_keep_setting(value: object) -> int | None:
    """The bound a `history_keep` value stands for, or None if it is not a usable one."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100_000:
        return value
    return None


def hide_after_setting(value: object) -> int | None:
    """The idle minutes a `hide_after_minutes` value stands for, or None if not usable."""
    # Up to a year: a bigger number is surely a slip (and would overflow a timer).
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 525_600:
        return value
    return None


def save_config(config: Config) -> bool:
    """Write the settings; False (and nothing written) when the file was broken."""
    if config.broken:
        return False
    data: dict[str, Any] = {"theme": config.theme, "welcome_seen": config.welcome_seen}
    if config.history_keep is not None:
        data[HISTORY_KEEP_KEY] = config.history_keep
    if config.hide_after_minutes is not None:
        data[HIDE_AFTER_KEY] = config.hide_after_minutes
    data.update(config.extra)
    if config.keymap:
        data["keymap"] = config.keymap
    folder = paths.ensure_private_dir(paths.config_dir())
    atomic_write(folder / CONFIG_FILE, dumps(data).encode("utf-8"))
    return True
