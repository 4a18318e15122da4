"""Pilot at 80x24: `w` on a part opens the pack picker with the walks to go on with in
view, and a walk with that part waiting highlighted (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import OptionList

from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.pack_picker import PackPickerScreen
from ifs_tui.core import reflections
from ifs_tui.core.reflections import Reflection

from .conftest import ready, text_of


def waiting(store, part_of: dict[int, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Seven unfinished walks, newest last; `part_of` gives some a part. Their ids."""
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    ids = []
    for n in range(7):
        when = start + timedelta(days=n)
        rec = Reflection(id=f"2025030{n + 1}-090000-meet", pack="meet-a-protector",
                         pack_title="Meet a protector", started=when, updated=when,
                         status="stopped", part=part_of.get(n, ""))
        reflections.save(store, rec)
        ids.append(rec.id)
    return ids


async def test_w_on_a_part_opens_with_its_waiting_walk_in_view(store, make_app) -> None:
    ids = waiting(store, {4: "little-one", 1: "little-one"})  # 3rd newest; one not shown
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        while (part := main.current_part()) is None or part.id != "little-one":
            await pilot.press("down")
        await pilot.press("w")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PackPickerScreen) and picker.part is not None
        packs = picker.query_one("#packs", OptionList)
        assert app.focused is packs
        assert packs.scroll_y == 0  # the top of the list: the walks to go on with
        shown = text_of(packs)
        assert "Go on: Meet a protector · with Little One" in shown
        assert "2 more are kept in the journal" in shown
        highlighted = packs.get_option_at_index(packs.highlighted or 0)
        assert highlighted.id == f"resume:{ids[4]}"
        # Its older walk too, though five others are newer: the part's own come first.
        assert packs.get_option_at_index(1).id == f"resume:{ids[1]}"


async def test_w_on_a_part_with_nothing_waiting_still_offers_a_pack(store, make_app) -> None:
    waiting(store, {})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        main = app.screen
        while main.current_part() is None:
            await pilot.press("down")
        await pilot.press("w")
        await pilot.pause()
        packs = app.screen.query_one("#packs", OptionList)
        highlighted = packs.get_option_at_index(packs.highlighted or 0)
        assert highlighted.id == "pack:meet-a-protector"  # the first that asks for a part
        # The packs come first then: the top of the list and the one offered both in view.
        assert packs.get_option_at_index(0).id == "pack:first-map"
        assert packs.scroll_y == 0 and app.focused is packs
        shown = text_of(packs)
        assert "Meet a protector" in shown and "A first map" in shown
        ids = [packs.get_option_at_index(i).id for i in range(packs.option_count)]
        assert sum(1 for i in ids if i and i.startswith("resume:")) == 5  # still offered
