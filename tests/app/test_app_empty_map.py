"""The main screen on a map with no parts: the first-map walk offered first, adding a
part by hand second, reachable with Tab and Enter; gone once a part exists."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Button, Input
from textual.widgets._footer import FooterKey

from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.pack_picker import PackPickerScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.screens.walk import WalkScreen
from ifs_tui.app.widgets.empty_map import EmptyMapPanel
from ifs_tui.core import packs
from ifs_tui.core.storage import MapStore

from .conftest import ready

# Stands in for the built-in first-map pack (a map's own pack of the same id wins),
# so these tests do not depend on its words.
STAND_IN = '''\
schema = 1
id = "first-map"
title = "First map stand-in"
summary = "A stand-in for the built-in first-map pack."

[[steps]]
id = "what"
kind = "text"
ask = "What happens now?"
'''


@pytest.fixture
def empty(map_folder: Path) -> MapStore:
    store = MapStore(map_folder)
    store.create("Empty map")
    return store


def shown(app, selector: str) -> bool:  # type: ignore[no-untyped-def]
    widget = app.screen.query_one(selector)
    return bool(widget.display and widget.region.height)


async def test_the_empty_map_offers_the_walk_first_and_by_hand_second(empty, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert shown(app, "#empty-map") and not shown(app, "#details")
        buttons = list(app.screen.query_one(EmptyMapPanel).query(Button))
        assert [str(b.label) for b in buttons] == ["Start from what happens now",
                                                   "Add a part by hand"]
        assert all(b.region.bottom <= 23 and b.region.right <= 80 for b in buttons)
        assert app.focused is buttons[0]  # Enter starts what is offered first
        await pilot.press("tab")
        assert app.focused is buttons[1]
        # No new keys in the footer: every one still whole at 80 columns.
        keys = list(app.screen.query(FooterKey))
        assert keys and all(k.region.right <= 80 for k in keys)


async def test_enter_starts_the_first_map_walk(empty, make_app) -> None:
    (empty.folder / "prompts").mkdir()
    (empty.folder / "prompts" / "first-map.toml").write_text(STAND_IN)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WalkScreen) and screen.walk.pack.id == "first-map"
        # Stopping goes back to the map, where the way to begin is still offered.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and shown(app, "#empty-map")


async def test_without_the_first_map_pack_the_button_opens_the_list_of_packs(
        empty, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = packs.builtin_pack_files()
    monkeypatch.setattr(packs, "builtin_pack_files",
                        lambda: [p for p in builtin if "first-map" not in p.name])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.click("#start-first-map")
        await pilot.pause()
        assert isinstance(app.screen, PackPickerScreen)


async def test_by_hand_opens_the_form_and_the_panel_goes_once_a_part_exists(
        empty, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PartFormScreen)
        app.screen.query_one("#f-name", Input).value = "The Watcher"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not shown(app, "#empty-map") and shown(app, "#details")
        assert not app.screen.query_one(EmptyMapPanel).has_focus_within
        saved = tomllib.loads((empty.folder / "map.toml").read_text())
        assert [p["name"] for p in saved["parts"]] == ["The Watcher"]
        # Deleting the last part brings the way to begin back.
        app.screen.select("the-watcher")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert shown(app, "#empty-map") and not shown(app, "#details")


def test_the_welcome_names_the_way_to_begin() -> None:
    from ifs_tui.app.screens.welcome import WELCOME

    # The button's own words, so a newcomer finds it on the map screen behind.
    assert "Start from what happens now" in WELCOME


async def test_a_first_map_begun_is_gone_on_with_never_begun_again(empty, make_app) -> None:
    from ifs_tui.core import paths, reflections
    from ifs_tui.core.walk import Walk

    store = MapStore(empty.folder)
    pack = packs.load_packs(paths.user_prompts_dir(), None).packs["first-map"]
    begun = Walk.start(pack, store)
    begun.advance()
    begun.stop(draft="freezing, mostly")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        button = app.screen.query_one("#start-first-map", Button)
        assert str(button.label) == "Go on with your first map"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.walk.record.id == begun.record.id
        assert walk.walk.step.id == "patterns"
        assert walk.walk.draft_for() == "freezing, mostly"
    assert [r.id for r in reflections.list_all(store)[0]] == [begun.record.id]


async def test_a_reflection_begun_is_mentioned_once_at_the_start(empty, make_app) -> None:
    from textual.widgets._toast import Toast

    from ifs_tui.core import paths, services
    from ifs_tui.core.walk import Walk

    from .conftest import text_of

    with empty.edit() as pmap:
        services.add_part(pmap, "Critic")
        empty.save(pmap)
    pack = packs.load_packs(paths.user_prompts_dir(), None).packs["unblending-check-in"]
    begun = Walk.start(pack, MapStore(empty.folder))
    begun.skip()
    begun.stop()
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        said = [text_of(t) for t in app.screen.query(Toast)]
        assert len(said) == 1 and "A reflection you began is kept" in said[0]
