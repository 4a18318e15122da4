"""Make the README's pictures with the app itself, on the fictional demo map.

Run: .venv/bin/python scripts/readme_pictures.py   (writes docs/pictures/*.svg)
tests/app/test_readme_pictures.py fails when the pictures are out of date.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from textual.widgets import OptionList

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config
from ifs_tui.core.demo import demo_source, make_demo_copy
from ifs_tui.core.export import export
from ifs_tui.core.storage import MapStore

OUT = Path(__file__).resolve().parents[1] / "docs" / "pictures"


async def _shoot(folder: Path, keys: list[str], size: tuple[int, int]) -> str:
    """Keys to press; "pack:ID" chooses that pack in the reflection list."""
    app = IfsApp(folder, config=Config(welcome_seen=True), demo=True)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            if key.startswith("pack:"):
                packs = app.screen.query_one("#packs", OptionList)
                packs.highlighted = next(
                    i for i in range(packs.option_count)
                    if packs.get_option_at_index(i).id == f"pack:{key[5:]}")
                packs.action_select()
            else:
                await pilot.press(key)
            await pilot.pause()
        return app.export_screenshot(title="ifs-tui")


def pictures() -> dict[str, str]:
    os.environ.pop("NO_COLOR", None)  # the real colours
    shots = {
        "main.svg": (["down", "down"], (110, 32)),
        "map-view.svg": (["m"], (120, 36)),
        "walk.svg": (["w", "pack:after-a-hard-moment", "enter", "ctrl+n"], (110, 32)),
    }
    out = {}
    out["export.svg"] = export(MapStore(Path(str(demo_source()))).load(), "svg")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (keys, size) in shots.items():
            _, folder = make_demo_copy(Path(tmp))
            out[name] = asyncio.run(_shoot(folder, keys, size))
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, svg in pictures().items():
        (OUT / name).write_text(svg)
        print(f"wrote {OUT / name}", file=sys.stderr)


if __name__ == "__main__":
    main()
