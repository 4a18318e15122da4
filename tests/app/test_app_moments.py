"""Pilot tests: jotting a moment with f3 from any screen, the moments list (o), a part's
moments in its details, and search finding moments."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

from textual.widgets import Input, OptionList, Select, Static, TextArea

from ifs_tui.app.screens.dialogs import ConfirmScreen
from ifs_tui.app.screens.help import HelpScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.moment_add import KEPT_NOTE, OWN_WORDS, MomentAddScreen
from ifs_tui.app.screens.moments import MomentReadScreen, MomentsScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.screens.search import SearchScreen
from ifs_tui.app.screens.walk import CareNoteScreen, WalkScreen
from ifs_tui.app.widgets.part_details import PartDetails
from ifs_tui.core import moments
from ifs_tui.core.moments import Moment

from ..hostile import TEXTS
from .conftest import ready, settled, text_of
from .test_app_reflect import pick_pack

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def files(store) -> list[dict]:  # type: ignore[no-untyped-def]
    return [tomllib.loads(p.read_text("utf-8"))
            for p in sorted((store.folder / "moments").glob("*.toml"))]


def keep(store, n: int, text: str, part: str = "", shift: str = "") -> Moment:  # type: ignore[no-untyped-def]
    moment = Moment(f"20260301-09{n // 60:02d}{n % 60:02d}", text,
                    START + timedelta(minutes=n), part, shift)
    moments.save(store, moment)
    return moment


async def jot(pilot, text: str) -> MomentAddScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MomentAddScreen)
    screen.query_one("#moment-text", TextArea).text = text
    return screen


async def test_f3_keeps_a_moment_with_a_shift_and_a_part(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")  # the part highlighted is not taken over a typed one
        await pilot.pause()
        dialog = await jot(pilot, "Paused before\nsaying sorry")
        assert dialog.query_one("#moment-part", Input).value == "Numbing"
        dialog.query_one("#moment-shift", Select).value = moments.shift_options()[0]
        dialog.query_one("#moment-part", Input).focus()
        await pilot.press("ctrl+u", *"crit")
        await pilot.pause()
        assert dialog.query_one("#moment-parts", OptionList).option_count == 1
        await pilot.press("enter")  # takes the first match
        await pilot.pause()
        assert dialog.query_one("#moment-part", Input).value == "Inner Critic"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        (saved,) = files(store)
        assert saved["text"] == "Paused before\nsaying sorry"
        assert saved["shift"] == moments.shift_options()[0]
        assert saved["part"] == "inner-critic"
        app.screen.select("inner-critic")
        await pilot.pause()
        shown = " ".join(text_of(app.screen.query_one(PartDetails)).split())
        assert "Moments" in shown and "Paused before saying sorry" in shown
        assert "o lists every moment" in shown


async def test_own_words_and_no_part(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        dialog = await jot(pilot, "[/] a walk [@click=app.quit]x[/]")
        dialog.query_one("#moment-shift", Select).value = OWN_WORDS
        await pilot.pause()
        own = dialog.query_one("#moment-own", Input)
        assert own.display and own.has_focus
        await pilot.press(*"lighter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (saved,) = files(store)
        assert saved["text"] == "[/] a walk [@click=app.quit]x[/]"
        assert saved["shift"] == "lighter" and "part" not in saved


async def test_escape_keeps_the_words_and_f3_offers_them_back(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        dialog = await jot(pilot, "half a thought")
        dialog.query_one("#moment-part", Input).value = "Little"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and files(store) == []
        dialog = await jot(pilot, "half a thought")
        again = app.screen
        assert again.query_one("#moment-text", TextArea).text == "half a thought"
        assert again.query_one("#moment-part", Input).value == "Little"
        assert KEPT_NOTE in str(again.query_one("#moment-kept", Static).render())
        assert again.query_one("#moment-parts", OptionList).option_count == 1  # Little One
        # "Little" names no part exactly: said, nothing written, nothing lost.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is again and files(store) == []
        assert "no part has that name" in str(again.query_one("#moment-error").render())
        again.query_one("#moment-part", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [f["text"] for f in files(store)] == ["half a thought"]
        dialog = await jot(pilot, "")
        assert dialog.query_one("#moment-text", TextArea).text == ""  # kept: not offered


async def test_empty_text_is_refused_gently(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        dialog = await jot(pilot, "   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and files(store) == []
        assert "a few words" in str(dialog.query_one("#moment-error").render())


async def test_f3_from_a_dialog_and_the_walk_leaves_them_as_they_were(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartFormScreen)
        form.query_one("#f-name", Input).value = "The Watcher"
        await jot(pilot, "from the form")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.query_one("#f-name", Input).value == "The Watcher"
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # leaving the form asks first
            await pilot.press("y")
            await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        pick_pack(app, "unblending-check-in")
        await pilot.pause()
        assert isinstance(app.screen, CareNoteScreen)
        await pilot.press("enter")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        await jot(pilot, "from the walk")
        await pilot.press("f3")  # a second f3 opens no second dialog
        await pilot.pause()
        assert sum(isinstance(s, MomentAddScreen) for s in app.screen_stack) == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is walk
        assert sorted(f["text"] for f in files(store)) == ["from the form", "from the walk"]


async def test_palette_jots_and_lists(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        commands = {name: run for name, _, run in app.palette_commands()}
        commands["Moment: jot one down"]()
        await pilot.pause()
        assert isinstance(app.screen, MomentAddScreen)
        await pilot.press("escape")
        await pilot.pause()
        commands["Moments: list"]()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MomentsScreen)


async def test_the_list_filters_reads_and_removes(store, make_app) -> None:
    keep(store, 1, "tea with my sister", part="inner-critic")
    keep(store, 2, "a calm walk", shift="Stayed present")
    keep(store, 3, "late bus, no panic", part="gone-part")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MomentsScreen)
        listed = screen.query_one("#moment-list", OptionList)
        assert [listed.get_option_at_index(i).id for i in range(3)] == [
            "20260301-090003", "20260301-090002", "20260301-090001"]
        shown = text_of(listed)
        assert "(no longer on the map)" in shown and "Stayed present" in shown
        assert "3 moments, newest first." in str(screen.query_one("#moments-count").render())
        await pilot.press("slash", *"critic")  # a part's name finds its moments
        await settled(pilot)
        assert [m.text for m in screen.found] == ["tea with my sister"]
        await pilot.press("ctrl+u", *"CALM")
        await settled(pilot)
        assert [m.text for m in screen.found] == ["a calm walk"]
        await pilot.press("enter")  # to the list
        listed.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MomentReadScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # kept
        await pilot.pause()
        assert len(files(store)) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert sorted(f["text"] for f in files(store)) == ["late bus, no panic",
                                                         "tea with my sister"]
        assert [m.text for m in app.moments] == ["tea with my sister", "late bus, no panic"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_year_of_moments_comes_a_window_at_a_time(store, make_app) -> None:
    for n in range(100):
        keep(store, n, f"moment number {n}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        listed = app.screen.query_one("#moment-list", OptionList)
        assert listed.option_count == 40
        assert "40 of 100" in str(app.screen.query_one("#moments-count").render())
        listed.highlighted = 39
        await pilot.pause()
        assert listed.option_count == 80


async def test_hostile_texts_are_shown_as_written(store, make_app) -> None:
    for n, text in enumerate(TEXTS):
        if text.strip():
            keep(store, n, text, part="inner-critic", shift=text[:40].strip() or "x")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        assert "Moments" in text_of(app.screen.query_one(PartDetails))
        await pilot.press("o")
        await pilot.pause()
        listed = app.screen.query_one("#moment-list", OptionList)
        shown = "\n".join(str(listed.get_option_at_index(i).prompt)
                          for i in range(listed.option_count))
        assert "[@click=app.quit]Quit me[/]" in shown and "\x1b" not in shown
        await pilot.press("end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MomentReadScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_search_finds_a_moment_and_opens_it_in_the_list(store, make_app) -> None:
    keep(store, 1, "noticed the urge to hide, and stayed", part="numbing")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"urge to hide")
        await settled(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert [h.kind for h in search.hits] == ["moment"]
        assert "Numbing" in text_of(search.query_one("#results", OptionList))
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MomentsScreen)
        assert app.screen.current() is not None
        assert app.screen.current().id == "20260301-090001"


async def test_help_names_the_moment_keys(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        rows = dict((what, keys) for keys, what in app.screen.rows())
        assert rows["Every moment you jotted down (f3 jots one)"] == "o"
        assert rows["Jot down a moment where something shifted"] == "f3"
        await pilot.press("escape")
        await jot(pilot, "")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict((what, keys) for keys, what in app.screen.rows())
        assert rows["Keep this moment"] == "ctrl+s"


async def test_f3_on_the_list_shows_the_new_moment_there(store, make_app) -> None:
    keep(store, 1, "an older one")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        listing = app.screen
        await jot(pilot, "a new one")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is listing
        assert [m.text for m in listing.found] == ["a new one", "an older one"]


async def test_a_moment_removed_meanwhile_is_said_plainly(store, make_app) -> None:
    gone = keep(store, 1, "removed elsewhere")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        moments.remove(store, gone)  # by `ifs moment remove` in another terminal
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MomentsScreen) and app.screen.found == []
        assert any("removed already" in n.message for n in app._notifications)


async def test_a_moment_added_by_hand_shows_when_the_list_opens(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        (store.folder / "moments").mkdir(exist_ok=True)
        (store.folder / "moments" / "20260301-100000.toml").write_text(
            'schema = 1\nwhen = 2026-03-01T10:00:00+01:00\ntext = "from another device"\n'
            'part = "little-one"\n', "utf-8")
        (store.folder / "moments" / "20260301-110000.toml").write_text("not toml", "utf-8")
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert [m.text for m in screen.found] == ["from another device"]
        count = str(screen.query_one("#moments-count").render())
        assert "1 moment file could not be read: 20260301-110000.toml:1:" in count
        await pilot.press("escape")
        await pilot.pause()
        app.screen.select("little-one")  # the part's details list it too
        await pilot.pause()
        assert "from another device" in " ".join(
            text_of(app.screen.query_one(PartDetails)).split())


async def test_f3_with_no_map_open_says_so(map_folder, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()  # no map.toml at this place: the screen offers to make one
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert not isinstance(app.screen, MomentAddScreen)
        assert any("Open a map first" in n.message for n in app._notifications)
        assert not (map_folder / "moments").exists()


async def test_search_finds_a_journey_and_opens_its_arc(store, make_app) -> None:
    from ifs_tui.app.screens.journey import JourneyScreen
    from ifs_tui.core import journeys

    trip = journeys.new(store, "The spring session", START, notes="held by the team")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"spring")
        await settled(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert [h.kind for h in search.hits] == ["journey"]
        assert "journey" in text_of(search.query_one("#results", OptionList))
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JourneyScreen)
        assert app.screen.journey_id == trip.id


async def test_words_typed_after_kept_ones_go_on_at_their_end(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"half a thought", "escape")
        await pilot.pause()
        assert any("kept for the next F3" in str(n.message) for n in app._notifications)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*" and more")
        assert app.screen.query_one("#moment-text", TextArea).text == "half a thought and more"
