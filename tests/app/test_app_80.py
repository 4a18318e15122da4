"""The app at 80x24: what the footer, dialogs, help and forms show a newcomer."""

from __future__ import annotations

import shutil
import tomllib

import pytest
from textual.widgets import Checkbox, Input, Select, TextArea
from textual.widgets._footer import FooterKey

from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.export import ExportScreen
from ifs_tui.app.screens.help import HelpScreen
from ifs_tui.app.screens.links import LinkScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.screens.self_form import SelfFormScreen
from ifs_tui.app.screens.walk import WalkScreen
from ifs_tui.app.screens.welcome import WelcomeScreen
from ifs_tui.app.widgets.part_details import PartDetails
from ifs_tui.core.storage import MapStore
from tests.hostile import NAMES

from .conftest import ready, text_of
from .test_app_reflect import PACKS, pick_pack


def on_disk(store: MapStore) -> dict:
    return tomllib.loads((store.folder / "map.toml").read_text())


def footer_keys(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(key, what) of each key the footer shows and that is fully on screen."""
    width = app.size.width
    return [(k.key_display, k.description) for k in app.screen.query(FooterKey)
            if k.region.width and k.region.right <= width]


async def test_footer_at_80_columns_shows_help_first_and_quit(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        keys = footer_keys(app)
        assert keys[0] == ("f1", "Help")
        assert ("ctrl+q", "Quit") in keys
        for shown in (("a", "Add"), ("w", "Reflect"), ("m", "Map")):
            assert shown in keys
        # Nothing drawn past the right edge: every shown key is whole.
        assert len(keys) == len(app.screen.query(FooterKey))


async def test_dialogs_show_their_own_keys(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PartFormScreen)
        keys = footer_keys(app)
        assert ("ctrl+s", "Save") in keys and keys[0] == ("f1", "Help")
        assert ("a", "Add") not in keys  # the main screen's keys are not offered here
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # f1 works inside a dialog too
        shown = "\n".join(str(r.render()) for r in app.screen.query(".help-row"))
        assert "Save" in shown and "?" not in shown  # "?" would type into the form
        assert ("ctrl+q", "Quit") not in footer_keys(app)  # it would lose the typing
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert ("y", "Delete") in footer_keys(app)


async def test_help_says_our_keys_first_and_moves_textual_internals_down(store,
                                                                         make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        ours, more = help_screen.sections()
        ours_text = "\n".join(f"{k} {w}" for k, w in ours)
        more_text = "\n".join(f"{k} {w}" for k, w in more)
        assert "Add a part" in ours_text and "ctrl+q" in ours_text
        for internal in ("Focus Next", "Cursor", "Copy"):
            assert internal.lower() not in ours_text.lower(), internal
        assert "cursor" in more_text.lower()
        assert "More" in str(help_screen.query_one(".help-more").render())
        # One notation: "ctrl+…", never "^…".
        assert "^" not in ours_text + more_text
        assert all("^" not in k for k, _ in footer_keys(app))


async def test_ctrl_q_quits_from_help(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_palette_has_one_theme_and_one_help(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        titles += [name for name, _, _ in app.palette_commands()]
        assert sum(t.lower().startswith("theme") for t in titles) == 1
        assert sum(t.lower().startswith(("help", "keys")) for t in titles) == 1
        assert "Quit" in titles


@pytest.mark.parametrize("theme", ["ifs-calm", "textual-light"])
async def test_redact_reads_on_or_off_at_a_glance(store, make_app, theme: str) -> None:
    app = make_app(theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        box = app.screen.query_one("#redact", Checkbox)
        off = text_of(box)
        assert "[ ]" not in off  # drawn as ▐ ▌, with the word
        assert "Redact: off" in off and "including private text" in off
        assert "▐ ▌" in off
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True
        on = text_of(box)
        assert "Redact: on" in on and "no names or free text" in on and "▐x▌" in on
        assert on != off


async def test_link_note_enter_adds_the_link(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinkScreen)
        links.query_one("#other", Select).value = "inner-critic"
        links.query_one("#note", Input).focus()
        await pilot.press("h", "i", "enter")
        await pilot.pause()
        assert on_disk(store)["relationships"][-1] == {
            "from": "numbing", "to": "inner-critic", "kind": "protects", "note": "hi"}


async def test_walk_steps_say_their_keys(store, make_app) -> None:
    shutil.copytree(PACKS, store.folder / "prompts")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "plain-text-test")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        walk.query_one("#text-answer", Input).value = "a lot"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(walk.query_one("#text-answer"), TextArea)
        hint = str(walk.query_one("#keys-hint").render())
        assert "Enter adds a new line" in hint and "ctrl+n" in hint
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "self-energy-check-in")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        for _ in range(4):
            if walk.query("#scale"):
                break
            await pilot.press("ctrl+n")
            await pilot.pause()
        hint = str(walk.query_one("#keys-hint").render())
        assert "←" in hint and "typing" in hint


async def test_role_words_are_the_same_in_form_details_and_tree(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-name", Input).value = "Maybe"
        role = form.query_one("#f-role", Select)
        assert role.value == "unknown"
        shown = str(role.query_one("SelectCurrent #label").render())
        assert "Not sure yet" in shown and "unknown" not in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        details = text_of(app.screen.query_one(PartDetails))
        assert "Not sure yet" in details and "unknown" not in details


async def test_undo_clears_the_undo_toast(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any("undo" in n.message for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert not any("undo" in m for m in messages), messages
        assert any("is back" in m for m in messages)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_welcome_fits_and_begin_is_visible(store, make_app, size) -> None:
    app = make_app(welcome_seen=False)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        scroll = screen.query_one("#welcome-text")
        begin = screen.query_one("#begin")
        footer_top = size[1] - 1
        assert begin.region.height and begin.region.bottom <= footer_top
        assert scroll.max_scroll_y == 0  # the last paragraph is not hidden


async def test_self_notes_and_title_edited_in_the_app(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.query_one("PartsTree").move_cursor(app.screen.query_one("PartsTree").root)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SelfFormScreen)
        form.query_one("#title", Input).value = "Evenings"
        form.query_one("#notes", TextArea).text = "shows up on long walks\nand by the sea"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        data = on_disk(store)
        assert data["title"] == "Evenings"
        assert data["self"]["notes"] == "shows up on long walks\nand by the sea"
        assert "Evenings" in str(app.screen.query_one("#title-bar").render())
        assert len(store.history()) >= 1
        await pilot.press("t")  # the same form from anywhere on the main screen
        await pilot.pause()
        assert isinstance(app.screen, SelfFormScreen)
        app.screen.query_one("#title", Input).value = "two\nlines"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SelfFormScreen)  # refused, said beside the field
        assert on_disk(store)["title"] == "Evenings"


@pytest.mark.parametrize("name", NAMES[:6])
async def test_hostile_title_is_shown_as_text(store, make_app, name: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#title", Input).value = name
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and not app.crashed


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_help_keeps_its_closing_hint_in_sight(store, make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        hint = app.screen.query_one("#help .hint")
        assert hint.region.height == 1 and hint.region.bottom <= size[1] - 1


async def test_self_form_keeps_hidden_characters_it_only_showed(store, make_app) -> None:
    pmap = store.load()
    pmap.self_notes.notes = "calm \u202eright to left\u202c here"
    store.save(pmap)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert "<U+202E>" in app.screen.query_one("#notes", TextArea).text
        app.screen.query_one("#title", Input).value = "Only the title"
        await pilot.press("ctrl+s")
        await pilot.pause()
    data = on_disk(store)
    assert data["title"] == "Only the title"
    assert data["self"]["notes"] == "calm \u202eright to left\u202c here"


async def test_notifications_do_not_pile_up(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "e", "e", "e")  # on a role: "Choose a part ..." thrice
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["Choose a part in the tree first."]
        for i in range(6):
            app.notify(f"note {i}")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["note 3", "note 4", "note 5"]


async def test_palette_opens_the_title_and_self_form(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        commands = {name: run for name, _, run in app.palette_commands()}
        commands["Map: title and Self's notes"]()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SelfFormScreen)


async def test_escape_with_a_typed_link_note_asks_first(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinkScreen)
        links.query_one("#note", Input).focus()
        await pilot.press("h", "i", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # the note is not dropped unasked
        await pilot.press("escape")  # no: back to the dialog, the note still there
        await pilot.pause()
        assert app.screen is links and links.query_one("#note", Input).value == "hi"
        await pilot.press("escape", "y")  # yes: leave without it
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_pause_shows_its_keys_and_parts_show_role_words(store, make_app) -> None:
    from ifs_tui.app.screens.walk import PauseScreen
    from ifs_tui.core.model import Part

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.change(lambda pmap: pmap.parts.append(Part(id="unsure", name="Unsure one")))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "meet-a-protector")
        await pilot.pause()
        if not isinstance(app.screen, WalkScreen):
            await pilot.press("enter")  # Begin, after the care note
            await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        shown = text_of(walk.query_one("#part-choice"))
        assert "Unsure one  (Not sure yet)" in shown and "(unknown)" not in shown
        app.push_screen(PauseScreen("Breathe."))
        await pilot.pause()
        assert ("f1", "Help") in footer_keys(app)


@pytest.mark.parametrize("typed", [False, True])
async def test_ctrl_q_in_the_part_form_quits_and_asks_first_with_typed_words(
        store, make_app, typed: bool) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartFormScreen)
        if typed:
            form.query_one("#f-name", Input).value = "Half a name"
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen) and app.is_running
            await pilot.press("escape")  # go back: the words are still there
            await pilot.pause()
            assert app.screen is form and form.query_one("#f-name", Input).value == "Half a name"
            await pilot.press("ctrl+q", "y")
        else:
            await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running
