"""make_part and link steps: a part made per option chosen (after the person
confirms), questions about that part only, links among the parts made, and all
of it taken back again when the person goes back before anything else used it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import reflections, services
from ifs_tui.core.errors import InvalidInput, MapFormatError, NameTaken
from ifs_tui.core.packs import load_pack_file, parse_pack
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

PACK_FILE = Path(__file__).parent / "packs" / "making.toml"
PACK = load_pack_file(PACK_FILE, "user")
FREEZE, CRITIC, NUMB = "freezing in conflict", "expecting criticism", "going numb near sadness"


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "map")
    store.create()
    return store


def names(store: MapStore) -> list[str]:
    return [p.name for p in store.load().parts]


def on_disk(walk: Walk) -> dict:
    return tomllib.loads((reflections.folder_of(walk.store)
                          / f"{walk.record.id}.toml").read_text())


def at(walk: Walk) -> tuple[str, int]:
    return (walk.step.id if walk.step else "", walk.round)


def test_a_part_per_option_with_its_own_answers_then_links(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, "eating when stressed"])
    assert at(walk) == ("make", 1)
    assert walk.proposed_name() == "The one who freezes in conflict"
    assert names(store) == []  # nothing is made before the person confirms
    walk.make_part("The one who freezes in conflict")
    assert walk.question() == ("If The one who freezes in conflict stopped, what might it "
                               "be afraid would happen?")
    walk.answer("a fight would start")
    walk.answer("knowing I can leave")
    assert at(walk) == ("make", 2)
    assert walk.proposed_name() == "The part behind 'eating when stressed'"  # own words
    walk.make_part("The snacker", role="firefighter")
    walk.answer("feeling it all")
    walk.skip()
    assert at(walk) == ("made", 0)
    assert [p.name for p in walk.made_parts()] == ["The one who freezes in conflict",
                                                   "The snacker"]
    walk.advance()
    assert at(walk) == ("links", 0)
    walk.add_link("The snacker", "The one who freezes in conflict", "polarized")
    assert [(a.name, k, b.name) for a, k, b in walk.links_made()] == [
        ("The snacker", "polarized", "The one who freezes in conflict")]
    walk.advance()
    walk.advance()
    assert walk.done
    pmap = store.load()
    freeze, snack = pmap.parts
    assert (freeze.role, freeze.job, freeze.fears, freeze.needs) == (
        "unknown", FREEZE, ["a fight would start"], "knowing I can leave")
    assert (snack.role, snack.job, snack.fears, snack.needs) == (
        "firefighter", "eating when stressed", ["feeling it all"], "")
    assert [(r.source, r.kind, r.target) for r in pmap.relationships] == [
        (snack.id, "polarized", freeze.id)]
    answers = {(a["step"], a.get("item", "")): a for a in on_disk(walk)["answers"]}
    assert answers[("make", FREEZE)]["answer"] == freeze.id
    assert answers[("make", FREEZE)]["new_part"] is True
    assert answers[("links", "")]["answer"] == [f"{snack.id} polarized {freeze.id}"]
    shown = reflections.answer_text(reflections.load(store, walk.record.id)
                                    .answer_for("links"), pmap)
    assert shown == "The snacker is polarized with The one who freezes in conflict"


def test_nothing_chosen_passes_over_the_group_and_the_link_step(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.skip()
    assert at(walk) == ("made", 0)
    assert walk.made_parts() == []
    walk.advance()
    assert at(walk) == ("closing", 0)  # no two parts to link: the link step is passed over
    walk.advance()
    assert walk.done and names(store) == []


def test_not_now_at_the_make_step_passes_over_that_option(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    walk.skip()  # no part for freezing
    assert at(walk) == ("make", 2)
    walk.make_part(walk.proposed_name())
    walk.answer("being found lacking")
    walk.answer("kindness")
    walk.advance()
    assert at(walk) == ("closing", 0)  # one part only: nothing to link
    assert names(store) == ["The one who expects criticism"]


def test_a_taken_name_can_be_used_or_changed(store: MapStore) -> None:
    with store.edit() as pmap:
        services.add_part(pmap, "The one who freezes in conflict")
        store.save(pmap)
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    with pytest.raises(NameTaken) as err:
        walk.make_part(walk.proposed_name())
    assert at(walk) == ("make", 1)
    used = walk.use_part(err.value.part_id)
    assert used.name == "The one who freezes in conflict"
    assert store.load().part(used.id).job == FREEZE  # the option goes to the part used too
    walk.answer("a fight")
    assert store.load().part(used.id).fears == ["a fight"]
    walk.skip()
    with pytest.raises(NameTaken):
        walk.make_part("the one who FREEZES in conflict")
    walk.make_part("The critic-watcher")
    assert names(store) == ["The one who freezes in conflict", "The critic-watcher"]
    # Back to round 1's make step and not now: a part used, never made here, stays
    while at(walk) != ("make", 1):
        assert walk.back()
    walk.skip()
    assert "The one who freezes in conflict" in names(store)
    assert store.load().part(used.id).job == ""  # and is taken out again


def test_back_and_a_new_name_renames_the_same_part(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE])
    part = walk.make_part("Freezer")
    walk.answer("a fight")
    walk.back()
    walk.back()
    assert at(walk) == ("make", 1)
    assert walk.made_part() is not None and walk.made_part().name == "Freezer"
    again = walk.make_part("The still one", role="manager")
    assert again.id == part.id
    pmap = store.load()
    assert [(p.id, p.name, p.role) for p in pmap.parts] == [(part.id, "The still one",
                                                            "manager")]
    assert at(walk) == ("fear", 1) and walk.previous().value == "a fight"
    walk.keep()
    walk.back()
    walk.back()
    walk.keep()  # keeping the make step keeps the part
    assert names(store) == ["The still one"]


def test_back_and_not_now_removes_a_made_part_used_nowhere_else(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    walk.make_part("Freezer")
    walk.answer("a fight")
    walk.back()
    walk.back()
    walk.skip()
    assert names(store) == []
    assert at(walk) == ("make", 2)


def test_unchoosing_an_option_removes_its_unused_part(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    walk.make_part("Freezer")
    walk.answer("a fight")
    walk.answer("space")
    walk.make_part("Critic-watcher")
    while at(walk) != ("patterns", 0):
        assert walk.back()
    walk.answer([CRITIC])
    assert names(store) == ["Critic-watcher"]
    assert walk.let_go == ["Freezer"]  # for the app and ifs reflect to say
    assert at(walk) == ("make", 1)
    assert walk.made_part().name == "Critic-watcher"
    walk.keep()
    kept = on_disk(walk)
    assert not any(a.get("item") == FREEZE and a["step"] == "make" for a in kept["answers"])
    # the words for freezing stay in the file, off the route
    assert any(a.get("item") == FREEZE and a.get("answer") == "a fight"
               for a in kept["answers"])


def test_a_made_part_that_was_linked_since_stays(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE])
    made = walk.make_part("Freezer")
    with store.edit() as pmap:
        other = services.add_part(pmap, "Other")
        services.link(pmap, pmap.part(made.id), other, "allied")
        store.save(pmap)
    walk.back()
    walk.skip()
    assert "Freezer" in names(store)


def test_stop_and_resume_mid_round_keeps_the_round_part(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    walk.make_part("Freezer")
    walk.answer("a fight")
    walk.skip()
    walk.make_part("Critic-watcher")
    walk.stop(draft="being judg")
    record = reflections.load(store, walk.record.id)
    again = Walk.resume(PACK, store, record)
    assert at(again) == ("fear", 2)
    assert "Critic-watcher" in again.question()
    assert again.draft_for() == "being judg"
    again.answer("being judged")
    assert store.load().part("critic-watcher").fears == ["being judged"]
    assert store.load().part("freezer").fears == ["a fight"]


def test_links_can_be_taken_back_one_by_one_and_by_not_now(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC, NUMB])
    for name in ("A", "B", "C"):
        walk.make_part(name)
        walk.skip()
        walk.skip()
    walk.advance()
    walk.add_link("A", "B", "protects")
    walk.add_link("B", "C", "allied")
    with pytest.raises(InvalidInput):
        walk.add_link("A", "A", "allied")
    with pytest.raises(InvalidInput, match="^C and B are linked that way already$"):
        walk.add_link("C", "B", "allied")
    walk.remove_link(0)
    assert [(r.source, r.target) for r in store.load().relationships] == [("b", "c")]
    walk.stop()
    again = Walk.resume(PACK, store, reflections.load(store, walk.record.id))
    assert [(a.id, k, b.id) for a, k, b in again.links_made()] == [("b", "allied", "c")]
    again.skip()  # not now: the links made here go again
    assert store.load().relationships == []


def test_make_part_outside_a_group_makes_the_walks_part(store: MapStore) -> None:
    text = """schema = 1
id = "one"
title = "One"
[[steps]]
id = "make"
kind = "make_part"
ask = "A part to get to know?"
name = "A new one"
[[steps]]
id = "fear"
kind = "text"
ask = "What does {part} fear?"
adds_to = "fears"
"""
    pack = parse_pack(text.encode(), "one.toml", "user")
    walk = Walk.start(pack, store)
    assert walk.proposed_name() == "A new one"
    walk.make_part("Worrier")
    assert walk.question() == "What does Worrier fear?"
    walk.answer("mistakes")
    assert store.load().part("worrier").fears == ["mistakes"]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace('item_to = "job"', 'item_to = "status"'),
     "steps[1].item_to (id 'make'): 'status' is not one of"),
    (lambda t: t.replace('"expecting criticism" = "The one who',
                         '"expecting critic" = "The one who'),
     "steps[1].names (id 'make'): 'expecting critic' is not an option of 'patterns'"),
    (lambda t: t.replace('kind = "text"\nask = "What might help {part} feel a little safer?"'
                         '\nadds_to = "needs"', 'kind = "make_part"\nask = "Another?"'),
     "second make_part step"),
    (lambda t: t.replace('shows = "made_parts"', 'shows = "everything"'),
     "steps[4].shows (id 'made'): 'everything' is not one of made_parts"),
    (lambda t: t.replace('kind = "link"', 'kind = "link"\noptions = ["a"]'),
     "steps[5].options (id 'links'): is not a key of a link step"),
])
def test_broken_making_steps_are_named(change, expected) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MapFormatError) as err:
        parse_pack(change(PACK_FILE.read_text()).encode(), "making.toml", "user")
    assert any(expected in str(p) for p in err.value.problems), err.value.problems


def test_a_make_step_after_an_adds_to_step_of_its_group_is_refused() -> None:
    text = PACK_FILE.read_text()
    make = text[text.index("[[steps]]\nid = \"make\""):text.index("[[steps]]\nid = \"fear\"")]
    fear = text[text.index("[[steps]]\nid = \"fear\""):text.index("[[steps]]\nid = \"safer\"")]
    swapped = text.replace(make + fear, fear + make).replace(
        "[[steps]]\nid = \"patterns\"",
        "[[steps]]\nid = \"who\"\nkind = \"part\"\nask = \"Which part?\"\n\n"
        "[[steps]]\nid = \"patterns\"")
    with pytest.raises(MapFormatError) as err:
        parse_pack(swapped.encode(), "making.toml", "user")
    assert any("put the make_part step first" in str(p) for p in err.value.problems)


def test_a_part_another_round_stands_on_is_not_removed(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    made = walk.make_part("Guard")
    walk.skip()
    walk.skip()
    with pytest.raises(NameTaken) as err:
        walk.make_part("Guard")  # round 2: the same part stands for this option too
    walk.use_part(err.value.part_id)
    while at(walk) != ("make", 1):
        assert walk.back()
    walk.skip()  # round 1 lets it go, round 2 still uses it
    assert [p.id for p in store.load().parts] == [made.id]


def test_a_make_step_takes_no_plain_answer(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE])
    with pytest.raises(InvalidInput):
        walk.answer("Freezer")
    assert names(store) == []


def test_a_part_made_at_a_part_step_and_renamed_by_hand_stays(store: MapStore) -> None:
    text = """schema = 1
id = "who"
title = "Who"
[[steps]]
id = "who"
kind = "part"
ask = "Which part?"
[[steps]]
id = "fear"
kind = "text"
ask = "What does {part} fear?"
"""
    walk = Walk.start(parse_pack(text.encode(), "who.toml", "user"), store)
    made = walk.new_part("Worrier")
    with store.edit() as pmap:
        services.rename_part(pmap, pmap.part(made.id), "The careful one")
        store.save(pmap)
    walk.back()
    walk.skip()
    assert names(store) == ["The careful one"]


def test_the_step_count_holds_steady_as_parts_are_made(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    totals = []
    while walk.step is not None:
        totals.append(walk.position()[1])
        if walk.step.kind == "make_part":
            walk.make_part(walk.proposed_name())
        elif walk.step.answers:
            walk.answer("words")
        else:
            walk.advance()
    # patterns, 2 x (make, fear, safer), made, links, closing
    assert set(totals) == {10}, totals


def test_the_journal_says_a_made_part_was_new_and_its_role(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE, CRITIC])
    walk.make_part("Freezer")
    walk.skip()
    walk.skip()
    walk.make_part("Watcher", role="manager")
    pmap = store.load()
    shown = [reflections.answer_text(a, pmap) for a in walk.record.answers
             if a.kind == "make_part"]
    assert shown == ["Freezer (new)", "Watcher (new, manager)"]


def test_each_line_of_a_written_answer_is_an_item_of_a_list(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE])
    made = walk.make_part("Freezer")
    walk.answer("that the sadness would never stop\nthat I could not work\n")
    assert store.load().part(made.id).fears == ["that the sadness would never stop",
                                                "that I could not work"]
    walk.back()
    walk.skip()  # not now takes both lines out again
    assert store.load().part(made.id).fears == []


def test_an_age_is_added_beside_the_one_there_and_taken_out_on_back(
        store: MapStore) -> None:
    """A walk adds, never writes over what a part holds: its earlier age stays."""
    text = PACK_FILE.read_text().replace(
        'id = "safer"\nfor_each = "patterns"\nkind = "text"\n'
        'ask = "What might help {part} feel a little safer?"\nadds_to = "needs"',
        'id = "safer"\nfor_each = "patterns"\nkind = "text"\n'
        'ask = "How old does {part} seem?"\nadds_to = "age"')
    pack = parse_pack(text.encode(), "making.toml", "user")
    with store.edit() as pmap:
        services.add_part(pmap, "Freezer", services.PartChanges(text={"age": "school age"}))
        store.save(pmap)
    walk = Walk.start(pack, store)
    walk.answer([FREEZE])
    walk.use_part("Freezer")
    walk.skip()
    walk.answer("a teenager")
    assert store.load().part("freezer").age == "school age\na teenager"
    walk.back()
    walk.answer("about seven")  # a second thought: the first one goes, not the old age
    assert store.load().part("freezer").age == "school age\nabout seven"


def test_long_own_words_give_a_short_name_to_start_from(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(["staying busy late into the night so nothing catches up with me"])
    assert walk.proposed_name() == "The part behind 'staying busy late into the night so…'"
    walk.make_part(walk.proposed_name())
    assert store.load().parts[0].job == ("staying busy late into the night so nothing "
                                         "catches up with me")  # the words kept whole


def test_a_name_differing_only_in_spaces_and_case_is_taken(store: MapStore) -> None:
    with store.edit() as pmap:
        services.add_part(pmap, "Frozen Deer")
        with pytest.raises(NameTaken):
            services.add_part(pmap, "frozen  deer")


def test_a_part_used_again_gets_nothing_twice_and_keeps_what_it_had(store: MapStore) -> None:
    with store.edit() as pmap:
        services.add_part(pmap, "Freezer", services.PartChanges(
            text={"job": FREEZE}, add={"fears": ["a fight"]}))
        store.save(pmap)
    walk = Walk.start(PACK, store)
    walk.answer([FREEZE])
    walk.use_part("Freezer")
    assert store.load().part("freezer").job == FREEZE  # not written a second time
    walk.answer("a fight\nbeing left")
    assert store.load().part("freezer").fears == ["a fight", "being left"]
    assert walk.record.answer_for("fear", FREEZE).added_to == "freezer.fears"
    walk.back()
    walk.skip()  # takes out what this answer added, never what the part had before
    assert store.load().part("freezer").fears == ["a fight"]
    walk.answer("a fight")
    assert walk.record.answer_for("fear", FREEZE).added_to == ""  # nothing was added
