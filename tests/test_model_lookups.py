"""The map's dict lookups agree with a plain scan after every kind of change.

PartsMap.part(), relationships_of(), parts_named() and services.find_part() use
dicts rebuilt after changes; here random changes, through services and straight on
the lists, are each followed by a comparison with the slow scans they replaced.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError, NameTaken
from ifs_tui.core.model import Part, PartsMap, Relationship, slugify

NAMES = ["A", "a", "A  b", "a b", "B", "ß", "ss", "Ａ", "[/]", "Part 1", "part-1", " C ",
         "\u05d0\u05d1", "狐"]
KINDS = ["protects", "polarized", "allied"]


def slow_part(pmap: PartsMap, part_id: str) -> Part | None:
    return next((p for p in pmap.parts if p.id == part_id), None)


def slow_links(pmap: PartsMap, part_id: str) -> list[Relationship]:
    return [r for r in pmap.relationships if part_id in (r.source, r.target)]


def slow_named(pmap: PartsMap, name: str) -> list[Part]:
    key = " ".join(name.split()).casefold()
    return [p for p in pmap.parts if " ".join(p.name.split()).casefold() == key]


def slow_find(pmap: PartsMap, ref: str) -> Part | str:
    """services.find_part as it was: each test a scan; the hit, or "none"/"many"."""
    key = ref.strip().casefold()
    slug = slugify(ref)
    tests: list[Callable[[Part], bool]] = [
        lambda p: p.id == ref,
        lambda p: p.id.casefold() == key,
        lambda p: p.name.casefold() == key,
        lambda p: p.id == slug,
        lambda p: p.id.casefold().startswith(key) or p.name.casefold().startswith(key),
        lambda p: key in p.id.casefold() or key in p.name.casefold(),
    ]
    for test in tests:
        hits = [p for p in pmap.parts if test(p)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return "many"
    return "none"


def fast_find(pmap: PartsMap, ref: str) -> Part | str:
    try:
        return services.find_part(pmap, ref)
    except IfsError as err:
        return "none" if "no part matches" in str(err) else "many"


def agree(pmap: PartsMap) -> None:
    ids = {p.id for p in pmap.parts} | {"nobody", "a", "A", "b", "part-1"}
    for part_id in ids:
        assert pmap.part(part_id) is slow_part(pmap, part_id), part_id
        assert [id(r) for r in pmap.relationships_of(part_id)] == \
            [id(r) for r in slow_links(pmap, part_id)], part_id
    for name in {*NAMES, *(p.name for p in pmap.parts)}:
        assert [id(p) for p in pmap.parts_named(name)] == [id(p) for p in slow_named(pmap, name)]
        taken = bool(slow_named(pmap, name))
        try:
            services.check_name_free(pmap, name)
            assert not taken, name
        except NameTaken:
            assert taken, name
        if name.strip():
            fast, slow = fast_find(pmap, name), slow_find(pmap, name)
            assert fast is slow or fast == slow, name
    for part in pmap.parts:
        fast, slow = fast_find(pmap, part.id), slow_find(pmap, part.id)
        assert fast is slow or fast == slow, part.id


def apply(pmap: PartsMap, op: str, i: int, j: int, name: str) -> None:
    parts = pmap.parts
    pick = parts[i % len(parts)] if parts else None
    other = parts[j % len(parts)] if parts else None
    try:
        if op == "add":
            services.add_part(pmap, name)
        elif op == "rename" and pick:
            services.rename_part(pmap, pick, name)
        elif op == "remove" and pick:
            services.remove_part(pmap, pick)
        elif op == "link" and pick and other:
            services.link(pmap, pick, other, KINDS[i % 3])
        elif op == "unlink" and pick and other:
            services.unlink(pmap, pick, other)
        elif op == "restore" and pick:
            links = services.remove_part(pmap, pick)
            services.restore_part(pmap, pick, links, j)
        elif op == "append":  # as the importer and hand-built maps do, ids may repeat
            parts.append(Part(id=slugify(name) if i % 3 else "a", name=name))
        elif op == "insert":
            parts.insert(j, Part(id=f"x{i}", name=name))
        elif op == "pop" and parts:
            parts.pop(i % len(parts))
        elif op == "setitem" and parts:
            parts[i % len(parts)] = Part(id=f"y{j}", name=name)
        elif op == "delitem" and parts:
            del parts[i % len(parts)]
        elif op == "reverse":
            parts.reverse()
            pmap.relationships.reverse()
        elif op == "replace":
            pmap.parts = [p for p in parts if p is not pick]
            pmap.relationships = list(pmap.relationships)
        elif op == "rel-append" and pick and other:
            pmap.relationships.append(Relationship(pick.id, other.id, KINDS[j % 3]))
        elif op == "rel-remove" and pmap.relationships:
            pmap.relationships.remove(pmap.relationships[i % len(pmap.relationships)])
        elif op == "rel-setitem" and pmap.relationships and pick:
            pmap.relationships[j % len(pmap.relationships)] = Relationship(pick.id, "nobody",
                                                                           "protects")
        elif op == "iadd":
            pmap.parts += [Part(id=f"z{i}", name=name)]
        elif op == "deepcopy":
            copied = copy.deepcopy(pmap)
            agree(copied)
            copied.parts.append(Part(id="only-in-copy", name=name))
            assert pmap.part("only-in-copy") is None
    except IfsError:
        pass  # a refused change (name taken, same part twice) changes nothing


OPS = st.sampled_from(["add", "rename", "remove", "link", "unlink", "restore", "append",
                       "insert", "pop", "setitem", "delitem", "reverse", "replace",
                       "rel-append", "rel-remove", "rel-setitem", "iadd", "deepcopy"])
STEP = st.tuples(OPS, st.integers(0, 50), st.integers(0, 50),
                 st.sampled_from(NAMES) | st.text(min_size=1, max_size=6))


@settings(max_examples=150, deadline=None)
@given(st.lists(STEP, max_size=25))
def test_lookups_match_a_scan_after_every_change(steps: list[tuple[str, int, int, str]]) -> None:
    pmap = PartsMap()
    agree(pmap)
    for op, i, j, name in steps:
        apply(pmap, op, i, j, name)
        agree(pmap)


def test_a_rename_is_seen_by_the_name_check() -> None:
    pmap = PartsMap()
    part = services.add_part(pmap, "Frozen deer")
    services.check_name_free(pmap, "Runner")  # builds the lookups
    services.rename_part(pmap, part, "Runner")
    assert pmap.parts_named("runner") == [part]
    assert pmap.parts_named("frozen deer") == []
    assert services.find_part(pmap, "Runner") is part


def test_lists_stay_lists() -> None:
    """The counting lists still are lists to every caller (TOML, JSON, equality)."""
    pmap = PartsMap(parts=[Part(id="a", name="A")])
    assert isinstance(pmap.parts, list) and pmap.parts == [Part(id="a", name="A")]
    assert pmap == PartsMap(parts=[Part(id="a", name="A")])
