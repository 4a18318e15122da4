"""Whatever bytes a file holds, reading it fails only with a clear, located message."""

from __future__ import annotations

import copy
import json
import re
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import reflections, tomlwrite
from ifs_tui.core.errors import IfsError, MapFormatError
from ifs_tui.core.importer import read_export
from ifs_tui.core.model import ROLES
from ifs_tui.core.packs import parse_pack
from ifs_tui.core.reflections import answer_text, from_dict
from ifs_tui.core.storage import MapStore, dump_map, parse_map, parse_toml

toml_scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.floats(
    allow_nan=False), st.datetimes())
toml_docs = st.dictionaries(
    st.sampled_from(["schema", "title", "parts", "relationships", "self", "id", "steps",
                     "kind", "ask", "pack", "status", "started", "updated", "x"]),
    st.recursive(toml_scalars, lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.sampled_from(["id", "name", "role", "kind", "ask",
                                                    "from", "to", "options", "min", "max"]),
                                   inner, max_size=4), max_leaves=10),
    max_size=6,
)


def _readers(raw: bytes) -> None:
    for read in (lambda: parse_map(raw, "map.toml"), lambda: parse_pack(raw, "pack.toml"),
                 lambda: from_dict(parse_toml(raw, "r.toml"), "r", "r.toml")):
        try:
            read()
        except MapFormatError as err:
            assert err.problems and all(p.file for p in err.problems)
            assert str(err)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(raw: bytes) -> None:
    _readers(raw)


@settings(max_examples=300, deadline=None)
@given(toml_docs)
def test_well_formed_toml_of_the_wrong_shape(doc: dict) -> None:
    _readers(tomli_w.dumps(doc).encode())


# --- every loader, every field, any value ---------------------------------------
#
# Start from a valid document, put an odd value (or nothing) at one field, and
# read it back through the same functions the commands use. Only a located
# MapFormatError or IfsError may come out; what loads must be usable.

DEEP = "@@deep@@"  # replaced in the written text by lists nested that deep
odd_values = st.one_of(
    st.text(max_size=20), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(), st.dates(), st.times(),
    st.datetimes(timezones=st.integers(-1439, 1439).map(
        lambda m: timezone(timedelta(minutes=m)))).map(lambda d: d.replace(microsecond=0)),
    st.lists(st.integers(), max_size=3), st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.sampled_from(["x", "id", "step"]), st.integers(), max_size=2),
    st.just([{"x": 1}]), st.just("x" * 100_000), st.just(""), st.just("  "),
    st.sampled_from([33, 120, 400, 1000, 3000]).map(lambda n: f"{DEEP}{n}"),
)
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
MAP = {"schema": 1, "title": "t", "created": NOW, "updated": NOW, "self": {"notes": "n"},
       "parts": [{"id": "a", "name": "A", "role": "manager", "status": "noticed",
                  "fears": ["f"], "job": "j", "created": NOW},
                 {"id": "b", "name": "B", "role": "exile"}],
       "relationships": [{"from": "a", "to": "b", "kind": "protects", "note": "n"}]}
PACK = {"schema": 1, "id": "p", "title": "P", "summary": "s", "phase": "anytime",
        "minutes": 5, "care_note": "c",
        "steps": [{"id": "who", "kind": "part", "ask": "Who?", "new_role": "manager"},
                  {"id": "t", "kind": "text", "ask": "What?", "adds_to": "fears",
                   "multiline": False},
                  {"id": "c", "kind": "choice", "ask": "Which?", "options": ["x", "y"],
                   "multiple": True, "other": True},
                  {"id": "s", "kind": "scale", "ask": "How much?", "min": 0, "max": 10,
                   "min_label": "a", "max_label": "b"},
                  {"id": "g", "kind": "grounding", "ask": "Breathe.", "seconds": 30}]}
REFLECTION = {"schema": 1, "pack": "p", "pack_title": "P", "status": "stopped",
              "started": NOW, "updated": NOW, "finished": NOW, "part": "a", "at": "t",
              "answers": [{"step": "who", "kind": "part", "ask": "Who?", "answer": "a",
                           "preset": True},
                          {"step": "t", "kind": "text", "ask": "What?", "answer": "x",
                           "added_to": "a.fears"},
                          {"step": "c", "kind": "choice", "ask": "Which?",
                           "answer": ["x", "y"]},
                          {"step": "s", "kind": "scale", "ask": "?", "answer": 3},
                          {"step": "g", "kind": "grounding", "ask": "?", "skipped": True,
                           "new_part": False}]}


def _places(doc: dict) -> list[tuple[dict, str]]:
    """Every (table, key) in a document, including tables inside lists of tables."""
    places: list[tuple[dict, str]] = []
    tables = [doc]
    while tables:
        table = tables.pop()
        for key, value in table.items():
            places.append((table, key))
            if isinstance(value, dict):
                tables.append(value)
            elif isinstance(value, list):
                tables.extend(v for v in value if isinstance(v, dict))
    return places


@st.composite
def odd_documents(draw: st.DrawFn, template: dict) -> dict:
    doc = copy.deepcopy(template)
    for _ in range(draw(st.integers(1, 3))):
        table, key = draw(st.sampled_from(_places(doc)))
        if draw(st.booleans()) and key in table:
            del table[key]
        else:
            table[key] = copy.deepcopy(draw(odd_values))  # st.just gives one shared object
        if draw(st.booleans()):
            table[draw(st.sampled_from(["extra", "x"]))] = copy.deepcopy(draw(odd_values))
    return doc


def _deepen(text: str) -> str:
    return re.sub(r'"@@deep@@(\d+)"', lambda m: "[" * int(m[1]) + "]" * int(m[1]), text)


def as_toml(doc: dict) -> bytes:
    return _deepen(tomli_w.dumps(doc)).encode()


def as_json(doc: dict) -> bytes:
    text = json.dumps(doc, default=lambda v: v.isoformat())
    # Deeper than this is the JSON reader's own limit, tested with the importer.
    return re.sub(r'"@@deep@@(\d+)"', lambda m: "[" * min(int(m[1]), 300)
                  + "]" * min(int(m[1]), 300), text).encode()


def _only_located_errors(read, file: str):  # type: ignore[no-untyped-def]
    try:
        return read()
    except MapFormatError as err:
        assert err.problems and all(p.file == file for p in err.problems)
        assert str(err).startswith(file)
    except IfsError as err:
        assert file in str(err)
    return None


@settings(max_examples=200, deadline=None)
@given(odd_documents(MAP))
def test_any_map_loads_or_is_refused_with_a_located_message(doc: dict) -> None:
    raw = as_toml(doc)
    pmap = _only_located_errors(lambda: parse_map(raw, "map.toml"), "map.toml")
    if pmap is not None:  # what loads can be saved and read back the same
        assert parse_map(dump_map(pmap), "map.toml") == pmap


@settings(max_examples=200, deadline=None)
@given(odd_documents(PACK))
def test_any_pack_loads_or_is_refused_with_a_located_message(doc: dict) -> None:
    pack = _only_located_errors(lambda: parse_pack(as_toml(doc), "pack.toml"), "pack.toml")
    if pack is not None:
        assert pack.minutes >= 0 and all(s.new_role in ROLES for s in pack.steps)
        assert all(s.max - s.min <= 100 for s in pack.steps)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_documents(REFLECTION))
def test_any_reflection_loads_usably_or_is_listed_as_unreadable(doc: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = MapStore(Path(tmp))
        folder = Path(tmp) / "reflections"
        folder.mkdir()
        (folder / "a-good.toml").write_bytes(as_toml(REFLECTION))
        (folder / "b-odd.toml").write_bytes(as_toml(doc))
        records, problems = reflections.list_all(store)
        assert "a-good" in [r.id for r in records]  # one odd file hides nothing else
        assert len(records) + len(problems) == 2
        for problem in problems:
            assert problem.file == str(folder / "b-odd.toml") and problem.message
        for rec in records:  # what loads, the rest of the code can use
            assert rec.started.utcoffset() is not None
            for answer in rec.answers:
                answer_text(answer)
            written = tomlwrite.dumps(reflections.to_dict(rec)).encode()
            again = from_dict(parse_toml(written, "again.toml"), rec.id, "again.toml")
            assert again == rec


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_documents(MAP), st.sampled_from(["toml", "json"]))
def test_any_import_reads_or_is_refused_with_a_located_message(doc: dict, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{fmt}"
        path.write_bytes(as_toml(doc) if fmt == "toml" else as_json(doc))
        pmap = _only_located_errors(lambda: read_export(path), str(path))
        if pmap is not None:
            assert parse_map(dump_map(pmap), "map.toml") == pmap
