"""Pilot tests: walk-throughs, the journal, search, help, themes, first run."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from textual.widgets import Input, OptionList, Select, TextArea

from ifs_tui.app.screens.help import HelpScreen
from ifs_tui.app.screens.journal import JournalScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.search import SearchScreen
from ifs_tui.app.screens.walk import CareNoteScreen, PackPickerScreen, PauseScreen, WalkScreen
from ifs_tui.app.screens.walk_parts import NearPartsScreen
from ifs_tui.app.screens.welcome import WelcomeScreen
from ifs_tui.app.widgets.scale import ScaleInput
from ifs_tui.core.config import load_config

from .conftest import ready, settled, text_of

PACKS = Path(__file__).parents[1] / "packs"


def pick_pack(app, pack_id: str) -> None:  # type: ignore[no-untyped-def]
    packs = app.screen.query_one("#packs", OptionList)
    index = next(i for i in range(packs.option_count)
                 if packs.get_option_at_index(i).id == f"pack:{pack_id}")
    packs.highlighted = index
    packs.action_select()


def only_record(store) -> dict:  # type: ignore[no-untyped-def]
    (path,) = (store.folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


async def test_walk_a_pack_to_its_end(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PackPickerScreen)
        pick_pack(app, "unblending-check-in")
        await pilot.pause()
        assert isinstance(app.screen, CareNoteScreen)
        await pilot.press("enter")  # Begin
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert walk.walk.step.kind == "grounding"
        await pilot.press("ctrl+n")  # go on from the grounding step
        await pilot.pause()
        assert "Step 2 of 8" in str(walk.query_one("#walk-progress").render())
        walk.query_one("#text-answer", Input).value = "I am overwhelmed"
        await pilot.press("enter")
        await pilot.pause()
        walk.query_one("#text-answer", TextArea).text = "there is a bit more space"
        await pilot.press("ctrl+n")
        await pilot.pause()
        walk.query_one("#new-part", Input).value = "The Flood"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NearPartsScreen)  # a new part only when chosen
        from .test_app_80 import footer_keys

        assert ("f1", "Help") in footer_keys(app) and ("esc", "Choose again") in footer_keys(app)
        assert not any(desc == "Next" for _, desc in footer_keys(app))  # not the walk's keys
        await pilot.press("enter")  # "Create a new part named The Flood"
        await pilot.pause()
        assert "The Flood" in str(walk.query_one("#question").render())
        walk.query_one("#text-answer", Input).value = "panic"
        await pilot.press("enter")
        await pilot.pause()
        walk.query_one(ScaleInput).focus()
        await pilot.press("right", "right", "enter")  # from the middle: 5, 6, then choose
        await pilot.pause()
        await pilot.press("ctrl+o")  # not now for "needs"
        await pilot.pause()
        await pilot.press("ctrl+n")  # the closing note
        await pilot.pause()
        assert "Finished" in str(walk.query_one("#walk-progress").render())
        assert "Added to The Flood: emotions" in str(walk.query_one("#hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        record = only_record(store)
        assert record["status"] == "finished"
        answers = {a["step"]: a for a in record["answers"]}
        assert answers["room"]["answer"] == 6 and answers["needs"]["skipped"] is True
        assert answers["which-part"]["new_part"] is True
        assert record["path"][0] == "arrive" and "arrive" not in answers  # nothing to answer
        # The answer reached the part, and the app shows it.
        flood = app.pmap.part("the-flood")
        assert flood is not None and flood.emotions == ["panic"]


async def test_stop_and_resume_from_the_journal(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#with-part", Select).value = "inner-critic"
        pick_pack(app, "meet-a-protector")
        await pilot.pause()
        assert isinstance(app.screen, CareNoteScreen)
        await pilot.press("enter")  # Begin
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert "Inner Critic" in str(walk.query_one("#question").render())
        walk.query_one("#text-answer", TextArea).text = "in my shoulders"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+g")  # a pause, from any step
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # stop
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        record = only_record(store)
        assert record["status"] == "stopped" and record["at"] == "flesh-out"
        assert app.pmap.part("inner-critic").body == "tight jaw"  # "where" is not body
        await pilot.press("j")
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert journal.query_one("#journal-table").row_count == 1
        reading = text_of(journal.query_one("#reading"))
        assert "in my shoulders" in reading
        await pilot.press("g")  # go on with it
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert "Step 3 of 11" in str(walk.query_one("#walk-progress").render())
        await pilot.press("ctrl+b")  # back to the answered step: its answer is shown
        await pilot.pause()
        assert walk.query_one("#text-answer", TextArea).text == "in my shoulders"
        await pilot.press("ctrl+n")  # unchanged: kept, not added twice
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.pmap.part("inner-critic").body == "tight jaw"  # "where" is not body


async def test_journal_filter(store, make_app) -> None:
    from ifs_tui.core.packs import load_packs
    from ifs_tui.core.walk import Walk

    shutil.copytree(PACKS, store.folder / "prompts")
    pack = load_packs(store.folder / "none", store.folder / "prompts").get("plain-text-test")
    assert pack is not None
    for words in ("I am tired", "I am furious"):
        Walk.start(pack, store).answer(words)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        table = app.screen.query_one("#journal-table")
        assert table.row_count == 2
        await pilot.press("slash")
        await pilot.press(*"furious")
        await settled(pilot)  # the filter runs off the UI thread
        assert table.row_count == 1
        assert "furious" in text_of(app.screen.query_one("#reading"))
        await pilot.press("escape")  # clears the filter first
        await settled(pilot)
        assert table.row_count == 2
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_search_parts_and_reflections(store, make_app) -> None:
    from ifs_tui.core.packs import load_packs
    from ifs_tui.core.walk import Walk

    shutil.copytree(PACKS, store.folder / "prompts")
    pack = load_packs(store.folder / "none", store.folder / "prompts").get("plain-text-test")
    assert pack is not None
    w = Walk.start(pack, store)
    w.answer("I am laughed at again")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"laughed")
        await settled(pilot)  # the search runs off the UI thread
        results = app.screen.query_one("#results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert ids[0] == "part:inner-critic" and ids[1].startswith("reflection:")
        await pilot.press("enter")  # to the results
        await pilot.press("enter")  # open the part
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.pause()
        assert app.screen.current_part().id == "inner-critic"


async def test_help_lists_the_keys_of_the_current_screen(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [str(r.render()) for r in app.screen.query(".help-row")]
        text = "\n".join(rows)
        for what in ("Add a part", "Edit the chosen part", "Delete the chosen part",
                     "Link the chosen part", "Start a guided reflection", "Past reflections",
                     "Search parts", "Put back the part deleted last", "Command palette"):
            assert what in text, what
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_every_binding_has_an_id_and_a_description() -> None:
    from ifs_tui.app import app as app_module
    from ifs_tui.app.screens import (
        broken,
        dialogs,
        help,
        hide,
        journal,
        links,
        main,
        part_form,
        search,
        support,
        walk,
        welcome,
    )
    from ifs_tui.app.widgets import scale

    classes = [app_module.IfsApp, scale.ScaleInput]
    for module in (broken, dialogs, help, hide, journal, links, main, part_form, search,
                   support, walk, welcome):
        classes += [c for c in vars(module).values() if isinstance(c, type)
                    and c.__module__ == module.__name__ and hasattr(c, "BINDINGS")]
    seen: dict[str, object] = {}
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id and binding.description, (cls.__name__, binding)
            # One binding shared by several dialogs (f1) is one id; two bindings never.
            assert seen.setdefault(binding.id, binding) is binding, binding.id
    assert len(seen) > 30


async def test_theme_switch_persists(store, make_app, hermetic) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.theme == "ifs-calm"
        app.theme = "ifs-calm-light"
        await pilot.pause()
    assert load_config().theme == "ifs-calm-light"
    again = type(app)(store.folder)  # reads the saved settings
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert again.theme == "ifs-calm-light"


async def test_palette_offers_the_main_actions(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        names = [name for name, _, _ in app.palette_commands()]
        for name in ("Part: add", "Part: link", "Reflect: start a pack", "Journal: open",
                     "Theme: switch"):
            assert name in names
        command = dict((n, c) for n, _, c in app.palette_commands())["Journal: open"]
        command()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles  # it would write private text to disk


async def test_first_run_welcome_is_shown_once(store, make_app) -> None:
    app = make_app(welcome_seen=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "not therapy" in text and "emergency services" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert load_config().welcome_seen is True
    again = type(app)(store.folder)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(again.screen, MainScreen)


async def test_no_color_is_respected(store, make_app, monkeypatch) -> None:
    app = make_app()  # the hermetic fixture sets NO_COLOR
    assert app.no_color
    monkeypatch.delenv("NO_COLOR")
    assert not make_app().no_color


async def test_a_part_chosen_first_is_offered_at_a_later_part_step(store, make_app) -> None:
    shutil.copytree(PACKS, store.folder / "prompts")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#with-part", Select).value = "inner-critic"
        packs = app.screen.query_one("#packs", OptionList)
        packs.highlighted = next(i for i in range(packs.option_count)
                                 if packs.get_option_at_index(i).id == "pack:plain-text-test")
        await pilot.pause()
        label = str(app.screen.query_one("#with-label").render())
        assert "offered first" in label and not label.startswith("With")
        pick_pack(app, "plain-text-test")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        walk.query_one("#text-answer", Input).value = "stuck"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Step 3 of 4" in str(walk.query_one("#walk-progress").render())  # shown
        listing = walk.query_one("#part-choice", OptionList)
        assert listing.get_option_at_index(listing.highlighted).id == "inner-critic"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Inner Critic" in str(walk.query_one("#question").render())
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "Step 3 of 4" in str(walk.query_one("#walk-progress").render())


async def test_back_reaches_a_part_step_answered_before_the_walk(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#with-part", Select).value = "inner-critic"
        pick_pack(app, "meet-a-protector")
        await pilot.pause()
        await pilot.press("enter")  # Begin, after the care note
        await pilot.pause()
        walk = app.screen
        assert "Step 2 of 11" in str(walk.query_one("#walk-progress").render())
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "Step 1 of 11" in str(walk.query_one("#walk-progress").render())
        listing = walk.query_one("#part-choice", OptionList)
        assert listing.get_option_at_index(listing.highlighted).id == "inner-critic"
        await pilot.press("ctrl+n")  # confirms it
        await pilot.pause()
        assert "Step 2 of 11" in str(walk.query_one("#walk-progress").render())
