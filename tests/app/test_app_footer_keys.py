"""The footer mounts its keys again only when the keys it shows change: Textual asks
it to on every focus change, and mounting them costs a few ms each time."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from ifs_tui.app.widgets.footer import KeyFooter
from ifs_tui.app.widgets.part_details import PartDetails

from .conftest import ready


async def test_moving_focus_keeps_the_same_footer_keys(store, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        footer = app.screen.query_one(KeyFooter)
        keys = list(footer.query(FooterKey))
        assert [k.description for k in keys][0] == "Help"
        await pilot.press("tab")  # from the tree to the details pane
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.screen.query_one(PartDetails)
        assert list(footer.query(FooterKey)) == keys  # not mounted again
        await pilot.press("shift+tab")
        await pilot.pause()
        await pilot.pause()
        assert list(footer.query(FooterKey)) == keys


# A key that comes and goes on the same screen (the journal's "Go on with it") is
# still shown and hidden: tests/app/test_app_walk_keeps.py.
