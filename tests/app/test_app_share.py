"""Pilot tests: the drawn map view, export from the app, and the demo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.export import ExportScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.map_view import MapViewScreen
from ifs_tui.app.widgets.map_canvas import MapCanvas
from ifs_tui.core.config import Config
from ifs_tui.core.demo import make_demo_copy
from ifs_tui.core.maps import MapsPlace
from tests.helpers import mode, snapshot_tree

from .conftest import ready, text_of
from .test_app_maps import open_named


@pytest.fixture
def demo_app(tmp_path: Path) -> IfsApp:
    _, folder = make_demo_copy(tmp_path)
    return IfsApp(folder, config=Config(welcome_seen=True), demo=True)


async def test_map_view_keyboard_navigation(demo_app: IfsApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        demo_app.screen.select("the-forecaster")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(demo_app.screen, MapViewScreen)
        canvas = demo_app.screen.query_one(MapCanvas)
        assert canvas.chosen == "the-forecaster"
        drawing = text_of(canvas)
        assert "The Forecaster" in drawing and "( Self )" in drawing and "▼" in drawing
        await pilot.press("right")
        assert canvas.chosen == "the-peacekeeper"
        await pilot.press("down")  # to the nearest firefighter below
        assert canvas.chosen == "the-fog"
        await pilot.press("down")
        assert canvas.chosen in ("small-one", "the-kid-at-the-window")
        await pilot.press("down", "down", "down")  # stops at the last row
        assert canvas.chosen == "the-quiet-watcher"
        await pilot.press("up", "up", "left")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        assert demo_app.screen.current_part().id == canvas.chosen
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("m")  # the same key goes back to the tree
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)


async def test_map_view_scrolls_to_the_chosen_part(demo_app: IfsApp) -> None:
    async with demo_app.run_test(size=(60, 16)) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        scroll = demo_app.screen.query_one("#map-scroll")
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("right", "right", "right")
        await pilot.pause()
        await pilot.press("up", "up", "right", "right", "right")
        await pilot.pause()
        assert scroll.scroll_x > 0


async def test_map_view_opens_scrolled_to_the_part_chosen_in_the_tree(
        demo_app: IfsApp) -> None:
    async with demo_app.run_test(size=(60, 16)) as pilot:
        await ready(pilot)
        demo_app.screen.select("the-quiet-watcher")  # in the last row, off the first view
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.pause()
        scroll = demo_app.screen.query_one("#map-scroll")
        canvas = demo_app.screen.query_one(MapCanvas)
        box = canvas.box("the-quiet-watcher")
        assert canvas.chosen == "the-quiet-watcher", canvas.chosen
        assert box is not None and scroll.scroll_y > 0, (scroll.max_scroll_y, scroll.size)
        assert scroll.scroll_y <= box.y < scroll.scroll_y + scroll.size.height


async def test_export_from_the_app(demo_app: IfsApp, tmp_path: Path) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause()
        screen = demo_app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#format", Select).value = "html"
        screen.query_one("#redact", Checkbox).value = True
        screen.query_one("#folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        (written,) = tmp_path.glob("demo-*-redacted.html")
        assert mode(written) == 0o600
        text = written.read_text()
        assert "<svg" in text and "The Forecaster" not in text and "Manager 1" in text


def test_demo_leaves_the_data_root_and_settings_alone(hermetic: Path, tmp_path: Path,
                                                           cli, monkeypatch) -> None:
    """`ifs demo`, with the app run headless: a walk-through and a theme change later,
    nothing in the data root or the config folder has changed, and the copy is gone."""
    import asyncio

    from ifs_tui.cli import main as cli_main

    cli("init")
    cli("part", "add", "Mine", "--role", "manager")
    config = Path(os.environ["IFS_TUI_CONFIG_HOME"])
    before = snapshot_tree(hermetic)
    seen: list[Path] = []

    def headless(folder: Path, demo: bool = False, place: MapsPlace | None = None) -> None:
        seen.append(folder)
        from ifs_tui.core import paths

        # The demo's own data root: none of the person's packs or support contacts show.
        assert paths.user_prompts_dir().is_relative_to(folder.parent.parent)
        assert paths.support_file().is_relative_to(folder.parent.parent)
        app = IfsApp(folder, config=Config(welcome_seen=True), demo=demo, place=place)

        async def drive() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                await ready(pilot)
                await pilot.press("w")
                await pilot.pause()
                from .test_app_reflect import pick_pack

                pick_pack(app, "unblending-check-in")
                await pilot.pause()
                await pilot.press("enter")  # past its care note
                await pilot.pause()
                await pilot.press("ctrl+n")  # and its grounding step
                await pilot.pause()
                app.screen.query_one("#text-answer", Input).value = "I am a demo"
                await pilot.press("enter")
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
                app.theme = "ifs-calm-light"
                await pilot.pause()
                assert list((folder / "reflections").glob("*unblending*"))
                # As a therapist would: the other demo maps, one after another, from the
                # picker, each a temporary copy beside the first.
                for name in ("polarized", "kap-journey", "demo"):
                    await open_named(pilot, name)
                    assert app.store.folder == folder.parent / name
                    assert f"map: {name}" in str(app.sub_title)
                    assert "demo (temporary)" in str(app.sub_title)
                    assert app.pmap is not None and app.pmap.parts

        asyncio.run(drive())

    monkeypatch.setattr(cli_main, "open_app", headless)
    run = cli("demo")
    assert run.exit_code == 0, run
    assert os.environ["IFS_TUI_HOME"] == str(hermetic)  # given back afterwards
    assert "temporary" in run.stderr
    assert seen and not seen[0].exists()  # the temporary copy is removed
    assert not str(seen[0]).startswith(str(hermetic))
    assert snapshot_tree(hermetic) == before
    assert not config.exists() or not list(config.rglob("*"))


async def test_export_to_a_folder_name_too_long_says_so(demo_app: IfsApp, tmp_path: Path) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause()
        screen = demo_app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#folder", Input).value = str(tmp_path / ("a" * 300))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.is_running and demo_app.screen is screen
        error = str(screen.query_one("#export-error").render())
        assert "the name is too long" in error


async def test_a_large_map_is_drawn_without_holding_up_the_keys(map_folder: Path) -> None:
    """Routes of a large map are worked out in a thread: the screen answers meanwhile,
    and the drawing arrives with the part that was chosen in the tree."""
    from ifs_tui.app.widgets.map_canvas import MapCanvas
    from ifs_tui.core.config import Config
    from ifs_tui.core.storage import MapStore
    from tests.drawn_maps import many_parts

    store = MapStore(map_folder)
    store.create()
    store.save(many_parts(parts=200, links=260))
    for early_escape in (False, True):
        app = IfsApp(map_folder, config=Config(welcome_seen=True))
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("m")
            if early_escape:  # before or after the drawing: never a crash
                await pilot.press("escape")
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert app.is_running and not isinstance(app.screen, MapViewScreen)
                continue
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MapViewScreen)
            canvas = screen.query_one(MapCanvas)
            assert canvas.has_focus and canvas.chosen is not None
            first = canvas.chosen
            await pilot.press("right")
            await pilot.pause()
            assert canvas.chosen != first


async def test_export_from_the_app_holds_moments_and_journeys(demo_app: IfsApp,
                                                              tmp_path: Path) -> None:
    (demo_app.store.folder / "moments" / "20261201-090000.toml").write_text("text = [")
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for redacted in (False, True):
            await pilot.press("x")
            await pilot.pause()
            screen = demo_app.screen
            assert isinstance(screen, ExportScreen)
            screen.query_one("#format", Select).value = "markdown"
            screen.query_one("#redact", Checkbox).value = redacted
            screen.query_one("#folder", Input).value = str(tmp_path)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(demo_app.screen, MainScreen)
        notes = [n.message for n in demo_app._notifications]
        assert any("1 moment or journey file(s) could not be read" in n for n in notes)
    (full,) = (p for p in tmp_path.glob("demo-*.md") if "redacted" not in p.name)
    text = full.read_text()
    assert "## Moments (8)" in text and "### The November session" in text
    assert "Sam and I disagreed about money" in text
    (redacted_file,) = tmp_path.glob("demo-*-redacted.md")
    text = redacted_file.read_text()
    assert "8 moments (a redacted export" in text and "The November session" not in text


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="no SIGHUP here")
def test_a_demo_whose_terminal_closes_leaves_no_folder_behind(tmp_path: Path,
                                                              hermetic: Path) -> None:
    """Closing the terminal (SIGHUP) under `ifs demo`: its temporary copy goes too."""
    import pty
    import signal
    import subprocess
    import sys
    import time

    temp = tmp_path / "tmp"
    temp.mkdir()
    main, child = pty.openpty()
    env = {**os.environ, "TMPDIR": str(temp), "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "ifs_tui", "demo"], stdin=child,
                            stdout=child, stderr=child, env=env, start_new_session=True)
    os.close(child)
    try:
        import select

        deadline = time.monotonic() + 60  # a guard against a hang, not a timing
        shown = b""
        while b"\x1b[?1049h" not in shown:  # the app has taken the screen
            assert proc.poll() is None and time.monotonic() < deadline, "the demo did not start"
            if select.select([main], [], [], 0.2)[0]:
                shown += os.read(main, 65536)
        assert list(temp.glob("ifs-tui-demo-*/maps/demo/map.toml"))
        proc.send_signal(signal.SIGHUP)
        assert proc.wait(60) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert list(temp.iterdir()) == []
