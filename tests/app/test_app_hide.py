"""F5 hides the screen at once (issue 15), from every screen, and Enter brings it back
exactly as it was. Nothing of the person's shows while hidden: no text, no title, no
toast; the app's keys do nothing; a dialog asked for meanwhile waits."""

from __future__ import annotations

import re
import shutil
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea
from textual.widgets._toast import Toast

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.hide import ASK, COME_BACK, PAUSED, WRONG, HideScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.core.config import Config
from ifs_tui.core.idle import IdleWatch
from ifs_tui.core.storage import MapStore

from .conftest import build_map, ready
from .test_app_walk_keeps import begin, records

SIZE = (80, 24)
# Words of the person's in the test map (tests/app/conftest.py): none may show hidden.
PRIVATE = ("Test map", "Inner Critic", "Little One", "Numbing", "checks everything",
           "map: default")


def shown(app: IfsApp) -> str:
    """Everything drawn on the terminal now, as plain text: the top screen's lines, and
    (from the SVG Textual would export) every word of every layer under it."""
    lines = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    svg = app.export_screenshot()
    words = re.sub(r"<[^>]+>", "", svg).replace("&#160;", " ")
    return lines + "\n" + words


def assert_nothing_private(app: IfsApp, *more: str) -> None:
    assert isinstance(app.screen, HideScreen)
    text = shown(app)
    assert PAUSED in text and (COME_BACK in text or ASK in text)
    for words in PRIVATE + more:
        assert words not in text, words
    assert app.sub_title == ""  # whatever might show it as a title has nothing to show
    assert "Test map" not in app.title


async def hide(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HideScreen)


async def come_back(pilot, key: str = "enter") -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await pilot.pause()
    assert not isinstance(pilot.app.screen, HideScreen)


async def test_f5_hides_the_main_screen_and_enter_brings_it_back(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("down", "down")  # Managers, then Inner Critic: its details show
        main = app.screen
        assert isinstance(main, MainScreen)
        assert "checks everything twice" in shown(app)
        focused, part = main.focused, main.current_part()
        assert part is not None and part.name == "Inner Critic"
        sub_title = app.sub_title
        assert "Test map" in sub_title
        await hide(pilot)
        assert_nothing_private(app)
        main.refresh_map()  # as a reload under it would: the title waits for the return
        assert_nothing_private(app)
        await come_back(pilot)
        assert app.screen is main and main.focused is focused
        assert main.current_part() == part
        assert app.sub_title == sub_title
        assert "checks everything twice" in shown(app)
        await hide(pilot)
        await come_back(pilot, "space")  # space comes back too
        assert app.screen is main


async def test_a_walk_keeps_its_half_typed_answer(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        walk = await begin(pilot, "meet-a-protector", part="inner-critic")
        box = walk.query_one("#text-answer", TextArea)
        box.focus()
        box.text = "somewhere in my sho"
        box.move_cursor((0, 9))
        await pilot.pause()
        await hide(pilot)
        assert_nothing_private(app, "somewhere in my sho", "protector")
        await pilot.press("x", "y", "ctrl+n", "escape", "backspace")  # nothing reaches it
        await pilot.pause()
        assert isinstance(app.screen, HideScreen)
        await come_back(pilot)
        assert app.screen is walk and walk.focused is box
        assert box.text == "somewhere in my sho" and box.cursor_location == (0, 9)
        # Kept as a draft when hidden, as when help covers it: the terminal may be closed
        # before the return. Nothing was answered for the person.
        (kept,) = records(store)
        assert kept["draft"]["text"] == "somewhere in my sho"
        assert [a.get("preset") for a in kept["answers"]] == [True]  # the part, chosen
        await pilot.press("ctrl+n")  # and the walk goes on as before
        await pilot.pause()
    (record,) = records(store)
    assert record["answers"][-1]["answer"] == "somewhere in my sho"


async def test_a_dialog_with_typed_text_comes_back_as_it_was(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        name = dialog.query_one("#f-name", Input)
        assert dialog.focused is name
        await pilot.press(*"Quiet Watcher")
        await hide(pilot)  # f5 over a dialog, while typing in it
        assert_nothing_private(app, "Quiet Watcher", "Add a part")
        await come_back(pilot)
        assert app.screen is dialog and dialog.focused is name
        assert name.value == "Quiet Watcher"
    assert "Quiet Watcher" not in MapStore(store.folder).path.read_text()


async def test_the_journal_hides_and_comes_back(store, make_app) -> None:
    from ifs_tui.app.screens.journal import JournalScreen
    from ifs_tui.core.packs import load_packs
    from ifs_tui.core.walk import Walk

    shutil.copytree(Path(__file__).parents[1] / "packs", store.folder / "prompts")
    pack = load_packs(store.folder / "none", store.folder / "prompts").get("plain-text-test")
    assert pack is not None
    Walk.start(pack, store).answer("a tightness behind the eyes")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert "a tightness behind the eyes" in shown(app)
        focused = journal.focused
        await hide(pilot)
        assert_nothing_private(app, "a tightness behind the eyes")
        await come_back(pilot)
        assert app.screen is journal and journal.focused is focused


@pytest.mark.parametrize("keys", [
    ("m",),  # the drawn map view
    ("k",),  # journeys
    ("g",),  # trends
    ("o",),  # moments
    ("h",),  # the map's history
    ("f1",),  # help
    ("f4",),  # the map picker: it lists the map's title
    ("f2",),  # support
    ("f3",),  # jotting a moment
    ("ctrl+p",),  # the command palette
    ("down", "down", "d"),  # a question: delete Inner Critic?
])
async def test_every_screen_hides(store, make_app, keys: tuple[str, ...]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        under, stack = app.screen, app.screen_stack
        assert not isinstance(under, MainScreen)
        await hide(pilot)
        assert_nothing_private(app)
        await come_back(pilot)
        assert app.screen is under and app.screen_stack == stack


async def test_the_broken_map_and_no_map_screens_hide(map_folder: Path, make_app) -> None:
    from ifs_tui.app.screens.broken import BrokenMapScreen, NoMapScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, NoMapScreen)
        await hide(pilot)
        assert_nothing_private(app, str(map_folder))
        await come_back(pilot)
        assert isinstance(app.screen, NoMapScreen)
    MapStore(map_folder).create()
    (map_folder / "map.toml").write_text(
        'schema = 1\ntitle = "Test map"\n[[parts]]\nid = "a"\nname = "Inner Critic"\n'
        'role = "protecter"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, BrokenMapScreen)
        await hide(pilot)
        assert_nothing_private(app, "protecter")
        await come_back(pilot)
        assert isinstance(app.screen, BrokenMapScreen)


async def test_hiding_while_the_map_is_still_loading(store, make_app) -> None:
    from ifs_tui.app.screens.loading import LoadingScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_map(store.folder)  # read it again: the loading screen is up a moment
        assert isinstance(app.screen, LoadingScreen)
        app.action_hide_screen()  # at once, before the load ends
        await app.workers.wait_for_complete()  # the map lands under the hidden screen
        await pilot.pause()
        assert_nothing_private(app)
        assert isinstance(app.screen_stack[-2], LoadingScreen)
        await come_back(pilot)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_no_toast_shows_while_hidden_nor_after(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn
        await ready(pilot)
        app.notify("Inner Critic saved.")
        await pilot.pause()
        assert app.screen.query(Toast) and "Inner Critic saved." in shown(app)
        await hide(pilot)
        assert not app._notifications and not app.screen.query(Toast)
        app.notify("Little One saved.", severity="error")  # from a task ending meanwhile
        await pilot.pause()
        await pilot.pause()
        assert not app._notifications and not app.screen.query(Toast)
        assert_nothing_private(app, "saved")
        await come_back(pilot)
        await pilot.pause()
        assert not app._notifications  # not kept for later either
        assert not app.screen.query(Toast) and "saved" not in shown(app)
        app.notify("Numbing saved.")  # once back, toasts show again
        await pilot.pause()
        assert app._notifications and "Numbing saved." in shown(app)


async def test_the_app_keys_do_nothing_while_hidden(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        stack = app.screen_stack
        await hide(pilot)
        for key in ("f1", "question_mark", "f2", "f3", "f4", "f5", "ctrl+p", "ctrl+q",
                    "ctrl+c", "tab", "a", "escape"):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, HideScreen), key
            assert app.screen_stack == [*stack, app.screen], key
        await come_back(pilot)
        assert app.screen_stack == stack


async def test_a_dialog_asked_for_while_hidden_waits_for_the_return(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        main = app.screen
        await hide(pilot)
        answers: list[bool | None] = []
        # As a restore or a conflict asks, once its task ends: not over the hidden screen.
        app.push_screen(ConfirmScreen("Bring back Inner Critic?", "Inner Critic"),
                        answers.append)
        await pilot.pause()
        assert_nothing_private(app)
        await come_back(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen_stack[-2] is main
        await pilot.press("y")
        await pilot.pause()
        assert answers == [True] and app.screen is main
        # A screen switched to or closed meanwhile (a map done loading, a dialog
        # closing itself) waits as well: the neutral screen stays on top until then.
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        await hide(pilot)
        app.pop_screen()
        await pilot.pause()
        assert_nothing_private(app)
        assert app.screen_stack[-2] is help_screen
        await come_back(pilot)
        await pilot.pause()
        assert app.screen is main
        await hide(pilot)
        app.switch_screen(ConfirmScreen("Little One?", "Little One"))
        await pilot.pause()
        assert_nothing_private(app, "Little One?")
        assert app.screen_stack[-2] is main
        await come_back(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_help_and_the_palette_offer_it(store, make_app) -> None:
    from ifs_tui.app.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        commands = {name: run for name, _, run in app.palette_commands()}
        for where in ("main", "dialog"):
            if where == "dialog":
                await pilot.press("a")
                await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert ("f5", "Hide the screen at once") in app.screen.rows(), where
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        commands["Screen: hide"]()
        await pilot.pause()
        assert_nothing_private(app)


# --- hiding by itself after idle minutes ------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_screen_hides_after_the_idle_minutes(store, map_folder: Path) -> None:
    app = IfsApp(map_folder, config=Config(welcome_seen=True, hide_after_minutes=10))
    clock = Clock()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.hider.idle = IdleWatch(app.config.hide_after_minutes, clock)
        clock.now += 9 * 60
        app.hider.check_idle()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("down")  # someone is there: the ten minutes start again
        clock.now += 9 * 60
        app.hider.check_idle()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.click("#parts")  # a mouse press counts too
        clock.now += 9 * 60
        app.hider.check_idle()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        clock.now += 60
        app.hider.check_idle()
        await pilot.pause()
        assert_nothing_private(app)
        clock.now += 60 * 60
        app.hider.check_idle()  # already hidden: nothing more
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, HideScreen)]) == 1
        await come_back(pilot)
        app.hider.check_idle()  # coming back counts as being there
        assert isinstance(app.screen, MainScreen)


async def test_without_the_setting_the_screen_never_hides_by_itself(store, make_app) -> None:
    app = make_app()
    clock = Clock()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.config.hide_after_minutes is None
        app.hider.idle = IdleWatch(None, clock)
        clock.now += 1e9
        app.hider.check_idle()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_bad_hide_after_minutes_is_named_once(store, map_folder: Path,
                                                      hermetic: Path) -> None:
    from ifs_tui.core.config import config_file, load_config

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('welcome_seen = true\nhide_after_minutes = "ten"\n')
    config = load_config()
    assert config.hide_after_minutes is None
    app = IfsApp(map_folder, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        said = [n.message for n in app._notifications if "hide_after_minutes" in n.message]
        assert len(said) == 1 and str(path) in said[0]
        assert isinstance(app.screen, MainScreen)
    assert tomllib.loads(path.read_text())["hide_after_minutes"] == "ten"


# --- an encrypted map: its passphrase brings the screen back ---------------------------

SECRET = "a passphrase"


@pytest.fixture
def sealed_folder(map_folder: Path) -> Iterator[Path]:
    from ifs_tui.core import sealed, sealing

    build_map(map_folder)
    sealing.seal_map(map_folder, SECRET, cost=sealed.TEST_COST)
    sealed.forget()
    yield map_folder
    sealed.forget()


async def submit(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*words, "enter")
    await pilot.app.workers.wait_for_complete()  # the check runs off the UI thread
    await pilot.pause()
    await pilot.pause()


async def test_an_encrypted_map_asks_its_passphrase_to_come_back(
        sealed_folder: Path, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFS_TUI_PASSPHRASE", SECRET)  # opened without its own screen
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("down", "down")
        focused, part = main.focused, main.current_part()
        await hide(pilot)
        await pilot.press("enter")
        await pilot.pause()
        hidden = app.screen
        assert isinstance(hidden, HideScreen)
        field = hidden.query_one("#hide-passphrase", Input)
        assert field.display and hidden.focused is field and field.password
        assert ASK in shown(app)
        await submit(pilot, "not it")
        assert app.screen is hidden and WRONG in shown(app)
        assert field.value == ""
        assert_nothing_private(app)
        await pilot.press("escape")  # not now: back to the plain paused screen
        await pilot.pause()
        assert not field.display and COME_BACK in shown(app) and WRONG not in shown(app)
        await pilot.press("space")
        await pilot.pause()
        assert hidden.focused is field
        await submit(pilot, SECRET)
        assert app.screen is main and main.focused is focused
        assert main.current_part() == part


async def test_hidden_while_the_passphrase_screen_opens_the_map(
        sealed_folder: Path, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    from ifs_tui.app.screens.unlock import UnlockScreen
    from ifs_tui.core import sealed

    tried = threading.Event()
    unlock_now = sealed.unlock

    def slow_unlock(folder: Path, passphrase: str) -> None:
        tried.wait(10)  # as scrypt takes its moment: f5 comes first
        unlock_now(folder, passphrase)

    monkeypatch.setattr(sealed, "unlock", slow_unlock)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        unlock = app.screen
        assert isinstance(unlock, UnlockScreen)  # nothing of the map is read yet
        await pilot.press(*SECRET, "enter")
        await hide(pilot)  # while the passphrase is being tried
        tried.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert_nothing_private(app)
        # The passphrase opened the map meanwhile: coming back asks for it now.
        await pilot.press("enter")
        await submit(pilot, SECRET)
        assert not isinstance(app.screen, HideScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # the map opened meanwhile shows now


async def test_hidden_over_the_passphrase_screen_enter_alone_comes_back(
        sealed_folder: Path, make_app) -> None:
    from ifs_tui.app.screens.unlock import UnlockScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        unlock = app.screen
        assert isinstance(unlock, UnlockScreen)
        await pilot.press(*"half typ")
        await hide(pilot)
        assert_nothing_private(app, "half typ")
        await come_back(pilot)  # nothing of the map was open: no passphrase asked here
        assert app.screen is unlock
        assert unlock.query_one("#passphrase", Input).value == "half typ"


def test_the_hidden_screen_snapshot(snap_compare, map_folder: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_snapshots import MAP

    monkeypatch.delenv("NO_COLOR")  # the real, calm colours
    map_folder.mkdir(parents=True)
    (map_folder / "map.toml").write_text(MAP)
    app = IfsApp(map_folder, config=Config(theme="ifs-calm", welcome_seen=True))

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("down", "down", "f5")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


async def test_the_hide_key_can_be_remapped(store, map_folder: Path) -> None:
    # As docs/data.md shows: [keymap] "screen.hide" = "f9".
    app = IfsApp(map_folder, config=Config(welcome_seen=True, keymap={"screen.hide": "f9"}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert_nothing_private(app)
