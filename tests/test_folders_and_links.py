"""`init` only starts a map in a new, empty or ifs-only folder; links are never written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ifs_tui.core.atomic import FolderLock, LinkRefused, atomic_write
from ifs_tui.core.storage import MapStore
from tests.helpers import snapshot_tree


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- init ------------------------------------------------------------------------


def test_init_refuses_a_folder_that_holds_other_files(cli, tmp_path) -> None:
    folder = tmp_path / "somewhere"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("someone else's")
    before = listing(folder)
    run = cli("--map", str(folder), "init")
    assert run.exit_code == 1, run
    assert run.stderr.startswith(f"ifs: {folder} already holds 2 other files and no map")
    assert listing(folder) == before


def test_init_refuses_a_file(cli, tmp_path) -> None:
    path = tmp_path / "a-file"
    path.write_text("x")
    run = cli("--map", str(path), "init")
    assert run.exit_code == 1 and "is a file, not a folder" in run.stderr


@pytest.mark.parametrize("entries", [[], [".git/"], [".stfolder/"]])
def test_init_accepts_an_empty_folder_or_one_with_tool_markers(cli, tmp_path, entries) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    for entry in entries:
        (folder / entry).mkdir()
    assert cli("--map", str(folder), "init").exit_code == 0
    assert (folder / "map.toml").is_file()


def test_init_keeps_reflections_of_a_map_whose_map_toml_is_missing(cli, tmp_path) -> None:
    folder = tmp_path / "partial"
    (folder / "reflections").mkdir(parents=True)
    (folder / "reflections" / "r.toml").write_text("schema = 1\n")
    run = cli("--map", str(folder), "init")
    assert run.exit_code == 0, run
    assert "kept: reflections" in run.stdout
    assert (folder / "reflections" / "r.toml").read_text() == "schema = 1\n"


def test_init_points_to_history_when_map_toml_went_missing(cli, tmp_path) -> None:
    folder = tmp_path / "lost"
    (folder / ".history").mkdir(parents=True)
    (folder / ".history" / "map-20261101T100000.000000Z.toml").write_text("schema = 1\n")
    run = cli("--map", str(folder), "init")
    assert run.exit_code == 1 and ".history" in run.stderr and "copy the newest" in run.stderr
    assert not (folder / "map.toml").exists()


# --- links ------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def test_a_linked_map_toml_is_refused_and_stays_a_link(cli, map_folder, outside) -> None:
    cli("init")
    cli("part", "add", "A")
    real = outside / "map.toml"
    os.replace(map_folder / "map.toml", real)
    (map_folder / "map.toml").symlink_to(real)
    before = real.read_bytes()
    history = listing(map_folder / ".history")
    assert cli("part", "list").exit_code == 0  # reading through the link is fine
    run = cli("part", "add", "B")
    assert run.exit_code == 1, run
    assert f"{map_folder / 'map.toml'} is a symbolic link" in run.stderr
    assert run.stderr.count("\n") == 1
    assert (map_folder / "map.toml").is_symlink() and real.read_bytes() == before
    assert listing(map_folder / ".history") == history  # no copy of a save that did not happen
    run = cli("check")
    assert run.exit_code == 1 and "map.toml: is a symbolic link" in run.stdout


def test_a_linked_lock_is_never_opened_or_created(cli, map_folder, outside) -> None:
    cli("init")
    (map_folder / ".lock").unlink(missing_ok=True)
    target = outside / "made-by-the-link"  # does not exist: O_CREAT would make it
    (map_folder / ".lock").symlink_to(target)
    run = cli("part", "add", "A")
    assert run.exit_code == 1 and ".lock is a symbolic link" in run.stderr
    assert not target.exists()


def test_a_linked_history_folder_gets_no_copy(cli, map_folder, outside) -> None:
    cli("init")
    (map_folder / ".history").mkdir(exist_ok=True)
    (map_folder / ".history").rmdir()
    (map_folder / ".history").symlink_to(outside, target_is_directory=True)
    before = snapshot_tree(map_folder / "reflections")
    run = cli("part", "add", "A")
    assert run.exit_code == 1 and ".history is a symbolic link" in run.stderr
    assert list(outside.iterdir()) == []
    assert snapshot_tree(map_folder / "reflections") == before
    assert "A" not in (map_folder / "map.toml").read_text()


def test_atomic_write_refuses_a_link_in_the_file_or_a_folder_below_the_root(tmp_path,
                                                                           outside) -> None:
    root = tmp_path / "map"
    root.mkdir()
    (root / "reflections").symlink_to(outside, target_is_directory=True)
    with pytest.raises(LinkRefused, match="reflections is a symbolic link"):
        atomic_write(root / "reflections" / "r.toml", b"x", root=root)
    assert list(outside.iterdir()) == []
    (root / "file").symlink_to(outside / "target")
    with pytest.raises(LinkRefused):
        atomic_write(root / "file", b"x")  # no root: the file itself is still checked
    assert (root / "file").is_symlink() and not (outside / "target").exists()
    atomic_write(root / "plain", b"ok", root=root)
    assert (root / "plain").read_bytes() == b"ok"


def test_a_map_folder_that_is_itself_a_link_works(cli, tmp_path, outside) -> None:
    link = tmp_path / "linked-map"
    link.symlink_to(outside, target_is_directory=True)
    assert cli("--map", str(link), "init").exit_code == 0
    assert cli("--map", str(link), "part", "add", "A").exit_code == 0
    assert MapStore(outside).load().parts[0].name == "A"


def test_export_over_a_link_is_refused(cli, tmp_path, outside) -> None:
    cli("init")
    target = outside / "precious.txt"
    target.write_text("keep")
    link = tmp_path / "out.md"
    link.symlink_to(target)
    run = cli("export", "-f", "markdown", "-o", str(link), "--force")
    assert run.exit_code == 1 and "symbolic link" in run.stderr
    assert link.is_symlink() and target.read_text() == "keep"


def test_folder_lock_still_works_on_a_plain_file(tmp_path) -> None:
    lock = FolderLock(tmp_path / ".lock")
    with lock.held(), lock.held():
        assert (tmp_path / ".lock").is_file()


def test_a_linked_settings_file_is_refused_without_talking_of_maps(tmp_path, outside) -> None:
    from ifs_tui.core.config import Config, config_file, save_config

    target = outside / "config.toml"
    target.write_text("theme = 'ifs-calm'\n")
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().symlink_to(target)
    with pytest.raises(OSError) as err:
        save_config(Config(welcome_seen=True))
    assert "is a symbolic link" in str(err.value) and "--map" not in str(err.value)
    assert target.read_text() == "theme = 'ifs-calm'\n"
