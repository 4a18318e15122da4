"""SVG snapshots of the journeys list and a journey's arc, on a fixed map and dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

from .conftest import ready
from .test_snapshots import MAP

JOURNEY = '''\
schema = 1
title = "Spring session"
session = 2026-03-10T12:00:00+01:00
notes = "A quiet room and a blanket.\\nThe Editor stayed close, and let go a little."
parts = ["the-editor", "small-one"]
preparation = ["20260305-190000-kap-preparation"]
integration = ["20260312-090000-kap-integration"]
moments = ["20260314-081500"]
created = 2026-03-05T19:30:00+01:00
changed = 2026-03-14T08:20:00+01:00
'''

PREPARATION = '''\
schema = 1
pack = "kap-preparation"
pack_title = "Preparing for a KAP session"
status = "finished"
started = 2026-03-05T19:00:00+01:00
updated = 2026-03-05T19:20:00+01:00
finished = 2026-03-05T19:20:00+01:00
part = "the-editor"

[[answers]]
step = "intention"
kind = "text"
ask = "What intention would you like to bring?"
answer = "To listen to The Editor without arguing."
'''

INTEGRATION = '''\
schema = 1
pack = "kap-integration"
pack_title = "Integration in the days after"
status = "finished"
started = 2026-03-12T09:00:00+01:00
updated = 2026-03-12T09:15:00+01:00
finished = 2026-03-12T09:15:00+01:00

[[answers]]
step = "emerged"
kind = "text"
ask = "What emerged that you would like to remember?"
answer = "Small One was not as far away as I thought."
'''

MOMENT = '''\
schema = 1
when = 2026-03-14T08:15:00+01:00
text = "Paused before sending an email twice."
part = "the-editor"
shift = "I paused before acting on autopilot"
'''


@pytest.fixture
def journey_map(map_folder: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")  # snapshots show the real, calm colours
    for sub in ("reflections", "journeys", "moments"):
        (map_folder / sub).mkdir(parents=True)
    (map_folder / "map.toml").write_text(MAP)
    (map_folder / "journeys" / "20260310-spring-session.toml").write_text(JOURNEY)
    (map_folder / "reflections" / "20260305-190000-kap-preparation.toml").write_text(
        PREPARATION)
    (map_folder / "reflections" / "20260312-090000-kap-integration.toml").write_text(
        INTEGRATION)
    (map_folder / "moments" / "20260314-081500.toml").write_text(MOMENT)
    (map_folder / "moments" / "20260320-180000.toml").write_text(
        MOMENT.replace("2026-03-14T08:15", "2026-03-20T18:00").replace(
            "Paused before sending an email twice.", "Let a hard conversation stay open."))
    return IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))


def test_journeys_list(snap_compare, journey_map: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("k")
        await pilot.pause()

    assert snap_compare(journey_map, terminal_size=(80, 24), run_before=before)


def test_journey_arc(snap_compare, journey_map: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(journey_map, terminal_size=(100, 30), run_before=before)


def test_journey_attach_picker(snap_compare, journey_map: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(journey_map, terminal_size=(80, 24), run_before=before)
