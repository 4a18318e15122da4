"""SVG snapshots of the map's history (h) and a part's timeline (H), on fixed versions,
a fixed reflection and moment, and a fixed time zone.

Review changes in the HTML report before running `pytest --snapshot-update`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

from .conftest import ready, settled
from .test_snapshots import MAP, REFLECTION

FOG_JOB = 'job = "Makes everything go quiet and far away."\n'
POLARIZED = '\n[[relationships]]\nfrom = "the-fog"\nto = "the-editor"\nkind = "polarized"\n'
# Oldest first: each saved at its `updated`, kept under the time it was replaced.
FIRST = (MAP.replace(FOG_JOB, "").replace(POLARIZED, "")
         .replace("updated = 2026-03-02T18:00:00+01:00", "updated = 2026-03-01T09:07:00+01:00"))
SECOND = MAP.replace("updated = 2026-03-02T18:00:00+01:00",
                     "updated = 2026-03-01T21:15:00+01:00")
NOW = MAP.replace('status = "noticed"\njob = "Makes',
                  'status = "getting-to-know"\nemotions = ["tired"]\njob = "Makes')
MOMENT = '''\
schema = 1
when = 2026-03-02T19:30:00+01:00
text = "Went quiet in the meeting, and I noticed it happening."
part = "the-fog"
shift = "I noticed a part sooner than before"
'''


@pytest.fixture
def with_history(map_folder: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")  # snapshots show the real, calm colours
    monkeypatch.setenv("TZ", "UTC")  # dates are shown in local time
    time.tzset()
    for sub in ("reflections", "moments", ".history"):
        (map_folder / sub).mkdir(parents=True)
    (map_folder / ".history" / "map-20260301T201500.000000Z.toml").write_text(FIRST)
    (map_folder / ".history" / "map-20260302T170000.000000Z.toml").write_text(SECOND)
    (map_folder / "map.toml").write_text(NOW)
    (map_folder / "reflections" / "20260302-174000-after-a-hard-moment.toml").write_text(
        REFLECTION)
    (map_folder / "moments" / "20260302-193000.toml").write_text(MOMENT)
    yield IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_map_history(snap_compare, with_history: IfsApp, size: tuple[int, int]) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("h")
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)

    assert snap_compare(with_history, terminal_size=size, run_before=before)


def test_part_timeline(snap_compare, with_history: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        pilot.app.screen.select("the-fog")
        await pilot.pause()
        await pilot.press("H")
        await settled(pilot)

    assert snap_compare(with_history, terminal_size=(100, 30), run_before=before)
