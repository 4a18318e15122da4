"""Pilot: search results for reflections tell one from another (date, part), newest
first, the question cut between words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import OptionList

from ifs_tui.app.screens.search import SearchScreen
from ifs_tui.core import reflections
from ifs_tui.core.reflections import Answer, Reflection

from .conftest import ready, settled

ASK = "If one of these words fits, where would you say you are with this part now?"


async def test_reflection_results_show_date_and_part_newest_first(store, make_app) -> None:
    start = datetime(2025, 1, 5, 9, 0, tzinfo=UTC)
    for n in range(4):
        when = start + timedelta(days=30 * n)
        reflections.save(store, Reflection(
            id=f"2025010{n}-090000-meet", pack="meet-a-protector",
            pack_title="Meet a protector", started=when, updated=when, status="finished",
            part="inner-critic" if n % 2 else "",
            answers=[Answer("where", "choice", ASK, value=["befriended"])]))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"befriended")
        await settled(pilot)
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#results", OptionList)
        options = [results.get_option_at_index(i) for i in range(results.option_count)]
        assert [o.id for o in options] == [f"reflection:2025010{n}-090000-meet"
                                           for n in (3, 2, 1, 0)]
        labels = [str(o.prompt) for o in options]
        assert labels[0].startswith("Meet a protector  2025-04-05 · Inner Critic\n")
        assert labels[1].startswith("Meet a protector  2025-03-06\n")  # no part
        assert "reflection · If one of these words fits, where would you say…\n" in labels[0]
        assert labels[0].endswith("\nbefriended")


async def test_many_results_come_a_few_at_a_time_and_all_can_be_reached(
        store, make_app) -> None:
    from textual.widgets import Static

    from ifs_tui.app.screens.search import SHOWN

    start = datetime(2025, 1, 5, 9, 0, tzinfo=UTC)
    total = SHOWN * 2 + 5
    for n in range(total):
        when = start + timedelta(hours=n)
        reflections.save(store, Reflection(
            id=f"r{n:03d}-meet", pack="meet-a-protector", pack_title="Meet a protector",
            started=when, updated=when, status="finished",
            answers=[Answer("where", "choice", ASK, value=["befriended"])]))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"befriended")
        await settled(pilot)
        screen = app.screen
        results = screen.query_one("#results", OptionList)
        count = screen.query_one("#search-count", Static)
        assert results.option_count == SHOWN
        assert f"{total} found, the first {SHOWN} shown" in str(count.render())
        results.focus()
        while results.option_count < total:  # reaching the last adds more
            before = results.option_count
            results.highlighted = before - 1
            await pilot.pause()
            assert results.option_count == min(total, before + SHOWN)
        assert results.get_option_at_index(total - 1).id == "reflection:r000-meet"
        assert str(count.render()) == f"{total} found"
