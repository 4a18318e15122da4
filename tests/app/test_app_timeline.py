"""Pilot: the map's history (h) with its changes and restore, and a part's timeline (H)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

from textual.widgets import DataTable, Static

from ifs_tui.app.screens.broken import BrokenMapScreen
from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.journal import JournalScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.part_timeline import PartTimelineScreen
from ifs_tui.app.screens.timeline import MapTimelineScreen
from ifs_tui.core import history, moments, reflections
from ifs_tui.core.reflections import Reflection
from ifs_tui.core.storage import MapStore
from tests.hostile import NAMES

from .conftest import ready, settled, text_of


def edit(store: MapStore, change) -> None:  # type: ignore[no-untyped-def]
    with store.edit() as pmap:
        change(pmap)
        store.save(pmap)


def befriend(store: MapStore) -> None:
    def change(pmap):  # type: ignore[no-untyped-def]
        pmap.parts[0].status = "befriended"
        pmap.parts[0].fears.append("being left out")

    edit(store, change)


def rows(screen) -> list[str]:  # type: ignore[no-untyped-def]
    table = screen.query_one(DataTable)
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def shown(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return text_of(screen.query_one(selector, Static))


async def test_h_lists_versions_and_enter_says_what_one_changed(store, make_app) -> None:
    befriend(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, MapTimelineScreen)
        lines = rows(screen)
        assert len(lines) == len(history.version_ids(store)) + 1
        assert lines[0].startswith("now | Inner Critic: status noticed → befriended")
        assert "enter: what one changed" in shown(screen, "#timeline-count")
        await pilot.press("enter")
        await settled(pilot)
        said = shown(screen, "#timeline-changes")
        assert '• Inner Critic: fear added: "being left out"' in said  # its own words
        await pilot.press("down", "enter")
        await settled(pilot)
        assert "part added: Numbing" in shown(screen, "#timeline-changes")
        table = screen.query_one(DataTable)  # fits at 80x24: rows and footer both in sight
        assert table.region.bottom < 24 and table.region.right <= 80
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_restore_asks_with_the_changes_and_can_be_undone(store, make_app) -> None:
    befriend(store)
    before = store.path.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await settled(pilot)
        await pilot.press("r")  # on "now": nothing to bring back
        await settled(pilot)
        assert isinstance(app.screen, MapTimelineScreen)
        assert any("as it is now" in n.message for n in app._notifications)
        await pilot.press("down", "r")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert '• Inner Critic: fear removed: "being left out"' in app.screen.message
        assert "undo" in app.screen.message
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        assert store.path.read_bytes() == before
        await pilot.press("r")
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        data = tomllib.loads(store.path.read_text())
        assert data["parts"][0]["status"] == "noticed"
        assert app.pmap is not None and app.pmap.parts[0].status == "noticed"
        assert any("to undo, bring that one back" in n.message for n in app._notifications)
        screen = app.screen
        assert isinstance(screen, MapTimelineScreen)
        assert rows(screen)[0].startswith("now | Inner Critic: status befriended → noticed")
        await pilot.press("down", "r")  # the map the restore replaced: the undo
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        data = tomllib.loads(store.path.read_text())
        assert data["parts"][0]["status"] == "befriended"
        assert "being left out" in data["parts"][0]["fears"]


async def test_the_palette_opens_both_and_H_needs_a_part(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        commands = {name: run for name, _, run in app.palette_commands()}
        commands["Map: history and restore"]()
        await settled(pilot)
        assert isinstance(app.screen, MapTimelineScreen)
        commands["Part: timeline"]()  # from another screen: back to the map first
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)  # Self is chosen, not a part
        assert any("Choose a part" in n.message for n in app._notifications)
        app.screen.select("inner-critic")
        await pilot.pause()
        commands["Part: timeline"]()
        await settled(pilot)
        assert isinstance(app.screen, PartTimelineScreen)


async def test_H_shows_a_parts_changes_reflections_and_moments(store, make_app,
                                                               index_settled) -> None:
    befriend(store)
    when = datetime(2026, 3, 2, 17, 40, tzinfo=UTC)
    reflections.save(store, Reflection(id="r1", pack="meet-a-part", pack_title="Meet a part",
                                       started=when, updated=when, status="finished",
                                       part="inner-critic"))
    moments.add(store, "[/]noticed the jaw ease[@click=app.quit]", when, part="inner-critic")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("H")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, PartTimelineScreen)
        assert "Timeline: Inner Critic" in text_of(screen.query_one(".screen-title", Static))
        lines = rows(screen)
        assert any("the map | status noticed → befriended; a fear added" in r for r in lines)
        assert any("moment | [/]noticed the jaw ease[@click=app.quit]" in r for r in lines)
        at = next(i for i, r in enumerate(lines) if "reflection | Meet a part" in r)
        screen.query_one(DataTable).move_cursor(row=at)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_hostile_names_show_as_written(store, make_app) -> None:
    def rename(pmap):  # type: ignore[no-untyped-def]
        for part, name in zip(pmap.parts, NAMES[:3], strict=False):
            part.name = name

    edit(store, rename)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("h", "enter")
        await settled(pilot)
        assert f"renamed: Inner Critic → {NAMES[0]}" in shown(app.screen,
                                                               "#timeline-changes")
        await pilot.press("escape")
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("H")
        await settled(pilot)
        assert isinstance(app.screen, PartTimelineScreen)
        assert any(f"renamed: Inner Critic → {NAMES[0]}" in r for r in rows(app.screen))


async def test_a_broken_map_with_kept_versions_says_how_to_restore_one(store, make_app
                                                                      ) -> None:
    store.path.write_text('schema = 1\n[[parts]\nid = "half')
    before = {p: p.read_bytes() for p in store.folder.rglob("*") if p.is_file()}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, BrokenMapScreen)
        said = " ".join(text_of(app.screen.query_one("#broken-kept", Static)).split())
        assert "history, then ifs --map" in said and "restore ID --over-broken" in said
        assert f"--map{store.folder}restore" in "".join(said.split())  # lines wrap
    assert {p: p.read_bytes() for p in store.folder.rglob("*") if p.is_file()} == before


async def test_a_map_saved_once_says_so(map_folder, make_app) -> None:
    MapStore(map_folder).create("New")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await settled(pilot)
        assert rows(app.screen) == ["now | no earlier version kept yet"]
        assert "No earlier versions yet" in shown(app.screen, "#timeline-count")
        await pilot.press("r")
        await settled(pilot)
        assert isinstance(app.screen, MapTimelineScreen)
