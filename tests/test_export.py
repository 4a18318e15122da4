"""Export, redaction and import, on the shipped example map."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import replace
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import assume, given, settings

from ifs_tui.core import export_over_time, reflections
from ifs_tui.core.check import check_folder
from ifs_tui.core.demo import make_demo_copy
from ifs_tui.core.export import FORMATS, export
from ifs_tui.core.importer import read_export, read_export_bytes
from ifs_tui.core.model import LIST_FIELDS, TEXT_FIELDS, PartsMap
from ifs_tui.core.packs import load_pack_file
from ifs_tui.core.storage import MapStore
from tests.helpers import mode
from tests.test_roundtrip_property import parts_maps

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((resources.files("ifs_tui") / "schema" / "map.schema.json").read_text())


@pytest.fixture
def demo(tmp_path: Path) -> tuple[MapStore, PartsMap]:
    # A copy, as `ifs demo` uses: checking and listing keep an index in the map folder,
    # and the package's own folder must stay as shipped.
    _, folder = make_demo_copy(tmp_path)
    store = MapStore(folder)
    return store, store.load()


def test_every_example_file_is_valid(demo) -> None:
    store, pmap = demo
    assert 8 <= len(pmap.parts) <= 14
    assert {p.role for p in pmap.parts} == {"manager", "firefighter", "exile", "unknown"}
    assert any(r.kind == "polarized" for r in pmap.relationships)
    errors = [p for p in check_folder(store.folder) if p.severity == "error"]
    assert errors == []
    records, problems = reflections.list_all(store)
    assert len(records) >= 3 and problems == []
    packs = list((store.folder / "prompts").glob("*.toml"))
    assert len(packs) == 1 and load_pack_file(packs[0], "map").steps


@pytest.mark.parametrize(("fmt", "golden"), [("markdown", "demo.md"), ("mermaid", "demo.mmd"),
                                             ("dot", "demo.dot")])
def test_golden_files(demo, fmt: str, golden: str) -> None:
    # After a deliberate change, review the diff and rewrite tests/golden/ (see README).
    over, problems = export_over_time.load(demo[0])  # the demo's moments and journey
    assert problems == []
    assert export(demo[1], fmt, over=over) == (GOLDEN / golden).read_text()


def test_markdown_with_recent_reflections(demo) -> None:
    store, pmap = demo
    records, _ = reflections.list_all(store)
    records = [r for r in records if r.started.month == 10 and r.started.day <= 18]  # first 3
    text = export(pmap, "markdown", records, recent=2)
    assert "## Recent reflections" in text
    assert "Meet a protector (stopped) · The Forecaster" in text
    assert "Calmer after the walk" in text and "A disagreement" not in text  # only 2


def test_json_validates_against_the_shipped_schema(demo) -> None:
    for redacted in (False, True):
        jsonschema.validate(json.loads(export(demo[1], "json", redacted=redacted)), SCHEMA)


@settings(max_examples=60, deadline=None)
@given(parts_maps())
def test_any_map_exports_valid_json(pmap: PartsMap) -> None:
    for part in pmap.parts:  # names as the model allows them (the generator is wider)
        part.name = part.name.strip() or "x"
    jsonschema.validate(json.loads(export(pmap, "json")), SCHEMA)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def test_html_is_self_contained_with_the_svg(demo) -> None:
    text = export(demo[1], "html")
    parser = _Collect()
    parser.feed(text)
    parser.close()
    assert "svg" in parser.tags and "html" in parser.tags and "script" not in parser.tags
    assert {"link", "img", "iframe", "object"}.isdisjoint(parser.tags)
    urls = [v for k, v in parser.attrs if k in ("href", "src") and v]
    assert urls == []
    assert "The Forecaster" in text and "keeps Small One from ever being caught out" in text


def private_texts(pmap: PartsMap) -> set[str]:
    texts = {pmap.title, pmap.self_notes.notes}
    for part in pmap.parts:
        texts |= {part.name, part.id}
        texts |= {getattr(part, k) for k in TEXT_FIELDS}
        for key in LIST_FIELDS:
            texts |= set(getattr(part, key))
    texts |= {r.note for r in pmap.relationships}
    texts |= {f for r in pmap.relationships for f in (r.from_fears, r.to_fears)}
    # Short words also occur in the template ("work" in "working together"): the canary
    # test below covers every field whatever its length.
    return {t for t in texts if len(t) >= 8}


@pytest.mark.parametrize("fmt", FORMATS)
def test_redacted_exports_hold_no_name_or_free_text(demo, fmt: str) -> None:
    store, pmap = demo
    records, _ = reflections.list_all(store)
    text = export(pmap, fmt, records, recent=5, redacted=True)
    leaks = [t for t in private_texts(pmap) if t in text]
    assert leaks == []
    for rec in records:  # reflections never appear in a redacted export
        for answer in rec.answers:
            if isinstance(answer.value, str) and len(answer.value) >= 4:
                assert answer.value not in text
    assert "Manager 1" in text or fmt in ("json", "toml") and "manager-1" in text


def canary_map(pmap: PartsMap) -> PartsMap:
    """The map with every name and text replaced by a marker no template contains."""
    import copy

    marked = copy.deepcopy(pmap)
    marked.title, marked.self_notes.notes = "QZXtitle", "QZXself"
    for i, part in enumerate(marked.parts):
        part.name = f"QZXname{i}"
        for key in TEXT_FIELDS:
            setattr(part, key, f"QZX{key}{i}")
        for key in LIST_FIELDS:
            setattr(part, key, [f"QZX{key}{i}a", f"QZX{key}{i}b"])
        part.extra = {"mine": "QZXextra"}
        for change in part.status_history:
            change.by = "QZXby"
    for rel in marked.relationships:
        rel.note = "QZXnote"
        if rel.kind == "polarized":
            rel.from_fears, rel.to_fears = "QZXfromfears", "QZXtofears"
    return marked


@pytest.mark.parametrize("fmt", FORMATS)
def test_redaction_lets_no_text_through_in_any_field(demo, fmt: str) -> None:
    marked = canary_map(demo[1])
    assert "QZX" in export(marked, fmt)  # the markers do show unredacted
    assert "QZX" not in export(marked, fmt, redacted=True)


def test_redaction_drops_status_history_and_every_date(demo) -> None:
    pmap = demo[1]
    assert any(p.status_history for p in pmap.parts) and any(p.feel_toward_noted
                                                             for p in pmap.parts)
    assert any(r.from_fears and r.to_fears for r in pmap.relationships)
    data = json.loads(export(pmap, "json", redacted=True))
    keys = {k for p in data["parts"] for k in p} | {k for r in data["relationships"] for k in r}
    assert keys == {"id", "name", "role", "status", "from", "to", "kind"}
    marked = canary_map(pmap)
    assert "QZXfromfears" in export(marked, "markdown")
    assert "QZXfromfears" in export(marked, "html") and "QZXby" in export(marked, "json")


@settings(max_examples=40, deadline=None)
@given(parts_maps())
def test_any_map_survives_json_and_toml_export_then_import(pmap: PartsMap) -> None:
    # Whole as a map the loader accepts: names unique, one polarized link with its fears.
    names = [" ".join(p.name.split()).casefold() for p in pmap.parts]
    assume(len(set(names)) == len(names) and all(names))
    for part in pmap.parts:
        part.name = part.name.strip()
    rels, pmap.relationships = pmap.relationships, []
    if len(pmap.parts) >= 2 and rels:
        pmap.relationships = [replace(rels[0], source=pmap.parts[0].id,
                                      target=pmap.parts[1].id, kind="polarized")]
    for fmt in ("json", "toml"):
        assert read_export_bytes(export(pmap, fmt).encode(), f"x.{fmt}") == pmap


def test_redaction_keeps_the_shape(demo) -> None:
    pmap = demo[1]
    data = json.loads(export(pmap, "json", redacted=True))
    assert [p["role"] for p in data["parts"]] == [p.role for p in pmap.parts]
    assert [r["kind"] for r in data["relationships"]] == [r.kind for r in pmap.relationships]
    assert data["parts"][0]["name"] == "Manager 1" and data["parts"][-1]["name"] == "Part 1"


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_export_then_import_gives_back_the_same_map(cli, demo, tmp_path: Path, fmt) -> None:
    pmap = demo[1]
    path = tmp_path / f"export.{fmt}"
    path.write_text(export(pmap, fmt))
    assert read_export(path) == pmap
    assert cli("init").exit_code == 0
    run = cli("import", str(path), "--replace", "--yes")
    assert run.exit_code == 0, run
    home = Path(os.environ["IFS_TUI_HOME"])
    store = MapStore(home / "maps" / "default")
    assert store.load() == pmap
    assert len(store.history()) == 1  # the map before was kept


def test_import_merge_adds_under_new_ids_and_reports_clashes(cli, demo, tmp_path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(export(demo[1], "toml"))
    cli("init")
    cli("part", "add", "The Fog", "--role", "firefighter")
    run = cli("import", str(path), "--merge")
    assert run.exit_code == 0, run
    assert "\"The Fog\" was on the map already" in run.stdout
    data = json.loads(cli("part", "list", "--json").stdout)
    names = [p["name"] for p in data]
    assert names.count("The Fog") == 1 and "The Fog (2)" in names
    assert len(data) == 11
    rels = json.loads(export(MapStore(Path(os.environ["IFS_TUI_HOME"]) / "maps" / "default")
                             .load(), "json"))["relationships"]
    assert {"from": "the-fog-2", "to": "the-kid-at-the-window", "kind": "protects"} in rels


def test_import_bad_files(cli, tmp_path: Path) -> None:
    cli("init")
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text('schema = 1\n[[parts]]\nid = "a"\nname = "A"\nrole = "protecter"\n')
    run = cli("import", str(bad_toml), "--merge")
    assert run.exit_code == 1 and "bad.toml:5: parts[0].role: 'protecter'" in run.stderr
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"schema": 1, "parts": [}')
    run = cli("import", str(bad_json), "--replace", "--yes")
    assert run.exit_code == 1 and "bad.json:1:" in run.stderr
    run = cli("import", str(bad_toml))
    assert run.exit_code == 1 and "--merge" in run.stderr


def test_export_cli_output_file_rules(cli, tmp_path: Path) -> None:
    cli("init")
    cli("part", "add", "Critic", "--role", "manager")
    out = tmp_path / "map.md"
    run = cli("export", "--format", "markdown", "-o", str(out))
    assert run.exit_code == 0 and "Critic" in out.read_text()
    assert mode(out) == 0o600
    run = cli("export", "-f", "svg", "-o", str(out))
    assert run.exit_code == 1 and "--force" in run.stderr
    assert "Critic" in out.read_text() and "<svg" not in out.read_text()
    assert cli("export", "-f", "svg", "-o", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("<svg")
    run = cli("export", "-f", "pdf")
    assert run.exit_code == 1 and "markdown, json" in run.stderr
    run = cli("export", "-f", "toml")
    assert run.exit_code == 0 and tomllib.loads(run.stdout)["parts"][0]["name"] == "Critic"
