"""The main screen with many parts: every part in the tree, closed groups filled only
when opened, and details that follow the cursor at a steady height."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.gen import make_map
from textual.containers import VerticalScroll
from textual.widgets import Tree

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.widgets.part_details import PartDetails
from ifs_tui.app.widgets.parts_tree import PartsTree
from ifs_tui.core import services
from ifs_tui.core.model import ROLES
from ifs_tui.core.services import PartChanges
from ifs_tui.core.storage import MapStore

from ..hostile import NAMES, TEXTS
from .conftest import ready, text_of

MANY = 1000  # benchmarks/gen.py: part-i is named "Part i", role ROLES[i % 4]


@pytest.fixture
def big(map_folder: Path) -> Path:
    return make_map(map_folder, MANY, 0)


def leaves(tree: PartsTree) -> list[str]:
    return [str(leaf.data) for group in tree.root.children for leaf in group.children]


def details(app: IfsApp) -> str:
    return text_of(app.screen.query_one(PartDetails))


async def test_a_thousand_parts_are_all_in_the_tree_and_the_last_is_reachable(
        big: Path, make_app: Callable[..., IfsApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PartsTree)
        assert sorted(leaves(tree)) == sorted(f"part-{i}" for i in range(MANY))
        assert [str(g.label) for g in tree.root.children] == [
            "Managers  250", "Firefighters  250", "Exiles  250", "Not sure yet  250"]
        await pilot.press("end")
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == "part-999"
        assert "Part 999" in details(app)


async def test_a_closed_group_stays_closed_and_is_filled_when_opened(
        big: Path, make_app: Callable[..., IfsApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PartsTree)
        await pilot.press("down", "space")  # Self -> Managers, closed
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        app.screen.refresh_map()  # what every saved change does
        await pilot.pause()
        managers, firefighters = tree.root.children[0], tree.root.children[1]
        assert not managers.is_expanded and len(managers.children) == 0  # not made yet
        assert str(managers.label) == "Managers  250"
        assert firefighters.is_expanded and len(firefighters.children) == 250
        await pilot.press("space")  # opened by hand: its parts appear
        await pilot.pause()
        assert managers.is_expanded and len(managers.children) == 250
        assert len(leaves(tree)) == MANY


async def test_a_part_in_a_closed_group_can_still_be_found_and_chosen(
        big: Path, make_app: Callable[..., IfsApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PartsTree)
        tree.move_cursor(tree.root.children[1])  # Firefighters, closed
        await pilot.press("space")
        await pilot.pause()
        app.screen.refresh_map()  # type: ignore[attr-defined]
        await pilot.pause()
        assert len(tree.root.children[1].children) == 0
        # What search, the map view and a saved form do with their answer:
        app.screen.select("part-997")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == "part-997"
        assert tree.root.children[1].is_expanded
        assert "Part 997" in details(app)
        app.screen.refresh_map(select="part-5")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == "part-5"


async def test_details_follow_the_cursor_after_moving_quickly(
        big: Path, make_app: Callable[..., IfsApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PartsTree)
        # Self, Managers, then part-0, part-4, ...: line 10 is part-32.
        await pilot.press(*["down"] * 9, "up", "down", "down")
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == "part-32"
        shown = details(app)
        assert shown.startswith("Part 32") and "Part 28" not in shown


async def test_details_keep_their_height_from_part_to_part(
        store: MapStore, make_app: Callable[..., IfsApp]) -> None:
    # Inner Critic fills several rows, Numbing almost none: the pane stays the same
    # size, so moving in the tree never lays out the whole screen again.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        pane = app.screen.query_one(PartDetails)
        room = app.screen.query_one("#details-scroll", VerticalScroll).scrollable_content_region
        heights = set()
        for part_id in ("inner-critic", "numbing", "little-one", "inner-critic"):
            app.screen.select(part_id)  # type: ignore[attr-defined]
            await pilot.pause()
            assert app.pmap is not None and app.pmap.part(part_id) is not None
            assert app.pmap.part(part_id).name in details(app)  # type: ignore[union-attr]
            heights.add(pane.size.height)
        assert heights == {room.height}


def visible_lines(pane: PartDetails) -> str:
    return "\n".join(strip.text for strip in pane.render_lines(pane.region.reset_offset))


async def test_long_details_scroll_inside_a_pane_that_keeps_its_size(
        store: MapStore, make_app: Callable[..., IfsApp]) -> None:
    def op(pmap):  # type: ignore[no-untyped-def]
        services.apply_changes(pmap.part("numbing"), PartChanges(
            text={"notes": "\n".join(f"line {i}" for i in range(60))}))

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.change(op)
        await pilot.pause()
        pane = app.screen.query_one(PartDetails)
        room = app.screen.query_one("#details-scroll", VerticalScroll).scrollable_content_region
        app.screen.select("numbing")  # type: ignore[attr-defined]
        await pilot.pause()
        assert pane.size.height == room.height
        assert "line 59" in details(app) and "line 59" not in visible_lines(pane)
        pane.focus()
        await pilot.press("end")  # the pane scrolls its own lines
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert "line 59" in visible_lines(pane) and "Numbing" not in visible_lines(pane)
        app.screen.select("little-one")  # type: ignore[attr-defined]
        await pilot.pause()
        assert pane.size.height == room.height
        assert visible_lines(pane).startswith("Little One") and "line 0" not in details(app)


async def test_moving_in_the_tree_never_lays_out_the_screen(
        store: MapStore, make_app: Callable[..., IfsApp]) -> None:
    # Parts of very different heights, one far taller than the pane: each highlight
    # draws new lines in the same pane; nothing else on the screen moves.
    def op(pmap):  # type: ignore[no-untyped-def]
        services.apply_changes(pmap.part("numbing"), PartChanges(
            text={"notes": "\n".join(f"line {i}" for i in range(60))}))

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.change(op)
        await pilot.pause()
        screen = app.screen
        layouts: list[bool] = []
        real = screen._refresh_layout

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(True)
            return real(*args, **kwargs)

        screen._refresh_layout = counted  # type: ignore[method-assign]
        tree = screen.query_one(PartsTree)
        seen = set()
        for _ in range(8):  # Self, Managers, Inner Critic, Firefighters, Numbing, ...
            await pilot.press("down")
            await pilot.pause()
            assert tree.cursor_node is not None
            seen.add(tree.cursor_node.data)
        assert {"inner-critic", "numbing", "little-one"} <= seen
        assert layouts == []


def test_label_widths_are_textuals_own_for_odd_names(tmp_path: Path) -> None:
    # PartsTree measures a label without drawing it; the width must be what drawing
    # it gives, or the tree scrolls sideways wrongly.
    store = MapStore(tmp_path / "map")
    pmap = store.create("odd")
    for i, name in enumerate([*NAMES, *TEXTS[:12], "漢字の名前", "emoji 🌱 part"]):
        part = services.add_part(pmap, f"{name[:150]} {i}", PartChanges(role=ROLES[i % 4]))
        assert part is not None
    tree = PartsTree()
    tree.fill(pmap)
    nodes = [tree.root, *tree.root.children,
             *(leaf for group in tree.root.children for leaf in group.children)]
    assert len(nodes) > len(NAMES)
    for node in nodes:
        assert tree.get_label_width(node) == Tree.get_label_width(tree, node), node.label
        if node.allow_expand:  # the other icon
            node.collapse()
        assert tree.get_label_width(node) == Tree.get_label_width(tree, node), node.label


async def test_focus_leaving_the_tree_redraws_its_lines_without_listing_them_again(
        big: Path, make_app: Callable[..., IfsApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PartsTree)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        listed = tree._tree_lines
        y = tree.cursor_line - round(tree.scroll_y)

        def cursor_styles() -> list[object]:
            line = tree.render_lines(tree.region.reset_offset)[y]
            return [segment.style for segment in line]

        focused = cursor_styles()
        await pilot.press("tab")  # to the details pane
        await pilot.pause()
        assert app.focused is not tree
        assert cursor_styles() != focused  # the cursor line is drawn as not focused
        assert tree._tree_lines is listed  # a thousand lines not listed again
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is tree and cursor_styles() == focused
        await pilot.press("down")
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == "part-8"


async def test_a_shorter_terminal_wraps_the_details_again_beside_their_bar(
        store: MapStore, make_app: Callable[..., IfsApp]) -> None:
    def op(pmap):  # type: ignore[no-untyped-def]
        services.apply_changes(pmap.part("inner-critic"), PartChanges(
            text={"job": "checks " * 40}))  # lines as wide as the pane

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.change(op)
        app.screen.select("inner-critic")  # type: ignore[attr-defined]
        await pilot.pause()
        pane = app.screen.query_one(PartDetails)
        whole = details(app)
        assert len(pane.lines_text()) <= pane.size.height  # fits: no bar
        await pilot.resize_terminal(100, 9)
        await pilot.pause()
        await pilot.pause()
        assert len(pane.lines_text()) > pane.size.height  # now it scrolls
        drawn = pane.render_lines(pane.region.reset_offset)
        assert {strip.cell_length for strip in drawn} == {pane.size.width}
        # Every line leaves the last column to the bar: nothing is cut off under it.
        assert max(len(line) for line in pane.lines_text()) < pane.size.width
        assert " ".join(details(app).split()) == " ".join(whole.split())
