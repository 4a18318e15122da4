"""core/pack_files.py: packs installed, archived and exported as the files they are."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ifs_tui.core.errors import InvalidInput, MapFormatError
from ifs_tui.core.pack_files import (
    NothingInstalled,
    archive_pack,
    find_own,
    install,
    pack_bytes,
    pack_origin,
    plan_install,
    read_pack_file,
)
from ifs_tui.core.packs import MAX_PACK_BYTES, builtin_pack_files, load_pack_file, load_packs

from .test_packs import GOOD

# A comment and an odd layout that a copy must keep exactly.
MINE = "# my own words, kept as written\n" + GOOD.replace('id = "tiny"', 'id = "mine"')


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def finishes(fifo: Path, work: Callable[[], Any]) -> Any:
    """Run `work`, which must not open `fifo` for reading; if it does (and so waits for
    a writer), let it go by opening the write end, and fail."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(_caught(work)), daemon=True)
    thread.start()
    thread.join(20)  # a guard against hanging the suite, not a measure of speed
    if thread.is_alive():
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join()
        pytest.fail(f"{fifo} was opened and waited on")
    return result[0]


def _caught(work: Callable[[], Any]) -> Any:
    try:
        return work()
    except Exception as err:  # handed back to the test to look at
        return err


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "home" / "prompts", tmp_path / "map" / "prompts"


def test_origin_words() -> None:
    assert [pack_origin(s) for s in ("built-in", "user", "map")] == [
        "built-in", "yours", "this map's"]
    found = load_packs(Path("/nonexistent-folder"), None)
    assert pack_origin(found.packs["meet-a-protector"]) == "built-in"


def test_install_copies_the_bytes_as_given(tmp_path: Path, places) -> None:
    user, mapdir = places
    given = write(tmp_path / "in" / "anything.toml", MINE)
    plans = plan_install([given], user, mapdir)
    install(plans)
    target = user / "mine.toml"
    assert plans[0].action == "new" and plans[0].target == target
    assert target.read_bytes() == MINE.encode()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert oct(user.stat().st_mode & 0o777) == "0o700"
    install(plan_install([given], user, mapdir, map_only=True))
    assert (mapdir / "mine.toml").read_bytes() == MINE.encode()
    assert load_packs(user, mapdir).packs["mine"].source == "map"


@pytest.mark.parametrize(("text", "said"), [
    (GOOD.replace("min = 0", "min = 0 0").encode(), ":23:"),  # bad TOML: its line
    (GOOD.replace('kind = "scale"', 'kind = "slider"').encode(), "(id 'how-much')"),
    (GOOD.encode() + b'\n# caf\xe9\n', "is not valid UTF-8"),
    (GOOD.encode() + b"#" * MAX_PACK_BYTES, "larger than 1 MB"),
], ids=["toml", "step", "utf-8", "big"])
def test_a_broken_file_in_a_batch_installs_nothing(tmp_path: Path, places, text: bytes,
                                                   said: str) -> None:
    user, mapdir = places
    good = write(tmp_path / "in" / "good.toml", MINE)
    bad = write(tmp_path / "in" / "bad.toml", text)
    with pytest.raises(NothingInstalled) as info:
        plan_install([good, bad], user, mapdir)
    (problem,) = info.value.problems
    assert problem.startswith(f"{bad}") and said in problem
    assert not user.exists()


def test_a_folder_a_missing_file_and_a_fifo_are_refused(tmp_path: Path, places) -> None:
    user, mapdir = places
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    missing = tmp_path / "missing.toml"
    err = finishes(fifo, lambda: plan_install([fifo, folder, missing], user, mapdir))
    assert isinstance(err, NothingInstalled)
    pipe, fold, gone = err.problems
    assert pipe.startswith(str(fifo)) and "not a regular file" in pipe
    assert fold.startswith(str(folder)) and "is a folder" in fold
    assert gone.startswith(str(missing)) and "does not exist" in gone
    # A pipe among the person's own installed packs is passed over too.
    user.mkdir(parents=True)
    os.mkfifo(user / "stray.toml")
    given = write(tmp_path / "mine.toml", MINE)
    plans = finishes(user / "stray.toml", lambda: plan_install([given], user, mapdir))
    assert [p.action for p in plans] == ["new"]


def test_same_id_with_other_words_needs_force(tmp_path: Path, places) -> None:
    user, mapdir = places
    kept = write(user / "an-older-name.toml", MINE)  # the id is what counts, not the name
    newer = write(tmp_path / "mine.toml", MINE.replace('title = "Tiny"', 'title = "Newer"'))
    with pytest.raises(NothingInstalled) as info:
        plan_install([newer], user, mapdir)
    assert "--force" in info.value.problems[0] and str(kept) in info.value.problems[0]
    assert kept.read_bytes() == MINE.encode()
    plans = plan_install([newer], user, mapdir, force=True)
    install(plans)
    assert plans[0].action == "replace"
    assert kept.read_bytes() == newer.read_bytes()
    assert sorted(p.name for p in user.iterdir()) == ["an-older-name.toml"]


def test_identical_reinstall_writes_nothing(tmp_path: Path, places) -> None:
    user, mapdir = places
    kept = write(user / "mine.toml", MINE)
    before = kept.stat()
    plans = plan_install([write(tmp_path / "mine.toml", MINE)], user, mapdir)
    install(plans)
    assert plans[0].action == "same"
    after = kept.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_two_files_with_one_id_in_one_call(tmp_path: Path, places) -> None:
    user, mapdir = places
    one = write(tmp_path / "one.toml", MINE)
    two = write(tmp_path / "two.toml", MINE.replace("Tiny", "Other"))
    with pytest.raises(NothingInstalled) as info:
        plan_install([one, two], user, mapdir)
    (problem,) = info.value.problems
    assert problem.startswith(str(two)) and str(one) in problem
    assert not user.exists()


def test_a_file_named_for_the_id_holding_another_pack_is_never_written_over(
        tmp_path: Path, places) -> None:
    user, mapdir = places
    other = write(user / "mine.toml", GOOD)  # holds the pack "tiny"
    given = write(tmp_path / "mine.toml", MINE)
    with pytest.raises(NothingInstalled) as info:
        plan_install([given], user, mapdir, force=True)
    assert "holds another pack" in info.value.problems[0]
    assert other.read_text() == GOOD


def test_a_broken_file_named_for_the_id_needs_force(tmp_path: Path, places) -> None:
    user, mapdir = places
    broken = write(user / "mine.toml", "not a pack [")
    given = write(tmp_path / "mine.toml", MINE)
    with pytest.raises(NothingInstalled) as info:
        plan_install([given], user, mapdir)
    assert "will not load" in info.value.problems[0]
    install(plan_install([given], user, mapdir, force=True))
    assert broken.read_text() == MINE


def test_overrides_and_what_still_comes_first(tmp_path: Path, places) -> None:
    user, mapdir = places
    builtin = pack_bytes(load_packs(user, None).packs["meet-a-protector"])
    given = write(tmp_path / "meet.toml", builtin.replace(b"Meet a protector", b"My meeting"))
    (plan,) = plan_install([given], user, mapdir)
    assert plan.overrides == ["built-in"] and plan.behind == []
    install([plan])
    (plan,) = plan_install([given], user, mapdir, map_only=True)
    assert plan.overrides == ["built-in", "yours"] and plan.behind == []
    install([plan])
    third = write(tmp_path / "third.toml", builtin.replace(b"Meet a protector", b"Third"))
    (plan,) = plan_install([third], user, mapdir, force=True)
    assert plan.action == "replace" and plan.behind == ["this map's"]


def test_archive_moves_the_file_byte_for_byte(tmp_path: Path, places) -> None:
    user, mapdir = places
    kept = write(user / "whatever.toml", MINE)
    assert find_own("mine", user, mapdir, map_only=False) == kept
    when = datetime(2026, 3, 1, 9, 30, 5)
    moved = archive_pack(kept, "mine", tmp_path / "archive" / "packs", when)
    assert moved == tmp_path / "archive" / "packs" / "mine--20260301T093005.toml"
    assert moved.read_bytes() == MINE.encode() and not kept.exists()
    again = archive_pack(write(user / "mine.toml", MINE), "mine", moved.parent, when)
    assert again.name == "mine--20260301T093005-2.toml" and moved.read_bytes() == MINE.encode()


def test_find_own_says_why_not(places) -> None:
    user, mapdir = places
    write(mapdir / "mine.toml", MINE)
    with pytest.raises(InvalidInput, match="built-in packs stay"):
        find_own("meet-a-protector", user, mapdir, map_only=False)
    with pytest.raises(InvalidInput, match="--map-only"):
        find_own("mine", user, mapdir, map_only=False)
    assert find_own("mine", user, mapdir, map_only=True) == mapdir / "mine.toml"
    with pytest.raises(InvalidInput, match="no pack 'nothing-here' of yours"):
        find_own("nothing-here", user, mapdir, map_only=False)
    broken = write(user / "half-done.toml", "id = [")  # one's own broken pack can go too
    assert find_own("half-done", user, mapdir, map_only=False) == broken


def test_every_builtin_pack_exports_as_shipped() -> None:
    packs = load_packs(Path("/nonexistent-folder"), None).packs
    files = {load_pack_file(p, "built-in").id: p for p in builtin_pack_files()}
    for pid, path in files.items():
        assert pack_bytes(packs[pid]) == path.read_bytes()


def test_read_pack_file_reports_like_the_loader(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", GOOD.replace('kind = "scale"', 'kind = "slider"'))
    with pytest.raises(MapFormatError) as mine:
        read_pack_file(bad)
    with pytest.raises(MapFormatError) as theirs:
        load_pack_file(bad, "file")
    assert [str(p) for p in mine.value.problems] == [str(p) for p in theirs.value.problems]
