"""`ifs import`: merge and replace never leave a map the loader would refuse."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.importer import (
    check_writable,
    fit_name,
    merge,
    plan_replace,
    read_export,
    read_export_bytes,
)
from ifs_tui.core.model import MAX_NAME, Part, PartsMap
from ifs_tui.core.storage import MapStore
from tests.helpers import on_pty, snapshot_tree
from tests.hostile import NAMES
from tests.test_roundtrip_property import parts_maps


def doc(*parts: dict, rels: tuple[dict, ...] = ()) -> dict:
    return {"schema": 1, "title": "", "self": {}, "parts": list(parts),
            "relationships": list(rels)}


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- merge ---------------------------------------------------------------------------


@pytest.mark.parametrize("length", [MAX_NAME - 1, MAX_NAME])
def test_merge_shortens_a_clashing_long_name_so_the_map_still_loads(cli, map_folder, tmp_path,
                                                                    length) -> None:
    name = "n" * (length - 1) + "Z"
    cli("init")
    assert cli("part", "add", name).exit_code == 0
    source = write_json(tmp_path / "in.json", doc({"id": "a", "name": name},
                                                  {"id": "b", "name": name.lower()}))
    run = cli("import", str(source), "--merge")
    assert run.exit_code == 0, run
    assert "shortened to fit" in run.stdout
    listed = cli("part", "list", "--json")
    assert listed.exit_code == 0, listed  # the map loads: every later command works
    names = [p["name"] for p in json.loads(listed.stdout)]
    assert len(names) == 3 and len({n.casefold() for n in names}) == 3
    assert all(len(n) <= MAX_NAME for n in names)
    assert names[1].endswith(" (2)") and names[2].endswith(" (3)")
    assert cli("check").exit_code == 0


def test_fit_name_keeps_short_names_whole() -> None:
    assert fit_name("Critic", " (2)") == "Critic (2)"
    assert fit_name("x" * 200, " (12)") == "x" * 195 + " (12)"
    assert fit_name("ab " + " " * 197, " (2)") == "ab (2)"


@pytest.mark.parametrize("name", NAMES)
def test_merge_of_hostile_names_twice_gives_a_map_that_loads(cli, tmp_path, name) -> None:
    cli("init")
    source = write_json(tmp_path / "in.json", doc({"id": "a", "name": name}))
    for _ in range(2):
        assert cli("import", str(source), "--merge").exit_code == 0
    assert cli("check").exit_code == 0


@pytest.mark.parametrize(("rels", "field"), [
    (({"from": "a", "to": "gone", "kind": "protects"},), "relationships[0].to"),
    (({"from": "a", "to": "a", "kind": "allied"},), "links a part to itself"),
])
def test_links_to_missing_parts_or_to_itself_are_refused(cli, map_folder, tmp_path, rels,
                                                         field) -> None:
    cli("init")
    cli("part", "add", "Keep me")
    before = snapshot_tree(map_folder)
    source = write_json(tmp_path / "in.json", doc({"id": "a", "name": "A"}, rels=rels))
    for how in (["--merge"], ["--replace", "--yes"]):
        run = cli("import", str(source), *how)
        assert run.exit_code == 1, run
        assert str(source) in run.stderr and field in run.stderr
        assert snapshot_tree(map_folder) == before


def test_duplicate_ids_in_the_incoming_file_are_refused(cli, map_folder, tmp_path) -> None:
    cli("init")
    before = snapshot_tree(map_folder)
    source = write_json(tmp_path / "in.json", doc({"id": "a", "name": "A"},
                                                  {"id": "a", "name": "B"}))
    run = cli("import", str(source), "--merge")
    assert run.exit_code == 1 and "parts[1].id: this id is used by an earlier part" in run.stderr
    assert snapshot_tree(map_folder) == before


def test_null_in_json_is_refused_with_its_place(cli, map_folder, tmp_path) -> None:
    cli("init")
    before = snapshot_tree(map_folder)
    source = write_json(tmp_path / "in.json", doc({"id": "a", "name": "A", "colour": None}))
    run = cli("import", str(source), "--merge")
    assert run.exit_code == 1, run
    assert "in.json: parts[0].colour: null has no place" in run.stderr
    assert snapshot_tree(map_folder) == before


def test_check_writable_refuses_what_the_loader_would_refuse() -> None:
    pmap = PartsMap(parts=[Part(id="a", name="x" * (MAX_NAME + 1))])
    with pytest.raises(MapFormatError, match="at most 200 characters"):
        check_writable(pmap, "in.json")
    pmap = PartsMap(parts=[Part(id="a", name="A", extra={"odd": None})])
    with pytest.raises(MapFormatError, match="cannot be written as TOML"):
        check_writable(pmap, "in.json")


def test_merge_skips_links_that_cannot_join_when_given_a_map_built_by_hand() -> None:
    incoming = PartsMap(parts=[Part(id="a", name="A")])
    from ifs_tui.core.model import Relationship

    incoming.relationships = [Relationship("a", "gone", "protects"),
                              Relationship("a", "a", "allied")]
    pmap = PartsMap()
    notes = merge(pmap, incoming)
    assert pmap.relationships == [] and len(notes) == 2


def test_merge_keeps_status_history_and_what_each_side_fears() -> None:
    from datetime import UTC, datetime

    from ifs_tui.core.model import Relationship, StatusChange

    when = datetime(2026, 11, 3, tzinfo=UTC)
    incoming = PartsMap(parts=[
        Part(id="a", name="A", status="befriended",
             status_history=[StatusChange("befriended", when, "20261103-000000-x")]),
        Part(id="b", name="B")])
    incoming.relationships = [Relationship("a", "b", "polarized", from_fears="f", to_fears="t")]
    pmap = PartsMap(parts=[Part(id="a", name="Other")])
    merge(pmap, incoming)
    assert pmap.parts[1].status_history == incoming.parts[0].status_history
    (rel,) = pmap.relationships
    assert (rel.source, rel.target, rel.from_fears, rel.to_fears) == ("a-2", "b", "f", "t")


# --- reading: stdin, --format, odd JSON ---------------------------------------------------


def test_import_from_standard_input_sniffs_json_and_toml(cli, map_folder) -> None:
    cli("init")
    text = json.dumps(doc({"id": "a", "name": "From a pipe"}))
    run = cli("import", "-", "--merge", input=text)
    assert run.exit_code == 0, run
    assert "standard input" in run.stdout
    toml_text = 'schema = 1\n[[parts]]\nid = "b"\nname = "Piped TOML"\n'
    assert cli("import", "-", "--merge", input=toml_text).exit_code == 0
    names = [p["name"] for p in json.loads(cli("part", "list", "--json").stdout)]
    assert names == ["From a pipe", "Piped TOML"]
    run = cli("import", "-", "--merge", "--format", "toml", input=text)
    assert run.exit_code == 1 and "standard input:1:1: TOML syntax" in run.stderr


def test_format_overrides_the_file_name(cli, tmp_path) -> None:
    cli("init")
    text = json.dumps(doc({"id": "a", "name": "Named oddly"}))
    odd = tmp_path / "export.txt"
    odd.write_text(text)
    assert cli("import", str(odd), "--merge").exit_code == 0  # sniffed: starts with {
    wrong = tmp_path / "export.toml"
    wrong.write_text(json.dumps(doc({"id": "a", "name": "Misnamed"})))
    assert cli("import", str(wrong), "--merge").exit_code == 1
    assert cli("import", str(wrong), "--merge", "--format", "JSON").exit_code == 0
    run = cli("import", str(wrong), "--merge", "--format", "yaml")
    assert run.exit_code == 1 and "json or toml" in run.stderr


def test_read_export_keeps_its_signature_and_reads_bytes_too(tmp_path) -> None:
    path = write_json(tmp_path / "a.json", doc({"id": "a", "name": "A"}))
    assert read_export(path).parts[0].name == "A"
    raw = b"\xef\xbb\xbf" + path.read_bytes()  # a byte-order mark from a Windows editor
    assert read_export_bytes(raw, "x", "json").parts[0].name == "A"
    assert read_export_bytes(raw, "standard input").parts[0].name == "A"


def test_schema_written_as_one_point_zero_is_one() -> None:
    raw = b'{"schema": 1.0, "title": "t"}'
    assert read_export_bytes(raw, "a.json").title == "t"


@pytest.mark.parametrize("depth", [150, 100_000])
def test_deep_json_nesting_gives_a_located_message(depth) -> None:
    raw = b'{"schema": 1,\n"x": ' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(MapFormatError) as err:
        read_export_bytes(raw, "deep.json")
    assert str(err.value).startswith("deep.json:2: nested too deeply (more than 32")


@pytest.mark.parametrize("depth", [150, 100_000])
def test_deep_toml_nesting_gives_a_message_naming_the_file(depth) -> None:
    raw = b"schema = 1\nx = " + b"[" * depth + b"]" * depth + b"\n"
    with pytest.raises(MapFormatError) as err:
        read_export_bytes(raw, "deep.toml")
    assert str(err.value).startswith("deep.toml")


def test_a_key_twice_in_one_json_object_is_refused() -> None:
    with pytest.raises(MapFormatError, match="appears twice"):
        read_export_bytes(b'{"schema": 1, "title": "a", "title": "b"}', "a.json")


# --- replace asks first ---------------------------------------------------------------


def test_plan_names_parts_and_never_field_text() -> None:
    old = PartsMap(parts=[Part(id="a", name="Stays", job="secret job"),
                          Part(id="b", name="Goes"), Part(id="c", name="Changes")])
    new = PartsMap(parts=[Part(id="a", name="Stays", job="secret job"),
                          Part(id="c", name="Changes", job="new secret"),
                          Part(id="d", name="Arrives")], title="New title")
    plan = plan_replace(old, new)
    assert (plan.added, plan.removed, plan.changed) == (["Arrives"], ["Goes"], ["Changes"])
    assert plan.other_changes == ["the title"] and not plan.unchanged
    assert plan_replace(old, old).unchanged


def test_replace_without_a_terminal_refuses_unless_yes(cli, map_folder, tmp_path) -> None:
    cli("init")
    cli("part", "add", "Old")
    before = snapshot_tree(map_folder)
    source = write_json(tmp_path / "in.json", doc({"id": "a", "name": "New"}))
    run = cli("import", str(source), "--replace")
    assert run.exit_code == 1 and "--yes" in run.stderr and run.stderr.count("\n") == 1
    assert snapshot_tree(map_folder) == before
    run = cli("import", "-", "--replace", input=source.read_text())
    assert run.exit_code == 1 and "--yes" in run.stderr
    run = cli("import", "-", "--replace", "--yes", input=source.read_text())
    assert run.exit_code == 0 and "1 added, 1 removed" in run.stdout
    assert [p.name for p in MapStore(map_folder).load().parts] == ["New"]


def _talk(args: list[str], answer: bytes, env: dict[str, str]) -> str:
    """Run `ifs ARGS` on a real terminal, answer its question, return all it printed."""
    _, seen = on_pty(args, env, answer=answer)
    return seen.decode("utf-8", "replace")


def test_replace_on_a_terminal_shows_the_change_and_asks(cli, map_folder, tmp_path) -> None:
    cli("init")
    cli("part", "add", "Old one", "--job", "private words")
    cli("part", "add", "Kept")
    kept_id = MapStore(map_folder).load().parts[1].id
    before = snapshot_tree(map_folder)
    source = write_json(tmp_path / "in.json", doc({"id": kept_id, "name": "Kept"},
                                                  {"id": "n", "name": "Newcomer"}))
    env = dict(os.environ)
    said = _talk(["import", str(source), "--replace"], b"n\n", env)
    assert "1 part added: Newcomer" in said and "1 part removed: Old one" in said
    assert "private words" not in said
    assert "Nothing was changed." in said
    assert snapshot_tree(map_folder) == before
    said = _talk(["import", str(source), "--replace"], b"y\n", env)
    assert "Replaced the map" in said
    assert [p.name for p in MapStore(map_folder).load().parts] == ["Kept", "Newcomer"]


# --- any merge leaves a map that loads ------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(parts_maps(), parts_maps(), st.lists(st.integers(190, MAX_NAME), max_size=4))
def test_any_merge_leaves_a_map_the_loader_accepts(base, incoming, lengths) -> None:
    # Long names that clash with the map and with each other make it hard.
    for i, length in enumerate(lengths):
        name = "Ł" * length
        base.parts.append(Part(id=f"long-{i}", name=name))
        incoming.parts.append(Part(id=f"in-long-{i}", name=name.lower()))
    merge(base, incoming)
    check_writable(base, "merged")
    added = base.parts[len(base.parts) - len(incoming.parts):]
    names = [p.name.casefold() for p in base.parts]
    assert all(names.count(p.name.casefold()) == 1 for p in added)
    assert all(len(p.name) <= MAX_NAME for p in base.parts)
    assert len({p.id for p in base.parts}) == len(base.parts)


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York"])
def test_dates_without_offset_at_the_calendars_edges(monkeypatch, zone) -> None:
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for stamp in ("0001-01-01T00:00:00", "9999-12-31T23:59:59"):
            raw = f'{{"schema": 1, "created": "{stamp}"}}'.encode()
            pmap = read_export_bytes(raw, "a.json")
            assert pmap.created is not None and pmap.created.tzinfo is not None
            check_writable(pmap, "a.json")
    finally:
        monkeypatch.undo()
        time.tzset()
