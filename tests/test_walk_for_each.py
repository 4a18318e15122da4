"""Steps repeated once per option chosen at an earlier choice step (`for_each`):
the engine walks rounds, Back crosses them, *not now*, stop and resume work
inside them, and the reflection keeps one answer per (step, option)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import reflections
from ifs_tui.core.errors import InvalidInput, MapFormatError
from ifs_tui.core.packs import load_pack_file, parse_pack
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

PACK = load_pack_file(Path(__file__).parent / "packs" / "for-each.toml", "user")
TWO = ["freezing in conflict", "expecting criticism"]


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "map")
    store.create()
    return store


def on_disk(walk: Walk) -> dict:
    path = reflections.folder_of(walk.store) / f"{walk.record.id}.toml"
    return tomllib.loads(path.read_text())


def where(walk: Walk) -> tuple[str, int]:
    return (walk.step.id if walk.step else "", walk.round)


def test_two_items_are_walked_in_turn_with_their_words(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    assert walk.position() == (1, 2)  # nothing chosen yet: the group is not counted
    walk.answer(TWO)
    assert where(walk) == ("fear", 1)
    assert walk.question() == ("The part behind 'freezing in conflict': what might it be "
                               "afraid would happen if it stopped?")
    assert walk.hint() == "About 'freezing in conflict' only; not now is always fine."
    assert walk.position() == (2, 6)  # fear, safer in two rounds, then closing
    walk.answer("that I'd be attacked")
    walk.answer(["yes"])
    assert where(walk) == ("what-helps", 1)
    walk.answer("slowing down")
    assert where(walk) == ("fear", 2)
    assert "expecting criticism" in walk.question()
    assert walk.previous() is None  # round 2 starts empty
    walk.answer("being found lacking")
    walk.answer(["not sure"])
    assert where(walk) == ("closing", 0)
    walk.advance()
    assert walk.done
    data = on_disk(walk)
    got = [(a["step"], a.get("round", 0), a.get("item", ""), a.get("answer"))
           for a in data["answers"]]
    assert got == [
        ("patterns", 0, "", TWO),
        ("fear", 1, TWO[0], "that I'd be attacked"),
        ("fear", 2, TWO[1], "being found lacking"),
        ("safer", 1, TWO[0], ["yes"]),
        ("safer", 2, TWO[1], ["not sure"]),
        ("what-helps", 1, TWO[0], "slowing down"),
    ]
    assert data["path"] == ["patterns", "fear#1", "safer#1", "what-helps#1", "fear#2",
                            "safer#2", "closing"]
    assert "round" not in data  # finished: no place to be
    taken, left = reflections.on_path(reflections.load(store, walk.record.id))
    assert len(taken) == 6 and left == []


def test_back_from_round_two_into_round_one_and_on_again(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.answer("fear one")
    walk.answer(["not sure"])
    assert where(walk) == ("fear", 2)
    assert walk.back()
    assert where(walk) == ("safer", 1)
    assert walk.previous().value == ["not sure"]
    assert walk.back()
    assert where(walk) == ("fear", 1)
    assert walk.previous().value == "fear one"
    assert "freezing in conflict" in walk.question()
    walk.keep()
    walk.answer(["yes"])  # a different branch this time, in round 1 only
    assert where(walk) == ("what-helps", 1)
    walk.answer("company")
    assert where(walk) == ("fear", 2)
    assert on_disk(walk)["round"] == 2
    assert walk.back() and walk.back() and walk.back() and walk.back()
    assert where(walk) == ("patterns", 0)  # out of the group to the choice


def test_not_now_skips_one_step_of_one_round(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.skip()
    assert where(walk) == ("safer", 1)
    walk.answer(["not sure"])
    assert where(walk) == ("fear", 2)  # asked again for the next option
    walk.answer("words for two")
    skipped = walk.record.answer_for("fear", TWO[0])
    assert skipped.skipped and skipped.round == 1
    assert walk.record.answer_for("fear", TWO[1]).value == "words for two"


def test_not_now_for_a_whole_item_goes_to_the_next(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.skip_item()
    assert where(walk) == ("fear", 2)
    walk.skip_item()
    assert where(walk) == ("closing", 0)
    walk.back()
    assert where(walk) == ("fear", 2)
    walk.back()
    assert where(walk) == ("fear", 1)


def test_not_now_for_a_whole_item_only_inside_a_group(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    with pytest.raises(InvalidInput):
        walk.skip_item()


def test_nothing_chosen_passes_the_group_over(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.skip()
    assert where(walk) == ("closing", 0)
    assert walk.position() == (2, 2)


def test_stop_and_resume_mid_round_with_a_draft(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.answer("one")
    walk.answer(["not sure"])
    walk.stop(draft="half a thought")
    data = on_disk(walk)
    assert (data["at"], data["round"], data["status"]) == ("fear", 2, "stopped")
    assert data["draft"] == {"step": "fear#2", "text": "half a thought"}
    again = Walk.resume(PACK, store, reflections.load(store, walk.record.id))
    assert where(again) == ("fear", 2)
    assert "expecting criticism" in again.question()
    assert again.draft_for() == "half a thought"
    assert again.back()
    assert where(again) == ("safer", 1)
    assert again.draft_for() == ""  # the draft belongs to round 2


def test_an_item_in_own_words(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(["going numb near sadness", "biting my tongue at work"])
    walk.answer("n")
    walk.answer(["not sure"])
    assert walk.question() == ("The part behind 'biting my tongue at work': what might it "
                               "be afraid would happen if it stopped?")
    walk.answer("trouble")
    assert walk.record.answer_for("fear", "biting my tongue at work").round == 2


def test_changing_the_choice_keeps_words_for_each_option(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.answer("about freezing")
    walk.answer(["not sure"])
    walk.answer("about criticism")
    walk.back(), walk.back(), walk.back(), walk.back()
    assert where(walk) == ("patterns", 0)
    walk.answer([TWO[1]])  # only the second now: its words come with it, in round 1
    assert where(walk) == ("fear", 1)
    assert walk.previous().value == "about criticism"
    walk.keep()
    walk.answer(["not sure"])
    walk.advance()
    rec = reflections.load(store, walk.record.id)
    taken, left = reflections.on_path(rec)
    assert [a.value for a in left] == ["about freezing", ["not sure"]]
    assert [(a.step, a.round) for a in taken][:3] == [("patterns", 0), ("fear", 1),
                                                       ("safer", 1)]


def test_a_markup_like_item_is_only_text(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(["[b]{part}[/b] {item}"])
    assert walk.question().startswith("The part behind '[b]{part}[/b] {item}'")


def test_an_old_reflection_without_rounds_still_reads(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.skip()
    data = on_disk(walk)
    assert "round" not in data and all("round" not in a for a in data["answers"])


# --- the pack format -----------------------------------------------------------

HEAD = 'schema = 1\nid = "p"\ntitle = "P"\n'
CHOICE = ('[[steps]]\nid = "c"\nkind = "choice"\nask = "Which?"\noptions = ["a", "b"]\n'
          "multiple = true\n")


def problems(text: str) -> list[str]:
    with pytest.raises(MapFormatError) as err:
        parse_pack(text.encode(), "p.toml", "user")
    return [str(p) for p in err.value.problems]


def step(sid: str, extra: str = "", kind: str = "text", ask: str = "Q {item}?") -> str:
    return f'[[steps]]\nid = "{sid}"\nkind = "{kind}"\nask = "{ask}"\n{extra}\n'


def test_item_outside_a_group_is_named() -> None:
    found = problems(HEAD + CHOICE + step("q"))
    assert any("steps[1].ask" in p and "{item}" in p for p in found)


def test_for_each_must_name_an_earlier_choice() -> None:
    assert any("no step 'zz'" in p for p in problems(
        HEAD + CHOICE + step("q", 'for_each = "zz"')))
    assert any("needs a choice step" in p for p in problems(
        HEAD + step("t", ask="T") + step("q", 'for_each = "t"')))
    assert any("before this one" in p for p in problems(
        HEAD + step("q", 'for_each = "c"') + CHOICE))


def test_group_steps_follow_one_another() -> None:
    found = problems(HEAD + CHOICE + step("q", 'for_each = "c"') + step("mid", ask="M")
                     + step("r", 'for_each = "c"'))
    assert any("follow one another" in p for p in found)


def test_routes_into_the_middle_or_back_out_before_are_named() -> None:
    found = problems(HEAD + CHOICE + step("q", 'for_each = "c"')
                     + step("r", 'for_each = "c"\ngoto = "c"') + step("end", ask="E"))
    assert any("own group or to one after" in p for p in found)
    found = problems(HEAD + CHOICE.replace("multiple = true\n", 'multiple = true\ngoto = "r"\n')
                     + step("q", 'for_each = "c"') + step("r", 'for_each = "c"'))
    assert any("only at their first step" in p for p in found)


def test_a_part_step_is_not_repeated() -> None:
    found = problems(HEAD + CHOICE + step("q", 'for_each = "c"', kind="part"))
    assert any("part step cannot be repeated" in p for p in found)


def test_a_valid_group_loads() -> None:
    pack = parse_pack((HEAD + CHOICE + step("q", 'for_each = "c"')).encode(), "p.toml", "user")
    assert [s.id for s in pack.group("q")] == ["q"]


def test_rounds_survive_a_round_trip_through_the_file(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.answer("one")
    walk.skip()
    walk.stop()
    rec = reflections.load(store, walk.record.id)
    assert reflections.to_dict(rec) == on_disk(walk)
    assert [(a.step, a.round, a.item, a.skipped) for a in rec.answers[1:]] == [
        ("fear", 1, TWO[0], False), ("safer", 1, TWO[0], True)]
    assert (rec.at, rec.round) == ("fear", 2)


def test_a_round_edited_past_the_options_is_brought_back(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.stop()
    path = reflections.folder_of(store) / f"{walk.record.id}.toml"
    path.write_text(path.read_text().replace("round = 1", "round = 7"))
    again = Walk.resume(PACK, store, reflections.load(store, walk.record.id))
    assert where(again) == ("fear", 2)


def test_a_round_that_is_not_a_number_is_named(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO)
    walk.stop()
    path = reflections.folder_of(store) / f"{walk.record.id}.toml"
    path.write_text(path.read_text().replace("round = 1", 'round = "one"'))
    with pytest.raises(MapFormatError):
        reflections.load(store, walk.record.id)


def test_position_counts_the_rounds_still_to_come(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.answer(TWO + ["going numb near sadness"])
    assert walk.position() == (2, 8)  # 3 rounds of fear + safer, then closing
    walk.answer("x")
    assert walk.position() == (3, 8)
    walk.answer(["yes"])  # what-helps, in round 1 only
    assert walk.position() == (4, 9)
    walk.answer("help")
    assert walk.round == 2 and walk.position() == (5, 9)


def test_end_inside_a_group_ends_the_round_then_the_walk(store: MapStore) -> None:
    text = HEAD + CHOICE + step("q", 'for_each = "c"\nend = true')
    pack = parse_pack(text.encode(), "p.toml", "user")
    walk = Walk.start(pack, store)
    walk.answer(["a", "b"])
    assert walk.question() == "Q a?"
    walk.answer("for a")
    assert where(walk) == ("q", 2)
    walk.answer("for b")
    assert walk.done


def test_a_step_after_an_ending_group_is_unreachable() -> None:
    found = problems(HEAD + CHOICE + step("q", 'for_each = "c"\nend = true')
                     + step("after", ask="A"))
    assert any("no route reaches this step" in p for p in found)


def test_adds_to_in_a_group_files_each_round_and_back_takes_only_that_one_out(
        store: MapStore) -> None:
    from ifs_tui.core import services

    with store.edit() as pmap:
        services.add_part(pmap, "Critic", services.PartChanges(role="manager"))
        store.save(pmap)
    text = (HEAD + step("who", kind="part", ask="Which part?") + CHOICE
            + step("fear", 'for_each = "c"\nadds_to = "fears"', ask="Its fear about {item}?"))
    pack = parse_pack(text.encode(), "p.toml", "user")
    walk = Walk.start(pack, store)
    walk.choose_part("critic")
    walk.answer(["a", "b"])
    assert walk.question() == "Its fear about a?"
    walk.answer("fear of a")
    walk.answer("fear of b")
    assert walk.done
    assert store.load().part("critic").fears == ["fear of a", "fear of b"]
    walk.back()
    assert where(walk) == ("fear", 2)
    walk.skip()
    assert store.load().part("critic").fears == ["fear of a"]
