"""Pilot tests: the first-map walk in the app, from the empty map's first button.

Run on tests/packs/first-map-like.toml (the built-in pack's shape, put in the map's
prompts/ as `first-map`) and, once the built-in first-map pack ships, on it too.
Each test checks the map file and the reflection file written, not only the screen.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input, ProgressBar, Select, TextArea

from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.walk import CareNoteScreen, WalkScreen
from ifs_tui.app.widgets.ticks import TickList, TickRadio
from ifs_tui.core import packs as core_packs
from ifs_tui.core import paths
from ifs_tui.core.packs import Pack, load_packs
from ifs_tui.core.storage import MapStore
from tests.hostile import NAMES

from .conftest import build_map, ready, text_of
from .test_app_walk_keeps import begin

LIKE = Path(__file__).parents[1] / "packs" / "first-map-like.toml"
BUILT_IN = any("first-map" in p.name for p in core_packs.builtin_pack_files())


@pytest.fixture(params=["test pack", *(["built-in"] if BUILT_IN else [])])
def source(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def put_pack(folder: Path, source: str) -> Pack:
    """The first-map pack this test walks: the stand-in, or the built-in one."""
    if source == "test pack":
        (folder / "prompts").mkdir(exist_ok=True)
        text = LIKE.read_text().replace('id = "first-map-like"', 'id = "first-map"')
        (folder / "prompts" / "first-map.toml").write_text(text)
    return load_packs(paths.user_prompts_dir(), folder / "prompts").packs["first-map"]


@pytest.fixture
def empty(map_folder: Path) -> MapStore:
    store = MapStore(map_folder)
    store.create("Empty map")
    return store


def the_map(store: MapStore) -> dict[str, Any]:
    return tomllib.loads((store.folder / "map.toml").read_text())


def record(store: MapStore) -> dict[str, Any]:
    (path,) = (store.folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


def answers(rec: dict[str, Any], step: str) -> list[dict[str, Any]]:
    return [a for a in rec.get("answers", []) if a["step"] == step]


def parts_by_name(store: MapStore) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in the_map(store).get("parts", [])}


def at(walk: WalkScreen) -> tuple[str, int]:
    return (walk.walk.step.id if walk.walk.step else "", walk.walk.round)


def shown(walk: WalkScreen, selector: str) -> str:
    return text_of(walk.query_one(selector))


def proposed(pack: Pack, option: str) -> str:
    make = pack.step("make")
    assert make is not None
    return make.names.get(option) or make.name.replace("{item}", option)


async def start(pilot) -> WalkScreen:  # type: ignore[no-untyped-def]
    """From the empty map: Enter on the first button, past the opening note."""
    await ready(pilot)
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(pilot.app.screen, CareNoteScreen):
        await pilot.press("enter")
        await pilot.pause()
    walk = pilot.app.screen
    assert isinstance(walk, WalkScreen) and walk.walk.pack.id == "first-map"
    assert at(walk) == ("welcome", 0)
    await go(pilot)
    assert at(walk) == ("patterns", 0)
    return walk


async def go(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*(keys or ("ctrl+n",)))
    await pilot.pause()
    await pilot.pause()


async def choose(pilot, walk: WalkScreen, options: list[str], own: str = "") -> None:  # type: ignore[no-untyped-def]
    ticks = walk.query_one(TickList)
    for option in options:
        ticks.select(option)
    walk.query_one("#own-choice", Input).value = own
    await go(pilot)


async def name_part(pilot, walk: WalkScreen, name: str | None = None,  # type: ignore[no-untyped-def]
                    role: int | None = None) -> None:
    if name is not None:
        walk.query_one("#make-name", Input).value = name
    if role is not None:
        list(walk.query(TickRadio))[role].value = True
    await pilot.pause()
    await go(pilot)


async def write(pilot, walk: WalkScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    walk.query_one("#text-answer", TextArea).text = text
    await go(pilot)


async def test_choosing_none_makes_no_part_and_passes_links_over(
        empty, make_app, source) -> None:
    put_pack(empty.folder, source)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        await go(pilot)  # nothing chosen: not now
        assert at(walk) == ("made", 0)
        assert "No parts were made" in shown(walk, "#made-parts")
        await go(pilot)
        assert at(walk) == ("close", 0)  # nothing to link: passed over
        await go(pilot)
        assert walk.walk.done
    assert the_map(empty).get("parts", []) == []
    rec = record(empty)
    assert rec["status"] == "finished"
    assert answers(rec, "patterns")[0]["skipped"] is True
    assert not answers(rec, "make") and not answers(rec, "links")


async def test_one_pattern_makes_one_part_with_what_was_said(empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    pattern = pack.step("patterns").options[0]  # type: ignore[union-attr]
    age = pack.step("age").options[1]  # type: ignore[union-attr]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        await choose(pilot, walk, [pattern])
        assert at(walk) == ("make", 1)
        assert shown(walk, "#walk-round").startswith(f"Round 1 of 1: {pattern[:20]}")
        assert walk.query_one("#make-name", Input).value == proposed(pack, pattern)
        assert str(walk.query_one("#next", Button).label) == "Make this part"
        assert the_map(empty).get("parts", []) == []  # nothing made before it is confirmed
        await go(pilot, "enter")  # Enter in the name makes it
        assert at(walk) == ("fear", 1)
        assert proposed(pack, pattern) in shown(walk, "#question")
        await write(pilot, walk, "a fight would start")
        next(r for r in walk.query(TickRadio) if str(r.label) == age).value = True
        await go(pilot)
        await go(pilot, "ctrl+o")  # what helps: not now
        assert at(walk) == ("made", 0)
        listing = shown(walk, "#made-parts")
        assert proposed(pack, pattern) in listing and "Not sure yet" in listing
        await go(pilot)
        assert at(walk) == ("close", 0)  # one part: nothing to link
        await go(pilot)
        assert walk.walk.done
    (part,) = the_map(empty)["parts"]
    assert (part["name"], part["role"], part["job"], part["fears"], part["age"]) == (
        proposed(pack, pattern), "unknown", pattern, ["a fight would start"], age)
    assert "needs" not in part
    rec = record(empty)
    (made,) = answers(rec, "make")
    assert (made["answer"], made["new_part"], made["item"]) == (part["id"], True, pattern)
    assert answers(rec, "safer")[0]["skipped"] is True


async def test_several_patterns_with_not_now_inside_and_links(empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    first, second = pack.step("patterns").options[:2]  # type: ignore[union-attr]
    hostile = "[@click=app.quit]Quit me[/]"
    assert hostile in NAMES
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        own = "a [/b] b"  # own words that look like markup, too
        assert own in NAMES
        await choose(pilot, walk, [first, second], own=own)
        # Round 1: a name that looks like markup, a role chosen.
        assert shown(walk, "#walk-round").startswith("Round 1 of 3")
        await name_part(pilot, walk, hostile, role=1)
        assert at(walk) == ("fear", 1)
        assert hostile in shown(walk, "#walk-progress") and hostile in shown(walk, "#question")
        # Not now for this whole option, after asking about the words typed.
        walk.query_one("#text-answer", TextArea).text = "some words"
        await go(pilot, "ctrl+l")
        assert isinstance(app.screen, ConfirmScreen)
        await go(pilot, "escape")  # keep writing
        assert at(walk) == ("fear", 1) and app.screen is walk
        walk.query_one("#text-answer", TextArea).text = ""
        await go(pilot, "ctrl+l")
        assert at(walk) == ("make", 2)
        # Round 2: the offered name is one the map has by then: another name.
        await name_part(pilot, walk, "The second one")
        await write(pilot, walk, "being left out")
        await go(pilot, "ctrl+o")
        await go(pilot, "ctrl+o")
        # Round 3, own words: no part for this one.
        assert at(walk) == ("make", 3)
        assert shown(walk, "#walk-round").startswith(f"Round 3 of 3: {own}")
        assert walk.query_one("#make-name", Input).value == proposed(pack, own)
        await go(pilot, "ctrl+o")
        assert at(walk) == ("made", 0)
        listing = shown(walk, "#made-parts")
        assert hostile in listing and "Manager" in listing and "The second one" in listing
        assert own not in listing
        await go(pilot)
        # Links: add two, take the first back.
        assert at(walk) == ("links", 0)
        ids = {p["name"]: p["id"] for p in the_map(empty)["parts"]}
        a, b = ids[hostile], ids["The second one"]
        for kind in ("polarized", "allied"):
            walk.query_one("#link-a", Select).value = a
            walk.query_one("#link-kind", Select).value = kind
            walk.query_one("#link-b", Select).value = b
            await pilot.pause()
            await pilot.click("#add-link")
            await pilot.pause()
            await pilot.pause()
        assert len(the_map(empty)["relationships"]) == 2
        assert len(walk.query(".take-back")) == 2
        await pilot.click("#take-back-0")
        await pilot.pause()
        await pilot.pause()
        assert len(walk.query(".take-back")) == 1
        (left,) = walk.query(".link-words")
        assert "works together" in str(left.render())
        await go(pilot)
        assert at(walk) == ("close", 0)
        await go(pilot)
        assert walk.walk.done
        bar = walk.query_one("#walk-bar", ProgressBar)
        assert bar.progress == bar.total  # full at the end of a route longer than the pack
        end = " ".join(shown(walk, "#hint").split())
        assert f"Linked: {hostile} works together with (allied) The second one" in end
        assert app.is_running  # the name never ran as a link to quit
    parts = parts_by_name(empty)
    assert set(parts) == {hostile, "The second one"}
    assert (parts[hostile]["role"], parts[hostile]["job"]) == ("manager", first)
    assert "fears" not in parts[hostile]
    assert (parts["The second one"]["job"], parts["The second one"]["fears"]) == (
        second, ["being left out"])
    assert the_map(empty)["relationships"] == [{"from": a, "to": b, "kind": "allied"}]
    rec = record(empty)
    made = {m["item"]: m for m in answers(rec, "make")}
    assert made[own]["skipped"] is True
    assert answers(rec, "fear")[0]["skipped"] is True  # round 1: not now for this one
    assert answers(rec, "links")[0]["answer"] == [f"{a} allied {b}"]


async def test_a_taken_name_asks_and_can_use_that_part(map_folder, make_app, source) -> None:
    store = build_map(map_folder)
    pack = put_pack(store.folder, source)
    pattern = pack.step("patterns").options[0]  # type: ignore[union-attr]
    with store.edit() as pmap:  # a part with the name the walk will offer
        pmap.parts[0].name = proposed(pack, pattern)
        store.save(pmap)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "first-map")
        await go(pilot)
        await choose(pilot, walk, [pattern])
        await go(pilot)  # the name offered, as it is
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert f"A part called {proposed(pack, pattern)} is in your map already" in \
            dialog.message
        await go(pilot, "escape")  # another name, then: the name is there to change
        assert app.screen is walk and app.focused is walk.query_one("#make-name")
        await go(pilot)
        await pilot.click("#yes")  # use that part
        await pilot.pause()
        await pilot.pause()
        assert at(walk) == ("fear", 1)
        await write(pilot, walk, "being laughed at again")
        await go(pilot, "ctrl+l")
    parts = the_map(store)["parts"]
    assert len(parts) == 3  # none made
    assert parts[0]["fears"] == ["being laughed at", "being laughed at again"]
    (made,) = answers(record(store), "make")
    assert made["answer"] == parts[0]["id"] and "new_part" not in made


async def test_back_across_rounds_keeps_or_renames_the_part_made(
        empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    first, second = pack.step("patterns").options[:2]  # type: ignore[union-attr]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        await choose(pilot, walk, [first, second])
        await name_part(pilot, walk)
        await write(pilot, walk, "a fight")
        await go(pilot, "ctrl+o")
        await go(pilot, "ctrl+o")
        assert at(walk) == ("make", 2)
        await go(pilot, "ctrl+b")  # into the last step of round 1
        assert at(walk) == ("safer", 1)
        assert shown(walk, "#walk-round").startswith("Round 1 of 2")
        for _ in range(3):
            await go(pilot, "ctrl+b")
        assert at(walk) == ("make", 1)
        assert "You made " + proposed(pack, first) in shown(walk, "#made-note")
        assert str(walk.query_one("#next", Button).label) == "Keep this part"
        made_id = the_map(empty)["parts"][0]["id"]
        await name_part(pilot, walk, "Freezer")  # renamed: the same part
        assert at(walk) == ("fear", 1)
        assert walk.query_one("#text-answer", TextArea).text == "a fight"
        await go(pilot)  # kept as it was: not filed twice
        assert at(walk) == ("make", 2)
    (part,) = the_map(empty)["parts"]
    assert (part["id"], part["name"], part["fears"]) == (made_id, "Freezer", ["a fight"])


async def test_stop_and_resume_in_the_middle_of_a_round(empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    first, second = pack.step("patterns").options[:2]  # type: ignore[union-attr]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        await choose(pilot, walk, [first, second])
        await name_part(pilot, walk)
        await go(pilot, "ctrl+l")
        await name_part(pilot, walk)
        assert at(walk) == ("fear", 2)
        walk.query_one("#text-answer", TextArea).text = "that I would be sen"
        await go(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        assert not app.screen.query_one("#empty-map").display  # parts now: no first steps
        rec = record(empty)
        assert (rec["status"], rec["at"], rec["round"]) == ("stopped", "fear", 2)
        assert rec["draft"]["text"] == "that I would be sen"
        await go(pilot, "w")
        packs = app.screen.query_one("#packs")
        packs.highlighted = 0  # "Go on: ..."
        packs.action_select()
        await pilot.pause()
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen) and at(walk) == ("fear", 2)
        assert shown(walk, "#walk-round").startswith("Round 2 of 2")
        assert proposed(pack, second) in shown(walk, "#walk-progress")
        assert walk.query_one("#text-answer", TextArea).text == "that I would be sen"
        await write(pilot, walk, "that I would be seen")
    parts = parts_by_name(empty)
    assert parts[proposed(pack, second)]["fears"] == ["that I would be seen"]
    assert "fears" not in parts[proposed(pack, first)]
    assert "draft" not in record(empty)


async def test_not_now_at_a_changed_name_asks_first_and_keeps_it_as_a_draft(
        empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    pattern = pack.step("patterns").options[0]  # type: ignore[union-attr]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        await choose(pilot, walk, [pattern])
        await go(pilot, "ctrl+b")  # the offered name unchanged: nothing kept
        assert record(empty).get("draft") is None
        await go(pilot)
        walk.query_one("#make-name", Input).value = "The quiet o"
        await go(pilot, "ctrl+o")
        assert isinstance(app.screen, ConfirmScreen)  # words typed: asked first
        await go(pilot, "escape")
        await go(pilot, "ctrl+b")
        assert record(empty)["draft"]["text"] == "The quiet o"
        await go(pilot)
        assert walk.query_one("#make-name", Input).value == "The quiet o"
        await go(pilot, "ctrl+o")
        await go(pilot, "y")  # leave the words out: no part for this one
        assert at(walk) == ("made", 0)
    assert the_map(empty).get("parts", []) == []


async def test_links_chosen_but_not_added_ask_and_not_now_takes_links_back(
        empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    first, second = pack.step("patterns").options[:2]  # type: ignore[union-attr]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await start(pilot)
        await choose(pilot, walk, [first, second])
        for _ in range(2):
            await name_part(pilot, walk)
            await go(pilot, "ctrl+l")
        await go(pilot)
        assert at(walk) == ("links", 0)
        a, b = (p["id"] for p in the_map(empty)["parts"])
        walk.query_one("#link-a", Select).value = a
        walk.query_one("#link-b", Select).value = b
        await pilot.pause()
        await go(pilot)  # chosen, not added: asked
        assert isinstance(app.screen, ConfirmScreen)
        await go(pilot, "y")  # add it and go on
        assert at(walk) == ("close", 0)
        assert the_map(empty)["relationships"] == [{"from": a, "to": b, "kind": "allied"}]
        await go(pilot, "ctrl+b")
        assert at(walk) == ("links", 0) and len(walk.query(".take-back")) == 1
        await go(pilot, "ctrl+o")  # not now: the links made here are taken back
        assert at(walk) == ("close", 0)
    assert "relationships" not in the_map(empty)
    assert answers(record(empty), "links")[0]["skipped"] is True


async def test_each_step_is_shown_from_its_top(empty, make_app, source) -> None:
    pack = put_pack(empty.folder, source)
    options = pack.step("patterns").options[:4]  # type: ignore[union-attr]
    app = make_app()
    async with app.run_test(size=(80, 20)) as pilot:
        walk = await start(pilot)
        await choose(pilot, walk, options)
        body = walk.query_one("#walk-body")
        for _ in options:
            await name_part(pilot, walk)
            body.scroll_end(animate=False)  # read down to the end of the question
            await pilot.pause()
            await go(pilot, "ctrl+l")
        assert at(walk) == ("made", 0)
        assert body.max_scroll_y > 0 and body.scroll_y == 0  # a long list, from its top
    assert len(the_map(empty)["parts"]) == 4


async def test_the_taken_name_is_said_as_the_map_has_it(map_folder, make_app, source) -> None:
    store = build_map(map_folder)
    pack = put_pack(store.folder, source)
    pattern = pack.step("patterns").options[0]  # type: ignore[union-attr]
    with store.edit() as pmap:  # the name offered, in other letters
        pmap.parts[0].name = proposed(pack, pattern).upper()
        store.save(pmap)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "first-map")
        await go(pilot)
        await choose(pilot, walk, [pattern])
        await go(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert f"A part called {proposed(pack, pattern).upper()} is in" in dialog.message
