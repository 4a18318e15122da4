"""SVG snapshot of the trends screen (g) at 100x30, on the fixed sample map with a
dozen check-ins at fixed dates (midday, so the day is the same in any nearby zone)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

from ..trend_data import START, Value, checkin, write
from .conftest import ready, settled
from .test_snapshots import MAP, SIZE

CALM = [3, 4, None, 5, 5, 6, 4, 6, 7, 6, 7, 8]


@pytest.fixture
def with_checkins(map_folder: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")  # snapshots show the real, calm colours
    map_folder.mkdir(parents=True)
    (map_folder / "map.toml").write_text(MAP)
    recs = []
    for i, calm in enumerate(CALM):
        values: dict[str, Value] = {"calm": calm, "curiosity": 2 + (i * 3) % 7,
                                    "compassion": 5 + i % 3, "confidence": 4,
                                    "courage": None if i % 4 == 1 else 3 + i // 2,
                                    "clarity": 6 - i // 3, "creativity": (i * 5) % 11,
                                    "connectedness": 5 + (i % 2)}
        recs.append(checkin(START + timedelta(days=3 * i), values))
    write(map_folder, recs)
    return IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))


def test_trends(snap_compare, with_checkins: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("g")
        await settled(pilot)

    assert snap_compare(with_checkins, terminal_size=SIZE, run_before=before)
