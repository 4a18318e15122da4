"""Dialogs speak in their own words: the footer and help name the buttons' answers."""

from __future__ import annotations

from textual.widgets import Select

from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.walk import CareNoteScreen

from .conftest import ready
from .test_app_80 import footer_keys
from .test_app_reflect import pick_pack


async def test_delete_dialog_footer_says_delete_and_cancel(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        keys = footer_keys(app)
        assert ("y", "Delete") in keys and ("esc", "Cancel") in keys
        assert ("y", "Yes") not in keys and ("esc", "No") not in keys
        await pilot.press("y")  # the key still answers yes
        await pilot.pause()
        assert app.pmap.part("inner-critic") is None


async def test_leave_form_dialog_footer_follows_its_buttons(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        dialog = ConfirmScreen("Leave without saving?", "Your changes are not saved.",
                               yes="Discard", no="Keep editing")
        app.push_screen(dialog)
        await pilot.pause()
        keys = footer_keys(app)
        assert ("y", "Discard") in keys and ("esc", "Keep editing") in keys


async def test_care_note_footer_says_begin_and_not_now(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#with-part", Select).value = "inner-critic"
        pick_pack(app, "meet-a-protector")
        await pilot.pause()
        assert isinstance(app.screen, CareNoteScreen)
        keys = footer_keys(app)
        assert ("y", "Begin") in keys and ("esc", "Not now") in keys
        assert ("y", "Yes") not in keys


async def test_palette_quit_says_plainly_what_it_does(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Quit"] == "Close ifs-tui; everything is already saved"
        assert not any("as soon as possible" in help_ for help_ in commands.values())
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quit")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running
