"""A short run of scripts/crash_harness.py, and proof that its checks can fail."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "crash_harness.py"


@pytest.fixture(scope="module")
def harness():
    # scripts/ is not a package: load the file itself, as `python scripts/...` runs it.
    spec = importlib.util.spec_from_file_location("crash_harness", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_harness"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_twenty_kills_on_a_plain_map_lose_nothing(harness, tmp_path: Path) -> None:
    summary = harness.run(tmp_path / "map", kills=20, seed=15, max_delay=0.15)
    assert summary.problems == []
    assert summary.kills == 20
    assert summary.writes > 20  # the child really saved between kills
    assert list((tmp_path / "map" / "reflections").glob("*.toml"))


def _settled(harness, folder: Path):
    """A map, and the harness's state after one child ran and was killed."""
    summary = harness.run(folder, kills=1, seed=7, max_delay=0.1)
    assert summary.problems == []
    return summary.state


def test_a_torn_or_foreign_map_file_is_reported(harness, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    state = _settled(harness, folder)
    whole = (folder / "map.toml").read_bytes()
    # Half of it, in a new file: .history/ may hold a link to this very one (a kill
    # after the history copy, before the new version replaced the file).
    (folder / "map.toml").unlink()
    # Ended by a line no TOML allows: a cut at a line's end alone could still load.
    (folder / "map.toml").write_bytes(whole[: len(whole) // 2] + b"\n= torn [\n")
    found = harness.check(folder, state, {}, False, harness.Summary())
    assert found == ["map.toml: holds neither its last saved version nor the one being "
                     "written"]
    assert any("map.toml does not load" in p for p in harness.loads(folder))


def test_the_version_being_written_is_accepted_and_counted(harness, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    state = _settled(harness, folder)
    new = (folder / "map.toml").read_bytes() + b"\n# a save killed after its replace\n"
    (folder / "map.toml").unlink()
    (folder / "map.toml").write_bytes(new)
    h = harness.digest(new)
    summary = harness.Summary()
    assert harness.check(folder, state, {"map.toml": (h, h)}, False, summary) == []
    assert summary.new_landed == 1
    assert state.done["map.toml"] == (h, h)  # from now on that is the saved version


def test_a_history_copy_no_save_made_is_reported(harness, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    state = _settled(harness, folder)
    (folder / ".history").mkdir(exist_ok=True)
    (folder / ".history" / "map-20260101T000000.000000Z.toml").write_bytes(b"title = 'x'\n")
    found = harness.check(folder, state, {}, False, harness.Summary())
    assert found == [".history/map-20260101T000000.000000Z.toml: not a version map.toml held"]


def test_a_temp_file_the_next_open_leaves_is_reported(harness, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    _settled(harness, folder)
    (folder / "reflections" / ".x.toml.abc.ifs-tmp").write_bytes(b"half")  # removed
    deep = folder / "reflections" / "inner"
    deep.mkdir()
    (deep / ".y.toml.abc.ifs-tmp").write_bytes(b"half")  # deeper than an open looks
    assert harness.loads(folder) == [
        "reflections/inner/.y.toml.abc.ifs-tmp: a temp file left after the next open"]
    assert not (folder / "reflections" / ".x.toml.abc.ifs-tmp").exists()


def test_twenty_kills_on_an_encrypted_map_lose_nothing_and_leak_nothing(
        harness, tmp_path: Path) -> None:
    summary = harness.run(tmp_path / "map", kills=20, seed=15, encrypted=True,
                          max_delay=0.15)
    assert summary.problems == []
    assert summary.kills == 20 and summary.writes > 20
    assert (tmp_path / "map" / "encryption.toml").is_file()
    assert harness.plaintext_on_disk(tmp_path / "map") == []


def test_a_plain_file_in_an_encrypted_map_is_reported(harness, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    harness.run(folder, kills=1, seed=7, encrypted=True, max_delay=0.1)
    (folder / "reflections" / "left-plain.toml").write_text("answer = 'private'\n")
    (folder / ".cache" / ".map.json.0a1b.ifs-tmp").write_bytes(b"")  # a kill, then nothing
    (folder / ".cache" / ".map.json.0a1c.ifs-tmp").write_bytes(b"ifs-tui se")  # cut short
    assert harness.plaintext_on_disk(folder) == [
        "reflections/left-plain.toml: not sealed (plain text on disk)"]


def test_a_child_that_stops_by_itself_is_reported(harness, tmp_path: Path) -> None:
    # A child that ends with an error before it is ready (as a broken import would).
    failing = tmp_path / "failing-python"
    failing.write_text("#!/bin/sh\necho 'an error' >&2\nexit 3\n")
    failing.chmod(0o700)
    summary = harness.run(tmp_path / "map", kills=3, seed=7, max_delay=0.1,
                          python=str(failing))
    assert summary.problems == [
        "kill 1: the child stopped by itself (exit 3); its error is above"]
    assert summary.kills == 0
