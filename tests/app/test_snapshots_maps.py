"""SVG snapshots of the maps (f4) at 80x24 and 120x30, on fixed maps and times.

Review changes in the HTML report before running `pytest --snapshot-update`.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.core import maps
from ifs_tui.core.config import Config
from ifs_tui.core.maps import MapsPlace

from .conftest import build_map, ready

WHEN = datetime(2026, 3, 2, 18, 30, tzinfo=UTC).timestamp()


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "UTC")  # "last changed" is shown in the local zone
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def picker_app(hermetic: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")  # snapshots show the real, calm colours
    place = MapsPlace(hermetic)
    build_map(place.maps / "default")
    maps.create_map(place, "kap-2026", "Preparing for March, and the weeks after it")
    maps.create_map(place, "with-therapist", "Shared in sessions [draft]")
    (place.maps / "old-notes").mkdir()
    (place.maps / "old-notes" / "map.toml").write_text("schema = 1\ntitle = [\n")
    for folder in place.maps.iterdir():
        for entry in (folder, *folder.iterdir()):
            os.utime(entry, (WHEN, WHEN))
    return IfsApp(place.maps / "default", config=Config(theme="ifs-calm", welcome_seen=True))


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
def test_maps_picker(snap_compare, picker_app: IfsApp, size: tuple[int, int]) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # The data root is a temporary folder: shown as a fixed one.
        pilot.app.screen.query_one("#maps-where").update("In ~/.local/share/ifs-tui/maps")
        await pilot.pause()

    assert snap_compare(picker_app, terminal_size=size, run_before=before)
