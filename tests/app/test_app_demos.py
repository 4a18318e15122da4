"""Pilot: the app opens on each demo map at 80x24, its title and parts on the main screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.widgets.parts_tree import PartsTree
from ifs_tui.core.config import Config
from ifs_tui.core.demo import demo_names, make_demo_copy
from ifs_tui.core.storage import MapStore

from .conftest import ready, text_of


@pytest.mark.parametrize("name", [name for name, _ in demo_names()])
async def test_the_app_opens_each_demo_map_on_a_small_terminal(tmp_path: Path,
                                                               name: str) -> None:
    _, folder = make_demo_copy(tmp_path, name=name)
    pmap = MapStore(folder).load()
    app = IfsApp(folder, config=Config(welcome_seen=True), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert pmap.title in text_of(screen.query_one("#title-bar"))
        # Which map, and that it is a temporary copy, fit one line of 80 columns.
        label = app.map_label(pmap.title)
        assert f"map: {name}" in label and "demo (temporary)" in label
        assert len(label) <= 78, label
        tree = screen.query_one(PartsTree)
        shown = text_of(tree)
        labels = {str(node.label) for group in tree.root.children for node in group.children}
        assert all(any(p.name in label for label in labels) for p in pmap.parts)
        assert sum(p.name in shown for p in pmap.parts) >= 3  # drawn, not only held
    assert app.return_code in (0, None)


async def test_the_demo_picker_lists_the_three_maps_without_a_path(tmp_path: Path) -> None:
    from ifs_tui.app.screens.maps import MapsScreen
    from ifs_tui.core.maps import MapsPlace

    temp, folder = make_demo_copy(tmp_path)
    app = IfsApp(folder, config=Config(welcome_seen=True), demo=True, place=MapsPlace(temp))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MapsScreen)
        assert [i.name for i in screen.infos] == sorted(n for n, _ in demo_names())
        from textual.widgets import Static

        words = " ".join(text_of(w) for w in screen.query(Static))
        assert "temporary copy" in words and str(temp) not in words
        assert "default map" not in words  # plain `ifs` never opens a demo map
