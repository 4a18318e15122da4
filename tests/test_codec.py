from __future__ import annotations

import tomllib

import pytest

from ifs_tui.core.codec import locate, map_from_dict, map_to_dict
from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.storage import dump_map, parse_map

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


NEWER = """\
schema = 1

[[parts]]
id = "critic"
name = "Critic"
intent = "that I am never caught out"
first_appeared = "around seven"
burdens = ["I am too much"]
feel_toward = "curious"
feel_toward_noted = 2026-11-03T09:00:00
created = 2026-11-01T09:00:00+01:00

[[parts.status_history]]
status = "getting-to-know"
changed = 2026-11-02T09:00:00+01:00
by = "edit"

[[parts.status_history]]
status = "befriended"
changed = 2026-11-03T09:00:00+01:00
by = "20261103-090000-meet-a-protector"
mood = "kept"

[[parts]]
id = "other"
name = "Other"

[[relationships]]
from = "critic"
to = "other"
kind = "polarized"
from_fears = "that it would let everything slide"
to_fears = "that it would never let me rest"
"""


def test_newer_fields_are_read_in_order_and_kept() -> None:
    pmap = parse_map(NEWER.encode(), "map.toml")
    part = pmap.parts[0]
    assert part.intent == "that I am never caught out" and part.burdens == ["I am too much"]
    assert part.first_appeared == "around seven" and part.feel_toward == "curious"
    assert part.feel_toward_noted.utcoffset().total_seconds() == 0  # no offset: UTC
    assert [(h.status, h.by) for h in part.status_history] == [
        ("getting-to-know", "edit"), ("befriended", "20261103-090000-meet-a-protector")]
    assert part.status_history[1].extra == {"mood": "kept"}
    assert part.extra == {}
    rel = pmap.relationships[0]
    assert rel.from_fears.startswith("that it would let") and rel.to_fears.endswith("rest")
    assert rel.extra == {}
    again = parse_map(dump_map(pmap), "map.toml")
    assert again == pmap
    keys = list(map_to_dict(pmap)["parts"][0])
    assert keys == ["id", "name", "role", "status", "intent", "first_appeared", "burdens",
                    "feel_toward", "feel_toward_noted", "status_history", "created"]


def test_an_old_map_loads_and_writes_as_before() -> None:
    old = GOOD.replace("protecter", "exile")
    pmap = parse_map(old.encode(), "map.toml")
    assert pmap.parts[0].status_history == [] and pmap.parts[0].feel_toward_noted is None
    assert "status_history" not in dump_map(pmap).decode()
    assert "feel_toward" not in dump_map(pmap).decode()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('burdens = ["I am too much"]', 'burdens = "I am too much"'),
         "map.toml:8: parts[0].burdens: should be a list of text"),
        (lambda t: t.replace('intent = "that I am never caught out"', 'intent = ["a"]'),
         "map.toml:6: parts[0].intent: should be text in quotes"),
        (lambda t: t.replace("feel_toward_noted = 2026-11-03T09:00:00",
                             'feel_toward_noted = "last week"'),
         "map.toml:10: parts[0].feel_toward_noted: should be a date and time"),
        (lambda t: t.replace('status = "befriended"', 'status = " "'),
         "map.toml:19: parts[0].status_history[1].status: should name a status"),
        (lambda t: t.replace('by = "edit"\n', ""),
         "map.toml:13: parts[0].status_history[0]: needs by"),
        (lambda t: t.replace("changed = 2026-11-02T09:00:00+01:00", 'changed = "Tuesday"'),
         "map.toml:15: parts[0].status_history[0].changed: should be a date and time"),
        (lambda t: t.replace('by = "edit"', "by = 3"),
         "map.toml:16: parts[0].status_history[0].by: should be text in quotes"),
        (lambda t: t.replace('feel_toward = "curious"', 'status_history = "befriended"')
         .replace("[[parts.status_history]]", "[[parts.odd]]"),
         "map.toml:9: parts[0].status_history: should be a list of tables"),
        (lambda t: t.replace('to_fears = "that it would never let me rest"', "to_fears = 3"),
         "map.toml:33: relationships[0].to_fears: should be text in quotes"),
    ],
)
def test_odd_values_in_the_newer_fields_are_located(change, expected) -> None:
    found = errors_of(change(NEWER))
    assert any(m.startswith(expected) for m in found), found
    assert all("caught out" not in m and "let everything" not in m for m in found)


def test_status_history_is_written_one_change_per_line_and_located() -> None:
    pmap = parse_map(NEWER.encode(), "map.toml")
    pmap.parts[0].status_history[1].by = "20261103-090000-" + "a-long-pack-id" * 4
    text = dump_map(pmap).decode()
    lines = text.splitlines()
    at = lines.index("status_history = [")
    assert lines[at + 1].startswith('    { status = "getting-to-know", changed = 2026-11-02')
    assert lines[at + 2].endswith('mood = "kept" },') and lines[at + 3] == "]"
    assert lines[at + 4].startswith("created = ")  # in its place among the part's keys
    assert parse_map(text.encode(), "map.toml") == pmap
    broken = text.replace('status = "befriended"', 'status = ""')
    (message,) = errors_of(broken)
    assert message.startswith(f"map.toml:{at + 3}: parts[0].status_history[1].status:")


def test_check_warns_about_newer_dates_without_offset_on_their_line(tmp_path) -> None:
    from ifs_tui.core.check import check_folder

    (tmp_path / "map.toml").write_text(NEWER.replace(
        "changed = 2026-11-03T09:00:00+01:00", "changed = 2026-11-03T09:00:00"))
    (tmp_path / "map.toml").chmod(0o600)
    tmp_path.chmod(0o700)
    found = {(p.line, p.field) for p in check_folder(tmp_path) if "no offset" in p.message}
    assert found == {(10, "parts[0].feel_toward_noted"),
                     (20, "parts[0].status_history[1].changed")}


def test_an_unknown_past_status_is_kept_and_checked(tmp_path) -> None:
    """A past entry another version (or a hand) wrote never keeps the map from opening."""
    from ifs_tui.core.check import check_folder

    text = NEWER.replace('status = "befriended"', 'status = "thriving"')
    pmap = parse_map(text.encode(), "map.toml")
    assert pmap.parts[0].status_history[1].status == "thriving"
    assert "thriving" in dump_map(pmap).decode()  # kept on save
    (tmp_path / "map.toml").write_text(text)
    found = [p for p in check_folder(tmp_path) if "status_history" in p.field]
    assert [(p.severity, p.line, p.field) for p in found] == [
        ("warning", 19, "parts[0].status_history[1].status")]
    assert "kept as written" in found[0].message
