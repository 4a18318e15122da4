"""Pilot: the journal's reading pane sets apart the answers on a route later left."""

from __future__ import annotations

from ifs_tui.app.screens.journal import JournalScreen
from ifs_tui.core.reflections import LEFT_ROUTE
from tests.test_off_path import walked_and_turned

from .conftest import ready, text_of


async def test_journal_reading_sets_the_left_route_apart(store, make_app) -> None:
    walked_and_turned(store)
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        lines = [line.strip() for line in text_of(app.screen.query_one("#reading")).splitlines()]
        assert lines.count(LEFT_ROUTE) == 1
        assert lines.index("curious") < lines.index("it is tired") < lines.index("8") \
            < lines.index(LEFT_ROUTE) < lines.index("a tight jaw") < lines.index("not yet")
