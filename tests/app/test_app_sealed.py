"""An encrypted map in the app (issue 15): its passphrase screen, then the map as ever."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.unlock import UnlockScreen
from ifs_tui.core import sealed, sealing
from ifs_tui.core.config import Config
from ifs_tui.core.storage import MapStore

from ..conftest import PASSPHRASE
from ..test_sealed_cli import MARK, _clear_anywhere
from .conftest import build_map, ready, text_of

SIZE = (80, 24)


@pytest.fixture
def locked(map_folder: Path) -> Path:
    build_map(map_folder)
    sealing.seal_map(map_folder, PASSPHRASE)
    sealed.forget()
    return map_folder


def app_on(folder: Path) -> IfsApp:
    return IfsApp(folder, config=Config(theme="ifs-calm", welcome_seen=True))


async def typed(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*words)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_the_passphrase_is_asked_before_anything_is_read(locked: Path) -> None:
    app = app_on(locked)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.pmap is None
        field = app.screen.query_one("#passphrase", Input)
        assert field.password and app.focused is field
        assert "Inner Critic" not in app.export_screenshot()
        await typed(pilot, "not the right one")
        assert isinstance(app.screen, UnlockScreen)
        said = text_of(app.screen.query_one("#unlock-said", Static))
        assert "does not open this map" in said
        assert app.screen.query_one("#passphrase", Input).value == ""
        await typed(pilot, PASSPHRASE)
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.pmap is not None and app.pmap.title == "Test map"
        assert "Test map" in app.sub_title


async def test_the_environment_opens_it_without_a_question(
        locked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    app = app_on(locked)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_words_typed_in_the_app_are_kept_encrypted(
        locked: Path, monkeypatch: pytest.MonkeyPatch, hermetic: Path) -> None:
    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    app = app_on(locked)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f3")  # a moment, jotted from anywhere
        await pilot.pause()
        await pilot.press(*f"{MARK} at the bus stop")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("j")  # the journal lists it (through the index in memory)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert [m.text for m in app.moments] == [f"{MARK} at the bus stop"]
    assert _clear_anywhere(hermetic) == []
    assert not (locked / ".cache" / "reflections.sqlite").exists()
    monkeypatch.delenv(sealed.ENV)
    sealed.forget()
    with pytest.raises(sealed.Locked):
        MapStore(locked).load()


def test_the_passphrase_screen(snap_compare, locked: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await typed(pilot, "a wrong guess")

    assert snap_compare(app_on(locked), terminal_size=SIZE, run_before=before)


async def test_an_encrypted_map_left_with_f4_asks_again_on_return(locked: Path,
                                                                   hermetic: Path) -> None:
    from .test_app_maps import open_named, rows

    MapStore(hermetic / "maps" / "other").create("Other map")
    app = app_on(locked)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await typed(pilot, PASSPHRASE)
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        await open_named(pilot, "other")
        assert not sealed.is_unlocked(locked)
        await pilot.press("f4")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "(encrypted)" in rows(app.screen)["default"]  # no title while locked
        await pilot.press("escape")
        await pilot.pause()
        await open_named(pilot, "default")
        assert isinstance(app.screen, UnlockScreen)
