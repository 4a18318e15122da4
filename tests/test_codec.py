from __future__ import annotations

import tomllib

import pytest

from ifs_tui.core.codec import locate, map_from_dict
from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.storage import parse_map

GOOD = """\
schema = 1
title = "t"
future_top = "kept"

[self]
notes = "calm"
colour = "blue"

[[parts]]
id = "critic"
name = "Critic"
role = "manager"
mood_ring = [1, 2]

[[parts]]
id = "kid"
name = "Kid"
role = "protecter"

[[relationships]]
from = "critic"
to = "kid"
kind = "protects"
strength = 3
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(MapFormatError) as info:
        parse_map(text.encode(), "map.toml")
    return [str(p) for p in info.value.problems]


def test_bad_role_names_field_and_line() -> None:
    assert errors_of(GOOD) == [
        "map.toml:18: parts[1].role: 'protecter' is not one of "
        "manager, firefighter, exile, unknown"
    ]


def test_unknown_keys_are_kept() -> None:
    pmap = parse_map(GOOD.replace("protecter", "exile").encode(), "map.toml")
    assert pmap.extra == {"future_top": "kept"}
    assert pmap.self_notes.extra == {"colour": "blue"}
    assert pmap.parts[0].extra == {"mood_ring": [1, 2]}
    assert pmap.relationships[0].extra == {"strength": 3}


def test_syntax_error_gives_line_and_column() -> None:
    (message,) = errors_of('schema = 1\ntitle = "open\n')
    assert message.startswith("map.toml:2:")
    assert "TOML syntax" in message


def test_every_problem_is_collected() -> None:
    text = """\
schema = 1
title = 3

[[parts]]
id = "a"
name = ""
role = "boss"
fears = "not a list"
created = 2026-01-01

[[parts]]
id = "a"
name = "A"
status = "done"

[[relationships]]
from = "a"
kind = "friends"
"""
    fields = [m.split(": ")[1] for m in errors_of(text)]
    assert fields == [
        "title", "parts[0].name", "parts[0].role", "parts[0].created", "parts[0].fears",
        "parts[1].status", "parts[1].id", "relationships[0].to", "relationships[0].kind",
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('title = "no schema"\n', "schema: missing"),
        ('schema = "one"\n', "schema: should be a whole number"),
        ("schema = 2\n", "newer than this version"),
        ("schema = 1\nparts = 3\n", "parts: should be a list of tables"),
        ("schema = 1\nself = 3\n", "self: should be a table"),
    ],
)
def test_schema_and_shape_problems(text: str, fragment: str) -> None:
    assert any(fragment in m for m in errors_of(text))


def test_errors_never_quote_free_text() -> None:
    text = 'schema = 1\n[[parts]]\nid = "x"\nname = "X"\nfears = "my secret fear"\n'
    assert all("secret" not in m for m in errors_of(text))


def test_local_datetime_gets_an_offset() -> None:
    pmap = map_from_dict(tomllib.loads("schema = 1\ncreated = 2026-01-01T10:00:00\n"))
    assert pmap.created is not None and pmap.created.tzinfo is not None


def test_locate() -> None:
    assert locate(GOOD, "title") == 2
    assert locate(GOOD, "self.notes") == 6
    assert locate(GOOD, "parts[1].name") == 17
    assert locate(GOOD, "parts[1].body") == 15  # not written: the table's header
    assert locate(GOOD, "relationships[0].kind") == 23
