from __future__ import annotations

import os
from pathlib import Path


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }
