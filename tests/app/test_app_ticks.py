"""Choice steps: ticked and unticked read differently as text, not only by colour."""

from __future__ import annotations

from textual.widgets import RadioSet, SelectionList

from ifs_tui.app.screens.walk import WalkScreen
from ifs_tui.core.packs import parse_pack
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

from .conftest import ready, text_of

PACK = parse_pack(b"""
schema = 1
id = "ticks"
title = "Ticks"
summary = "two choices"
phase = "anytime"
minutes = 1

[[steps]]
id = "many"
kind = "choice"
ask = "Which ones?"
options = ["worry", "hope"]
multiple = true

[[steps]]
id = "one"
kind = "choice"
ask = "Which one?"
options = ["near", "far"]
""", "ticks.toml")


def line_with(text: str, word: str) -> str:
    return next(line for line in text.splitlines() if word in line)


async def test_ticked_and_unticked_boxes_differ_in_text(store: MapStore, make_app) -> None:
    app = make_app(theme="textual-ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(WalkScreen(Walk.start(PACK, MapStore(store.folder))))
        await pilot.pause()
        walk = app.screen
        choice = walk.query_one("#choice", SelectionList)
        choice.select("worry")
        await pilot.pause()
        shown = text_of(choice)
        ticked, unticked = line_with(shown, "worry"), line_with(shown, "hope")
        assert "x" in ticked.lower().split("worry")[0]
        assert "x" not in unticked.lower().split("hope")[0]
        await pilot.press("ctrl+n")
        await pilot.pause()
        radios = walk.query_one("#choice", RadioSet)
        buttons = list(radios.query("RadioButton"))
        buttons[1].value = True
        await pilot.pause()
        near, far = (text_of(b) for b in buttons)
        assert "●" in far and "●" not in near
