"""The journeys list (k), a journey's arc, its form, and the offer at a walk's end."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from ifs_tui.app.screens.journey import JourneyScreen
from ifs_tui.app.screens.journey_form import JourneyFormScreen
from ifs_tui.app.screens.journeys import EMPTY, JourneysScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.walk import WalkScreen
from ifs_tui.core import journeys, moments
from ifs_tui.core.journey_arc import CARE_NOTE
from ifs_tui.core.storage import MapStore
from tests.hostile import NAMES, TERMINAL_HAZARDS

from .conftest import ready, text_of

PLUS_ONE = timezone(timedelta(hours=1))
SESSION = datetime(2026, 3, 10, 12, 0, tzinfo=PLUS_ONE)

PREP = """\
schema = 1
id = "my-prep"
title = "My preparation"
phase = "preparation"
minutes = 2

[[steps]]
id = "hope"
kind = "text"
ask = "What would you like to keep in mind?"
"""


def journey_files(store: MapStore) -> list[Path]:
    return sorted((store.folder / "journeys").glob("*.toml"))


def arc_text(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#arc"))


async def open_journeys(pilot) -> JourneysScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("k")
    await pilot.pause()
    assert isinstance(pilot.app.screen, JourneysScreen)
    return pilot.app.screen


async def test_k_opens_the_list_empty_says_what_a_journey_is(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journeys(pilot)
        shown = " ".join(text_of(screen.query_one("#journeys-problems")).split())
        assert shown.startswith(" ".join(EMPTY.split())[:60])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_opens_the_list(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"journeys")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, JourneysScreen)


async def test_a_new_journey_from_the_list_opens_its_arc(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journeys(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JourneyFormScreen)
        form.query_one("#j-date", Input).value = "someday"
        form.query_one("#j-title", Input).value = "Spring"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "is not a date" in text_of(form.query_one("#j-error"))
        form.query_one("#j-date", Input).value = "2026-03-10"
        form.query_one("#j-notes", TextArea).text = "A quiet room.\nFelt held."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, JourneyScreen)
        text = arc_text(app)
        assert "A quiet room." in text and "Parts prepared for" in text
        assert "10 Mar 2026" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JourneysScreen)
        assert "Spring" in text_of(app.screen.query_one("#journey-list"))
    (path,) = journey_files(store)
    assert path.name == "20260310-spring.toml"


async def test_escape_with_typed_words_asks_first(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journeys(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#j-notes", TextArea).text = "words I wrote"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, JourneysScreen)  # asked, not gone
        await pilot.press("escape")  # Cancel: back to the form, words still there
        await pilot.pause()
        assert app.screen.query_one("#j-notes", TextArea).text == "words I wrote"
        await pilot.press("ctrl+q")  # quitting asks too
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, JourneyFormScreen)
    assert journey_files(store) == []


async def test_the_arc_shows_everything_and_what_is_gone(store, make_app) -> None:
    j = journeys.new(store, "Spring", SESSION, "Quiet room")
    later = moments.add(store, "paused before apologising", SESSION + timedelta(days=2),
                        "inner-critic")
    other = moments.add(store, "noticed the fear", SESSION + timedelta(days=3))
    journeys.attach(store, j.id, moment=later.id, part="inner-critic")
    journeys.attach(store, j.id, part="gone-part")
    journeys.attach(store, j.id, reflection="20260301-000000-gone", phase="preparation")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journeys(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JourneyScreen)
        text = " ".join(arc_text(app).split())
        for words in ("Parts prepared for", "Inner Critic", "gone-part (no longer in the map)",
                      "20260301-000000-gone (no longer in the map)", "The session",
                      "Quiet room", "What emerged", "Moments since the session",
                      "paused before apologising", "noticed the fear", "not attached",
                      " ".join(CARE_NOTE.split()), "In a crisis, contact your local"):
            assert words in text, words
        assert text.index(later.id) < text.index(other.id)
        await pilot.press("pagedown", "end")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_edit_keeps_the_rest_and_a_broken_file_is_left_alone(store, make_app) -> None:
    j = journeys.new(store, "Spring", SESSION, "before")
    path = journey_files(store)[0]
    path.write_text(path.read_text() + 'dose = "kept"\n')
    bad = store.folder / "journeys" / "20260101-bad.toml"
    bad.write_text('schema = 1\nsession = "soon"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journeys(pilot)
        assert "20260101-bad.toml:2: session" in text_of(
            screen.query_one("#journeys-problems"))
        screen.open(j.id)
        await pilot.pause()
        assert "dose" not in arc_text(app) and "kept" not in arc_text(app)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#j-notes", TextArea).text = "after"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, JourneyScreen) and "after" in arc_text(app)
        screen.open("20260101-bad")
        await pilot.pause()
        assert "20260101-bad.toml:2" in arc_text(app)
        await pilot.press("e")  # nothing to edit: the file is never written over
        await pilot.pause()
        assert isinstance(app.screen, JourneyScreen)
    data = tomllib.loads(path.read_text())
    assert data["notes"] == "after" and data["dose"] == "kept"
    assert data["session"] == SESSION
    assert bad.read_text() == 'schema = 1\nsession = "soon"\n'


async def test_hostile_titles_and_notes_are_shown_as_text(store, make_app) -> None:
    for i, name in enumerate(NAMES):
        journeys.new(store, name, SESSION + timedelta(days=i), name)
    folder = store.folder / "journeys"
    (folder / "20260101-esc.toml").write_text(
        'schema = 1\ntitle = "t\\u001b[2J"\nsession = 2026-01-01\nnotes = "n\\u202eb"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journeys(pilot)
        listed = text_of(screen.query_one("#journey-list"))
        assert not any(h in listed for h in TERMINAL_HAZARDS)
        screen.open("20260101-esc")
        await pilot.pause()
        assert "<U+202E>" in arc_text(app)
        await pilot.press("escape")
        await pilot.pause()
        clicky = next(j for j in journeys.list_all(store)[0] if j.title == NAMES[3])
        screen.open(clicky.id)  # "[@click=app.quit]Quit me[/]"
        await pilot.pause()
        assert "[@click=app.quit]Quit me[/]" in arc_text(app)
        assert app.is_running


async def walk_to_the_end(pilot, store: MapStore) -> WalkScreen:  # type: ignore[no-untyped-def]
    from .test_app_reflect import pick_pack

    await ready(pilot)
    await pilot.press("w")
    await pilot.pause()
    pick_pack(pilot.app, "my-prep")
    await pilot.pause()
    walk = pilot.app.screen
    assert isinstance(walk, WalkScreen)
    walk.query_one("#text-answer", TextArea).text = "to go slowly"
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.pause()
    assert walk.walk.done
    return walk


async def test_the_walk_offers_a_journey_and_leaving_writes_nothing(store, make_app) -> None:
    (store.folder / "prompts").mkdir()
    (store.folder / "prompts" / "my-prep.toml").write_text(PREP)
    journeys.new(store, "Spring", SESSION)
    before = journey_files(store)[0].read_text()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await walk_to_the_end(pilot, store)
        offer = walk.query_one("#journey-offer", OptionList)
        assert "Add this reflection to a journey?" in text_of(walk.query_one("#journey-ask"))
        assert offer.get_option_at_index(offer.highlighted or 0).id == "journey:not-now"
        assert walk.focused is walk.query_one("#stop")
        await pilot.press("enter")  # Back to the map
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert journey_files(store)[0].read_text() == before


async def test_the_walk_adds_itself_to_a_chosen_journey(store, make_app) -> None:
    (store.folder / "prompts").mkdir()
    (store.folder / "prompts" / "my-prep.toml").write_text(PREP)
    j = journeys.new(store, "Spring", SESSION)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await walk_to_the_end(pilot, store)
        offer = walk.query_one("#journey-offer", OptionList)
        offer.focus()
        offer.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert "Added to “Spring” as preparation" in text_of(walk.query_one("#journey-ask"))
        assert isinstance(app.screen, WalkScreen)
    (rec,) = (store.folder / "reflections").glob("*.toml")
    assert journeys.find(store, j.id).preparation == [rec.stem]


async def test_the_walk_can_start_a_new_journey(store, make_app) -> None:
    (store.folder / "prompts").mkdir()
    (store.folder / "prompts" / "my-prep.toml").write_text(PREP)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await walk_to_the_end(pilot, store)
        offer = walk.query_one("#journey-offer", OptionList)
        assert offer.option_count == 2  # a new journey, not now
        offer.focus()
        offer.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JourneyFormScreen)
        app.screen.query_one("#j-date", Input).value = "2026-04-02"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is walk
        assert len(walk.query("#journey-offer")) == 1  # shown once, after the dialog too
    (path,) = journey_files(store)
    assert path.name.startswith("20260402-medicine-session")
    assert len(tomllib.loads(path.read_text())["preparation"]) == 1


async def test_no_offer_after_other_packs(store, make_app) -> None:
    (store.folder / "prompts").mkdir()
    (store.folder / "prompts" / "my-prep.toml").write_text(
        PREP.replace('"preparation"', '"anytime"'))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await walk_to_the_end(pilot, store)
        assert not walk.query("#journey-offer")


async def test_typing_at_once_goes_into_the_title(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journeys(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JourneyFormScreen)
        await pilot.press(*"Spring", "tab", *"2026-03-10")
        assert form.values()[:2] == ("Spring", "2026-03-10")


async def test_a_broken_journey_file_is_named_with_its_line(store, make_app) -> None:
    journeys.new(store, "Spring", SESSION)
    folder = store.folder / "journeys"
    (folder / "20260401-broken.toml").write_text('schema = 1\ntitle = "oops\n', "utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journeys(pilot)
        listed = text_of(screen.query_one("#journey-list"))
        assert "Spring" in listed
        assert "could not be read: 20260401-broken.toml:2:" in listed


async def test_not_now_in_the_offer_is_said_and_writes_nothing(store, make_app) -> None:
    (store.folder / "prompts").mkdir()
    (store.folder / "prompts" / "my-prep.toml").write_text(PREP)
    journeys.new(store, "Spring", SESSION)
    before = journey_files(store)[0].read_text()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await walk_to_the_end(pilot, store)
        offer = walk.query_one("#journey-offer", OptionList)
        offer.focus()
        await pilot.press("enter")  # on "Not now", highlighted from the start
        await pilot.pause()
        assert "Not added to a journey" in text_of(walk.query_one("#journey-ask"))
        assert not offer.display and walk.focused is walk.query_one("#stop")
    assert journey_files(store)[0].read_text() == before
