"""Pilot tests of the main screen: browse, add, edit, rename, delete and undo, link."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input, Select, TextArea

from ifs_tui.app.screens.dialogs import ConfirmScreen, RenameScreen
from ifs_tui.app.screens.links import LinkScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.widgets.part_details import PartDetails
from ifs_tui.app.widgets.parts_tree import PartsTree
from ifs_tui.core.storage import MapStore

from .conftest import ready, text_of


def on_disk(store: MapStore) -> dict:
    return tomllib.loads(store.path.read_text())


def details_text(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one(PartDetails))


async def test_tree_groups_parts_by_role_with_counts(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        tree = app.screen.query_one(PartsTree)
        labels = [str(n.label) for n in tree.root.children]
        assert labels == ["Managers  1", "Firefighters  1", "Exiles  1", "Not sure yet  0"]
        assert str(tree.root.label) == "Self"
        await pilot.press("down", "down")  # Self -> Managers -> Inner Critic
        text = details_text(app)
        assert "Inner Critic" in text and "checks everything twice" in text
        assert "being laughed at" in text and "protects Little One" in text
        assert text.index("Job") < text.index("Fears") < text.index("In the body")


async def test_add_a_part(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PartFormScreen)
        app.screen.query_one("#f-name", Input).value = "The Watcher"
        app.screen.query_one("#f-role", Select).value = "manager"
        app.screen.query_one("#f-job", TextArea).text = "scans faces\nfor trouble"
        app.screen.query_one("#f-fears", TextArea).text = "being surprised\n\nanger"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        part = on_disk(store)["parts"][-1]
        assert part["name"] == "The Watcher" and part["role"] == "manager"
        assert part["job"] == "scans faces\nfor trouble"
        assert part["fears"] == ["being surprised", "anger"]
        assert app.screen.query_one(PartsTree).cursor_node.data == "the-watcher"


async def test_form_shows_problems_beside_the_field_and_saves_nothing(store, make_app):
    before = store.path.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-name", Input).value = "inner critic"
        form.query_one("#f-body", Input).value = "bell \x07"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PartFormScreen)
        name_error = form.query_one("#e-name")
        assert "already exists" in str(name_error.render()) and name_error.has_class("shown")
        assert "control characters" in str(form.query_one("#e-body").render())
        assert not form.query_one("#e-job").has_class("shown")
        await pilot.press("escape")  # typed text: asks before discarding
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert store.path.read_bytes() == before


async def test_edit_a_part(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#f-job", TextArea).text == "checks everything twice"
        form.query_one("#f-fears", TextArea).text = "being laughed at\nbeing late"
        form.query_one("#f-age", Input).value = "twelve"
        form.query_one("#f-status", Select).value = "befriended"
        await pilot.press("ctrl+s")
        await pilot.pause()
        part = on_disk(store)["parts"][0]
        assert part["fears"] == ["being laughed at", "being late"]
        assert part["age"] == "twelve" and part["status"] == "befriended"
        assert part["id"] == "inner-critic"


async def test_rename_keeps_the_id(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        app.screen.query_one("#name", Input).value = "The Fog"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        part = on_disk(store)["parts"][2]
        assert (part["id"], part["name"]) == ("numbing", "The Fog")


async def test_delete_asks_and_undo_puts_it_back(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        await pilot.pause()
        assert len(on_disk(store)["parts"]) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        data = on_disk(store)
        assert [p["id"] for p in data["parts"]] == ["little-one", "numbing"]
        assert "relationships" not in data
        assert len(store.history()) >= 1
        await pilot.press("u")
        await pilot.pause()
        data = on_disk(store)
        assert [p["id"] for p in data["parts"]] == ["inner-critic", "little-one", "numbing"]
        assert data["relationships"][0]["kind"] == "protects"
        assert data["parts"][0]["fears"] == ["being laughed at"]


async def test_link_and_unlink(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinkScreen)
        links.query_one("#kind", Select).value = "polarized"
        links.query_one("#other", Select).value = "inner-critic"
        links.query_one("#note", Input).value = "one pushes, one numbs"
        await pilot.press("ctrl+s")
        await pilot.pause()
        rel = on_disk(store)["relationships"][-1]
        assert rel == {"from": "numbing", "to": "inner-critic", "kind": "polarized",
                       "note": "one pushes, one numbs"}
        links.query_one("#kind", Select).value = "protected-by"
        links.query_one("#other", Select).value = "little-one"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_disk(store)["relationships"][-1]["from"] == "little-one"
        listing = links.query_one("#current")
        listing.focus()
        listing.highlighted = 0
        await pilot.press("x")
        await pilot.pause()
        kinds = [r["kind"] for r in on_disk(store)["relationships"]]
        assert kinds == ["protects", "protects"]  # the polarized link is gone
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_change_on_disk_behind_the_app_offers_reload(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        other = MapStore(store.folder)
        pmap = other.load()
        pmap.title = "Changed elsewhere"
        other.save(pmap)
        theirs = store.path.read_bytes()
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "The Fog"
        await pilot.press("enter")
        await pilot.pause()
        from ifs_tui.app.screens.dialogs import ConflictScreen

        assert isinstance(app.screen, ConflictScreen)
        assert store.path.read_bytes() == theirs  # nothing written over their change
        await pilot.click("#reapply")
        await pilot.pause()
        data = on_disk(store)
        assert data["title"] == "Changed elsewhere"  # theirs kept
        assert data["parts"][2]["name"] == "The Fog"  # ours applied on top


async def test_conflict_can_drop_our_change(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        other = MapStore(store.folder)
        pmap = other.load()
        pmap.title = "Theirs"
        other.save(pmap)
        theirs = store.path.read_bytes()
        await pilot.press("d")  # on Self: nothing to delete
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.click("#drop")
        await pilot.pause()
        assert store.path.read_bytes() == theirs
        assert len(app.pmap.parts) == 3 and app.pmap.title == "Theirs"


async def test_broken_map_opens_an_error_screen_and_changes_nothing(
        map_folder: Path, make_app) -> None:
    build_store = MapStore(map_folder)
    build_store.create()
    map_folder.joinpath("map.toml").write_text(
        'schema = 1\n[[parts]]\nid = "a"\nname = "A"\nrole = "protecter"\n')
    before = {p: p.read_bytes() for p in map_folder.rglob("*") if p.is_file()}
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        from ifs_tui.app.screens.broken import BrokenMapScreen

        assert isinstance(app.screen, BrokenMapScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(".problem"))
        assert "map.toml:5: parts[0].role: 'protecter' is not one of" in shown
        for key in ("a", "d", "r", "w"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, BrokenMapScreen)
    after = {p: p.read_bytes() for p in map_folder.rglob("*") if p.is_file()}
    assert after == before


async def test_missing_map_offers_to_create_it(map_folder: Path, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        from ifs_tui.app.screens.broken import NoMapScreen

        assert isinstance(app.screen, NoMapScreen)
        assert not map_folder.exists()
        await pilot.click("#create")
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (map_folder / "map.toml").is_file()
