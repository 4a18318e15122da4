"""Pilot test: the built-in meet-a-protector along its "wanting it gone" route, as the
person sees it in the app (6 Fs: another part steps back, then befriending)."""

from __future__ import annotations

from textual.widgets import SelectionList

from .conftest import text_of
from .test_app_walk_keeps import begin
from .test_app_walk_routes import at, choose, progress, record, write


async def test_meet_a_protector_when_another_part_wants_it_gone(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        walk = await begin(pilot, "meet-a-protector", part="inner-critic")
        assert at(walk) == "focus"
        for words in ("in my jaw", "checks everything twice", "about twelve"):
            await write(pilot, walk, words)
        assert at(walk) == "feel-toward" and "Step 5 of 11" in progress(walk)
        walk.query_one("#choice", SelectionList).select("wanting it gone")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert at(walk) == "another-part"
        assert "another part is here too" in text_of(walk.query_one("#question"))
        await pilot.press("ctrl+n")  # a note: read, then on
        await pilot.pause()
        assert at(walk) == "step-back"
        await choose(pilot, walk, "yes, it has eased back a little")
        assert at(walk) == "eased-back"
        assert "making some room" in text_of(walk.query_one("#question"))
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert at(walk) == "feel-toward-again"  # asked again, as a step of its own
        choices = walk.query_one("#choice", SelectionList)
        assert choices.selected == []
        choices.select("curious about it")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert at(walk) == "befriend"
        assert "Step 10 of" in progress(walk)  # the turn counts: feel-toward was step 5
        await write(pilot, walk, "it is tired")
        await pilot.press("escape")  # stop; everything so far is kept
        await pilot.pause()
    data = record(store)
    assert data["path"][4:10] == ["feel-toward", "another-part", "step-back", "eased-back",
                                  "feel-toward-again", "befriend"]
    answers = {a["step"]: a.get("answer") for a in data["answers"]}
    assert answers["feel-toward"] == ["wanting it gone"]
    assert answers["feel-toward-again"] == ["curious about it"]
    assert answers["befriend"] == "it is tired"
    assert app.pmap.part("inner-critic").feel_toward == "curious about it"
