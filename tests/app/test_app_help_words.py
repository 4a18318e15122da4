"""Help on a dialog: titled with the dialog's own name, no Textual internals, rows aligned."""

from __future__ import annotations

from ifs_tui.app.screens.dialogs import ConfirmScreen, RenameScreen
from ifs_tui.app.screens.help import HelpScreen
from tests.hostile import NAMES

from .conftest import ready, text_of


async def open_help(pilot) -> HelpScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f1")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


def help_title(screen: HelpScreen) -> str:
    return text_of(screen.query_one(".dialog-title")).strip()


async def test_help_on_a_dialog_is_named_after_it(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        title = help_title(await open_help(pilot))
        assert title == "Keys: Delete part"
        assert "Keys: Keys" not in title


async def test_help_on_rename_has_its_own_name(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.push_screen(RenameScreen("Inner Critic", lambda _name: None))
        await pilot.pause()
        assert help_title(await open_help(pilot)) == "Keys: rename"


async def test_help_title_of_an_odd_dialog_title_is_shown_safely(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for name in NAMES:
            app.push_screen(ConfirmScreen(name, "?"))
            await pilot.pause()
            title = help_title(await open_help(pilot))
            assert title.startswith("Keys: ") and "\x1b" not in title
            assert title != "Keys: Keys"
            await pilot.press("escape", "escape")
            await pilot.pause()


async def test_help_more_leaves_out_internals_and_lines_up(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        for screen in ("main", "dialog"):
            if screen == "dialog":
                app.push_screen(ConfirmScreen("Leave without saving?", "?", yes="Discard"))
                await pilot.pause()
            help_screen = await open_help(pilot)
            ours, more = help_screen.sections()
            shown = "\n".join(f"{k} {w}".lower() for k, w in ours + more)
            for internal in ("focus next", "focus previous", "press button"):
                assert internal not in shown
            rows = [str(r.render()) for r in help_screen.query(".help-row")]
            # Every row's words start in the same column, however long its keys.
            starts = {len(row) - len(what)
                      for row, (_keys, what) in zip(rows, ours + more, strict=True)}
            assert len(starts) == 1, rows
            await pilot.press("escape")
            await pilot.pause()
