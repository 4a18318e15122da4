"""The pack picker says where each pack comes from: built-in, yours, this map's (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from ifs_tui.app.screens.pack_picker import PackPickerScreen

from ..test_packs import GOOD
from .conftest import ready, text_of


async def test_the_picker_shows_each_packs_origin(store, make_app, hermetic: Path) -> None:
    user = hermetic / "prompts"
    user.mkdir(parents=True)
    (user / "a.toml").write_text(GOOD.replace('id = "tiny"', 'id = "aa-mine"')
                                 .replace('title = "Tiny"', 'title = "Your own pack"'))
    (store.folder / "prompts").mkdir()
    (store.folder / "prompts" / "b.toml").write_text(
        GOOD.replace('id = "tiny"', 'id = "bb-map"').replace('title = "Tiny"',
                                                               'title = "The map pack"'))
    # One of yours in place of a built-in: said, as `ifs prompts list` says it.
    (user / "mine.toml").write_text(GOOD.replace('id = "tiny"', 'id = "unblending-check-in"'))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PackPickerScreen)
        packs = app.screen.query_one("#packs", OptionList)
        for pack_id, words in (("meet-a-protector", "anytime · about 20 min · built-in"),
                               ("aa-mine", "anytime · about 2 min · yours"),
                               ("bb-map", "anytime · about 2 min · this map's"),
                               ("unblending-check-in", "about 2 min · yours (over built-in)")):
            packs.highlighted = packs.get_option_index(f"pack:{pack_id}")
            await pilot.pause()
            assert words in text_of(packs), pack_id
