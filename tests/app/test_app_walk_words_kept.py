"""Pilot tests (issue 10): "not now" and "a part of me doesn't want to go there" never
drop words written in the answer field without the person choosing it."""

from __future__ import annotations

from textual.widgets import Button, TextArea

from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.walk import WalkScreen

from .test_app_walk_keeps import begin, records


async def test_not_now_with_words_asks_and_keep_writing_keeps_them(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector", part="inner-critic")
        assert walk.walk.step is not None and walk.walk.step.id == "focus"
        walk.query_one("#text-answer", TextArea).text = "a tightness in my"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused, safe answer: keep writing
        await pilot.pause()
        assert app.screen is walk and walk.walk.step.id == "focus"
        assert walk.query_one("#text-answer", TextArea).text == "a tightness in my"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("y")  # leave them out
        await pilot.pause()
        assert walk.walk.step is not None and walk.walk.step.id == "flesh-out"
    answers = {a["step"]: a for a in records(store)[0]["answers"]}
    assert answers["focus"].get("skipped") is True


async def test_not_now_on_an_empty_field_goes_on_at_once(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "meet-a-protector", part="inner-critic")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is walk and walk.walk.step.id == "flesh-out"


async def test_not_there_with_words_asks_first(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "after-a-hard-moment")
        await pilot.press("ctrl+n")  # past the grounding step
        await pilot.pause()
        assert walk.walk.step.id == "what-happened"
        button = walk.query_one("#not-there", Button)
        assert button.display and "ctrl+t" in str(button.label)
        walk.query_one("#text-answer", TextArea).text = "my brother said"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep writing
        await pilot.pause()
        assert walk.walk.step.id == "what-happened"
        assert walk.query_one("#text-answer", TextArea).text == "my brother said"
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen) and walk.walk.step.id == "not-there"
    answers = {a["step"]: a for a in records(store)[0]["answers"]}
    assert answers["what-happened"].get("not_there") is True
    assert "my brother said" not in (store.folder / "reflections").glob("*.toml").__next__(
        ).read_text()


async def test_own_words_at_a_choice_keep_their_commas(store, make_app) -> None:
    from textual.widgets import Input

    own = "I said no, and the sky didn't fall"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "shifts-in-ordinary-moments")
        walk.query_one("#own-choice", Input).value = own
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert walk.walk.step is not None and walk.walk.step.id == "moment"
    answers = {a["step"]: a for a in records(store)[0]["answers"]}
    assert answers["moments"]["answer"] == [own]


async def test_the_words_themselves_mean_not_there_in_the_app(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await begin(pilot, "after-a-hard-moment")
        await pilot.press("ctrl+n")  # past the grounding step
        await pilot.pause()
        walk.query_one("#text-answer", TextArea).text = "A part of me doesn't want to go there."
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert walk.walk.step is not None and walk.walk.step.id == "not-there"
    answers = {a["step"]: a for a in records(store)[0]["answers"]}
    assert answers["what-happened"].get("not_there") is True
