"""The trends screen (g): opened by key and palette, 0, 1 and many check-ins at 80x24,
by week, further back, another pack, and Enter starting a check-in."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widgets import Static

from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.trends import TrendsScreen

from ..trend_data import START, checkin, many, write
from .conftest import ready, settled, text_of

SMALL = (80, 24)


async def opened(pilot) -> TrendsScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("g")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrendsScreen)
    return screen


def shown(screen: TrendsScreen, widget_id: str) -> str:
    return text_of(screen.query_one(f"#{widget_id}", Static))


async def test_g_opens_trends_and_escape_goes_back(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        assert "Trends: Self-energy check-in" in shown(screen, "title-bar")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_opens_trends(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        commands = {name: run for name, _, run in app.palette_commands()}
        commands["Trends: Self-energy over time"]()
        await settled(pilot)
        assert isinstance(app.screen, TrendsScreen)


async def test_help_on_the_map_names_trends(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        rows = app.screen.rows()  # type: ignore[attr-defined]
        assert ("g", "Trends: Self-energy check-ins over time") in rows


async def test_no_check_ins_says_something_kind_and_enter_starts_one(store, make_app) -> None:
    from ifs_tui.app.screens.walk import WalkScreen

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        words = shown(screen, "trends-notes")
        assert "No Self-energy check-ins yet." in words
        assert "no right numbers" in words and "Enter starts one" in words
        assert not screen.query_one("#trends-chart").display
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk.pack.id == "self-energy-check-in"


async def test_one_check_in_shows_its_numbers(store, make_app) -> None:
    write(store.folder, [checkin(START, {"calm": 4, "curiosity": 9})])
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        chart = shown(screen, "trends-chart")
        calm = next(line for line in chart.splitlines() if line.startswith("Calm"))
        assert calm.split()[-1] == "4"
        assert "One check-in so far" in shown(screen, "trends-notes")
        assert "1 check-in on 5 Jan 2026" in shown(screen, "trends-summary")
        assert screen.check_action("older", ()) is False  # nothing further back: no key


async def test_many_check_ins_fit_80_columns_and_look_further_back(store, make_app) -> None:
    write(store.folder, many(500))
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        chart = shown(screen, "trends-chart")
        assert len(chart.splitlines()) == 10  # the scale, eight qualities, the dates
        assert all(len(line.rstrip()) <= 78 for line in chart.splitlines())
        newest = chart.splitlines()[-1]
        assert "The newest" in shown(screen, "trends-notes")
        assert screen.check_action("older", ()) is True
        await pilot.press("left")
        await pilot.pause()
        assert screen.back > 0 and shown(screen, "trends-chart").splitlines()[-1] != newest
        assert "Points " in shown(screen, "trends-notes")
        await pilot.press("right")
        await pilot.pause()
        assert screen.back == 0 and shown(screen, "trends-chart").splitlines()[-1] == newest
        await pilot.press("b")
        await settled(pilot)
        assert screen.by == "week" and "by week (72 weeks" in shown(screen, "trends-summary")
        await pilot.press("b")
        await settled(pilot)
        assert "by check-in" in shown(screen, "trends-summary")


async def test_p_charts_the_other_pack_with_scales(store, make_app) -> None:
    write(store.folder, [checkin(START, {"room": 6}, pack="unblending-check-in")])
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        await pilot.press("p")
        await settled(pilot)
        assert "Unblending check-in" in shown(screen, "title-bar")
        assert shown(screen, "trends-chart").splitlines()[1].startswith("Room")


async def test_a_new_check_in_shows_on_return(store, make_app, index_settled) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        app.push_screen(Screen())  # as a walk-through would cover it
        await pilot.pause()
        write(store.folder, [checkin(START, {"calm": 6})])
        app.pop_screen()
        await settled(pilot)
        assert "1 check-in on 5 Jan 2026" in shown(screen, "trends-summary")


async def test_a_hostile_pack_title_is_shown_as_written(store, make_app) -> None:
    import json

    from ..hostile import NAMES

    folder: Path = store.folder / "prompts"
    folder.mkdir()
    title = "[@click=app.quit]Quit me[/]"
    assert title in NAMES
    (folder / "mine.toml").write_text(
        f'schema = 1\nid = "self-energy-check-in"\ntitle = {json.dumps(title)}\n'
        '[[steps]]\nid = "calm"\nkind = "scale"\nask = "[b]Calm[/b]: how much?"\n',
        encoding="utf-8")
    write(store.folder, [checkin(START, {"calm": 5})])
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        assert f"Trends: {title}" in shown(screen, "title-bar")
        assert "[b]Calm[/b]" in shown(screen, "trends-chart")
        assert app.is_running


async def test_help_on_trends_says_its_keys(store, make_app) -> None:
    write(store.folder, many(300))
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        await pilot.pause()
        rows = dict((what, keys) for keys, what in app.screen.rows())  # type: ignore[attr-defined]
        assert rows["Look further back"] == "←"
        assert rows["One point per check-in, or one per week (its mean)"] == "b"
        assert rows["Chart another pack that has scale steps"] == "p"
        assert rows["Start a check-in of this pack now"] == "enter"
