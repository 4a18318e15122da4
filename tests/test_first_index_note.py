"""A first index of many reflections: one calm line first, on a terminal only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from benchmarks.gen import make_map

from ifs_tui.cli.journal import FIRST_READ_NOTE
from ifs_tui.core import reflect_index
from ifs_tui.core.storage import MapStore
from tests.helpers import on_pty

NOTE = "once to index them; next time is quick."


@pytest.fixture
def many(map_folder: Path) -> Path:
    return make_map(map_folder, 4, FIRST_READ_NOTE + 5)


def on_terminal(args: list[str]) -> str:
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "dumb"}
    code, seen = on_pty(args, env, columns=100, answer=b"/stop\n", when=b"/help")
    assert code == 0, seen
    return seen.decode("utf-8")


def test_files_to_read_counts_only_before_a_build(many: Path) -> None:
    assert reflect_index.files_to_read(many) == FIRST_READ_NOTE + 5
    reflect_index.listing(MapStore(many))
    assert reflect_index.files_to_read(many) == 0  # built: nothing to say
    index = reflect_index.index_file(MapStore(many))
    con = sqlite3.connect(index)
    con.execute(f"PRAGMA user_version = {reflect_index.VERSION - 1}")  # an older one's
    con.close()
    assert reflect_index.files_to_read(many) == FIRST_READ_NOTE + 5
    index.write_bytes(b"")  # empty: built again
    assert reflect_index.files_to_read(many) == FIRST_READ_NOTE + 5


def test_a_small_journal_is_not_worth_a_word(map_folder: Path) -> None:
    make_map(map_folder, 4, FIRST_READ_NOTE)
    assert NOTE not in on_terminal(["journal", "list", "-n", "1"])


@pytest.mark.parametrize("args", [["journal", "list", "-n", "2"], ["check"],
                                  ["reflect", "--resume"]])
def test_the_first_reading_is_said_once_on_a_terminal(cli, many: Path, args: list[str]) -> None:
    assert cli("reflect", "unblending-check-in", input="\nstill here\n/stop\n").exit_code == 0
    reflect_index.index_file(MapStore(many)).unlink()
    seen = on_terminal(args)
    assert f"Reading {FIRST_READ_NOTE + 6} reflections {NOTE}" in seen
    assert NOTE not in on_terminal(args)  # next time: quick, and quiet


def test_into_a_pipe_nothing_more_is_said(cli, many: Path) -> None:
    run = cli("journal", "list", "-n", "1")
    assert run.exit_code == 0 and NOTE not in run.stdout + run.stderr
