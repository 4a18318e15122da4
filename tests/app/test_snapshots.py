"""SVG snapshots of the main screens at 100x30, on a fixed map with fixed dates.

Review changes in the HTML report before running `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from ifs_tui.app.app import IfsApp
from ifs_tui.core.config import Config

from .conftest import ready

MAP = '''\
schema = 1
title = "A sample map"
created = 2026-03-01T09:00:00+01:00
updated = 2026-03-02T18:00:00+01:00

[self]
notes = "Shows up on long walks."

[[parts]]
id = "the-editor"
name = "The Editor"
role = "manager"
status = "getting-to-know"
job = "Reads every message twice before it is sent."
fears = ["being seen as careless", "letting people down"]
triggers = ["emails to my manager"]
body = "tight jaw"
age = "about twelve"
created = 2026-03-01T09:05:00+01:00
updated = 2026-03-01T09:05:00+01:00

[[parts]]
id = "the-fog"
name = "The Fog"
role = "firefighter"
status = "noticed"
job = "Makes everything go quiet and far away."
created = 2026-03-01T09:06:00+01:00
updated = 2026-03-01T09:06:00+01:00

[[parts]]
id = "small-one"
name = "Small One"
role = "exile"
status = "noticed"
age = "five"
emotions = ["shame"]
created = 2026-03-01T09:07:00+01:00
updated = 2026-03-01T09:07:00+01:00

[[relationships]]
from = "the-editor"
to = "small-one"
kind = "protects"

[[relationships]]
from = "the-fog"
to = "the-editor"
kind = "polarized"
'''

REFLECTION = '''\
schema = 1
pack = "after-a-hard-moment"
pack_title = "After a hard moment"
status = "finished"
started = 2026-03-02T17:40:00+01:00
updated = 2026-03-02T17:52:00+01:00
finished = 2026-03-02T17:52:00+01:00
part = "the-fog"

[[answers]]
step = "what-happened"
kind = "text"
ask = "In a sentence or two, what happened?"
answer = "A loud meeting; I went blank."

[[answers]]
step = "which-part"
kind = "part"
ask = "Which part took over in that moment?"
answer = "the-fog"

[[answers]]
step = "age"
kind = "text"
ask = "How old did you feel when The Fog took over?"
skipped = true
'''


@pytest.fixture
def sample(map_folder: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")  # snapshots show the real, calm colours
    (map_folder / "reflections").mkdir(parents=True)
    (map_folder / "map.toml").write_text(MAP)
    (map_folder / "reflections" / "20260302-174000-after-a-hard-moment.toml").write_text(
        REFLECTION)
    return IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))


SIZE = (100, 30)


def test_main_screen(snap_compare, sample: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        pilot.app.screen.select("the-editor")
        await pilot.pause()

    assert snap_compare(sample, terminal_size=SIZE, run_before=before)


def test_part_form(snap_compare, sample: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        pilot.app.screen.query_one("#f-name", Input).value = "The Watcher"
        pilot.app.screen.query_one("#f-job", TextArea).text = "Scans faces for trouble."
        await pilot.pause()

    assert snap_compare(sample, terminal_size=SIZE, run_before=before)


def test_walk_step(snap_compare, sample: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        from .test_app_reflect import pick_pack

        pick_pack(pilot.app, "self-energy-check-in")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("right", "right")
        await pilot.pause()

    assert snap_compare(sample, terminal_size=SIZE, run_before=before)


def test_journal(snap_compare, sample: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()

    assert snap_compare(sample, terminal_size=SIZE, run_before=before)


def test_help(snap_compare, sample: IfsApp) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(sample, terminal_size=SIZE, run_before=before)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    from ifs_tui.core.demo import make_demo_copy

    monkeypatch.delenv("NO_COLOR")
    _, folder = make_demo_copy(tmp_path)
    return IfsApp(folder, config=Config(theme="ifs-calm", welcome_seen=True), demo=True)


@pytest.mark.parametrize("size", [(100, 30), (160, 50)])
def test_map_view(snap_compare, demo: IfsApp, size: tuple[int, int]) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down", "right")
        await pilot.pause()

    assert snap_compare(demo, terminal_size=size, run_before=before)


@pytest.fixture
def empty_map(map_folder: Path, monkeypatch: pytest.MonkeyPatch) -> IfsApp:
    monkeypatch.delenv("NO_COLOR")
    map_folder.mkdir(parents=True)
    (map_folder / "map.toml").write_text('schema = 1\ntitle = "My parts map"\n'
                                         'created = 2026-03-01T09:00:00+01:00\n'
                                         'updated = 2026-03-01T09:00:00+01:00\n')
    return IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_empty_map(snap_compare, empty_map: IfsApp, size: tuple[int, int]) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)

    assert snap_compare(empty_map, terminal_size=size, run_before=before)
