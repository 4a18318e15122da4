"""A journey's arc: `a` adds a moment or a reflection, `x` takes one out, at 80x24."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.journey import JourneyScreen
from ifs_tui.app.screens.journey_pick import PickScreen
from ifs_tui.app.text import visible
from ifs_tui.core.config import Config
from tests.hostile import TERMINAL_HAZARDS, TEXTS

from .conftest import ready, text_of
from .test_journey_snapshots import INTEGRATION, JOURNEY, MOMENT, PREPARATION
from .test_snapshots import MAP

JOURNEY_ID = "20260310-spring-session"
EMPTY = (JOURNEY.replace('["the-editor", "small-one"]', "[]")
         .replace('["20260305-190000-kap-preparation"]', "[]")
         .replace('["20260312-090000-kap-integration"]', "[]")
         .replace('["20260314-081500"]', "[]"))


def write_map(folder: Path, journey: str = EMPTY) -> Path:
    for sub in ("reflections", "journeys", "moments"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "map.toml").write_text(MAP)
    (folder / "reflections" / "20260305-190000-kap-preparation.toml").write_text(PREPARATION)
    (folder / "reflections" / "20260312-090000-kap-integration.toml").write_text(INTEGRATION)
    (folder / "moments" / "20260314-081500.toml").write_text(MOMENT)
    path = folder / "journeys" / f"{JOURNEY_ID}.toml"
    path.write_text(journey)
    return path


def held(path: Path) -> dict[str, list[str]]:
    data = tomllib.loads(path.read_text())
    return {k: data[k] for k in ("parts", "preparation", "integration", "moments")}


def app_for(folder: Path) -> IfsApp:
    return IfsApp(folder, config=Config(theme="ifs-calm", welcome_seen=True))


async def open_arc(pilot) -> JourneyScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("k")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, JourneyScreen)
    return pilot.app.screen


async def pick(pilot, key: str, typed: str = "") -> PickScreen:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PickScreen)
    if typed:
        await pilot.press(*typed)
        await pilot.pause()
    return screen


def rows(screen: PickScreen) -> list[str]:
    listed = screen.query_one("#pick-list")
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def messages(app: IfsApp) -> list[str]:
    return [n.message for n in app._notifications]


async def choose(pilot, typed: bool = True) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*(["enter"] if typed else []), "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, JourneyScreen)


async def test_a_adds_a_moment_newest_first(map_folder: Path) -> None:
    path = write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "a")
        shown = rows(screen)
        assert shown[0] == "14 Mar 2026 · I paused before acting on autopilot · The Editor"
        assert shown[1:] == ["12 Mar 2026 · Integration in the days after",
                             "5 Mar 2026 · Preparing for a KAP session · The Editor"]
        await choose(pilot)
        assert held(path)["moments"] == ["20260314-081500"]
        assert held(path)["preparation"] == held(path)["parts"] == []
        assert "Added to Moments since the session." in messages(app)


async def test_a_adds_a_preparation_and_its_parts(map_folder: Path) -> None:
    path = write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "a", "Preparing")
        assert rows(screen) == ["5 Mar 2026 · Preparing for a KAP session · The Editor"]
        await choose(pilot)
        assert held(path)["preparation"] == ["20260305-190000-kap-preparation"]
        assert held(path)["parts"] == ["the-editor"]
        assert any(m.startswith("Added to Preparation") for m in messages(app))
        assert "To listen to The Editor without arguing." in text_of(
            app.screen.query_one("#arc"))


async def test_a_adds_an_integration_to_what_emerged(map_folder: Path) -> None:
    path = write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        await pick(pilot, "a", "far away")  # a word from its answer
        await choose(pilot)
        assert held(path)["integration"] == ["20260312-090000-kap-integration"]
        assert held(path)["parts"] == []
        assert "Added to What emerged." in messages(app)
        screen = await pick(pilot, "a")
        assert not any("Integration" in r for r in rows(screen))  # in it now: not offered


async def test_a_finds_by_a_parts_name(map_folder: Path) -> None:
    write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "a", "editor")
        assert len(rows(screen)) == 2 and all("The Editor" in r for r in rows(screen))


async def test_x_takes_out_and_deletes_nothing(map_folder: Path) -> None:
    path = write_map(map_folder, JOURNEY)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "x")
        assert "nothing is deleted" in text_of(screen.query_one(".hint"))
        shown = rows(screen)
        assert shown == ["Prepared for · The Editor", "Prepared for · Small One",
                         "Preparation · 5 Mar 2026 · Preparing for a KAP session",
                         "What emerged · 12 Mar 2026 · Integration in the days after",
                         "Moment · 14 Mar 2026 · I paused before acting on autopilot · "
                         "The Editor"]
        await pilot.press("down", "down")
        await choose(pilot, typed=False)
        assert held(path)["preparation"] == []
        assert held(path)["parts"] == ["the-editor", "small-one"]
        assert (map_folder / "reflections" / "20260305-190000-kap-preparation.toml").exists()
        assert "None yet" in text_of(app.screen.query_one("#arc"))


@pytest.mark.parametrize("key", ["a", "x"])
async def test_escape_changes_nothing(map_folder: Path, key: str) -> None:
    path = write_map(map_folder, JOURNEY if key == "x" else EMPTY)
    before = path.read_bytes()
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        await pick(pilot, key)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JourneyScreen)
        assert path.read_bytes() == before
        assert not any(m.startswith(("Added", "Taken")) for m in messages(app))


async def test_a_broken_journey_file_is_not_written_over(map_folder: Path) -> None:
    path = write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        await pick(pilot, "a")
        path.write_text("schema = 1\ntitle = [broken\n")  # broken meanwhile
        await choose(pilot)
        assert path.read_text() == "schema = 1\ntitle = [broken\n"
        assert any(f"{JOURNEY_ID}.toml" in m for m in messages(app))
        assert "could not be read" in text_of(app.screen.query_one("#journey-title"))


async def test_hostile_words_are_shown_as_text(map_folder: Path) -> None:
    write_map(map_folder)
    for n, text in enumerate(TEXTS):
        if "\x00" in text:
            continue  # TOML cannot hold a NUL
        shift = text.replace("\n", " ")[:200]
        (map_folder / "moments" / f"20260401-1200{n:02d}.toml").write_text(
            MOMENT.replace("2026-03-14T08:15", f"2026-04-01T12:{n:02d}")
            .replace('"I paused before acting on autopilot"', repr_toml(shift)))
    (map_folder / "reflections" / "20260401-090000-x.toml").write_text(
        PREPARATION.replace('"Preparing for a KAP session"', repr_toml(TEXTS[3]))
        .replace("2026-03-05T19:00", "2026-04-02T09:00"))
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "a")
        shown = rows(screen)
        assert shown[0] == f"2 Apr 2026 · {TEXTS[3]} · The Editor"  # markup kept as words
        joined = "\n".join(shown)
        assert not any(c in joined for c in TERMINAL_HAZARDS)
        assert visible("\u202egnitset\u202c and \u2066isolate\u2069") in joined
        await choose(pilot)  # and it can be added
        assert isinstance(app.screen, JourneyScreen)


def repr_toml(text: str) -> str:
    out = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                  for c in text)
    return f'"{out}"'


async def test_the_filter_narrows_many_moments(map_folder: Path) -> None:
    write_map(map_folder)
    for n in range(300):
        (map_folder / "moments" / f"20260401-{n // 60:02d}{n % 60:02d}00.toml").write_text(
            MOMENT.replace("2026-03-14T08:15", f"2026-04-01T{n // 60:02d}:{n % 60:02d}")
            .replace("Paused before sending an email twice.", f"Moment number {n} here."))
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "a")
        assert len(rows(screen)) == 50
        assert text_of(screen.query_one("#pick-count")).strip() == "253 more: type to narrow"
        await pilot.press(*"number 123 ")
        await pilot.pause()
        assert len(rows(screen)) == 1
        assert text_of(screen.query_one("#pick-count")).strip() == ""
        await pilot.press(*"zzz")
        await pilot.pause()
        assert rows(screen) == []
        assert "Nothing here" in text_of(screen.query_one("#pick-count"))


async def test_help_and_the_empty_arc_name_a_and_x(map_folder: Path) -> None:
    write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        assert "a adds one here" in " ".join(text_of(app.screen.query_one("#arc")).split())
        await pilot.press("f1")
        await pilot.pause()
        shown = " ".join(" ".join(text_of(w) for w in app.screen.query("Static")).split())
        assert "Add a moment or a reflection to this journey" in shown
        assert "Take something out of this journey (nothing is deleted)" in shown


async def test_x_takes_out_an_id_no_longer_in_the_map(map_folder: Path) -> None:
    path = write_map(map_folder, EMPTY.replace("moments = []", 'moments = ["20250101-000000"]'))
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "x")
        assert rows(screen) == ["Moment · 20250101-000000 (no longer in the map)"]
        await choose(pilot, typed=False)
        assert held(path)["moments"] == []
        assert "Taken out of this journey; nothing was deleted." in messages(app)


async def test_down_from_the_filter_goes_into_the_list(map_folder: Path) -> None:
    write_map(map_folder)
    app = app_for(map_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_arc(pilot)
        screen = await pick(pilot, "a")
        await pilot.press("down")
        assert screen.focused is screen.query_one("#pick-list")
