"""Pilot: support contacts at hand (F2 from everywhere, the palette, the pause, packs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input, OptionList, Static, TextArea

from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.help import HelpScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.screens.support import ContactFormScreen, SupportScreen
from ifs_tui.app.screens.walk import CareNoteScreen, PackPickerScreen, PauseScreen, WalkScreen
from ifs_tui.core import support
from ifs_tui.core.support import Contact

from .conftest import ready, text_of
from .test_app_reflect import pick_pack

PACKS = Path(__file__).parents[1] / "packs"
DISTINCT = "Zephyrine Quillfeather"


def shown(app) -> str:  # type: ignore[no-untyped-def]
    """Every Static on the active screen, as plain text."""
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def test_f2_from_the_main_screen_adds_a_contact(store, make_app, hermetic) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert "No one is listed yet" in shown(app) and support.GENERAL in shown(app)
        assert "press F2" not in shown(app)  # already here
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ContactFormScreen)
        await pilot.press("f2")  # already open underneath: not a second one
        await pilot.pause()
        assert isinstance(app.screen, ContactFormScreen)
        app.screen.query_one("#contact-name", Input).value = "[b]Dr Lee[/b]"
        app.screen.query_one("#contact-reach", Input).value = "555 0100"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert support.load().contacts == [Contact("[b]Dr Lee[/b]", "", "555 0100")]
        listing = app.screen.query_one("#contacts", OptionList)
        assert "[b]Dr Lee[/b]: 555 0100" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_edit_and_remove_ask_first(store, make_app, hermetic) -> None:
    support.add("Ana", reach="555")
    support.add("Ben")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("e")  # the first is highlighted
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        form.query_one("#contact-note", Input).value = "mornings"
        await pilot.press("escape")  # changed: asks before dropping the words
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert support.load().contacts[0] == Contact("Ana", "", "555", "mornings")
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep
        await pilot.pause()
        assert len(support.load().contacts) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [c.name for c in support.load().contacts] == ["Ana"]


async def test_f2_while_typing_in_a_walk_and_a_form(store, make_app, hermetic) -> None:
    support.add(DISTINCT)
    shutil.copytree(PACKS, store.folder / "prompts")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "plain-text-test")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        await pilot.press("h", "i")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert DISTINCT in str(app.screen.query_one("#contacts", OptionList)
                               .get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is walk
        assert walk.query_one("#text-answer", Input).value == "hi"  # nothing typed into it
        walk.query_one("#text-answer", Input).value = "I am overwhelmed"
        await pilot.press("enter")
        await pilot.pause()
        area = walk.query_one("#text-answer", TextArea)
        assert area.has_focus
        await pilot.press("o", "k", "f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert area.text == "ok"
        await pilot.press("escape")  # stop the walk
        await pilot.pause()
        await pilot.press("a")  # a dialog with an input: the app's other keys are hidden
        await pilot.pause()
        assert isinstance(app.screen, PartFormScreen)
        await pilot.press("x", "f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)


async def test_the_palette_opens_support(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"support")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)


async def test_a_broken_file_is_shown_and_left_alone(store, make_app, hermetic) -> None:
    path = hermetic / "support.toml"
    path.write_text("schema = 1\n[[contacts]]\nname = \n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert "support.toml:3" in shown(app) and support.GENERAL in shown(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)  # no adding over a broken file
    assert path.read_text() == "schema = 1\n[[contacts]]\nname = \n"


async def test_help_shows_the_key_and_the_contacts(store, make_app) -> None:
    support.add(DISTINCT, "therapist")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a")  # in a dialog too, where F2 is not among the dialog's keys
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = "\n".join(str(r.render()) for r in app.screen.query(".help-row"))
        assert "f2  Support: people you can reach" in rows
        words = str(app.screen.query_one("#help-support", Static).render())
        assert f"{DISTINCT} (therapist)" in words and support.GENERAL in words


async def _walk_held(app, pilot) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Walk the test pack with support = true: (the care note's words, the closing words)."""
    await ready(pilot)
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, PackPickerScreen)
    pick_pack(app, "held-test")
    await pilot.pause()
    assert isinstance(app.screen, CareNoteScreen)
    start = shown(app)
    await pilot.press("y")
    await pilot.pause()
    walk = app.screen
    assert isinstance(walk, WalkScreen)
    assert DISTINCT not in shown(app)  # not at every step
    await pilot.press("ctrl+n", "ctrl+n")
    await pilot.pause()
    assert walk.walk.done
    return start, str(walk.query_one("#hint").render())


async def test_a_support_pack_without_contacts(store, make_app) -> None:
    shutil.copytree(PACKS, store.folder / "prompts")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        start, end = await _walk_held(app, pilot)
    for words in (start, end):
        assert support.GENERAL in words and "press F2" in words
    assert "Go gently." in start


async def test_a_support_pack_with_contacts(store, make_app) -> None:
    shutil.copytree(PACKS, store.folder / "prompts")
    support.add(DISTINCT, "clinical team", "555 0100")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        start, end = await _walk_held(app, pilot)
    line = f"{DISTINCT} (clinical team): 555 0100"
    assert line in start and line in end and "Go gently." in start


async def test_the_pause_and_a_grounding_step_show_support(store, make_app) -> None:
    shutil.copytree(PACKS, store.folder / "prompts")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "plain-test")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)  # no care note, no support: straight in
        assert support.GENERAL in text_of(walk.query_one("#grounding-support"))
        support.add(DISTINCT)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        assert DISTINCT in str(app.screen.query_one("#pause-support", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        # Added while the step was covered (as from F2): shown when it comes back.
        assert DISTINCT in text_of(walk.query_one("#grounding-support"))
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert DISTINCT not in shown(app)  # a text step, in a pack without support


async def test_many_contacts_at_80x24_keep_the_buttons_in_sight(store, make_app) -> None:
    shutil.copytree(PACKS, store.folder / "prompts")
    for n in range(8):
        support.add(f"Person {n}", "trusted-person", f"555 010{n}, evenings and weekends",
                    "A longer note about when and how to reach this person, " * 2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "held-test")
        await pilot.pause()
        for button in app.screen.query("Button"):
            assert button.region.height == 3 and button.region.bottom <= 23, button
        crisis = app.screen.query_one(".footnote", Static)  # in sight, not in what scrolls
        assert support.GENERAL in str(crisis.render()) and crisis.region.bottom <= 23
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        button = app.screen.query_one("#carry-on")
        assert button.region.height == 3 and button.region.bottom <= 23
        crisis = app.screen.query_one("#pause-crisis", Static)
        assert support.GENERAL in str(crisis.render()) and crisis.region.bottom <= 23


async def test_hostile_contacts_are_shown_as_written(store, make_app, hermetic) -> None:
    import json

    from ..hostile import TEXTS

    lines = ["schema = 1"]
    for text in TEXTS[:-1]:  # the 10,000 characters one is left to the CLI test
        lines += ["[[contacts]]", f"name = {json.dumps(text)}", f"note = {json.dumps(text)}"]
    (hermetic / "support.toml").write_text("\n".join(lines) + "\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        listing = app.screen.query_one("#contacts", OptionList)
        prompts = "\n".join(str(listing.get_option_at_index(i).prompt)
                            for i in range(listing.option_count))
        assert "[bold red]Loud[/bold red]" in prompts and "<U+001B>" in prompts
        await pilot.press("escape", "f1")
        await pilot.pause()
        words = str(app.screen.query_one("#help-support", Static).render())
        assert "[@click=app.quit]Quit me[/]" in words and "\x1b" not in words
    assert app.return_code in (0, None) and not app.crashed


async def test_the_crisis_line_is_above_the_list_and_a_long_note_scrolls(store, make_app,
                                                                          hermetic) -> None:
    for n in range(6):
        support.add(f"Contact {n}", "other", "a number\nand hours\nand more")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        words = app.screen.query_one("#support-words")
        listing = app.screen.query_one("#contacts")
        assert words.region.y < listing.region.y  # in sight before the list
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(ConfirmScreen("A note", "\n".join(f"line {i}" for i in range(60)),
                                      danger=False))
        await pilot.pause()
        scroll = app.screen.query_one(".dialog-scroll")
        assert scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
