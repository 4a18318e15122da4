"""The README's pictures are made by the app itself and must be current.

After a deliberate change to the screens: .venv/bin/python scripts/readme_pictures.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_readme_pictures_are_current() -> None:
    spec = importlib.util.spec_from_file_location("readme_pictures",
                                                  ROOT / "scripts" / "readme_pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.pictures()
    readme = (ROOT / "README.md").read_text()
    for name, svg in made.items():
        assert f"docs/pictures/{name}" in readme
        # Compared without pytest's diff, which takes minutes on two large SVG files.
        same = (ROOT / "docs" / "pictures" / name).read_text() == svg
        assert same, f"{name} is out of date: run scripts/readme_pictures.py"
