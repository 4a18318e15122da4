"""Answers left on a route the person went Back from: kept, but shown apart from
the walk as it went (journal show, its JSON, the Markdown and HTML exports)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import tomli_w

from ifs_tui.core import reflections, services
from ifs_tui.core.packs import load_pack_file
from ifs_tui.core.reflections import LEFT_ROUTE, on_path
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

PACK = load_pack_file(Path(__file__).parent / "packs" / "branching.toml", "user")


def walked_and_turned(store: MapStore) -> Walk:
    """Toward "stop here for today", then Back three times and on the other branch."""
    walk = Walk.start(PACK, store)
    walk.choose_part("critic")
    walk.answer(["annoyed"])
    walk.answer("a tight jaw")
    walk.answer(["not yet"])
    assert walk.step is not None and walk.step.id == "gentle-end"
    for _ in range(3):
        assert walk.back()
    assert walk.step is not None and walk.step.id == "feel"
    walk.answer(["curious"])
    walk.answer("it is tired")
    walk.answer(8)
    walk.advance()
    assert walk.done
    return walk


@pytest.fixture
def store(cli, map_folder: Path) -> MapStore:
    assert cli("init", "--title", "Test map").exit_code == 0
    store = MapStore(map_folder)
    with store.edit() as pmap:
        services.add_part(pmap, "Critic", services.PartChanges(role="manager"))
        store.save(pmap)
    return store


@pytest.fixture
def turned(store: MapStore) -> str:
    return walked_and_turned(store).record.id


def file_of(store: MapStore, rec_id: str) -> Path:
    return reflections.folder_of(store) / f"{rec_id}.toml"


def test_the_left_route_stays_in_the_file(store: MapStore, turned: str) -> None:
    data = tomllib.loads(file_of(store, turned).read_text())
    assert [a["step"] for a in data["answers"]] == [
        "who", "feel", "other-part", "step-back", "befriend", "rate"]
    taken, left = on_path(reflections.load(store, turned))
    assert [a.step for a in taken] == ["who", "feel", "befriend", "rate"]
    assert [a.step for a in left] == ["other-part", "step-back"]


def test_a_loop_counts_a_step_where_it_was_last_shown(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.choose_part("critic")
    walk.answer(["annoyed"])
    walk.answer("a tight jaw")
    walk.answer(["yes"])  # back to feel, asked again
    walk.answer(["calm"])
    taken, left = on_path(walk.record)
    assert [a.step for a in taken] == ["who", "other-part", "step-back", "feel"]
    assert left == []


def test_back_mid_walk_sets_the_later_answers_apart(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.choose_part("critic")
    walk.answer(["annoyed"])
    walk.answer("a tight jaw")
    walk.back()  # at other-part again: its answer is still the one shown
    walk.back()  # at feel
    taken, left = on_path(walk.record)
    assert [a.step for a in taken] == ["who", "feel"]
    assert [a.step for a in left] == ["other-part"]


def test_journal_show_sets_the_left_route_apart(cli, turned: str) -> None:
    run = cli("journal", "show", turned)
    assert run.exit_code == 0, run
    lines = [line.strip() for line in run.stdout.splitlines()]
    assert lines.count(LEFT_ROUTE) == 1
    # The walk as it went, then the words from the route left: none dropped.
    assert lines.index("curious") < lines.index("it is tired") < lines.index("8") \
        < lines.index(LEFT_ROUTE) < lines.index("a tight jaw") < lines.index("not yet")


def test_journal_show_json_marks_each_answer(cli, turned: str) -> None:
    run = cli("journal", "show", turned, "--json")
    assert run.exit_code == 0, run
    data = json.loads(run.stdout)
    assert {a["step"]: a["on_path"] for a in data["answers"]} == {
        "who": True, "feel": True, "other-part": False, "step-back": False,
        "befriend": True, "rate": True}
    assert data["id"] == turned and data["path"][-1] == "closing"


def test_markdown_export_sets_the_left_route_apart(cli, turned: str) -> None:
    run = cli("export", "-f", "markdown", "--reflections", "1")
    assert run.exit_code == 0, run
    out = run.stdout
    assert out.count(LEFT_ROUTE) == 1
    assert out.index("it is tired") < out.index(LEFT_ROUTE) < out.index("a tight jaw") \
        < out.index("not yet")


def test_html_export_sets_the_left_route_apart(cli, turned: str) -> None:
    run = cli("export", "-f", "html", "--reflections", "1")
    assert run.exit_code == 0, run
    out = run.stdout
    assert out.count(LEFT_ROUTE) == 1
    assert out.index("it is tired") < out.index(LEFT_ROUTE) < out.index("a tight jaw")


def test_a_reflection_without_path_shows_every_answer_as_before(
        cli, store: MapStore, turned: str) -> None:
    """Written before packs could branch: no path, every answer is the walk."""
    path = file_of(store, turned)
    data = tomllib.loads(path.read_text())
    del data["path"]
    path.write_text(tomli_w.dumps(data))
    shown = cli("journal", "show", turned)
    assert shown.exit_code == 0, shown
    assert LEFT_ROUTE not in shown.stdout
    assert shown.stdout.index("a tight jaw") < shown.stdout.index("not yet") \
        < shown.stdout.index("it is tired")  # file order, as always
    as_json = json.loads(cli("journal", "show", turned, "--json").stdout)
    assert [a["on_path"] for a in as_json["answers"]] == [True] * 6
    exported = cli("export", "-f", "markdown", "--reflections", "1").stdout
    assert LEFT_ROUTE not in exported and "a tight jaw" in exported
