"""The built-in pack `first-map` walked in the engine with real files: a first map
built from everyday patterns the person recognises, one part per pattern chosen,
never asking what happened (issue 11)."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import reflections, services
from ifs_tui.core.errors import InvalidInput, NameTaken
from ifs_tui.core.model import Part
from ifs_tui.core.packs import Pack, load_packs
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

from .hostile import NAMES

BUILT_IN = load_packs(Path("/nonexistent"))
PACK: Pack = BUILT_IN.packs["first-map"]
PATTERNS = PACK.step("patterns").options  # type: ignore[union-attr]
FREEZE, SHAME, BLANK = PATTERNS[0], PATTERNS[1], PATTERNS[3]
OWN = "eating when I'm lonely"


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "map")
    store.create()  # a newcomer's map: no parts yet
    return store


def on_disk(walk: Walk) -> dict:
    path = reflections.folder_of(walk.store) / f"{walk.record.id}.toml"
    return tomllib.loads(path.read_text())


def parts(store: MapStore) -> dict[str, Part]:
    return {p.name: p for p in store.load().parts}


def where(walk: Walk) -> tuple[str, int]:
    return (walk.step.id if walk.step else "", walk.round)


def at_patterns(store: MapStore) -> Walk:
    walk = Walk.start(PACK, store)
    assert where(walk) == ("welcome", 0)
    walk.advance()
    assert where(walk) == ("patterns", 0)
    return walk


def one_round(walk: Walk, name: str | None = None, role: str = "unknown",
              fear: str = "", age: str = "", safer: str = "") -> Part:
    """Make the round's part, then answer (or *not now*) its three questions."""
    assert walk.step is not None and walk.step.id == "make"
    part = walk.make_part(name or walk.proposed_name(), role)
    for step_id, value in (("fear", fear), ("age", [age] if age else ""),
                           ("safer", safer)):
        assert walk.step.id == step_id
        walk.answer(value) if value else walk.skip()
    return part


# --- the pack itself -------------------------------------------------------------


def test_the_pack_has_the_shape_the_issue_asks_for() -> None:
    assert PACK.source == "built-in" and PACK.phase == "anytime" and PACK.minutes == 15
    assert [(s.id, s.kind, s.for_each, s.adds_to) for s in PACK.steps] == [
        ("welcome", "note", "", ""),
        ("patterns", "choice", "", ""),
        ("make", "make_part", "patterns", ""),
        ("fear", "text", "patterns", "fears"),
        ("age", "choice", "patterns", "age"),
        ("safer", "text", "patterns", "needs"),
        ("made", "note", "", ""),
        ("links", "link", "", ""),
        ("close", "note", "", ""),
    ]
    patterns = PACK.step("patterns")
    assert patterns is not None and patterns.multiple and patterns.other
    assert len(PATTERNS) == 12
    make = PACK.step("make")
    assert make is not None and make.item_to == "job" and make.ask_role
    assert set(make.names) == set(PATTERNS)  # a plain name offered for every pattern
    age = PACK.step("age")
    assert age is not None and age.other and not age.multiple
    assert PACK.step("made").shows == "made_parts"  # type: ignore[union-attr]
    assert PACK.step("close").end  # type: ignore[union-attr]


def test_the_words_fit_a_small_terminal_and_never_ask_what_happened() -> None:
    make = PACK.step("make")
    assert make is not None
    assert all(len(name) <= 40 for name in make.names.values())
    assert len(set(make.names.values())) == len(PATTERNS)  # no two parts share a name
    # An option fits one line of 80 columns beside its box and number.
    assert all(len(option) <= 60 for option in PATTERNS)
    longest_item = max(PATTERNS, key=len)
    longest_name = max(make.names.values(), key=len)
    for step in PACK.steps:
        filled = step.ask.replace("{item}", longest_item).replace("{part}", longest_name)
        limit = 480 if step.kind == "note" else 240  # a question: 3 lines at 80 columns
        assert len(" ".join(filled.split())) <= limit, step.id
        assert len(step.hint) <= 160, step.id  # a hint: 2 lines
        if step.id != "welcome":  # which says there is no need to tell it
            assert "happened" not in (step.ask + step.hint).casefold(), step.id
    # In the app at 80 columns (74 for the text), every question of a round takes two
    # lines at most, whichever pattern and name it holds: the answer fits below it.
    for step in PACK.steps:
        if step.for_each:
            for option, name in make.names.items():
                filled = step.ask.replace("{item}", option).replace("{part}", name)
                assert len(textwrap.wrap(filled, 74)) <= 2, (step.id, option)
    welcome = PACK.step("welcome")
    assert welcome is not None and "no need to say" in welcome.ask
    assert "not now" in welcome.ask


def test_first_map_is_first_in_the_list(cli) -> None:
    import json

    run = cli("prompts", "list", "--json")
    assert run.exit_code == 0
    assert json.loads(run.stdout)[0]["id"] == "first-map"


# --- walking it ---------------------------------------------------------------


def test_choosing_none_makes_nothing_and_ends_gently(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.skip()  # not now at the choice: the rounds are passed over
    assert where(walk) == ("made", 0)
    assert walk.made_parts() == []
    walk.advance()
    assert where(walk) == ("close", 0)  # nothing to link: the link step is passed over
    assert walk.back() and where(walk) == ("made", 0)
    assert walk.back() and where(walk) == ("patterns", 0)
    walk.skip()
    walk.advance()
    walk.advance()
    assert walk.done
    assert store.load().parts == [] and store.load().relationships == []
    assert on_disk(walk)["status"] == "finished"


def test_one_pattern_makes_one_part_with_its_answers(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE])
    assert where(walk) == ("make", 1) and walk.item() == FREEZE
    # The whole option, in the question: the app's line above may cut it at 80 columns.
    assert FREEZE in walk.question() and "place on your map" in walk.question()
    assert walk.proposed_name() == "The one who freezes in conflict"
    made = walk.make_part(walk.proposed_name())
    assert where(walk) == ("fear", 1)
    # Words that fit any part, a protector or a young one it keeps away
    assert walk.question() == ("The one who freezes in conflict: if it did not have to do "
                               "this, what might it be afraid would happen?")
    walk.answer("that someone would get hurt")
    assert where(walk) == ("age", 1) and "The one who freezes in conflict" in walk.question()
    walk.answer(["a small child"])
    walk.answer("a slower pace")
    assert where(walk) == ("made", 0)
    assert [p.id for p in walk.made_parts()] == [made.id]
    walk.advance()
    assert where(walk) == ("close", 0)  # one part: nothing to link it to
    walk.advance()
    assert walk.done
    part = parts(store)["The one who freezes in conflict"]
    assert part.id == made.id and part.role == "unknown"
    assert part.job == FREEZE
    assert part.fears == ["that someone would get hurt"]
    assert part.age == "a small child" and part.needs == "a slower pace"
    answer = next(a for a in on_disk(walk)["answers"] if a["step"] == "make")
    assert answer["kind"] == "make_part" and answer["answer"] == made.id
    assert answer["new_part"] is True and answer["item"] == FREEZE and answer["round"] == 1


def test_several_patterns_and_own_words_each_get_a_part(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([SHAME, OWN, BLANK])
    assert walk.proposed_name() == "The one who carries the shame"
    shame = one_round(walk, role="exile", fear="being seen", age="school age",
                      safer="some warmth")
    # The rounds follow the list chosen from (own words last), not the order ticked.
    assert where(walk) == ("make", 2) and walk.item() == BLANK
    blank = one_round(walk, age="around ten")  # an age in own words
    assert where(walk) == ("make", 3) and walk.item() == OWN
    assert walk.proposed_name() == f"The part behind “{OWN}”"
    own = one_round(walk, name="The comforter", role="firefighter", fear="the emptiness",
                    age="about as old as I am now", safer="company")
    assert where(walk) == ("made", 0)
    assert [p.id for p in walk.made_parts()] == [shame.id, blank.id, own.id]
    on_map = parts(store)
    assert set(on_map) == {"The one who carries the shame", "The comforter",
                           "The one who goes blank"}
    assert (on_map["The comforter"].role, on_map["The comforter"].job) == ("firefighter", OWN)
    assert on_map["The one who carries the shame"].role == "exile"
    blank_part = on_map["The one who goes blank"]
    assert (blank_part.role, blank_part.job, blank_part.age) == ("unknown", BLANK, "around ten")
    assert blank_part.fears == [] and blank_part.needs == ""  # not now: nothing filed
    # Each round's answers went to that round's part only.
    assert on_map["The comforter"].fears == ["the emptiness"]
    assert on_map["The one who carries the shame"].needs == "some warmth"


def test_not_now_inside_a_round_skips_that_step_of_that_round_only(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    walk.make_part(walk.proposed_name())
    walk.skip()  # not now at "fear", round 1
    assert where(walk) == ("age", 1)
    walk.answer(["a teenager"])
    walk.answer("room to breathe")
    walk.make_part(walk.proposed_name())
    assert where(walk) == ("fear", 2)  # asked again for the next pattern
    walk.answer("being too much")
    on_map = parts(store)
    assert on_map["The one who freezes in conflict"].fears == []
    assert on_map["The one who carries the shame"].fears == ["being too much"]


def test_not_now_at_the_make_step_makes_no_part_and_passes_the_round(
        store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    walk.skip()  # no part for this pattern, and no questions about it
    assert where(walk) == ("make", 2) and walk.item() == SHAME
    one_round(walk, fear="being seen")
    assert where(walk) == ("made", 0)
    assert list(parts(store)) == ["The one who carries the shame"]
    assert len(walk.made_parts()) == 1
    walk.advance()
    assert where(walk) == ("close", 0)  # one part: the link step is passed over
    skipped = next(a for a in on_disk(walk)["answers"] if a["step"] == "make")
    assert skipped["skipped"] is True and skipped["item"] == FREEZE


def test_not_now_for_the_whole_pattern_keeps_the_part_made(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    made = walk.make_part(walk.proposed_name())
    walk.skip_item()  # at "fear": the rest of this round is passed over
    assert where(walk) == ("make", 2)
    part = parts(store)["The one who freezes in conflict"]
    assert part.id == made.id and part.job == FREEZE and part.fears == []
    assert made.id in [p.id for p in walk.made_parts()]


def test_a_name_already_on_the_map_is_never_made_twice(store: MapStore) -> None:
    with store.edit() as pmap:
        known = services.add_part(pmap, "The one who goes blank")
        store.save(pmap)
    walk = at_patterns(store)
    walk.answer([BLANK])
    with pytest.raises(NameTaken) as taken:
        walk.make_part(walk.proposed_name())
    assert taken.value.part_id == known.id
    assert isinstance(taken.value, InvalidInput)
    used = walk.use_part(known.id)
    assert used.id == known.id and where(walk) == ("fear", 1)
    walk.answer("being asked again")
    assert [p.name for p in store.load().parts] == ["The one who goes blank"]
    assert parts(store)["The one who goes blank"].fears == ["being asked again"]
    answer = next(a for a in on_disk(walk)["answers"] if a["step"] == "make")
    assert answer["answer"] == known.id and not answer.get("new_part", False)
    # Going back and saying not now there never removes a part the walk did not make.
    walk.back()
    walk.back()
    assert where(walk) == ("make", 1)
    walk.skip()
    assert [p.id for p in store.load().parts] == [known.id]


# --- Back, the choice changed, stop and resume ------------------------------------


def test_back_across_rounds_renames_the_same_part(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    first = one_round(walk, fear="a fight")
    assert where(walk) == ("make", 2)
    for expected in (("safer", 1), ("age", 1), ("fear", 1), ("make", 1)):
        assert walk.back()
        assert where(walk) == expected
    assert walk.made_part() is not None and walk.made_part().id == first.id
    renamed = walk.make_part("The one who goes still", "manager")
    assert renamed.id == first.id  # the same part, renamed: never a second one
    assert where(walk) == ("fear", 1)
    assert walk.previous() is not None and walk.previous().value == "a fight"
    walk.keep()
    on_map = parts(store)
    assert list(on_map) == ["The one who goes still"]
    assert on_map["The one who goes still"].role == "manager"
    assert on_map["The one who goes still"].fears == ["a fight"]


def test_not_now_after_back_at_the_make_step_removes_the_part(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE])
    walk.make_part(walk.proposed_name())
    walk.answer("a fight")  # filed into the new part by this walk only
    walk.back()
    walk.back()
    assert where(walk) == ("make", 1)
    walk.skip()
    assert store.load().parts == []
    assert where(walk) == ("made", 0) and walk.made_parts() == []


def test_unchoosing_a_pattern_removes_its_unused_part(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    freeze = one_round(walk, fear="a fight")
    shame = one_round(walk, fear="being seen")
    assert where(walk) == ("made", 0)
    while where(walk) != ("patterns", 0):
        assert walk.back()
    walk.answer([SHAME])  # the freezing pattern un-chosen
    assert [p.id for p in store.load().parts] == [shame.id]
    assert freeze.id not in {p.id for p in store.load().parts}
    assert where(walk) == ("make", 1) and walk.item() == SHAME
    assert walk.made_part() is not None and walk.made_part().id == shame.id
    walk.keep()  # goes on keeping the part made for it before
    assert where(walk) == ("fear", 1) and walk.previous().value == "being seen"
    # The words given for it stay in the reflection, off the route.
    assert any(a.item == FREEZE and a.value == "a fight" for a in walk.record.answers)


def test_a_linked_part_is_kept_when_its_pattern_is_unchosen(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    freeze = one_round(walk)
    shame = one_round(walk)
    walk.advance()  # made
    assert where(walk) == ("links", 0)
    walk.add_link(freeze.id, shame.id, "allied")
    walk.advance()
    while where(walk) != ("patterns", 0):
        assert walk.back()
    walk.answer([SHAME])
    # The link uses it: the part stays, and so does the link.
    assert {p.id for p in store.load().parts} == {freeze.id, shame.id}
    assert len(store.load().relationships) == 1


def test_stop_and_resume_in_the_middle_of_a_round(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    one_round(walk, fear="a fight")
    shame = walk.make_part(walk.proposed_name())
    walk.answer("being seen")
    assert where(walk) == ("age", 2)
    walk.stop(draft="about se")
    record = reflections.load(store, walk.record.id)
    assert record.status == "stopped" and (record.at, record.round) == ("age", 2)
    again = Walk.resume(PACK, store, record)
    assert where(again) == ("age", 2) and again.item() == SHAME
    assert again.draft_for() == "about se"
    assert "The one who carries the shame" in again.question()
    again.answer(["about seven"])
    again.skip()
    assert where(again) == ("made", 0)
    assert [p.name for p in again.made_parts()] == ["The one who freezes in conflict",
                                                    "The one who carries the shame"]
    assert parts(store)["The one who carries the shame"].age == "about seven"
    assert again.made_parts()[1].id == shame.id
    assert again.back() and where(again) == ("safer", 2)
    assert again.back() and where(again) == ("age", 2)


# --- links ------------------------------------------------------------------


def test_links_are_added_at_once_and_taken_back_with_back(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME, BLANK])
    a, b, c = one_round(walk), one_round(walk), one_round(walk)
    walk.advance()
    assert where(walk) == ("links", 0)
    assert [p.id for p in walk.made_parts()] == [a.id, b.id, c.id]
    walk.add_link(a.id, b.id, "polarized")
    walk.add_link(c.id, b.id, "protects")
    assert where(walk) == ("links", 0)  # several links can be made here
    assert len(store.load().relationships) == 2  # on the map at once
    assert [(x.id, kind, y.id) for x, kind, y in walk.links_made()] == [
        (a.id, "polarized", b.id), (c.id, "protects", b.id)]
    walk.remove_link(0)
    assert [(r.source, r.kind, r.target) for r in store.load().relationships] == [
        (c.id, "protects", b.id)]
    walk.advance()
    assert where(walk) == ("close", 0)
    answer = next(x for x in on_disk(walk)["answers"] if x["step"] == "links")
    assert answer["answer"] == [f"{c.id} protects {b.id}"]
    walk.back()
    assert where(walk) == ("links", 0)
    assert len(walk.links_made()) == 1
    walk.skip()  # not now after all: the link this step made goes again
    assert store.load().relationships == []
    assert where(walk) == ("close", 0)


def test_a_link_to_a_part_itself_or_of_no_known_kind_is_refused(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, SHAME])
    a, b = one_round(walk), one_round(walk)
    walk.advance()
    with pytest.raises(InvalidInput):
        walk.add_link(a.id, a.id, "allied")
    with pytest.raises(InvalidInput):
        walk.add_link(a.id, b.id, "enemies")
    assert store.load().relationships == [] and walk.links_made() == []


# --- the journal ----------------------------------------------------------------


def test_the_journal_lists_the_answers_in_the_order_given(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE, OWN])
    freeze = one_round(walk, fear="a fight", age="a teenager", safer="time")
    own = one_round(walk, name="The comforter", fear="the emptiness")
    walk.advance()
    walk.add_link(freeze.id, own.id, "allied")
    walk.advance()
    walk.advance()
    assert walk.done
    record = reflections.load(store, walk.record.id)
    taken, left = reflections.on_path(record)
    assert left == []
    assert [(a.step, a.round) for a in taken] == [
        ("patterns", 0),
        ("make", 1), ("fear", 1), ("age", 1), ("safer", 1),
        ("make", 2), ("fear", 2), ("age", 2), ("safer", 2),
        ("links", 0),
    ]
    pmap = store.load()
    shown = [reflections.answer_text(a, pmap) for a in taken]
    assert "The one who freezes in conflict" in shown[1]
    assert "The comforter" in shown[5]
    assert shown[2] == "a fight" and shown[7] == "not now"
    # The questions kept read as they were asked, each with its pattern and part's name.
    assert (taken[1].item, taken[5].item) == (FREEZE, OWN)
    assert FREEZE in taken[1].ask and OWN in taken[5].ask
    assert "The comforter" in taken[6].ask and "The comforter" not in taken[2].ask


# --- words of one's own that look like syntax --------------------------------------


@pytest.mark.parametrize("words", NAMES)
def test_own_words_of_any_shape_become_a_part_named_from_them(store: MapStore,
                                                              words: str) -> None:
    walk = at_patterns(store)
    try:
        walk.answer([FREEZE, words])
    except InvalidInput:  # words the map refuses (none of NAMES should be)
        pytest.fail(f"own words refused: {words!r}")
    walk.skip()  # no part for the first pattern
    item = walk.item()
    assert where(walk) == ("make", 2) and item.strip() == words.strip()
    offered = walk.proposed_name()
    assert 0 < len(offered) <= 80 and "\n" not in offered
    part = walk.make_part(offered)
    assert part.name == offered
    assert parts(store)[offered].job.strip() == item.strip()
    walk.answer("that it would be too much")
    assert parts(store)[offered].fears == ["that it would be too much"]
    assert offered in walk.question()  # {part} filled as text, whatever it holds


def test_a_part_renamed_by_hand_since_is_kept_after_not_now(store: MapStore) -> None:
    walk = at_patterns(store)
    walk.answer([FREEZE])
    made = walk.make_part(walk.proposed_name())
    walk.stop()
    with store.edit() as pmap:  # between two sittings, the person names it their way
        services.rename_part(pmap, pmap.part(made.id), "Stillness")  # type: ignore[arg-type]
        store.save(pmap)
    again = Walk.resume(PACK, store, reflections.load(store, walk.record.id))
    assert again.back() and where(again) == ("make", 1)
    again.skip()
    assert [p.name for p in store.load().parts] == ["Stillness"]  # their word, kept
