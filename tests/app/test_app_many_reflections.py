"""Pilot tests: a map with a year of reflections. The app lists them through the index,
the journal shows a window of rows, and filter and search find old ones."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from benchmarks.gen import make_map
from textual.widgets import DataTable, Input, OptionList, Static

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.journal import UNREADABLE, WINDOW, JournalScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.search import SearchScreen
from ifs_tui.app.screens.walk import PackPickerScreen
from ifs_tui.core import reflect_index, reflections
from ifs_tui.core.config import Config
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore

from .conftest import ready, settled, text_of

pytestmark = pytest.mark.usefixtures("index_settled")

COUNT = 450  # more than two windows of rows
OLD_WORD = "lighthouse"  # in the oldest reflection only: far outside the first window
TITLE = "Evening harbour walk"  # a pack title only one reflection has
GARDENER = "Watchful Gardener"  # part-7's name on this map


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_map(tmp_path_factory.mktemp("year") / "map", 12, COUNT)
    store = MapStore(folder)
    pmap = store.load()
    pmap.part("part-7").name = GARDENER  # type: ignore[union-attr]
    store.save(pmap)
    when = datetime(2022, 6, 1, 9, 0, tzinfo=UTC)  # before every generated one
    reflections.save(store, Reflection(
        id="20220601-090000-old", pack="trailhead", pack_title="After a hard moment",
        started=when, updated=when, status="finished", answers=[
            Answer(step="where", kind="text", ask="Where were you?",
                   value=f"At the {OLD_WORD.upper()} on the\npier")]))
    reflections.save(store, Reflection(
        id="20220602-090000-harbour", pack="own-pack", pack_title=TITLE,
        started=when.replace(day=2), updated=when.replace(day=2), status="finished"))
    shutil.rmtree(folder / ".cache", ignore_errors=True)  # each test starts without one
    # Written long ago, as a year of files is: not "just changed" to the index.
    an_hour_ago = time.time() - 3600
    for path in (folder / "reflections").iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    return folder


@pytest.fixture
def folder(year: Path, map_folder: Path) -> Path:
    map_folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(year, map_folder)
    return map_folder


@pytest.fixture
def make(folder: Path) -> Callable[[], IfsApp]:
    return lambda: IfsApp(folder, config=Config(welcome_seen=True))


def shown_ids(journal: JournalScreen) -> list[str]:
    table = journal.query_one(DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def open_journal(pilot) -> JournalScreen:  # type: ignore[no-untyped-def]
    await pilot.press("j")
    await settled(pilot)
    assert isinstance(pilot.app.screen, JournalScreen)
    return pilot.app.screen


async def filter_by(pilot, journal: JournalScreen, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    journal.query_one("#journal-filter", Input).value = words
    await settled(pilot)
    return shown_ids(journal)


def ids_of_part(folder: Path, part_id: str) -> set[str]:
    headers, _ = reflect_index.listing(MapStore(folder))
    return {h.id for h in headers if h.part == part_id}


async def test_start_reads_the_index_not_every_file(
        folder: Path, make: Callable[[], IfsApp], monkeypatch: pytest.MonkeyPatch) -> None:
    reflect_index.listing(MapStore(folder))  # the index is there, as after an earlier start
    parsed: list[str] = []
    real_parse = reflections.parse

    def counting(raw: bytes, rec_id: str, file: str) -> Reflection:
        parsed.append(rec_id)
        return real_parse(raw, rec_id, file)

    monkeypatch.setattr(reflections, "parse", counting)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(app.headers) == COUNT + 2 and app.unreadable == []
        assert parsed == []  # nothing changed since the index last looked


async def test_journal_shows_a_window_and_says_how_many_more(
        make: Callable[[], IfsApp]) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        journal = await open_journal(pilot)
        table = journal.query_one(DataTable)
        assert table.row_count == WINDOW
        # A few tables' worth (10 rows here; a tall terminal's table is still full),
        # not hundreds: each row costs time to add and measure when the journal opens.
        assert table.size.height < WINDOW <= 6 * table.size.height
        newest = [h.id for h in reversed(app.headers)][:WINDOW]
        assert shown_ids(journal) == newest
        count = text_of(journal.query_one("#journal-count", Static))
        assert f"{WINDOW} of {COUNT + 2} shown, newest first" in count
        assert "move down for more, or / to narrow" in count
        table.move_cursor(row=table.row_count - 1)  # down to the last row: older ones come
        await pilot.pause()
        assert table.row_count == 2 * WINDOW
        while table.row_count < COUNT + 2:  # each visit to the last row adds a window
            before = table.row_count
            table.move_cursor(row=table.row_count - 1)
            await pilot.pause()
            assert table.row_count == min(COUNT + 2, before + WINDOW)
        assert shown_ids(journal)[-1] == "20220601-090000-old"
        assert f"{COUNT + 2:,} reflections." in text_of(journal.query_one("#journal-count"))


async def test_filter_finds_by_answer_word_pack_title_and_part_name(
        folder: Path, make: Callable[[], IfsApp]) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        journal = await open_journal(pilot)
        # Any case, and spaces as typed do not matter; the reading pane reads that file.
        assert await filter_by(pilot, journal, "  lightHOUSE   on the ") == [
            "20220601-090000-old"]
        assert "pier" in text_of(journal.query_one("#reading"))
        assert await filter_by(pilot, journal, "harbour WALK") == ["20220602-090000-harbour"]
        found = await filter_by(pilot, journal, "gardener")
        assert found and set(found) == ids_of_part(folder, "part-7")
        assert await filter_by(pilot, journal, "no such words anywhere") == []
        assert "Nothing matches" in text_of(journal.query_one("#reading"))
        assert len(await filter_by(pilot, journal, "")) == WINDOW  # all again


async def test_typing_a_filter_key_by_key_shows_the_last_text(
        make: Callable[[], IfsApp]) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        journal = await open_journal(pilot)
        await pilot.press("slash", *"lighth")
        await settled(pilot)
        assert shown_ids(journal) == ["20220601-090000-old"]
        assert journal.needle == "lighth"


async def test_search_finds_an_old_reflection_and_opens_it_in_the_journal(
        make: Callable[[], IfsApp]) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *OLD_WORD)
        await settled(pilot)
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert ids == ["reflection:20220601-090000-old"]
        await pilot.press("enter", "enter")  # to the results, then open it
        await settled(pilot)
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        table = journal.query_one(DataTable)
        # The oldest one, far below the rows shown: found through the search words in
        # the filter, not by adding every row down to it; the cursor is on it.
        assert journal.query_one("#journal-filter", Input).value == OLD_WORD
        assert shown_ids(journal) == ["20220601-090000-old"]
        assert shown_ids(journal)[table.cursor_row] == "20220601-090000-old"
        assert "pier" in text_of(journal.query_one("#reading"))


async def test_a_reflection_added_or_edited_by_hand_shows_when_the_journal_reopens(
        folder: Path, make: Callable[[], IfsApp]) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        journal = await open_journal(pilot)
        await pilot.press("escape")
        await pilot.pause()
        # Another terminal writes one; an editor changes an old one's answer.
        when = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
        reflections.save(MapStore(folder), Reflection(
            id="20300101-080000-new", pack="own-pack", pack_title="Written elsewhere",
            started=when, updated=when, status="finished"))
        old = folder / "reflections" / "20220601-090000-old.toml"
        old.write_text(old.read_text().replace("pier", "quay at dusk, cormorants"))
        journal = await open_journal(pilot)
        assert shown_ids(journal)[0] == "20300101-080000-new"
        assert await filter_by(pilot, journal, "cormorants") == ["20220601-090000-old"]
        assert "cormorants" in text_of(journal.query_one("#reading"))


async def test_unreadable_files_are_listed_first_above_the_window(
        folder: Path, make: Callable[[], IfsApp]) -> None:
    (folder / "reflections" / "zz-broken.toml").write_text("answers = [ not toml")
    (folder / "reflections" / "aa-broken.toml").write_text("schema = 1\nstatus = 3\n")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        journal = await open_journal(pilot)
        ids = shown_ids(journal)
        assert [Path(i.removeprefix(UNREADABLE)).name for i in ids[:2]] == [
            "aa-broken.toml", "zz-broken.toml"]
        assert len(ids) == WINDOW + 2 and not any(i.startswith(UNREADABLE) for i in ids[2:])
        assert journal.query_one(DataTable).cursor_row == 2  # the newest that can be read


async def test_the_picker_offers_the_newest_few_to_go_on_with(
        folder: Path, make: Callable[[], IfsApp]) -> None:
    headers, _ = reflect_index.listing(MapStore(folder))
    waiting = [h.id for h in reversed(headers) if h.status != "finished"]
    assert len(waiting) > 5  # the generated year has many begun and not finished
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PackPickerScreen)
        packs = app.screen.query_one("#packs", OptionList)
        ids = [packs.get_option_at_index(i).id or "" for i in range(packs.option_count)]
        resumable = [i.removeprefix("resume:") for i in ids if i.startswith("resume:")]
        assert resumable == waiting[:5]
        more = packs.get_option("more-waiting")
        assert more.disabled and f"{len(waiting) - 5:,} more are kept" in str(more.prompt)


async def test_part_details_list_the_reflections_about_it_or_that_changed_it(
        store: MapStore, make_app: Callable[..., IfsApp]) -> None:
    when = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    reflections.save(store, Reflection(
        id="20260301-about", pack="own-pack", pack_title="About the critic", started=when,
        updated=when, status="finished", part="inner-critic"))
    reflections.save(store, Reflection(
        id="20260302-grew", pack="own-pack", pack_title="Grew its fears",
        started=when.replace(day=2), updated=when.replace(day=2), status="stopped",
        answers=[Answer(step="fear", kind="text", ask="What does it fear?",
                        value="being late", added_to="inner-critic.fears")]))
    reflections.save(store, Reflection(
        id="20260303-other", pack="own-pack", pack_title="Another part's walk",
        started=when.replace(day=3), updated=when.replace(day=3), part="little-one"))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        details = text_of(app.screen.query_one("#details"))
        assert "2026-03-01 About the critic (finished)" in details
        assert "2026-03-02 Grew its fears (stopped)" in details
        assert "Another part's walk" not in details


async def test_reopening_the_journal_lists_again_only_when_something_changed(
        folder: Path, make: Callable[[], IfsApp], monkeypatch: pytest.MonkeyPatch) -> None:
    reflect_index.listing(MapStore(folder))  # an index from an earlier start
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        listings: list[int] = []
        real_listing = reflect_index.listing

        def counting(store: MapStore, newest: int | None = None):  # type: ignore[no-untyped-def]
            listings.append(1)
            return real_listing(store, newest)

        monkeypatch.setattr(reflect_index, "listing", counting)
        await open_journal(pilot)
        await pilot.press("escape")
        assert listings == []  # nothing changed: a stat per file, no listing
        # `ifs reflect` in another terminal files one and updates the index itself.
        when = datetime(2030, 2, 1, 8, 0, tzinfo=UTC)
        reflections.save(MapStore(folder), Reflection(
            id="20300201-080000-elsewhere", pack="own-pack", pack_title="From elsewhere",
            started=when, updated=when, status="finished"))
        real_listing(MapStore(folder))
        journal = await open_journal(pilot)
        assert shown_ids(journal)[0] == "20300201-080000-elsewhere"
        assert listings == [1]


async def test_opening_the_journal_reads_the_newest_file_once(
        make: Callable[[], IfsApp], monkeypatch: pytest.MonkeyPatch) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        loaded: list[str] = []
        real = reflections.load

        def counting(store: MapStore, rec_id: str) -> Reflection:
            loaded.append(rec_id)
            return real(store, rec_id)

        monkeypatch.setattr(reflections, "load", counting)
        journal = await open_journal(pilot)
        newest = app.headers[-1]
        assert loaded == [newest.id]  # shown once, not again when its row lights up
        assert newest.pack_title in text_of(journal.query_one("#reading"))
        await pilot.press("down")  # the next one is read as the cursor reaches it
        await pilot.pause()
        assert loaded == [newest.id, app.headers[-2].id]


async def test_home_and_end_go_to_the_newest_and_the_oldest_reflection(
        make: Callable[[], IfsApp]) -> None:
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        journal = await open_journal(pilot)
        table = journal.query_one(DataTable)
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == COUNT + 2  # every row, asked for once
        assert table.cursor_row == COUNT + 1
        assert "At the" in text_of(journal.query_one("#reading"))  # the oldest one, read
        assert f"{COUNT + 2:,} reflections." in text_of(journal.query_one("#journal-count"))
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert shown_ids(journal)[0] == app.headers[-1].id


async def test_part_details_say_how_many_reflections_are_not_listed(
        folder: Path, make: Callable[[], IfsApp]) -> None:
    about = ids_of_part(folder, "part-3")
    assert len(about) > 8  # the generated year names this part often
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.screen.select("part-3")
        await pilot.pause()
        details = " ".join(text_of(app.screen.query_one("#details")).split())
        assert f"The newest 8 of {len(about):,}." in details
        assert "The journal (j) lists them all" in details
