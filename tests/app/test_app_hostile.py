"""The hostile corpus through every screen: names and texts are shown as written.

Markup-looking names (`[/]`, `[@click=app.quit]`, ...) must never be read as markup:
not in the tree, the details, dialogs, notifications, option lists, the journal,
search, the walk-through or the export screen. The app must not crash or quit.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea
from textual.widgets._toast import Toast

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.dialogs import ConfirmScreen, RenameScreen
from ifs_tui.app.screens.export import ExportScreen
from ifs_tui.app.screens.help import HelpScreen
from ifs_tui.app.screens.journal import JournalScreen
from ifs_tui.app.screens.links import LinkScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.map_view import MapViewScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.screens.search import SearchScreen
from ifs_tui.app.screens.walk import PackPickerScreen, WalkScreen
from ifs_tui.app.text import visible
from ifs_tui.app.widgets.map_canvas import BOX_H, BOX_W, MapCanvas, name_lines
from ifs_tui.app.widgets.part_details import PartDetails
from ifs_tui.app.widgets.parts_tree import PartsTree
from ifs_tui.core import paths, reflections, services
from ifs_tui.core.config import Config
from ifs_tui.core.model import ROLES, StatusChange
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.services import PartChanges
from ifs_tui.core.storage import MapStore

from ..hostile import ESC, NAMES, TERMINAL_HAZARDS, TEXTS
from .conftest import ready, settled, text_of

# The slow flows (several key presses each) run with a few representative names.
FEW = ["[/]", "a [/b] b", "[draft] Critic", "[@click=app.quit]Quit me[/]"]
QUIT = "[@click=app.quit]Quit me[/]"
MAP_TITLE = f"[b]My[/b] map [/] {ESC}]0;title{ESC}\\"
PACK_TITLE = "[/] a [i]pack[/i]"


def squash(text: str) -> str:
    """Text without its whitespace: wrapping and padding move spaces, never letters."""
    return "".join(text.split())


def shows(text: str, rendered: str) -> bool:
    return squash(text) in squash(rendered)


def hostile_map(folder: Path) -> MapStore:
    store = MapStore(folder)
    pmap = store.create(MAP_TITLE)
    for i, name in enumerate(NAMES):
        services.add_part(pmap, name, PartChanges(
            role=ROLES[i % len(ROLES)], text={"job": NAMES[(i + 1) % len(NAMES)]},
            add={"fears": [NAMES[(i + 2) % len(NAMES)]]}))
    by_name = {p.name: p for p in pmap.parts}
    services.link(pmap, by_name["[/]"], by_name["a [/b] b"], "protects", note="[/] note")
    services.link(pmap, by_name["[draft] Critic"], by_name[QUIT], "polarized",
                  from_fears="[/] fears", to_fears="[@click=app.quit]fears[/]")
    # Texts only a file can hold (the app refuses to store control characters).
    for part, text in zip(pmap.parts, TEXTS[len(NAMES):], strict=False):
        part.notes = text
    for i, part in enumerate(pmap.parts):  # the newer fields, a file's texts too
        part.intent = NAMES[(i + 3) % len(NAMES)]
        part.feel_toward = TEXTS[i % 21]  # the short ones: a whole screen stays readable
        part.feel_toward_noted = datetime(2026, 1, 2, tzinfo=UTC)
        part.burdens = [NAMES[(i + 4) % len(NAMES)]]
        part.status_history = [StatusChange("befriended", datetime(2026, 1, 2, tzinfo=UTC),
                                            TEXTS[i % len(TEXTS)])]
        part.status = "befriended"
    store.save(pmap)
    now = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    answers = [Answer(step=f"s{i}", kind="text", ask=NAMES[i % len(NAMES)], value=text)
               for i, text in enumerate(TEXTS)]
    reflections.save(store, Reflection(
        id="20260102-030400-unblending-check-in", pack="unblending-check-in",
        pack_title=PACK_TITLE, started=now, updated=now, status="stopped",
        part=by_name["[/]"].id, at="s0", answers=answers))
    return store


@pytest.fixture
def hostile(map_folder: Path) -> MapStore:
    return hostile_map(map_folder)


def make(folder: Path, **config: object) -> IfsApp:
    return IfsApp(folder, config=Config(welcome_seen=True, **config))  # type: ignore[arg-type]


def still_running(app: IfsApp) -> None:
    assert app.is_running and app.return_code is None, "the app crashed or quit"
    assert app._exception is None, app._exception


def all_text(node) -> str:  # type: ignore[no-untyped-def]
    """What a widget and everything inside it shows."""
    return "\n".join(text_of(w) for w in (node, *node.query("*")))


def options(listing: OptionList) -> str:
    """Every option as the list draws it, scrolled into view or not."""
    return "\n".join(str(listing._get_visual(listing.get_option_at_index(i)))
                     for i in range(listing.option_count))


def toasts(app: IfsApp) -> str:
    """The notifications shown, without their border."""
    return "\n".join(text_of(t) for t in app.screen.query(Toast)).replace("▌", "")


def on_disk_names(store: MapStore) -> list[str]:
    return [p["name"] for p in tomllib.loads(store.path.read_text())["parts"]]


async def show(pilot, part_id: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(PartsTree).select_part(part_id)
    await pilot.pause()
    await pilot.pause()


async def test_every_name_shows_as_written_in_tree_details_and_drawn_map(hostile) -> None:
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert app.pmap is not None
        title = text_of(app.screen.query_one("#title-bar"))
        assert shows("[b]My[/b] map [/] <U+001B>]0;title<U+001B>\\", title), title
        for part in app.pmap.parts:
            await show(pilot, part.id)
            tree = app.screen.query_one(PartsTree)
            assert tree.cursor_node is not None and tree.cursor_node.data == part.id
            assert tree.cursor_node.label.plain == visible(part.name)
            details = text_of(app.screen.query_one(PartDetails))
            assert shows(visible(part.name), details), part.name
            assert shows(visible(part.job), details), part.job
            assert shows(visible(part.notes), details), part.notes[:40]
            burdens = "\n".join(f"• {item}" for item in part.burdens)  # as lists are shown
            for text in (part.intent, part.feel_toward, burdens, "befriended since"):
                assert shows(visible(text), details), text
            assert not any(ch in details for ch in TERMINAL_HAZARDS)
        still_running(app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MapViewScreen)
        drawn = app.screen.query_one(MapCanvas).render().plain
        for part in app.pmap.parts:  # in a box, on up to two lines
            for line in name_lines(visible(part.name), BOX_W - 4, BOX_H - 2):
                assert shows("".join(line).rstrip("…"), drawn), part.name
        still_running(app)


async def test_delete_and_undo_of_markup_names_keep_the_app_and_the_part(hostile) -> None:
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert app.pmap is not None
        for name in FEW:
            part = next(p for p in app.pmap.parts if p.name == name)
            await show(pilot, part.id)
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert shows(f"Delete {name} and its 1 link?", all_text(app.screen))
            await pilot.press("y")
            await pilot.pause()
            still_running(app)
            assert name not in on_disk_names(hostile)
            assert shows(f"Deleted {name}. Press u to undo.", toasts(app))
            await pilot.press("u")
            await pilot.pause()
            still_running(app)
            assert name in on_disk_names(hostile)
            assert shows(f"{name} is back.", toasts(app))
            tree = app.screen.query_one(PartsTree)
            assert tree.cursor_node is not None and tree.cursor_node.label.plain == name


async def test_a_name_with_a_click_action_is_not_live(hostile) -> None:
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert app.pmap is not None
        part = next(p for p in app.pmap.parts if p.name == QUIT)
        await show(pilot, part.id)
        await pilot.press("d", "y")
        await pilot.pause()
        # (beside it, maybe, the note that a reflection begun here is waiting)
        (toast,) = [t for t in app.screen.query(Toast) if "Deleted" in text_of(t)]
        assert text_of(toast).splitlines()[1].startswith(f"▌ Deleted {QUIT}")
        await pilot.click(toast, offset=(12, 1))  # on the name
        await pilot.pause()
        still_running(app)
        await pilot.press("u")
        await pilot.pause()
        tree = app.screen.query_one(PartsTree)
        assert tree.cursor_node is not None and tree.cursor_node.label.plain == QUIT
        await pilot.click(tree, offset=(10, tree.cursor_line - tree.scroll_offset.y))
        await pilot.pause()
        still_running(app)
        assert QUIT in on_disk_names(hostile)


async def test_form_rename_and_links_show_names_as_written(hostile) -> None:
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert app.pmap is not None
        ids = {p.name: p.id for p in app.pmap.parts}
        for name in FEW:
            await show(pilot, ids[name])
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, PartFormScreen)
            assert shows(f"Edit {name}", all_text(app.screen))
            assert app.screen.query_one("#f-name", Input).value == name
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, LinkScreen)
            assert shows(f"Links of {name}", all_text(app.screen))
            assert shows(name, options(app.screen.query_one("#current", OptionList)))
            if name in ("[draft] Critic", QUIT):  # the polarized pair: each side's fear
                shown = options(app.screen.query_one("#current", OptionList))
                assert shows("[/] fears", shown) and shows("[@click=app.quit]fears[/]", shown)
            other = app.screen.query_one("#other", Select)
            other.value = ids[QUIT] if name != QUIT else ids["[/]"]
            await pilot.pause()
            chosen = QUIT if name != QUIT else "[/]"
            assert shows(chosen, all_text(other))
            listing = options(app.screen.query_one("#other OptionList", OptionList))
            for other_name in FEW:
                assert other_name == name or shows(other_name, listing), other_name
            await pilot.press("escape")
            await pilot.pause()
            still_running(app)
            assert isinstance(app.screen, MainScreen)
        # Rename to another markup-looking name, and to a name already taken.
        await show(pilot, ids["[/]"])
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        box = app.screen.query_one("#name", Input)
        assert box.value == "[/]"
        box.value = "a [/b] b"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        assert shows("a part with that name already exists",
                     all_text(app.screen))
        box.value = "[/][b] renamed [/b]"
        await pilot.press("enter")
        await pilot.pause()
        still_running(app)
        tree = app.screen.query_one(PartsTree)
        assert tree.cursor_node is not None
        assert tree.cursor_node.label.plain == "[/][b] renamed [/b]"
        assert "[/][b] renamed [/b]" in on_disk_names(hostile)


async def test_journal_search_and_help_show_text_as_written(hostile) -> None:
    # Keys from a keymap file are shown as written too.
    app = make(hostile.folder, keymap={"map.reload": "[/]", "part.add": f"{ESC}]0;x{ESC}\\,a"})
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        footer = all_text(app.screen.query_one("Footer"))
        assert not any(ch in footer for ch in TERMINAL_HAZARDS)
        # Keys no keyboard can press are left out, and named as written.
        said = " ".join(str(n.message) for n in app._notifications)
        assert "'map.reload' = '[/]' is not a key" in said
        assert "<U+001B>]0;x<U+001B>" in said and ESC not in said
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        row = [str(getattr(c, "plain", c)) for c in table.get_row_at(0)]
        assert row[1] == PACK_TITLE and row[2] == "[/]"
        assert shows(PACK_TITLE, text_of(table)) and shows("[/]", text_of(table))
        reading = text_of(app.screen.query_one("#reading"))
        for text in TEXTS:
            assert shows(visible(text), reading), text[:40]
        assert not any(ch in reading for ch in TERMINAL_HAZARDS)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        for needle in FEW:
            app.screen.query_one("#query", Input).value = needle
            await settled(pilot)  # the search runs off the UI thread
            results = app.screen.query_one("#results", OptionList)
            assert results.option_count >= 1
            assert shows(needle, options(results)), needle
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = "\n".join(text_of(r) for r in app.screen.query(".help-row"))
        assert not any(ch in rows for ch in TERMINAL_HAZARDS)
        assert "[/]" not in rows and "a  Add a part" in rows
        await pilot.press("escape")
        await pilot.pause()
        still_running(app)


async def test_walk_through_with_a_hostile_part_and_pack(hostile) -> None:
    pack_dir = hostile.folder / paths.PROMPTS_DIR
    pack_dir.mkdir()
    (pack_dir / "odd.toml").write_text(
        'schema = 1\nid = "odd"\ntitle = "[/] odd [b]pack[/b]"\nsummary = "[draft] sum"\n'
        'phase = "anytime"\nminutes = 2\n'
        '[[steps]]\nid = "which"\nkind = "part"\nask = "Which part, [i]really[/i]?"\n'
        '[[steps]]\nid = "one"\nkind = "choice"\nask = "About {part}: pick one"\n'
        'options = ["[/]", "[draft] Critic"]\n'
        '[[steps]]\nid = "many"\nkind = "choice"\nask = "Pick any"\nmultiple = true\n'
        'options = ["a [/b] b", "[@click=app.quit]Quit me[/]"]\n', encoding="utf-8")
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert app.pmap is not None
        ids = {p.name: p.id for p in app.pmap.parts}
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PackPickerScreen)
        packs = options(app.screen.query_one("#packs", OptionList))
        assert shows("[/] odd [b]pack[/b]", packs) and shows("[draft] sum", packs)
        assert shows("Go on: " + PACK_TITLE, packs)
        with_part = app.screen.query_one("#with-part", Select)
        with_part.value = ids["[/]"]
        await pilot.pause()
        assert shows("[/]", all_text(with_part))
        with_part.value = Select.NULL if with_part._allow_blank else "__ask__"
        listing = app.screen.query_one("#packs", OptionList)
        listing.highlighted = next(i for i in range(listing.option_count)
                                   if listing.get_option_at_index(i).id == "pack:odd")
        listing.action_select()
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert shows("[/] odd [b]pack[/b]", text_of(walk.query_one("#walk-title")))
        assert shows("Which part, [i]really[/i]?", text_of(walk.query_one("#question")))
        parts = walk.query_one("#part-choice", OptionList)
        shown = options(parts)
        for name in FEW:
            assert shows(name, shown), name
        parts.highlighted = next(i for i in range(parts.option_count)
                                 if parts.get_option_at_index(i).id == ids[QUIT])
        parts.touched = True  # as when the person moves to it (a first row is not a choice)
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert shows(f"About {QUIT}: pick one", text_of(walk.query_one("#question")))
        choice = all_text(walk.query_one("#choice"))
        assert shows("[/]", choice) and shows("[draft] Critic", choice)
        walk.query_one("#choice").focus()
        await pilot.press("down", "enter")  # the second option: "[draft] Critic"
        await pilot.press("ctrl+n")
        await pilot.pause()
        many = options(walk.query_one("#choice", OptionList))
        assert shows("a [/b] b", many) and shows(QUIT, many)
        walk.query_one("#choice").focus()
        await pilot.press("space", "down", "space", "ctrl+n")
        await pilot.pause()
        still_running(app)
        assert "Finished" in text_of(walk.query_one("#walk-progress"))
        (path,) = [p for p in (hostile.folder / "reflections").glob("*-odd.toml")]
        record = tomllib.loads(path.read_text())
        answers = {a["step"]: a.get("answer") for a in record["answers"]}
        assert answers == {"which": ids[QUIT], "one": ["[draft] Critic"],
                           "many": ["a [/b] b", QUIT]}
        await pilot.press("escape")
        await pilot.pause()
        still_running(app)


async def test_export_into_a_folder_with_a_markup_name(hostile, tmp_path) -> None:
    folder = tmp_path / "[dim]exports[@click=app.quit]x"
    folder.mkdir()
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#folder", Input).value = str(folder)
        await pilot.press("ctrl+s")
        await pilot.pause()
        still_running(app)
        (written,) = folder.iterdir()
        assert shows(f"Wrote {written}", toasts(app))
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#folder", Input).value = str(folder / "[b] missing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#export-error", Static)
        assert shows(f"there is no folder {folder / '[b] missing'}", text_of(error))
        still_running(app)


async def test_broken_map_in_a_folder_with_a_markup_name(tmp_path) -> None:
    folder = tmp_path / "[b] a [@click=app.quit]map"
    folder.mkdir()
    (folder / "map.toml").write_text("schema = [\n", encoding="utf-8")
    app = make(folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert shows(str(folder), "\n".join(text_of(w) for w in app.screen.query(".problem")))
        still_running(app)


async def test_form_shows_control_characters_escaped_and_keeps_them(hostile) -> None:
    bidi = "Right\u202eto-left override"
    app = make(hostile.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert app.pmap is not None
        first = app.pmap.parts[0]
        stored = first.notes
        assert ESC in stored
        await show(pilot, first.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartFormScreen)
        form.query_one("#more").collapsed = False  # type: ignore[attr-defined]
        form.query_one("#relating").collapsed = False  # type: ignore[attr-defined]
        await pilot.pause()
        notes = form.query_one("#f-notes", TextArea)
        assert notes.text == visible(stored) and "<U+001B>" in notes.text
        feel = form.query_one("#f-feel_toward", TextArea)
        assert feel.text == visible(first.feel_toward)
        assert not any(ch in all_text(form) for ch in TERMINAL_HAZARDS)
        form.query_one("#f-name", Input).value = "[/] edited"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), all_text(form)
        part = next(p for p in tomllib.loads(hostile.path.read_text())["parts"]
                    if p["id"] == first.id)
        assert part["name"] == "[/] edited" and part["notes"] == stored
        assert part["feel_toward"] == first.feel_toward and part["intent"] == first.intent
        # A name with a bidi override: shown escaped, kept when left as shown.
        await show(pilot, next(p.id for p in app.pmap.parts if p.name == bidi))
        await pilot.press("r")
        await pilot.pause()
        box = app.screen.query_one("#name", Input)
        assert box.value == "Right<U+202E>to-left override"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert bidi in on_disk_names(hostile)
        still_running(app)


async def test_going_back_in_a_walk_shows_a_stored_escape_and_keeps_it(store) -> None:
    answer = f"I am {ESC}[2J tired"
    now = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    reflections.save(store, Reflection(
        id="20260102-030400-unblending-check-in", pack="unblending-check-in",
        pack_title="Unblending check-in", started=now, updated=now, status="stopped",
        at="a-part-of-me", answers=[Answer(step="i-am", kind="text", ask="I am", value=answer)]))
    app = make(store.folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("g")  # go on with it
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert walk.query_one("#text-answer", Input).value == "I am <U+001B>[2J tired"
        assert not any(ch in all_text(walk) for ch in TERMINAL_HAZARDS)
        await pilot.press("ctrl+n")  # left as shown: kept, not replaced by the escaped form
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        still_running(app)
    (path,) = (store.folder / "reflections").glob("*.toml")
    kept = tomllib.loads(path.read_text())["answers"][0]
    assert kept["step"] == "i-am" and kept["answer"] == answer
