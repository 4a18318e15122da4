"""Pilot tests (issue 9): the walk-through keeps and files what the person writes."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea

from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.walk import CareNoteScreen, PackPickerScreen, WalkScreen
from ifs_tui.app.screens.walk_parts import NearPartsScreen

from .conftest import ready, text_of
from .test_app_reflect import pick_pack


def records(store) -> list[dict]:  # type: ignore[no-untyped-def]
    folder = store.folder / "reflections"
    return [tomllib.loads(p.read_text()) for p in sorted(folder.glob("*.toml"))]


async def begin(pilot, pack_id: str, part: str | None = None) -> WalkScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("w")
    await pilot.pause()
    if part:
        pilot.app.screen.query_one("#with-part", Select).value = part
    pick_pack(pilot.app, pack_id)
    await pilot.pause()
    if isinstance(pilot.app.screen, CareNoteScreen):
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, WalkScreen)
    return pilot.app.screen


async def test_stop_keeps_the_typed_answer_and_resume_offers_it(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector", part="inner-critic")
        walk.query_one("#text-answer", TextArea).text = "somewhere in my sho"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        (record,) = records(store)
        assert record["draft"] == {"step": "focus", "text": "somewhere in my sho"}
        assert record["status"] == "stopped"
        await pilot.press("w")
        await pilot.pause()
        packs = app.screen.query_one("#packs")
        first = str(packs.get_option_at_index(0).prompt)
        assert first.startswith("Go on: Meet a protector · with ")  # which walk is which
        assert app.pmap.part("inner-critic").name in first
        packs.highlighted = 0  # "Go on: Meet a protector"
        packs.action_select()
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert walk.query_one("#text-answer", TextArea).text == "somewhere in my sho"
        assert "unfinished answer was kept" in text_of(walk.query_one("#draft-note"))
        walk.query_one("#text-answer", TextArea).text = "somewhere in my shoulders"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not walk.query_one("#draft-note").display
    (record,) = records(store)
    assert "draft" not in record
    assert record["answers"][1]["answer"] == "somewhere in my shoulders"


async def test_quit_keeps_the_typed_answer(store, make_app) -> None:
    shutil.copytree(Path(__file__).parents[1] / "packs", store.folder / "prompts")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "plain-text-test")
        walk.query_one("#text-answer", Input).value = "a knot in my sto"
        await pilot.press("f1")  # help on top: quitting from there keeps it too
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    (record,) = records(store)
    assert record["draft"] == {"step": "what", "text": "a knot in my sto"}


async def test_stop_before_anything_writes_nothing(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "unblending-check-in")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.headers == []
    assert records(store) == []


async def test_back_lands_on_a_step_answered_not_now(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector", part="inner-critic")
        await pilot.press("ctrl+o")  # not now for "focus"
        await pilot.pause()
        assert walk.walk.step.id == "flesh-out"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert walk.walk.step.id == "focus"


async def test_next_at_the_part_step_never_chooses_by_itself(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert walk.walk.step.id == "find" and walk.walk.record.part == ""
        assert "Choose a part, or Not now" in text_of(walk.query_one("#walk-error"))
        walk.query_one("#part-choice").focus()
        await pilot.press("down", "ctrl+n")  # moved on purpose: the second part
        await pilot.pause()
        assert walk.walk.record.part == "little-one"


async def test_enter_on_the_first_part_chooses_it(store, make_app) -> None:
    """ctrl+n alone never chooses; Enter on the highlighted row does, the first one too
    (trials: Enter on the first part did nothing but ask to choose a part)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector")
        listing = walk.query_one("#part-choice")
        listing.focus()
        await pilot.pause()
        first = listing.get_option_at_index(listing.highlighted).id
        await pilot.press("enter")
        await pilot.pause()
        assert walk.walk.record.part == first and walk.walk.step.id != "find"


async def test_a_typo_offers_the_nearest_part_and_creates_nothing(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector")
        walk.query_one("#new-part", Input).value = "inner critc"
        await pilot.press("enter")
        await pilot.pause()
        near = app.screen
        assert isinstance(near, NearPartsScreen)
        listed = near.query_one("#near-choice")
        assert listed.get_option_at_index(0).id == "inner-critic"
        assert "Create a new part named" in str(listed.get_option_at_index(1).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is walk and walk.walk.record.part == "inner-critic"
        assert [p.id for p in walk.walk.store.load().parts] == [
            "inner-critic", "little-one", "numbing"]
        # A new part made here goes again when the answer changes.
        await pilot.press("ctrl+b")
        await pilot.pause()
        walk.query_one("#new-part", Input).value = "The Sentry"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NearPartsScreen)
        await pilot.press("enter")  # "Create a new part named The Sentry"
        await pilot.pause()
        assert walk.walk.store.load().part("the-sentry") is not None
        await pilot.press("ctrl+b")
        await pilot.pause()
        walk.query_one("#new-part", Input).value = "Inner Critic"  # exact: no question
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is walk and walk.walk.record.part == "inner-critic"
        assert walk.walk.store.load().part("the-sentry") is None


async def test_w_on_a_highlighted_part_starts_with_it(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("little-one")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PackPickerScreen)
        # The first pack (first-map) asks for no part: the picker starts at one that does.
        packs = picker.query_one("#packs", OptionList)
        assert packs.get_option_at_index(packs.highlighted).id == "pack:meet-a-protector"
        assert "With Little One" in str(picker.query_one("#with-label", Label).render())
        assert picker.query_one("#with-part", Select).value == "little-one"
        pick_pack(app, "meet-a-protector")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.walk.step.id == "focus"
        progress = str(walk.query_one("#walk-progress", Static).render())
        assert "Step 2 of 11 · with Little One" in progress


async def test_the_finished_screen_only_goes_back_to_the_map(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "self-energy-check-in")
        while walk.walk.step is not None:
            walk.walk.skip()
        await walk.show_step()
        await pilot.pause()
        await pilot.press("ctrl+b", "ctrl+o")
        await pilot.pause()
        assert walk.walk.done and app.screen is walk
        assert "Finished" in str(walk.query_one("#walk-progress").render())
    assert records(store)[0]["status"] == "finished"


async def test_stop_keeps_a_number_picked_on_a_scale_step(store, make_app) -> None:
    from ifs_tui.app.widgets.scale import ScaleInput

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "self-energy-check-in")
        await pilot.press("ctrl+n")  # past the opening note
        await pilot.pause()
        scale = walk.query_one("#scale", ScaleInput)
        scale.focus()
        await pilot.press("right", "right")
        await pilot.pause()
        picked = scale.value
        assert picked is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        (record,) = records(store)  # written: not "nothing was written yet"
        assert record["draft"]["text"] == str(picked) and record["status"] == "stopped"
        await pilot.press("w")
        await pilot.pause()
        packs = app.screen.query_one("#packs")
        packs.highlighted = 0  # "Go on: ..."
        packs.action_select()
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert walk.query_one("#scale", ScaleInput).value == picked
        assert "unfinished answer was kept" in text_of(walk.query_one("#draft-note"))


async def test_the_finished_screen_shows_only_the_way_back(store, make_app) -> None:
    from .test_app_80 import footer_keys

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "self-energy-check-in")
        while not walk.walk.done:
            await pilot.press("ctrl+o" if walk.walk.step.answers else "ctrl+n")
            await pilot.pause()
        keys = [what for _key, what in footer_keys(app)]
        assert "Stop" not in keys and "Next" not in keys and "Back" not in keys
        assert "Back to the map" in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_journal_shows_a_kept_draft_and_goes_on_only_with_unfinished(
        store, make_app) -> None:
    from ifs_tui.app.screens.journal import JournalScreen
    from ifs_tui.core import paths
    from ifs_tui.core.packs import load_packs
    from ifs_tui.core.storage import MapStore
    from ifs_tui.core.walk import Walk

    from .test_app_80 import footer_keys

    pack = load_packs(paths.user_prompts_dir(), None).packs["unblending-check-in"]
    done = Walk.start(pack, MapStore(store.folder))
    while not done.done:
        done.skip()
    walk = Walk.start(pack, MapStore(store.folder))
    walk.skip()  # "not now" on the first step ...
    assert walk.back()
    walk.stop(draft="half a thought")  # ... then a typed, unfinished answer there
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        # The journal re-reads the folder in a thread: let it finish, or its rows could
        # come in after show_record() and move the cursor back to the first row.
        await app.workers.wait_for_complete()
        await pilot.pause()
        journal.show_record(walk.record.id)
        await pilot.pause()
        reading = " ".join(text_of(journal.query_one("#reading")).split())
        assert "half a thought" in reading and "Not yet answered" in reading
        assert "Go on with it" in [what for _key, what in footer_keys(app)]
        journal.show_record(done.record.id)
        await pilot.pause()
        assert "· finished" in text_of(journal.query_one("#reading"))
        # The footer follows the cursor through a chain of messages: the table's
        # RowHighlighted, the journal's refresh_bindings, then the footer's recompose
        # after its next refresh. One pause is not always enough on a busy machine.
        assert await footer_becomes(pilot, lambda words: "Go on with it" not in words)


async def footer_becomes(pilot, wanted) -> bool:  # type: ignore[no-untyped-def]
    """Whether the footer's words come to satisfy `wanted` once the screen has taken
    in what is pending: each round waits for every widget's queued messages and a
    refresh (Pilot.pause), never for a length of time."""
    from .test_app_80 import footer_keys

    for _ in range(20):
        if wanted([what for _key, what in footer_keys(pilot.app)]):
            return True
        await pilot.pause()
    return False


async def test_a_kept_one_line_answer_is_added_to_not_typed_over(store, make_app) -> None:
    """Resumed, the kept words are not selected: the first key goes after them (a trial
    saw the first key replace the whole kept answer, with no undo)."""
    import shutil
    from pathlib import Path

    from textual.widgets import Input

    from ifs_tui.core.packs import load_packs
    from ifs_tui.core.walk import Walk

    shutil.copytree(Path(__file__).parents[1] / "packs", store.folder / "prompts")
    pack = load_packs(store.folder / "none", store.folder / "prompts").get("plain-text-test")
    assert pack is not None
    Walk.start(pack, store).stop("grief, old and")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        packs = app.screen.query_one("#packs")
        assert str(packs.get_option_at_index(0).prompt).startswith("Go on: Plain text test")
        packs.highlighted = 0
        packs.action_select()
        await pilot.pause()
        answer = app.screen.query_one("#text-answer", Input)
        assert answer.value == "grief, old and" and app.focused is answer
        await pilot.press("space", "t", "i", "r", "e", "d")
        assert answer.value == "grief, old and tired"
        await pilot.press("ctrl+n")
        await pilot.pause()
    (record,) = records(store)
    assert record["answers"][0]["answer"] == "grief, old and tired"


async def test_a_closed_terminal_keeps_the_typed_answer(store, make_app, monkeypatch) -> None:
    """SIGHUP (the terminal window closed): the walk keeps its typed words as a draft,
    as quitting does, then an earlier handler (`ifs demo`'s clean-up) still runs."""
    import os
    import signal

    class Gone(Exception):
        pass

    def exits(code: int) -> None:
        raise Gone(code)

    called: list[int] = []
    before = signal.signal(signal.SIGHUP, lambda signum, frame: called.append(signum))
    monkeypatch.setattr(os, "_exit", exits)
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            walk = await begin(pilot, "meet-a-protector", part="inner-critic")
            walk.query_one("#text-answer", TextArea).text = "a knot behind the ribs"
            await pilot.pause()
            handler = signal.getsignal(signal.SIGHUP)
            assert handler == app.hung_up
            with pytest.raises(Gone, match="129"):
                app.hung_up(signal.SIGHUP, None)
        assert called == [signal.SIGHUP]
        assert signal.getsignal(signal.SIGHUP) != app.hung_up  # put back as it was
    finally:
        signal.signal(signal.SIGHUP, before)
    (record,) = records(store)
    assert record["draft"]["text"] == "a knot behind the ribs"
