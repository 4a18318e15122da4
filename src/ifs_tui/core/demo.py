"""The fictional demo map, copied to a private temporary folder for each demo."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from . import paths


def demo_source() -> Traversable:
    return resources.files("ifs_tui") / "examples" / "demo"


# Earlier versions of the demo map ship as history/: package data leaves out dot-folders.
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


def make_demo_copy(parent: Path | None = None) -> tuple[Path, Path]:
    """(the temporary folder to remove afterwards, the map folder inside it)."""
    temp = Path(tempfile.mkdtemp(prefix="ifs-tui-demo-", dir=parent))  # created 0700
    folder = temp / "demo"
    _copy(demo_source(), folder)
    return temp, folder
