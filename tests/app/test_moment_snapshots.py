"""SVG snapshots of the moment screens (f3's quick-add, the list, a part's details
with its moments) on the fixed sample map, with moments of fixed dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, TextArea

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

from .conftest import ready
from .test_snapshots import MAP, SIZE

MOMENTS = {
    "20260303-081500": ('when = 2026-03-03T08:15:00+01:00\ntext = "Paused before '
                        'apologising for asking a question in the meeting."\n'
                        'part = "the-editor"\n'
                        'shift = "I paused before apologising on autopilot"\n'),
    "20260305-190000": ('when = 2026-03-05T19:00:00+01:00\ntext = "Felt the fog come in '
                        'and named it; it eased a little."\npart = "the-fog"\n'),
    "20260308-120000": ('when = 2026-03-08T12:00:00+01:00\ntext = "The Editor wanted one '
                        'more read of the email. I thanked it and sent it."\n'
                        'part = "the-editor"\nshift = "kinder to that part"\n'),
}


@pytest.fixture
def with_moments(map_folder: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")  # snapshots show the real, calm colours
    (map_folder / "moments").mkdir(parents=True)
    (map_folder / "map.toml").write_text(MAP)
    for moment_id, body in MOMENTS.items():
        (map_folder / "moments" / f"{moment_id}.toml").write_text("schema = 1\n" + body)
    return IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))


def test_moment_quick_add(snap_compare, with_moments: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("f3")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#moment-text", TextArea).text = "Stayed in the room when the " \
            "voices got loud."
        screen.query_one("#moment-shift", Select).value = (
            "I stayed present in a hard conversation")
        screen.query_one("#moment-part", Input).focus()
        await pilot.press(*"the")
        await pilot.pause()

    assert snap_compare(with_moments, terminal_size=(80, 24), run_before=before)


def test_moments_list(snap_compare, with_moments: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()

    assert snap_compare(with_moments, terminal_size=SIZE, run_before=before)


def test_details_with_moments(snap_compare, with_moments: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        pilot.app.screen.select("the-editor")
        await pilot.pause()

    assert snap_compare(with_moments, terminal_size=SIZE, run_before=before)
