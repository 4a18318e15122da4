"""The map's title and Self's notes: changed through the core, saved atomically."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import services
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.storage import MapStore
from tests.hostile import NAMES


def load(folder: Path) -> dict:
    return tomllib.loads((folder / "map.toml").read_text())


def test_init_title_on_an_existing_map_changes_only_the_title(cli, map_folder: Path) -> None:
    assert cli("init", "--title", "Mine").exit_code == 0
    assert cli("part", "add", "Inner Critic").exit_code == 0
    run = cli("init", "--title", "Evenings")
    assert run.exit_code == 0 and '"Evenings"' in run.stdout
    data = load(map_folder)
    assert data["title"] == "Evenings"
    assert [p["name"] for p in data["parts"]] == ["Inner Critic"]
    assert list((map_folder / ".history").iterdir())  # the old version was kept
    run = cli("init", "--title", "Evenings")
    assert run.exit_code == 0 and "nothing was changed" in run.stdout


def test_init_title_refuses_two_lines(cli, map_folder: Path) -> None:
    assert cli("init", "--title", "Mine").exit_code == 0
    run = cli("init", "--title", "one\ntwo")
    assert run.exit_code == 1 and "one line" in run.stderr
    assert load(map_folder)["title"] == "Mine"


@pytest.mark.parametrize("name", NAMES)
def test_any_name_can_be_a_title_or_is_refused_plainly(tmp_path: Path, name: str) -> None:
    store = MapStore(tmp_path / "m")
    pmap = store.create("")
    try:
        changed = services.set_title(pmap, name)
    except InvalidInput:
        return
    store.save(pmap)
    assert MapStore(tmp_path / "m").load().title == pmap.title
    assert changed == bool(pmap.title)


def test_self_notes_keep_their_lines(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "m")
    pmap = store.create("")
    assert services.set_self_notes(pmap, "calm on walks\n\n  and by the sea\n")
    store.save(pmap)
    assert MapStore(tmp_path / "m").load().self_notes.notes == "calm on walks\n\n  and by the sea"
    assert not services.set_self_notes(pmap, "calm on walks\n\n  and by the sea")
