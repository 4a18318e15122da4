"""At 80x24 a walk-through step keeps its question, and a part step its new-part box, in sight."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from ifs_tui.app.screens.walk import WalkScreen
from ifs_tui.core import paths, services
from ifs_tui.core.packs import load_packs
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

from .conftest import ready, text_of

SCREEN = Region(0, 0, 80, 24)


def packs():  # type: ignore[no-untyped-def]
    return load_packs(paths.user_prompts_dir(), None).packs


def in_sight(screen, selector: str) -> None:  # type: ignore[no-untyped-def]
    widget = screen.query_one(selector)
    region = widget.region
    assert region.height > 0 and SCREEN.contains_region(region), (selector, region)
    body = screen.query_one("#walk-body")
    if body in widget.ancestors:
        assert body.region.contains_region(region), (selector, region, body.region)


def squash(text: str) -> str:
    return " ".join(text.split())


async def show(app, pilot, walk: Walk) -> WalkScreen:  # type: ignore[no-untyped-def]
    await app.push_screen(WalkScreen(walk))
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, WalkScreen)
    return app.screen


async def test_a_part_step_with_ten_parts(store: MapStore, make_app) -> None:
    with store.edit() as pmap:
        for n in range(7):
            services.add_part(pmap, f"Helper number {n}")
        store.save(pmap)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        walk = Walk.start(packs()["meet-a-protector"], MapStore(store.folder))
        screen = await show(app, pilot, walk)
        in_sight(screen, "#question")
        assert "get to know today" in squash(text_of(screen.query_one("#question")))
        in_sight(screen, "#new-part")


async def test_a_resumed_text_step_with_a_draft(store: MapStore, make_app) -> None:
    pack = packs()["meet-a-protector"]
    first = Walk.start(pack, MapStore(store.folder), part_ref="inner-critic")
    first.stop(draft="a long unfinished answer\n" * 12)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        walk = Walk.resume(pack, MapStore(store.folder), first.record)
        screen = await show(app, pilot, walk)
        in_sight(screen, "#question")
        assert "Turn your attention" in squash(text_of(screen.query_one("#question")))
        in_sight(screen, "#draft-note")


@pytest.mark.parametrize("kinds", [("text",), ("note", "grounding", "text", "choice", "scale")])
async def test_the_longest_question_of_the_built_in_packs(store: MapStore, make_app,
                                                          kinds: tuple[str, ...]) -> None:
    """The longest question of all, and the longest text step (question and hint)."""
    every = [(pack, step) for pack in packs().values() for step in pack.steps
             if step.kind in kinds]
    pack, step = max(every, key=lambda ps: len(ps[1].ask) + (len(ps[1].hint) if len(kinds) == 1
                                                               else 0))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        walk = Walk.start(pack, MapStore(store.folder), part_ref="inner-critic")
        walk.record.at = step.id
        screen = await show(app, pilot, walk)
        in_sight(screen, "#question")
        shown = squash(text_of(screen.query_one("#question")))
        asked = squash(walk.question(step))
        assert shown.startswith(asked[:30]) and shown.endswith(asked[-30:])
