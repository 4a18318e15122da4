"""Pilot tests (issue 14): the maps (f4), opening another map safely, at 80x24."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList, Static

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.broken import BrokenMapScreen
from ifs_tui.app.screens.loading import LoadingScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.map_dialogs import MapNameScreen, MomentDraftScreen
from ifs_tui.app.screens.maps import MapsScreen
from ifs_tui.app.screens.moment_add import MomentAddScreen
from ifs_tui.app.widgets.parts_tree import PartsTree
from ifs_tui.core import maps, moments, services
from ifs_tui.core.config import Config
from ifs_tui.core.maps import MapsPlace
from ifs_tui.core.services import PartChanges
from ifs_tui.core.storage import MapStore

from .conftest import build_map, ready, text_of
from .test_app_walk_keeps import begin, records

SIZE = (80, 24)
REFLECTION = '''\
schema = 1
pack = "after-a-hard-moment"
pack_title = "After a hard moment"
status = "finished"
started = 2026-03-02T17:40:00+01:00
updated = 2026-03-02T17:52:00+01:00
finished = 2026-03-02T17:52:00+01:00
part = "the-lookout"

[[answers]]
step = "what-happened"
kind = "text"
ask = "In a sentence or two, what happened?"
answer = "The bus was late and I kept checking the road."
'''


def make_second(home: Path) -> MapStore:
    """A second map beside the default: two parts, a reflection and a moment."""
    store = MapStore(home / "maps" / "second")
    pmap = store.create("Second map")
    services.add_part(pmap, "The Lookout", PartChanges(role="manager"))
    services.add_part(pmap, "Quiet Kid", PartChanges(role="exile"))
    store.save(pmap)
    (store.folder / "reflections").mkdir(exist_ok=True)
    (store.folder / "reflections" / "20260302-174000-after-a-hard-moment.toml").write_text(
        REFLECTION)
    moments.add(store, "I waited instead of rushing.",
                datetime(2026, 3, 3, 9, 0, tzinfo=UTC), "the-lookout")
    return store


@pytest.fixture
def two(store: MapStore, hermetic: Path) -> tuple[MapStore, MapStore]:
    return store, make_second(hermetic)


def app_on(folder: Path) -> IfsApp:
    return IfsApp(folder, config=Config(theme="ifs-calm", welcome_seen=True))


async def picker(pilot, palette: bool = False) -> MapsScreen:  # type: ignore[no-untyped-def]
    if palette:  # the palette opens the maps as well as f4
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open another map")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
    else:
        await pilot.press("f4")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the list is read off the UI thread
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MapsScreen)
    return screen


async def open_named(pilot, name: str, palette: bool = False) -> None:  # type: ignore[no-untyped-def]
    screen = await picker(pilot, palette)
    options = screen.query_one(OptionList)
    options.highlighted = [i.name for i in screen.infos].index(name)
    await pilot.press("enter")
    await ready(pilot)


def rows(screen: MapsScreen) -> dict[str, str]:
    options = screen.query_one(OptionList)
    return {info.name: str(options.get_option_at_index(i).prompt)
            for i, info in enumerate(screen.infos)}


def tree_names(app: IfsApp) -> list[str]:
    tree = app.screen.query_one(PartsTree)
    return [str(leaf.label) for group in tree.root.children for leaf in group.children]


# --- the list ------------------------------------------------------------------------

async def test_the_list_shows_every_map_with_its_counts(two, hermetic) -> None:
    first, _second = two
    (hermetic / "maps" / "broken").mkdir()
    (hermetic / "maps" / "broken" / "map.toml").write_text("schema = 1\ntitle = [\n")
    (hermetic / "maps" / ".half-made.copying").mkdir()  # a crash's leftover: not a map
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await picker(pilot)
        shown = rows(screen)
        assert list(shown) == ["broken", "default", "second"]
        assert shown["default"].startswith("▸*")  # open now, and the default
        assert "Test map" in shown["default"] and " 3 " in shown["default"]
        second = " ".join(shown["second"].split())
        assert "second Second map 2 1 " in second  # 2 parts, 1 reflection
        assert shown["broken"].split("\n")[0].split()[:2] == ["broken", "–"]
        assert "map.toml will not load: TOML syntax" in shown["broken"]
        # Every column fits at 80: no row folds onto a second line (a problem says it
        # under its row, on purpose).
        assert all("\n" not in shown[n] for n in ("default", "second"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_long_title_gives_way_first(two, hermetic) -> None:
    first, _ = two
    maps.create_map(MapsPlace(hermetic), "long", "A very long title " * 8)
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = rows(await picker(pilot))
        assert "…" in shown["long"] and "0" in shown["long"].split("…")[1]
        assert len(shown["long"]) <= 76


# --- opening another map ---------------------------------------------------------------

async def test_another_map_opens_with_its_own_parts_journal_and_moments(two) -> None:
    first, second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "map: default" in text_of(app.screen.query_one("#title-bar", Static))
        await open_named(pilot, "second")
        assert isinstance(app.screen, MainScreen)
        assert app.store.folder == second.folder
        assert tree_names(app) == ["The Lookout", "Quiet Kid"]
        assert [h.part for h in app.headers] == ["the-lookout"]
        assert [m.text for m in app.moments] == ["I waited instead of rushing."]
        bar = text_of(app.screen.query_one("#title-bar", Static))
        assert "Second map" in bar and "map: second" in bar
        assert "map: second" in app.sub_title


async def test_a_walk_keeps_its_typed_words_in_the_first_map(two) -> None:
    first, second = two
    shutil.copytree(Path(__file__).parents[1] / "packs", first.folder / "prompts")
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        walk = await begin(pilot, "plain-text-test")
        await pilot.press("ctrl+o")  # in a walk ctrl+o is its own: Not now
        await pilot.pause()
        assert app.screen is walk and walk.walk.step.id == "more"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert walk.walk.step.id == "what"
        await pilot.press("f4")  # the maps, from the walk too
        await pilot.pause()
        assert isinstance(app.screen, MapsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is walk and walk.walk.step.id == "what"
        walk.query_one("#text-answer", Input).value = "a knot in my sto"
        await open_named(pilot, "second", palette=True)
        assert app.store.folder == second.folder and isinstance(app.screen, MainScreen)
    (record,) = records(first)
    assert record["draft"] == {"step": "what", "text": "a knot in my sto"}
    assert [r.get("pack") for r in records(second)] == ["after-a-hard-moment"]
    for path in second.folder.rglob("*.toml"):
        assert "a knot in my sto" not in path.read_text()


async def draft_then_switch(pilot, answer: str) -> None:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("f3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MomentAddScreen)
    pilot.app.screen.query_one("#moment-text").text = "I paused before saying sorry"
    await pilot.press("escape")  # kept in memory for the next f3
    await pilot.pause()
    screen = await picker(pilot)
    screen.query_one(OptionList).highlighted = [i.name for i in screen.infos].index("second")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MomentDraftScreen)
    await pilot.press(answer)
    await ready(pilot)


def moment_texts(store: MapStore) -> list[str]:
    return [m.text for m in moments.list_all(store)[0]]


async def test_a_waiting_moment_is_kept_in_the_first_map(two) -> None:
    first, second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await draft_then_switch(pilot, "k")
        assert app.store.folder == second.folder and isinstance(app.screen, MainScreen)
        assert app.moment_draft is None
    assert moment_texts(first) == ["I paused before saying sorry"]
    assert moment_texts(second) == ["I waited instead of rushing."]


async def test_a_waiting_moment_can_be_let_go(two) -> None:
    first, second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await draft_then_switch(pilot, "g")
        assert app.store.folder == second.folder and app.moment_draft is None
        await pilot.press("f3")  # the second map's f3 starts empty
        await pilot.pause()
        assert app.screen.query_one("#moment-text").text == ""
    assert moment_texts(first) == []
    assert moment_texts(second) == ["I waited instead of rushing."]


async def test_staying_keeps_the_map_and_the_waiting_moment(two) -> None:
    first, _second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await draft_then_switch(pilot, "escape")
        assert app.store.folder == first.folder
        assert app.moment_draft is not None
        assert app.moment_draft.text == "I paused before saying sorry"
    assert moment_texts(first) == []


async def test_undo_does_nothing_to_the_next_map(two) -> None:
    first, second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.select("little-one")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(app.undo_stack) == 1
        await open_named(pilot, "second")
        assert app.undo_stack == [] and app.pmap is not None
        before = second.path.read_bytes()
        await pilot.press("u")
        await pilot.pause()
        assert second.path.read_bytes() == before
        assert [p.id for p in app.pmap.parts] == ["the-lookout", "quiet-kid"]
        assert not any("Press u" in n.message for n in app._notifications)  # toasts went
        assert first.load().part("little-one") is None  # deleted there, as it was
        # Back on the first map, its deletion can still be undone, as the dialog said:
        # "until you close the app".
        await open_named(pilot, "default")
        await pilot.press("u")
        await pilot.pause()
        assert app.pmap.part("little-one") is not None
    assert first.load().part("little-one") is not None


async def test_quitting_asks_about_a_waiting_moment(two) -> None:
    first, _second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#moment-text").text = "Noticed the urge and waited"
        await pilot.press("escape")  # "kept for the next f3": in memory only
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, MomentDraftScreen) and app.is_running
        assert "closes" in " ".join(text_of(w) for w in app.screen.query(Static))
        await pilot.press("f3")  # no second moment over the question about the first
        await pilot.pause()
        assert isinstance(app.screen, MomentDraftScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("k")  # keep it here, then go
        await pilot.pause()
    assert not app.is_running
    assert moment_texts(first) == ["Noticed the urge and waited"]


# --- new, copy, rename ---------------------------------------------------------------

async def name_dialog(pilot, key: str, name: str) -> MapNameScreen:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, MapNameScreen)
    dialog.query_one("#map-name", Input).value = name
    await pilot.pause()
    return dialog


def error_of(dialog: MapNameScreen) -> str:
    return text_of(dialog.query_one("#map-name-error", Static))


async def test_new_copy_and_rename_say_what_is_wrong_with_a_name(two, hermetic) -> None:
    first, second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await picker(pilot)
        dialog = await name_dialog(pilot, "n", "my map/..")
        assert "A-Z, digits" in error_of(dialog)  # said as it is typed
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        dialog.query_one("#map-name", Input).value = "second"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "exists already" in error_of(dialog)
        dialog.query_one("#map-name", Input).value = "shared"
        dialog.query_one("#map-title", Input).value = "With my therapist"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and "shared" in rows(screen)
        assert MapStore(hermetic / "maps" / "shared").load().title == "With my therapist"

        screen.query_one(OptionList).highlighted = [i.name for i in screen.infos].index(
            "second")
        dialog = await name_dialog(pilot, "c", "default")
        await pilot.press("enter")
        await pilot.pause()
        assert "exists already" in error_of(dialog)
        dialog.query_one("#map-name", Input).value = "template"
        dialog.query_one("#map-only", Checkbox).value = True
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        template = hermetic / "maps" / "template"
        assert MapStore(template).load().title == "Second map"
        assert list((template / "reflections").iterdir()) == []  # no journal in a template

        screen.query_one(OptionList).highlighted = [i.name for i in screen.infos].index(
            "second")
        dialog = await name_dialog(pilot, "r", "-bad")
        assert "A-Z, digits" in error_of(dialog)
        dialog.query_one("#map-name", Input).value = "template"
        await pilot.press("enter")
        await pilot.pause()
        assert "exists already" in error_of(dialog) and second.folder.is_dir()
        dialog.query_one("#map-name", Input).value = "calm"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not second.folder.exists() and (hermetic / "maps" / "calm").is_dir()
        assert app.store.folder == first.folder  # another map's rename leaves this one open


async def test_renaming_the_open_map_reopens_it_with_the_walk_kept(two, hermetic) -> None:
    first, _ = two
    shutil.copytree(Path(__file__).parents[1] / "packs", first.folder / "prompts")
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        walk = await begin(pilot, "plain-text-test")
        walk.query_one("#text-answer", Input).value = "half a sentence"
        await picker(pilot, palette=True)  # the open map is highlighted
        await name_dialog(pilot, "r", "mine")
        await pilot.press("enter")
        await ready(pilot)
        moved = hermetic / "maps" / "mine"
        assert app.store.folder == moved and isinstance(app.screen, MainScreen)
        assert "map: mine" in text_of(app.screen.query_one("#title-bar", Static))
        assert maps.default_name(MapsPlace(hermetic)) == "mine"  # the default followed
    assert not first.folder.exists()
    (record,) = records(MapStore(moved))
    assert record["draft"] == {"step": "what", "text": "half a sentence"}


# --- a broken map, a slow one --------------------------------------------------------

async def test_a_broken_map_opens_its_screen_and_ctrl_o_leaves_it(two, hermetic) -> None:
    first, second = two
    broken = hermetic / "maps" / "broken"
    broken.mkdir()
    (broken / "map.toml").write_text("schema = 1\ntitle = [\n")
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_named(pilot, "broken")
        assert isinstance(app.screen, BrokenMapScreen) and app.pmap is None
        assert (broken / "map.toml").read_text() == "schema = 1\ntitle = [\n"
        await open_named(pilot, "second")  # f4 works from the broken-map screen
        assert isinstance(app.screen, MainScreen) and app.store.folder == second.folder


async def test_ctrl_o_from_the_no_map_screen(hermetic) -> None:
    other = build_map(hermetic / "maps" / "other")
    app = app_on(hermetic / "maps" / "default")  # nothing there yet
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_named(pilot, "other")
        assert isinstance(app.screen, MainScreen) and app.store.folder == other.folder
    assert not (hermetic / "maps" / "default").exists()  # nothing made by looking


async def test_a_slow_load_never_lands_on_the_map_opened_after_it(
        two, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two
    release = {first.folder: threading.Event(), second.folder: threading.Event()}
    real_load = MapStore.load

    def load(store: MapStore, freeze: bool = True) -> object:
        release[store.folder].wait(10)  # a very large map, still being read
        return real_load(store, freeze)

    monkeypatch.setattr(MapStore, "load", load)
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = None
        await pilot.press("f4")  # from the loading screen
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, MapsScreen) and app.screen.infos:
                screen = app.screen
                break
        assert screen is not None
        screen.query_one(OptionList).highlighted = [i.name for i in screen.infos].index(
            "second")
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, LoadingScreen):
                break
        assert app.store.folder == second.folder
        release[first.folder].set()  # the first map's load ends now, after the switch
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, LoadingScreen) and app.pmap is None  # not landed
        release[second.folder].set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert app.pmap is not None and app.pmap.title == "Second map"
        assert tree_names(app) == ["The Lookout", "Quiet Kid"]
        assert [h.part for h in app.headers] == ["the-lookout"]


async def test_a_load_under_the_picker_shows_once_it_closes(two) -> None:
    first, _ = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")  # before the map has loaded
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MapsScreen)  # not pushed aside by the load
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.pmap is not None


# --- keys and the palette ------------------------------------------------------------

async def test_every_picker_key_has_an_id_and_help_lists_them(two) -> None:
    first, _ = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert any(b.id == "maps.pick" and b.tooltip for _k, b in app._bindings)
        for binding in MapsScreen.BINDINGS:
            assert binding.id and binding.id.startswith("maps.")  # type: ignore[union-attr]
            assert binding.description and binding.tooltip  # type: ignore[union-attr]
        await picker(pilot)
        await pilot.press("f1")
        await pilot.pause()
        words = str(app.screen.query_one("#help").render()) + " ".join(
            str(s.render()) for s in app.screen.query(".help-row"))
        for tip in ("Open the chosen map", "Make a new, empty map", "Copy the chosen map",
                    "Rename the chosen map"):
            assert tip in words
        titles = [t for t, _h, _c in app.palette_commands()]
        assert "Map: open another map" in titles and "Map: new" in titles


async def test_the_main_help_names_ctrl_o(two) -> None:
    first, _ = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        words = " ".join(str(s.render()) for s in app.screen.query(".help-row"))
        assert "f4" in words and "Open another map" in words


def test_a_demo_lists_only_its_own_folder(tmp_path: Path) -> None:
    demo = tmp_path / "demo-temp" / "maps" / "demo"
    assert IfsApp(demo, demo=True).place == MapsPlace(tmp_path / "demo-temp")
    older = tmp_path / "older-temp" / "demo"
    assert IfsApp(older, demo=True).place == MapsPlace(tmp_path / "older-temp")


async def test_titles_that_look_like_markup_or_escapes_are_shown_as_text(store, hermetic) -> None:
    import tomli_w

    from tests.hostile import TERMINAL_HAZARDS, TEXTS

    for n, text in enumerate(TEXTS):
        folder = hermetic / "maps" / f"odd-{n:02}"
        folder.mkdir(parents=True)
        (folder / "map.toml").write_text(tomli_w.dumps({"schema": 1, "title": text}))
    app = app_on(store.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = rows(await picker(pilot))
        assert len(shown) == len(TEXTS) + 1
        for prompt in shown.values():
            assert not any(c in prompt for c in TERMINAL_HAZARDS)
            assert "\n" not in prompt or "    " in prompt.split("\n", 1)[1]  # a problem note
        assert "[@click=app.quit]Quit me[/]"[:10] in shown["odd-03"]
        await open_named(pilot, "odd-03")
        assert isinstance(app.screen, MainScreen) and app.return_code is None
        bar = text_of(app.screen.query_one("#title-bar", Static))
        assert "[@click=app.quit]Quit me[/]" in bar and "map: odd-03" in bar
        await open_named(pilot, "odd-24")  # a title holding a screen-clearing escape
        assert not any(c in app.sub_title for c in TERMINAL_HAZARDS)


async def test_a_move_and_enter_typed_at_once_open_the_map_moved_to(two) -> None:
    """Keys typed quickly arrive together (a terminal, a paste, tmux): Enter must open the
    row the cursor moved to, never the one it left (a priority Enter once overtook Down)."""
    from textual import events

    first, _second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await picker(pilot)
        assert [i.name for i in screen.infos] == ["default", "second"]
        # Both keys queued before either is handled, as the terminal delivers them.
        for key in ("down", "enter"):
            app.post_message(events.Key(key, None if key != "enter" else "\r"))
        await pilot.pause()
        await ready(pilot)
        assert app.store.folder.name == "second"


async def test_the_open_map_is_marked_and_the_mark_follows_the_app(two) -> None:
    import os

    from ifs_tui.core import map_open

    first, second = two
    mark = f".cache/open-{os.getpid()}"
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert (first.folder / mark).is_file()
        await open_named(pilot, "second")
        assert not (first.folder / mark).exists() and (second.folder / mark).is_file()
        assert map_open.open_elsewhere(second.folder) is None  # its own mark: no refusal
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not (second.folder / mark).exists()  # gone with the app


async def test_keys_typed_right_after_f4_are_not_lost(two, monkeypatch) -> None:
    """The names show at once; titles and counts may take a while on large maps. Down
    and Enter typed before they come still open the map moved to."""
    first, second = two
    release = threading.Event()
    real = maps.list_maps

    def slow(place):  # type: ignore[no-untyped-def]
        release.wait(10)  # large maps being read
        return real(place)

    monkeypatch.setattr(maps, "list_maps", slow)
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f4", "down", "enter")
        await pilot.pause()
        release.set()
        await ready(pilot)
        assert app.store.folder == second.folder


async def test_the_mark_goes_however_the_app_ends(two) -> None:
    import os

    first, _second = two
    app = app_on(first.folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert (first.folder / f".cache/open-{os.getpid()}").is_file()
    # Ended without ctrl+q (as a benchmark or a crash ends it): no mark left behind.
    assert not (first.folder / f".cache/open-{os.getpid()}").exists()
