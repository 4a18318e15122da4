"""Whatever bytes a file holds, reading it fails only with a clear, located message."""

from __future__ import annotations

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.packs import parse_pack
from ifs_tui.core.reflections import from_dict
from ifs_tui.core.storage import parse_map, parse_toml

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
