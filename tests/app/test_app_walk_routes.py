"""Pilot tests: the walk screen along the routes of a branching pack, and the
"a part of me doesn't want to go there" button and key."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from textual.widgets import Button, TextArea

from ifs_tui.app.screens.walk import WalkScreen
from ifs_tui.app.widgets.scale import ScaleInput
from ifs_tui.app.widgets.ticks import TickRadio

from .conftest import text_of
from .test_app_walk_keeps import begin

BRANCHING = Path(__file__).parent.parent / "packs" / "branching.toml"


def with_pack(store) -> None:  # type: ignore[no-untyped-def]
    (store.folder / "prompts").mkdir(exist_ok=True)
    shutil.copy(BRANCHING, store.folder / "prompts" / "branching.toml")


def record(store) -> dict:  # type: ignore[no-untyped-def]
    (path,) = (store.folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


def progress(walk: WalkScreen) -> str:
    return text_of(walk.query_one("#walk-progress"))


async def choose(pilot, walk: WalkScreen, option: str) -> None:  # type: ignore[no-untyped-def]
    radio = next(r for r in walk.query(TickRadio) if str(r.label) == option)
    radio.value = True
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()


async def write(pilot, walk: WalkScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    walk.query_one("#text-answer", TextArea).text = text
    await pilot.press("ctrl+n")
    await pilot.pause()


def at(walk: WalkScreen) -> str:
    return walk.walk.step.id if walk.walk.step else ""


async def test_answering_as_self_goes_to_befriending(store, make_app) -> None:
    with_pack(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "branching-test", part="inner-critic")
        assert at(walk) == "feel" and "Step 2 of 5" in progress(walk)
        assert not walk.query_one("#not-there", Button).display
        await pilot.press("ctrl+t")  # not offered here: nothing happens
        await pilot.pause()
        assert at(walk) == "feel"
        await choose(pilot, walk, "curious")
        assert at(walk) == "befriend" and "Step 3 of 5" in progress(walk)
        await write(pilot, walk, "it is tired")
        walk.query_one(ScaleInput).value = 8
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert at(walk) == "closing" and "Step 5 of 5" in progress(walk)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert walk.walk.done
    assert record(store)["path"] == ["who", "feel", "befriend", "rate", "closing"]


async def test_another_part_turns_the_walk_and_back_retraces_it(store, make_app) -> None:
    with_pack(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "branching-test", part="inner-critic")
        await choose(pilot, walk, "annoyed")
        assert at(walk) == "other-part" and "Step 3 of 5" in progress(walk)
        assert walk.query_one("#not-there", Button).display
        assert walk.check_action("not_there", ()) is True
        await write(pilot, walk, "a tight jaw")
        assert at(walk) == "step-back" and not walk.query_one("#not-there", Button).display
        await choose(pilot, walk, "yes")
        assert at(walk) == "feel"  # a loop: the earlier answer shown, to keep or change
        pressed = [str(r.label) for r in walk.query(TickRadio) if r.value]
        assert pressed == ["annoyed"]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert at(walk) == "step-back"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert at(walk) == "other-part"
        assert walk.query_one("#text-answer", TextArea).text == "a tight jaw"
        await pilot.click("#not-there")
        await pilot.pause()
        assert at(walk) == "other-part"  # the earlier answer is in the field: asked first
        await pilot.press("y")  # leave those words out
        await pilot.pause()
        assert at(walk) == "thanks"
    data = record(store)
    answer = next(a for a in data["answers"] if a["step"] == "other-part")
    assert answer["skipped"] is True and answer["not_there"] is True
    assert data["path"] == ["who", "feel", "other-part"] and data["at"] == "thanks"


async def test_the_not_there_key_meets_the_part_then_ends_gently(store, make_app) -> None:
    with_pack(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "branching-test", part="inner-critic")
        await choose(pilot, walk, "afraid")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert at(walk) == "thanks"
        await choose(pilot, walk, "get to know it")
        assert at(walk) == "know"
        await write(pilot, walk, "it keeps me safe")
        assert at(walk) == "gentle-end"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert walk.walk.done and walk.check_action("not_there", ()) is False
    data = record(store)
    assert data["status"] == "finished"
    assert data["path"] == ["who", "feel", "other-part", "thanks", "know", "gentle-end"]
