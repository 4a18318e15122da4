from __future__ import annotations

import pytest

from ifs_tui.core import services
from ifs_tui.core.errors import InvalidInput, PartNotFound
from ifs_tui.core.model import PartsMap
from ifs_tui.core.services import PartChanges


@pytest.fixture
def pmap() -> PartsMap:
    m = PartsMap(title="t")
    services.add_part(m, "Inner Critic", PartChanges(role="manager", add={"fears": ["f1"]}))
    services.add_part(m, "Little One", PartChanges(role="Exile"))
    services.add_part(m, "Little Helper")
    return m


@pytest.mark.parametrize(
    ("ref", "part_id"),
    [("inner-critic", "inner-critic"), ("INNER CRITIC", "inner-critic"),
     ("inner", "inner-critic"), ("critic", "inner-critic"), ("little one", "little-one"),
     ("helper", "little-helper")],
)
def test_find_part(pmap: PartsMap, ref: str, part_id: str) -> None:
    assert services.find_part(pmap, ref).id == part_id


def test_find_part_ambiguous_and_unknown(pmap: PartsMap) -> None:
    with pytest.raises(PartNotFound, match="more than one part.*little-one, little-helper"):
        services.find_part(pmap, "little")
    with pytest.raises(PartNotFound, match="did you mean: inner-critic"):
        services.find_part(pmap, "inner critc")
    with pytest.raises(PartNotFound, match="no part matches 'zzz'$"):
        services.find_part(pmap, "zzz")
    with pytest.raises(PartNotFound, match="no parts yet"):
        services.find_part(PartsMap(), "x")


def test_add_part_rules(pmap: PartsMap) -> None:
    assert pmap.parts[1].role == "exile"  # roles are case-insensitive
    with pytest.raises(InvalidInput, match="already exists"):
        services.add_part(pmap, "inner critic")
    with pytest.raises(InvalidInput, match="not one of"):
        services.add_part(pmap, "New", PartChanges(role="protecter"))
    with pytest.raises(InvalidInput, match="empty"):
        services.add_part(pmap, "  ")
    with pytest.raises(InvalidInput, match="control"):
        services.add_part(pmap, "New", PartChanges(text={"job": "ring \x07"}))
    assert len(pmap.parts) == 3  # nothing half-added


def test_same_slug_gets_a_new_id(pmap: PartsMap) -> None:
    part = services.add_part(pmap, "Inner-Critic!")
    assert part.id == "inner-critic-2"


def test_edit_order_clear_remove_add(pmap: PartsMap) -> None:
    part = pmap.parts[0]
    services.apply_changes(part, PartChanges(add={"fears": ["f2", "f3"]}, text={"job": "j"}))
    assert part.fears == ["f1", "f2", "f3"]
    services.apply_changes(part, PartChanges(remove={"fears": ["f2"]}, add={"fears": ["f4"]}))
    assert part.fears == ["f1", "f3", "f4"]
    services.apply_changes(part, PartChanges(clear=["fears", "job"], add={"fears": ["new"]}))
    assert (part.fears, part.job) == (["new"], "")
    with pytest.raises(InvalidInput, match="no item matches"):
        services.apply_changes(part, PartChanges(remove={"fears": ["absent"]}))
    with pytest.raises(InvalidInput, match="--clear"):
        services.apply_changes(part, PartChanges(clear=["name"]))
    assert services.apply_changes(part, PartChanges(status="getting to know"))
    assert part.status == "getting-to-know"
    assert not services.apply_changes(part, PartChanges(status="getting-to-know"))


def test_failed_edit_changes_nothing(pmap: PartsMap) -> None:
    part = pmap.parts[0]
    with pytest.raises(InvalidInput):
        services.apply_changes(part, PartChanges(text={"job": "ok"}, role="boss"))
    assert part.job == ""


def test_rename_keeps_id(pmap: PartsMap) -> None:
    part = pmap.parts[0]
    assert services.rename_part(pmap, part, "The Editor")
    assert (part.id, part.name) == ("inner-critic", "The Editor")
    with pytest.raises(InvalidInput, match="already exists"):
        services.rename_part(pmap, part, "little one")


def test_links(pmap: PartsMap) -> None:
    critic, kid, helper = pmap.parts
    services.link(pmap, critic, kid, "protects", "note")
    services.link(pmap, helper, critic, "Polarized")
    with pytest.raises(InvalidInput, match="already linked"):
        services.link(pmap, critic, helper, "polarized")
    with pytest.raises(InvalidInput, match="already protects"):
        services.link(pmap, kid, critic, "protects")
    with pytest.raises(InvalidInput, match="itself"):
        services.link(pmap, kid, kid, "allied")
    with pytest.raises(InvalidInput, match="not one of"):
        services.link(pmap, kid, helper, "friends")
    gone = services.unlink(pmap, critic, helper)
    assert [r.kind for r in gone] == ["polarized"]
    with pytest.raises(InvalidInput, match="no allied link"):
        services.unlink(pmap, critic, kid, "allied")


def test_remove_part_takes_its_links(pmap: PartsMap) -> None:
    critic, kid, helper = pmap.parts
    services.link(pmap, critic, kid, "protects")
    services.link(pmap, helper, kid, "allied")
    services.link(pmap, helper, critic, "allied")
    gone = services.remove_part(pmap, critic)
    assert len(gone) == 2
    assert [p.id for p in pmap.parts] == ["little-one", "little-helper"]
    assert len(pmap.relationships) == 1


def test_a_status_change_by_edit_is_kept_in_the_history(pmap: PartsMap) -> None:
    part = pmap.part("little-one")
    assert part.status_history == []  # adding a part is not a change of status
    services.apply_changes(part, PartChanges(status="Getting to know"))
    services.apply_changes(part, PartChanges(status="getting-to-know", text={"job": "j"}))
    services.apply_changes(part, PartChanges(status="befriended"), by="20261103-x")
    assert [(h.status, h.by) for h in part.status_history] == [
        ("getting-to-know", "edit"), ("befriended", "20261103-x")]
    assert part.status_history[-1].changed == part.updated


def test_feel_toward_sets_its_date_and_clearing_clears_both(pmap: PartsMap) -> None:
    part = pmap.part("inner-critic")
    services.apply_changes(part, PartChanges(text={"feel_toward": "curious"}))
    assert part.feel_toward_noted == part.updated
    services.apply_changes(part, PartChanges(clear=["feel_toward"]))
    assert (part.feel_toward, part.feel_toward_noted) == ("", None)
    services.apply_changes(part, PartChanges(text={"intent": "keep me safe"},
                                             add={"burdens": ["too much"]}))
    assert part.feel_toward_noted is None  # other fields leave the date alone
    assert part.intent == "keep me safe" and part.burdens == ["too much"]


def test_fears_on_each_side_belong_to_polarized_links(pmap: PartsMap) -> None:
    critic, one = pmap.part("inner-critic"), pmap.part("little-one")
    helper = pmap.part("little-helper")
    with pytest.raises(InvalidInput, match="polarized links only"):
        services.link(pmap, critic, one, "protects", from_fears="x")
    rel = services.link(pmap, critic, helper, "polarized", from_fears=" it would slack ",
                        to_fears="it would never stop")
    assert (rel.from_fears, rel.to_fears) == ("it would slack", "it would never stop")
    assert services.link_fears(rel, pmap) == [
        "Inner Critic's fear about Little Helper: it would slack",
        "Little Helper's fear about Inner Critic: it would never stop"]
    assert services.set_link_fears(rel, to_fears="") is True
    assert (rel.from_fears, rel.to_fears) == ("it would slack", "")
    assert services.set_link_fears(rel) is False
    with pytest.raises(InvalidInput, match="control characters"):
        services.set_link_fears(rel, from_fears="a\x1b[2J")


def test_search_finds_the_newer_fields_and_link_fears(pmap: PartsMap) -> None:
    from ifs_tui.core.search import search

    critic, helper = pmap.part("inner-critic"), pmap.part("little-helper")
    services.apply_changes(critic, PartChanges(text={"intent": "wants me Respected",
                                                     "feel_toward": "tender today"},
                                               add={"burdens": ["never enough"]}))
    services.link(pmap, critic, helper, "polarized", to_fears="it would drive me hard")
    found = {q: [(h.target, h.where) for h in search(pmap, [], q)]
             for q in ("respected", "tender", "never enough", "drive me")}
    assert found == {"respected": [("inner-critic", "intent")],
                     "tender": [("inner-critic", "feel toward")],
                     "never enough": [("inner-critic", "burdens")],
                     "drive me": [("little-helper", "link fears")]}
