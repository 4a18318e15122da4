"""The fictional demo maps, copied to a private temporary folder for each demo.

The temporary folder is laid out as a data root (`<temp>/maps/<name>/`), so the app's
map picker can list every demo map and switch between them.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from . import paths
from .errors import InvalidInput

INDEX = "demos.toml"


def examples_source() -> Traversable:
    return resources.files("ifs_tui") / "examples"


def demo_source(name: str = "demo") -> Traversable:
    return examples_source() / name


def demo_names() -> list[tuple[str, str]]:
    """(name, about) for each shipped demo map, in the order demos.toml lists them."""
    data = tomllib.loads((examples_source() / INDEX).read_text(encoding="utf-8"))
    return [(str(d["name"]), str(d.get("about", ""))) for d in data.get("demo", [])]


@dataclass(frozen=True)
class DemoMap:
    name: str
    title: str
    parts: int
    about: str


def demo_listing() -> list[DemoMap]:
    """Each demo map with its title and number of parts, for `ifs demo --list`."""
    found = []
    for name, about in demo_names():
        data = tomllib.loads((demo_source(name) / paths.MAP_FILE).read_text(encoding="utf-8"))
        found.append(DemoMap(name, str(data.get("title", "")), len(data.get("parts", [])),
                             about))
    return found


# Earlier versions of a demo map ship as history/: package data leaves out dot-folders.
_RENAMED = {"history": paths.HISTORY_DIR}


def _copy(source: Traversable, target: Path) -> None:
    paths.ensure_private_dir(target)
    for entry in source.iterdir():
        if entry.is_dir():
            _copy(entry, target / _RENAMED.get(entry.name, entry.name))
        elif entry.name.endswith(".toml"):
            dest = target / entry.name
            dest.write_bytes(entry.read_bytes())
            os.chmod(dest, 0o600)


def make_demo_copy(parent: Path | None = None, name: str = "demo") -> tuple[Path, Path]:
    """(the temporary folder to remove afterwards, the folder of map `name` inside it).

    Every demo map is copied, so the temporary folder works as a data root."""
    names = [n for n, _ in demo_names()]
    if name not in names:
        raise InvalidInput(f"there is no demo map named {name[:40]!r}; choose one of "
                           f"{', '.join(names)} (`ifs demo --list` says what each shows)")
    temp = Path(tempfile.mkdtemp(prefix="ifs-tui-demo-", dir=parent))  # created 0700
    maps = temp / "maps"  # as MapsPlace(temp).maps
    for each in names:
        _copy(demo_source(each), maps / each)
    return temp, maps / name
