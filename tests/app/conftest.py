"""Shared set-up for the app tests: a fixed small map, and an app factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.core import services
from ifs_tui.core.config import Config
from ifs_tui.core.services import PartChanges
from ifs_tui.core.storage import MapStore


def build_map(folder: Path) -> MapStore:
    store = MapStore(folder)
    pmap = store.create("Test map")
    services.add_part(pmap, "Inner Critic", PartChanges(
        role="manager", text={"job": "checks everything twice", "body": "tight jaw"},
        add={"fears": ["being laughed at"]}))
    services.add_part(pmap, "Little One", PartChanges(role="exile", text={"age": "six"}))
    services.add_part(pmap, "Numbing", PartChanges(role="firefighter"))
    services.link(pmap, pmap.parts[0], pmap.parts[1], "protects")
    store.save(pmap)
    return store


@pytest.fixture
def store(map_folder: Path) -> MapStore:
    return build_map(map_folder)


@pytest.fixture
def make_app(map_folder: Path) -> Callable[..., IfsApp]:
    def make(welcome_seen: bool = True, theme: str = "ifs-calm") -> IfsApp:
        return IfsApp(map_folder, config=Config(theme=theme, welcome_seen=welcome_seen))

    return make


async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the map load (a worker) and the main screen settle."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let lookups run off the UI thread (a filter, a search) finish, and their rows show.

    A lookup that finishes can start one more with text typed meanwhile: wait again."""
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    """What a widget shows, as plain text. The details pane scrolls its own lines:
    all of them, as drawn, also those scrolled out of sight."""
    if hasattr(widget, "lines_text"):
        return "\n".join(widget.lines_text())
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))
