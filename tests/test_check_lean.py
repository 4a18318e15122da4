"""`ifs check` does only the work its answer needs (issue 12): the person's and the map's
packs are checked, the built-in ones are not parsed again; leftover temporary files are
found wherever they are; a file with an out-of-range stat value does not break the index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ifs_tui.core import check, packs, paths, reflect_index, reflections
from ifs_tui.core.atomic import TEMP_SUFFIX
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore

BROKEN_PACK = 'schema = 1\nid = "odd"\ntitle = "Odd"\n'  # no steps: a problem


@pytest.fixture
def own_packs(ready: Path, hermetic: Path) -> Path:
    """A broken pack in the person's prompts folder and one in the map's."""
    for folder in (paths.user_prompts_dir(), ready / paths.PROMPTS_DIR):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "odd.toml").write_text(BROKEN_PACK, encoding="utf-8")
    return ready


def test_check_lists_the_persons_and_the_maps_broken_packs(cli, own_packs: Path) -> None:
    expected = packs.load_packs(paths.user_prompts_dir(), own_packs / paths.PROMPTS_DIR).problems
    assert len(expected) >= 2
    assert check.pack_problems(own_packs) == expected
    run = cli("check")
    for problem in expected:
        assert str(problem) in run.stdout


def test_check_does_not_parse_the_built_in_packs(own_packs: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """They ship with ifs-tui and are tested with it: a broken file standing in for one
    (a real file, put where the built-in list points) is not looked at by check."""
    fake = tmp_path / "builtin" / "fake.toml"
    fake.parent.mkdir()
    fake.write_text(BROKEN_PACK, encoding="utf-8")
    monkeypatch.setattr(packs, "builtin_pack_files", lambda: [fake])
    assert any(p.file == str(fake) for p in packs.load_packs(paths.user_prompts_dir()).problems)
    found = check.check_folder(own_packs)
    assert not any(p.file == str(fake) for p in found)
    assert any(p.file == str(own_packs / paths.PROMPTS_DIR / "odd.toml") for p in found)


def test_check_without_own_packs_leaves_the_pack_reader_unloaded(ready: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom ifs_tui.core.check import check_folder\n"
            f"check_folder(Path({str(ready)!r}))\n"
            "print('ifs_tui.core.packs' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ}, timeout=60, check=True)
    assert run.stdout.strip() == "False"


def test_check_names_every_leftover_temporary_file(cli, ready: Path, tmp_path: Path) -> None:
    folder = ready / paths.REFLECTIONS_DIR
    folder.mkdir(exist_ok=True)
    (ready / paths.HISTORY_DIR).mkdir(exist_ok=True)
    left = [ready / f".map.toml.x{TEMP_SUFFIX}", folder / f".r1.toml.y{TEMP_SUFFIX}",
            ready / paths.HISTORY_DIR / f"old{TEMP_SUFFIX}", ready / f"odd [dir]{TEMP_SUFFIX}"]
    for path in left[:3]:
        path.write_text("half", encoding="utf-8")
    left[3].mkdir()
    elsewhere = tmp_path / "elsewhere"  # a link to a folder is named, not followed
    elsewhere.mkdir()
    (elsewhere / f"inside{TEMP_SUFFIX}").write_text("x", encoding="utf-8")
    (ready / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert check.left_temps(ready) == sorted(left) == sorted(ready.rglob(f"*{TEMP_SUFFIX}"))
    run = cli("check")
    for path in left:
        assert f"{path}: left by an interrupted save" in run.stdout
    assert "inside" not in run.stdout


@pytest.mark.parametrize("when_ns", [10**19, 2**63])
def test_a_file_dated_beyond_what_sqlite_holds_is_listed_and_checked(
        cli, ready: Path, when_ns: int) -> None:
    """A sync tool can keep a far-off time from a device whose clock was wrong; SQLite keeps
    64-bit integers only. The file is listed (and read again each time), never an error."""
    when = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    store = MapStore(ready)
    reflections.save(store, Reflection(
        id="far", pack="own", pack_title="Own pack", started=when, updated=when,
        status="finished", answers=[Answer(step="a", kind="text", ask="Here?", value="yes")]))
    path = ready / paths.REFLECTIONS_DIR / "far.toml"
    os.utime(path, ns=(when_ns, when_ns))
    assert path.stat().st_mtime_ns == when_ns  # the file system holds it
    for _ in range(2):  # building the index, then using it
        listed = cli("journal", "list", "--json")
        assert listed.exit_code == 0, listed.stderr
        assert [r["id"] for r in json.loads(listed.stdout)] == ["far"]
        run = cli("check")
        assert run.exit_code == 0 and "no problems found" in run.stdout, run.stdout
    assert reflect_index.listing(store)[0][0].id == "far"
