"""Property tests: any text a person could type saves and loads back equal."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import tomlwrite
from ifs_tui.core.model import (
    KINDS,
    ROLES,
    STATUSES,
    Part,
    PartsMap,
    Relationship,
    SelfNotes,
    StatusChange,
)
from ifs_tui.core.storage import MapStore, dump_map, parse_map

# Any Unicode except lone surrogates (which no UTF-8 file can hold; they are
# replaced on save, tested in test_model), with the awkward cases made likely.
tricky = st.sampled_from(['"', "'", "\\", '"""', "'''", "\r\n", "\n", "\r", "\t", "🙂", "",
                          "\x00", "\x7f", "# not a comment", "[[parts]]", "\u200b", "é"])
text = st.lists(st.one_of(st.text(st.characters(exclude_categories=["Cs"])), tricky),
                max_size=4).map("".join)
texts = st.lists(text, max_size=3)
stamp = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                               timezone(timedelta(hours=-8))]),
).map(lambda d: d.replace(microsecond=0))


@st.composite
def parts_maps(draw: st.DrawFn) -> PartsMap:
    n = draw(st.integers(0, 4))
    parts = [
        Part(
            id=f"p{i}-{draw(st.text('abc-_', max_size=5))}",
            name=draw(st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1,
                              max_size=30).filter(str.strip)),
            role=draw(st.sampled_from(ROLES)), status=draw(st.sampled_from(STATUSES)),
            job=draw(text), fears=draw(texts), protects=draw(texts), triggers=draw(texts),
            age=draw(text), body=draw(text), emotions=draw(texts), needs=draw(text),
            notes=draw(text), tags=draw(texts),
            intent=draw(text), first_appeared=draw(text), burdens=draw(texts),
            feel_toward=draw(text), feel_toward_noted=draw(st.none() | stamp),
            status_history=draw(st.lists(st.builds(
                StatusChange, status=st.sampled_from(STATUSES), changed=stamp,
                by=st.sampled_from(["edit", "20261103-101500-meet-a-protector"]) | text),
                max_size=3)),
            created=draw(st.none() | stamp), updated=draw(st.none() | stamp),
        )
        for i in range(n)
    ]
    ids = [p.id for p in parts] or ["ghost"]
    rels = draw(st.lists(st.builds(
        Relationship, source=st.sampled_from(ids), target=st.sampled_from(ids),
        kind=st.sampled_from(KINDS), note=text, from_fears=text, to_fears=text), max_size=3))
    return PartsMap(title=draw(text), created=draw(st.none() | stamp),
                    updated=draw(st.none() | stamp), self_notes=SelfNotes(notes=draw(text)),
                    parts=parts, relationships=rels)


@settings(max_examples=150, deadline=None)
@given(parts_maps())
def test_map_survives_dump_and_parse(pmap: PartsMap) -> None:
    assert parse_map(dump_map(pmap), "map.toml") == pmap


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pmap=parts_maps())
def test_map_survives_a_real_file(tmp_path: Path, pmap: PartsMap) -> None:
    store = MapStore(tmp_path / "m")
    if not store.exists():
        store.create()
    store.load()
    store.save(pmap, touch=False)
    assert MapStore(store.folder).load() == pmap


toml_keys = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8)
toml_values = st.recursive(
    st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1), text, stamp),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(toml_keys, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    extra=st.dictionaries(toml_keys.filter(lambda k: k not in tomlwrite.SECTIONS), toml_values,
                          max_size=3),
    part_extra=st.dictionaries(toml_keys, toml_values, max_size=3),
)
def test_unknown_keys_of_any_shape_survive(extra: dict, part_extra: dict) -> None:
    doc = {"schema": 1, **extra, "self": {}, "parts": [{"id": "a", "name": "A", **part_extra}]}
    assert tomllib.loads(tomlwrite.dumps(doc)) == doc
