"""The shipped JSON Schema and `ifs import` accept and refuse the same documents.

A schema cannot say everything: the importer also refuses duplicate part ids,
links to a missing part or to the same part (the schema's $comment lists them).
Documents of that kind must pass the schema and fail the import; all others
must get the same verdict from both.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core.errors import IfsError
from ifs_tui.core.importer import DATETIME_PATTERN, check_writable, read_export_bytes
from tests.hostile import NAMES

SCHEMA = json.loads((resources.files("ifs_tui") / "schema" / "map.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_accepts(document: Any) -> bool:
    return VALIDATOR.is_valid(document)


def importer_accepts(document: Any) -> bool:
    raw = json.dumps(document).encode("utf-8")  # lone surrogates travel as \u escapes
    try:
        pmap = read_export_bytes(raw, "doc.json", "json")
        check_writable(pmap, "doc.json")  # what --replace would write
    except IfsError:
        return False
    return True


def beyond_schema(document: Any) -> bool:
    """Refused for a reason the schema cannot express (see its $comment)."""
    if not isinstance(document, dict) or not isinstance(document.get("parts"), list):
        return False
    ids = [p.get("id") for p in document["parts"] if isinstance(p, dict)]
    if len(ids) != len(set(map(str, ids))):
        return True
    for rel in document.get("relationships") or []:
        if isinstance(rel, dict) and (rel.get("from") not in ids or rel.get("to") not in ids
                                      or rel.get("from") == rel.get("to")):
            return True
    return False


def part(**extra: Any) -> dict[str, Any]:
    return {"id": "a", "name": "A", **extra}


def mapdoc(**extra: Any) -> dict[str, Any]:
    return {"schema": 1, **extra}


VALID = [
    mapdoc(),
    mapdoc(title="t", self={"notes": "n", "mine": [1, {"x": True}]}),
    mapdoc(parts=[part()]),  # role, status and kind may be left out
    mapdoc(parts=[part(id="b", role="exile", status="befriended", fears=["x"], job="")]),
    mapdoc(parts=[part(), part(id="b", name="B")],
           relationships=[{"from": "a", "to": "b"}]),
    mapdoc(created="2026-01-31T09:30:00+01:00", updated="2026-01-31T09:30:00Z"),
    mapdoc(created="2026-01-31T09:30:00"),  # no offset: read as map.toml reads it
    mapdoc(created="2026-01-31 09:30:00.123456-05:30"),
    mapdoc(created="2024-02-29T00:00:00Z"),  # a leap day
    mapdoc(schema=1.0),
    mapdoc(future={"deep": [[1, 2.5], "x"]}, flag=False),
    mapdoc(parts=[part(name="x" * 200)]),
    mapdoc(parts=[part(name="a\u00a0b", notes="tab\tand\nlines and \x1b escapes")]),
    *[mapdoc(parts=[part(name=name)]) for name in NAMES],
    mapdoc(parts=[part(intent="i", first_appeared="at seven", burdens=["b"], feel_toward="f",
                       feel_toward_noted="2026-11-03T09:00:00",
                       status_history=[{"status": "befriended", "changed": "2026-11-03 09:00:00Z",
                                        "by": "edit", "mine": [1]}])]),
    mapdoc(parts=[part(), part(id="b", name="B")],
           relationships=[{"from": "a", "to": "b", "kind": "polarized", "from_fears": "x",
                           "to_fears": "y\nz"}]),
    # Moments and journeys (export -f json): described, checked, never imported.
    mapdoc(moments=[], journeys=[], moment_count=0, journey_count=3.0),
    mapdoc(moments=[{"id": "20260131-093000", "schema": 1, "when": "2026-01-31T09:30:00+01:00",
                     "text": "", "part": "gone", "shift": "s", "mine": [1]}]),
    mapdoc(journeys=[{"id": "j", "session": "2026-01-31 12:00:00Z", "title": "", "notes": "n",
                      "parts": ["a"], "preparation": [], "integration": ["r"],
                      "moments": ["m"], "created": "2026-01-31T09:30:00", "dose": "kept"}]),
]

INVALID = [
    [],
    "map",
    {},
    mapdoc(schema=0),
    mapdoc(schema=2),
    mapdoc(schema=True),
    mapdoc(schema="1"),
    mapdoc(title=None),
    mapdoc(title=3),
    mapdoc(self=[]),
    mapdoc(self=None),
    mapdoc(self={"notes": 3}),
    mapdoc(parts={}),
    mapdoc(parts=[3]),
    mapdoc(parts=[{"id": "a"}]),
    mapdoc(parts=[{"name": "A"}]),
    mapdoc(parts=[part(name="")]),
    mapdoc(parts=[part(name="   ")]),
    mapdoc(parts=[part(name="\u3000\u00a0")]),
    mapdoc(parts=[part(name="x" * 201)]),
    mapdoc(parts=[part(name="line\nbreak")]),
    mapdoc(parts=[part(name="trailing break\n")]),
    mapdoc(parts=[part(name="tab\there")]),
    mapdoc(parts=[part(name="esc\x1b[2J")]),
    mapdoc(parts=[part(name="c1 \x85 control")]),
    mapdoc(parts=[part(name="lone \ud800 surrogate")]),
    mapdoc(parts=[part(id="")]),
    mapdoc(parts=[part(id=" ")]),
    mapdoc(parts=[part(id="a\x00")]),
    mapdoc(parts=[part(role="protecter")]),
    mapdoc(parts=[part(status="done")]),
    mapdoc(parts=[part(fears="not a list")]),
    mapdoc(parts=[part(fears=[1])]),
    mapdoc(parts=[part(job=["a list"])]),
    mapdoc(parts=[part(mine=None)]),
    mapdoc(parts=[part(created=None)]),
    mapdoc(future=None),
    mapdoc(future=[1, None]),
    mapdoc(relationships=[{"from": "a"}]),
    mapdoc(relationships=[{"from": "", "to": "b"}]),
    mapdoc(parts=[part(), part(id="b", name="B")],
           relationships=[{"from": "a", "to": "b", "kind": "enemies"}]),
    mapdoc(created="2026-01-31"),
    mapdoc(created="2026-02-30T10:00:00Z"),
    mapdoc(created="2023-02-29T10:00:00Z"),
    mapdoc(created="0000-01-01T00:00:00Z"),
    mapdoc(created="2026-01-31T24:00:00Z"),
    mapdoc(created="2026-01-31T10:00:60Z"),
    mapdoc(created="2026-01-31t10:00:00z"),
    mapdoc(created="2026-01-31T10:00:00+01:00:30"),
    mapdoc(created="2026-01-31T10:00:00Z\n"),
    mapdoc(created="٢٠٢٦-01-31T10:00:00Z"),  # other scripts' digits
    mapdoc(created="20260131T100000"),
    mapdoc(created=1234567890),
    mapdoc(parts=[part(burdens="not a list")]),
    mapdoc(parts=[part(intent=["a list"])]),
    mapdoc(parts=[part(feel_toward_noted="last week")]),
    mapdoc(parts=[part(status_history={"status": "noticed"})]),
    mapdoc(parts=[part(status_history=["noticed"])]),
    mapdoc(parts=[part(status_history=[{"status": "noticed", "changed": "2026-01-31T10:00:00Z"}])]),
    mapdoc(parts=[part(status_history=[{"status": " ", "changed": "2026-01-31T10:00:00Z",
                                        "by": "edit"}])]),
    mapdoc(parts=[part(status_history=[{"status": "noticed", "changed": "Tuesday",
                                        "by": "edit"}])]),
    mapdoc(parts=[part(status_history=[{"status": "noticed", "changed": "2026-01-31T10:00:00Z",
                                        "by": 3}])]),
    mapdoc(parts=[part(), part(id="b", name="B")],
           relationships=[{"from": "a", "to": "b", "to_fears": ["x"]}]),
    mapdoc(moments={}),
    mapdoc(moments=[3]),
    mapdoc(moments=[{"id": "a", "text": "x"}]),
    mapdoc(moments=[{"id": "a", "when": "2026-01-31", "text": "x"}]),
    mapdoc(moments=[{"id": "a", "when": "2026-01-31T09:30:00Z", "text": ["x"]}]),
    mapdoc(moments=[{"id": 1, "when": "2026-01-31T09:30:00Z", "text": "x"}]),
    mapdoc(moments=[{"id": "a", "when": "2026-01-31T09:30:00Z", "text": "x", "schema": 0}]),
    mapdoc(moments=[{"id": "a", "when": "2026-01-31T09:30:00Z", "text": "x", "part": None}]),
    mapdoc(journeys=[{"id": "j"}]),
    mapdoc(journeys=[{"id": "j", "session": "2026-01-31T09:30:00Z", "parts": "a"}]),
    mapdoc(journeys=[{"id": "j", "session": "2026-01-31T09:30:00Z", "moments": [1]}]),
    mapdoc(journeys=[{"id": "j", "session": "2026-01-31T09:30:00Z", "notes": 3}]),
    mapdoc(moment_count=-1),
    mapdoc(moment_count=True),
    mapdoc(journey_count=1.5),
    mapdoc(journey_count="1"),
]

BEYOND = [
    mapdoc(parts=[part(), part(name="B")]),  # the same id twice
    mapdoc(parts=[part()], relationships=[{"from": "a", "to": "missing"}]),
    mapdoc(parts=[part()], relationships=[{"from": "a", "to": "a"}]),
]


def test_the_schema_holds_the_importers_date_pattern() -> None:
    assert SCHEMA["$defs"]["datetime"]["pattern"] == DATETIME_PATTERN


@pytest.mark.parametrize("document", VALID, ids=range(len(VALID)))
def test_both_accept(document) -> None:
    assert schema_accepts(document) and importer_accepts(document)


@pytest.mark.parametrize("document", INVALID, ids=range(len(INVALID)))
def test_both_refuse(document) -> None:
    assert not schema_accepts(document)
    assert not importer_accepts(document)


@pytest.mark.parametrize("document", BEYOND, ids=range(len(BEYOND)))
def test_what_only_the_importer_can_refuse(document) -> None:
    assert beyond_schema(document)
    assert schema_accepts(document) and not importer_accepts(document)


# --- generated documents -----------------------------------------------------------

odd_values = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.lists(
    st.text(max_size=3), max_size=2)
date_texts = st.one_of(
    st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(sep=" ", timespec="seconds")),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?\Z"),
    st.text(max_size=25),
)
names = st.sampled_from(NAMES) | st.text(max_size=8) | st.text(
    alphabet=" \t\n\u00a0\u3000\x85", max_size=3)
ids = st.sampled_from(["a", "b", "c", " ", "", "a\x01"])


def maybe(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.just({}), values.map(lambda v: {key: v}))


@st.composite
def parts(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 20)) == 0:
        return draw(odd_values)
    table: dict[str, Any] = {}
    for piece in (
        maybe("id", ids | odd_values),
        maybe("name", names | odd_values),
        maybe("role", st.sampled_from(["manager", "exile", "Manager", ""]) | odd_values),
        maybe("status", st.sampled_from(["noticed", "unburdened", "new"])),
        maybe("fears", st.lists(st.text(max_size=4), max_size=2) | odd_values),
        maybe("job", st.text(max_size=6) | odd_values),
        maybe("created", date_texts | odd_values),
        maybe("burdens", st.lists(st.text(max_size=4), max_size=2) | odd_values),
        maybe("feel_toward", st.text(max_size=6) | odd_values),
        maybe("feel_toward_noted", date_texts | odd_values),
        maybe("status_history", st.lists(st.fixed_dictionaries({}, optional={
            "status": st.sampled_from(["noticed", "befriended", "done"]) | odd_values,
            "changed": date_texts | odd_values, "by": st.just("edit") | odd_values,
            "x": odd_values}) | odd_values, max_size=2) | odd_values),
        maybe("mine", odd_values),
    ):
        table.update(draw(piece))
    return table


@st.composite
def documents(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 30)) == 0:
        return draw(odd_values)
    document: dict[str, Any] = {}
    for piece in (
        maybe("schema", st.sampled_from([1, 1.0, 0, 2, True, "1"])),
        maybe("title", st.text(max_size=5) | odd_values),
        maybe("created", date_texts),
        maybe("self", st.fixed_dictionaries({}, optional={"notes": st.text(max_size=4) | odd_values,
                                                          "x": odd_values}) | odd_values),
        maybe("parts", st.lists(parts(), max_size=3) | odd_values),
        maybe("relationships", st.lists(st.fixed_dictionaries({}, optional={
            "from": ids | odd_values, "to": ids | odd_values,
            "kind": st.sampled_from(["protects", "allied", "x"]),
            "from_fears": st.text(max_size=4) | odd_values}), max_size=2)),
        maybe("extra", odd_values),
        maybe("moments", st.lists(st.fixed_dictionaries({}, optional={
            "id": ids | odd_values, "when": date_texts | odd_values,
            "text": st.text(max_size=4) | odd_values, "part": ids | odd_values,
            "schema": st.sampled_from([1, 0, 2.0]) | odd_values}) | odd_values, max_size=2)
            | odd_values),
        maybe("journeys", st.lists(st.fixed_dictionaries({}, optional={
            "id": ids | odd_values, "session": date_texts | odd_values,
            "title": st.text(max_size=4) | odd_values,
            "moments": st.lists(ids, max_size=2) | odd_values,
            "changed": date_texts | odd_values}) | odd_values, max_size=2) | odd_values),
        maybe("moment_count", st.integers(-2, 3) | odd_values),
    ):
        document.update(draw(piece))
    return document


@settings(max_examples=400, deadline=None)
@given(documents())
def test_schema_and_importer_agree_on_generated_documents(document) -> None:
    by_schema, by_importer = schema_accepts(document), importer_accepts(document)
    if by_schema and beyond_schema(document):
        assert not by_importer
    else:
        assert by_schema == by_importer
