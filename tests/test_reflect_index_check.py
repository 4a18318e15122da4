"""`ifs check` reads reflections through the index: the same problems as parsing every
file, and no reflection parsed again when nothing changed."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import check, paths, reflect_index, reflect_rows, reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore
from tests.hostile import TEXTS

OLD_NS = 1_600_000_000 * 10**9
GOOD = ('schema = 1\npack = "p"\npack_title = "P"\nstatus = "finished"\n'
        'started = 2026-01-01T09:00:00Z\nupdated = 2026-01-01T09:00:00Z\n')

pytestmark = pytest.mark.usefixtures("index_settled")



@pytest.fixture
def odd(tmp_path: Path) -> Path:
    store = MapStore(tmp_path / "map")
    store.create("Check test")
    for i, text in enumerate(TEXTS):
        when = datetime(2026, 1, 1, 9, i % 60, tzinfo=UTC)
        reflections.save(store, Reflection(
            id=f"r{i:02d}", pack="p", pack_title="P", started=when, updated=when,
            status="finished", answers=[Answer("a", "text", "Ask?", value=text)]))
    folder = reflections.folder_of(store)
    (folder / "a.toml").write_text(GOOD)
    (folder / "a-b.toml").write_text('schema = 1\npack = "x\n')  # sorts before a.toml
    (folder / "naive.toml").write_text(GOOD.replace("09:00:00Z", "09:00:00"))
    (folder / "many.toml").write_text('schema = 1\nstatus = "maybe"\n')
    (folder / "utf8.toml").write_bytes(b'schema = 1\npack = "\xff"\n')
    (folder / "dir.toml").mkdir()
    (folder / "escape.toml").write_text(GOOD + 'part = "\\u001b[2J"\n')
    (folder / "open.toml").write_text(GOOD)
    os.chmod(folder / "open.toml", 0o644)
    for path in folder.iterdir():
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))
    return store.folder


def slow(folder: Path) -> tuple[list[str], list[str]]:
    """What check said before the index: every reflection file parsed."""
    where = str(folder / paths.REFLECTIONS_DIR)
    return ([str(p) for p in check._check_entry_files(folder, paths.REFLECTIONS_DIR)],
            [str(p) for p in check.hazard_warnings(folder) if p.file.startswith(where)])


def fast(folder: Path) -> tuple[list[str], list[str]]:
    known = reflect_index.checked(folder)
    return ([str(p) for p in known.problems],
            [str(check.hazard_problem(path, f, chars)) for path, f, chars in known.hazards])


def test_check_through_the_index_says_what_parsing_every_file_says(odd: Path) -> None:
    expected = slow(odd)
    assert len(expected[0]) > 5 and expected[1]
    assert "can be read by others" in " ".join(expected[0])
    assert fast(odd) == expected  # first: builds the index
    assert fast(odd) == expected  # second: from the rows
    whole = check.check_folder(odd)
    assert [str(p) for p in whole if "reflections" in p.file]  # errors first, as before


def test_check_parses_no_reflection_when_nothing_changed(odd: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = [str(p) for p in check.check_folder(odd)]

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reflection file was parsed")

    real_hazards = check.file_hazards

    def hazards(text: str) -> list[tuple[str, list[str]]]:
        assert 'pack = "p"' not in text, "a reflection file was read for hazards"
        return real_hazards(text)

    monkeypatch.setattr(reflections, "from_dict", no_parse)
    monkeypatch.setattr(reflect_rows, "parse_toml", no_parse)
    monkeypatch.setattr(check, "file_hazards", hazards)
    assert [str(p) for p in check.check_folder(odd)] == before


def test_a_mode_change_or_fix_is_seen_by_the_next_check(odd: Path) -> None:
    folder = odd / paths.REFLECTIONS_DIR
    fast(odd)
    os.chmod(folder / "open.toml", 0o600)
    (folder / "many.toml").write_text(GOOD)
    os.utime(folder / "many.toml", ns=(OLD_NS, OLD_NS))
    assert fast(odd) == slow(odd)
    assert "open.toml" not in " ".join(fast(odd)[0])


def test_check_on_a_map_that_will_not_load_writes_no_index(odd: Path) -> None:
    reflect_index_file = paths.cache_dir(odd) / reflect_index.INDEX_FILE
    (odd / "map.toml").write_text('schema = 1\ntitle = "unclosed\n')
    found = [str(p) for p in check.check_folder(odd)]
    assert not reflect_index_file.exists()
    assert any("many.toml" in p for p in found)


VALUES = st.sampled_from(['"x"', "1", "true", "[1, 2]", '["a"]', "{ a = 1 }", "1979-05-27T07:32:00",
                          "1979-05-27", "07:32:00", '"\\u001b[2J"', '"\\u202e"', "nan", '"""\n"""',
                          "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "[[1]]"])
KEYS = st.sampled_from(["schema", "pack", "pack_title", "status", "started", "updated",
                        "finished", "part", "at", "round", "path", "draft", "answers", "other"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(KEYS, VALUES), max_size=3),
       answer=st.lists(st.tuples(st.sampled_from(["step", "kind", "ask", "answer", "skipped",
                                                  "round", "added_to", "item"]), VALUES),
                       max_size=3),
       junk=st.binary(max_size=12))
def test_odd_files_agree_with_parsing_every_file(tmp_path_factory: pytest.TempPathFactory,
                                                  edits: list[tuple[str, str]],
                                                  answer: list[tuple[str, str]],
                                                  junk: bytes) -> None:
    store = MapStore(tmp_path_factory.mktemp("odd") / "map")
    store.create("odd")
    folder = reflections.folder_of(store)
    folder.mkdir(exist_ok=True)
    lines = dict(line.split(" = ", 1) for line in GOOD.splitlines())
    lines.update(edits)
    text = "".join(f"{k} = {v}\n" for k, v in lines.items() if k != "answers")
    text += "[[answers]]\n" + "".join(f"{k} = {v}\n" for k, v in answer)
    (folder / "one.toml").write_text(text)
    (folder / "two.toml").write_bytes(text.encode() + junk)
    assert fast(store.folder) == slow(store.folder)
    recs, problems = reflections.list_all(store)
    headers, index_problems = reflect_index.listing(store)
    assert [(h.id, h.started, h.status, h.pack) for h in headers] == \
        [(r.id, r.started, r.status, r.pack) for r in recs]
    assert [str(p) for p in index_problems] == [str(p) for p in problems]
