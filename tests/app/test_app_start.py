"""Start-up: the theme from the settings is there from the first frame, the style
sheets are read once, and screens not shown at start are not imported yet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

from .conftest import ready


@pytest.mark.parametrize("theme", ["ifs-calm-light", "textual-light", "ifs-calm"])
async def test_the_chosen_theme_is_read_with_the_styles_once(
        store, map_folder: Path, monkeypatch: pytest.MonkeyPatch, theme: str) -> None:  # type: ignore[no-untyped-def]
    again: list[bool] = []
    real = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        again.append(True)
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = IfsApp(map_folder, config=Config(theme=theme, welcome_seen=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        chosen = app.get_theme(theme)
        assert chosen is not None and app.theme == theme
        assert (app.screen.styles.background.brightness < 0.5) is chosen.dark
        assert app.has_class(f"-theme-{theme}")
        assert app.has_class("-dark-mode") is chosen.dark
        assert again == []  # not read a second time for the theme
        app.theme = "textual-dark" if theme != "textual-dark" else "ifs-calm"  # still works
        await pilot.pause()
        assert again == [True] and not app.has_class(f"-theme-{theme}")


PROBE = """
import asyncio, sys
from pathlib import Path
from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.core.config import Config

async def main() -> None:
    app = IfsApp(Path(sys.argv[1]), config=Config(welcome_seen=True))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if isinstance(app.screen, MainScreen):
                break
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()
        print("SCREEN:" + type(app.screen).__name__)
        print("MODULES:" + ",".join(sorted(sys.modules)))

asyncio.run(main())
"""

# Screens and the core they use are imported when first opened, not before the map shows.
NOT_AT_START = [
    *(f"ifs_tui.app.screens.{name}" for name in (
        "journal", "walk", "walk_answers", "walk_dialogs", "walk_links", "walk_making",
        "walk_parts", "map_view", "pack_picker", "part_form", "self_form", "search",
        "export", "help", "support", "links", "dialogs", "welcome", "broken")),
    "ifs_tui.app.widgets.map_canvas", "ifs_tui.app.widgets.scale",
    *(f"ifs_tui.core.{name}" for name in (
        "layout", "routing", "packs", "walk", "walk_making", "making", "export", "svg",
        "search", "redact", "importer", "demo", "check", "filing")),
    "textual.widgets._data_table", "textual.widgets._markdown",
]


def test_screens_not_shown_at_start_are_not_imported(store, map_folder: Path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run([sys.executable, "-c", PROBE, str(map_folder)],
                          capture_output=True, text=True, timeout=120, check=False)
    out = done.stdout.splitlines()
    assert "SCREEN:MainScreen" in out, done.stderr[-2000:]
    modules = set(next(line for line in out if line.startswith("MODULES:"))[8:].split(","))
    assert "ifs_tui.app.screens.main" in modules  # the probe saw the app
    assert sorted(m for m in NOT_AT_START if m in modules) == []
