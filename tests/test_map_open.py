"""A map open in the app is not renamed or removed from under it (issue 14 trials)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from ifs_tui.core import map_open, maps
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.maps import MapsPlace


@pytest.fixture
def place(hermetic: Path) -> MapsPlace:
    place = MapsPlace(hermetic)
    maps.create_map(place, "mine", "Mine")
    return place


def marked_by(folder: Path, pid: int, host: str | None = None) -> Path:
    cache = folder / ".cache"
    cache.mkdir(exist_ok=True)
    mark = cache / f"{map_open.PREFIX}{pid}"
    mark.write_text(platform.node() if host is None else host, encoding="utf-8")
    return mark


def gone_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_an_app_elsewhere_keeps_its_map_from_rename_and_remove(place: MapsPlace) -> None:
    folder = place.maps / "mine"
    marked_by(folder, os.getppid())  # a live process on this machine: "another app"
    with pytest.raises(InvalidInput, match=r"'mine' is open in the ifs-tui app .*then rename"):
        maps.rename_map(place, "mine", "ours")
    with pytest.raises(InvalidInput, match="then remove it"):
        maps.archive_map(place, "mine")
    assert (folder / "map.toml").is_file()
    maps.copy_map(place, "mine", "a-copy")  # a copy takes nothing from it
    assert not list((place.maps / "a-copy").glob(".cache/open-*"))


def test_marks_of_stopped_apps_other_machines_and_this_process_do_not_hold(
        place: MapsPlace) -> None:
    folder = place.maps / "mine"
    stale = marked_by(folder, gone_pid())  # an app killed hard
    marked_by(folder, os.getppid(), host="another-laptop")  # a synced folder's mark
    map_open.mark(folder)  # this very process (the app renaming its own map)
    assert map_open.open_elsewhere(folder) is None
    assert not stale.exists()  # tidied away
    maps.rename_map(place, "mine", "ours")
    map_open.unmark(place.maps / "ours")
    assert not (place.maps / "ours" / ".cache" / f"open-{os.getpid()}").exists()


def test_odd_marks_are_passed_over(place: MapsPlace) -> None:
    cache = place.maps / "mine" / ".cache"
    cache.mkdir()
    os.mkfifo(cache / f"open-{os.getppid()}")  # never opened: it would wait
    (cache / "open-notanumber").write_text(platform.node())
    (cache / f"open-{os.getppid() + 0}x").write_text(platform.node())
    assert map_open.open_elsewhere(place.maps / "mine") is None


def test_the_cli_says_so_and_exits_1(cli, place: MapsPlace) -> None:  # type: ignore[no-untyped-def]
    marked_by(place.maps / "mine", os.getppid())
    run = cli("maps", "remove", "mine", "--yes")
    assert run.exit_code == 1 and "is open in the ifs-tui app" in run.stderr
    assert (place.maps / "mine" / "map.toml").is_file()
