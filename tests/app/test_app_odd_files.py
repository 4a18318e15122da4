"""Pilot tests: the app opens beside odd reflection files, and explains a map it cannot read."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ifs_tui.app.screens.broken import BrokenMapScreen
from ifs_tui.app.screens.journal import JournalScreen
from ifs_tui.app.screens.main import MainScreen
from tests.oddfiles import BROKEN, NAIVE, good, refuse

from .conftest import ready, text_of

# A file name that is markup, too: shown as typed, never run.
ODD_NAME = "bad-[b]-[@click=app.quit].toml"


def notes(app, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications if words in str(n.message)]


async def test_odd_reflections_leave_the_app_open_and_are_listed(store, make_app) -> None:
    folder = store.folder / "reflections"
    (folder / "2026-good.toml").write_text(good())
    (folder / "2026-naive.toml").write_text(NAIVE)
    (folder / "bad-answers.toml").write_text(BROKEN["answers-text"][0])
    (folder / ODD_NAME).write_text(BROKEN["answer-table"][0])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert notes(app, "reflection files") == [
            "2 reflection files could not be read; the journal (j) lists which and why. "
            "The others are fine."]
        await pilot.press("j")
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        table = journal.query_one("#journal-table", DataTable)
        assert table.row_count == 4
        assert "tired" in text_of(journal.query_one("#reading"))  # the newest good one
        assert table.cursor_row == 2  # on the newest good one; the unreadable ones above
        table.move_cursor(row=0)  # unreadable files first, by name
        await pilot.pause()
        reading = text_of(journal.query_one("#reading"))
        assert ODD_NAME in reading and "could not be read" in reading
        await pilot.press("g")  # cannot go on with a file that cannot be read
        await pilot.pause()
        assert app.screen is journal and app.is_running
        assert notes(app, "cannot be resumed")
        app.reload_map()  # reloading keeps the list, and does not warn again
        await pilot.pause()
        assert len(app.unreadable) == 2 and len(notes(app, "reflection files")) == 1


@pytest.mark.parametrize("how", ["folder", "denied"])
async def test_a_map_that_cannot_be_read_is_explained(store, make_app, monkeypatch,  # type: ignore[no-untyped-def]
                                                      how: str) -> None:
    path = store.folder / "map.toml"
    if how == "folder":
        path.rename(store.folder / "aside.toml")
        path.mkdir()
        words = "it is a folder where a file should be; move the folder aside"
    else:
        refuse(monkeypatch, path, errno.EACCES)
        words = "permission denied; check its owner and mode"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, BrokenMapScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(".problem"))
        assert f"cannot read {path}: {words}" in shown
        await pilot.press("q")
        await pilot.pause()
    assert Path(path).exists()
    assert app.return_code == 1  # the map was not opened: `ifs` says so by its exit code


async def test_journal_reads_the_folder_again_when_opened(store, make_app) -> None:
    """A folder that changed after the app started (a file that broke, a new one from
    `ifs reflect` in another terminal) is shown as it is now, never as 'No reflections'."""
    folder = store.folder / "reflections"
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        (folder / "2026-good.toml").write_text(good())
        # A file name holding a title-setting escape and a bidi override: shown, never sent.
        odd = "20260601-\x1b]2;PWNED\x07\u202e.toml"
        (folder / odd).write_text("x = [")
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        table = journal.query_one("#journal-table", DataTable)
        assert table.row_count == 2
        cells = [str(c) for c in table.get_row_at(0)]
        assert "\x1b" not in "".join(cells) and "<U+001B>]2;PWNED<U+0007><U+202E>" in cells[1]
        table.move_cursor(row=0)
        await pilot.pause()
        reading = text_of(journal.query_one("#reading"))
        assert "\x1b" not in reading and "\u202e" not in reading and "PWNED" in reading


async def test_journal_says_when_the_reflections_folder_cannot_be_read(store, make_app) -> None:
    folder = store.folder / "reflections"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        folder.rmdir()
        folder.write_text("not a folder")
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        reading = text_of(app.screen.query_one("#reading"))
        assert "No reflections yet" not in reading
        assert "could not be read" in reading


async def test_a_bad_keymap_entry_is_left_out_and_named(store, map_folder: Path) -> None:
    from ifs_tui.app.app import IfsApp
    from ifs_tui.app.screens.part_form import PartFormScreen
    from ifs_tui.core.config import Config

    config = Config(welcome_seen=True, theme="no-such-theme",
                    keymap={"app.quit": "ctrl+", "part.add": "ctrl+n", "nope.nothing": "x"})
    app = IfsApp(map_folder, config=config)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "'app.quit' = 'ctrl+' is not a key" in said
        assert "'nope.nothing' is not a key binding" in said
        assert "no theme 'no-such-theme'" in said and app.theme == "ifs-calm"
        await pilot.press("ctrl+n")  # the good entry is used
        await pilot.pause()
        assert isinstance(app.screen, PartFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")  # the bad one left quit where it was
        await pilot.pause()
    assert app.return_code == 0


async def test_journal_fits_80_columns_with_long_names(store, make_app) -> None:
    folder = store.folder / "reflections"
    long_title = "A pack title far longer than any column could hold " * 3
    (folder / "2026-long.toml").write_text(
        good().replace('pack_title = ', f'pack_title = "{long_title}"\nold_title = ', 1))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#journal-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = text_of(table)
        assert "…" in shown and "2026-03-03 10:00" in shown
        status = str(table.get_row_at(0)[3])
        assert status in shown  # the status is never cut
