"""The walk-through engine: every transition, and what reaches the map."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import reflections, services
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.packs import parse_pack
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk, part_matches
from tests.helpers import mode

PACK = parse_pack(b"""
schema = 1
id = "all-kinds"
title = "All kinds"
summary = "every kind of step"
phase = "anytime"
minutes = 5
care_note = "Go slowly."

[[steps]]
id = "intro"
kind = "note"
ask = "Hello."

[[steps]]
id = "who"
kind = "part"
ask = "Which part?"
new_role = "manager"

[[steps]]
id = "job"
kind = "text"
ask = "What does {part} do?"
adds_to = "job"

[[steps]]
id = "fears"
kind = "text"
ask = "What does {part} fear?"
adds_to = "fears"

[[steps]]
id = "feel"
kind = "choice"
ask = "Feelings?"
options = ["worry", "hope"]
multiple = true
other = true
adds_to = "emotions"

[[steps]]
id = "calm"
kind = "scale"
ask = "Calm?"
min = 0
max = 10

[[steps]]
id = "breathe"
kind = "grounding"
ask = "Breathe."

[[steps]]
id = "end"
kind = "text"
ask = "{part} says goodbye?"
""", "all-kinds.toml")


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "map")
    store.create()
    with store.edit() as pmap:
        services.add_part(pmap, "Critic", services.PartChanges(role="manager",
                                                               add={"fears": ["old"]}))
        store.save(pmap)
    return store


def on_disk(walk: Walk) -> dict:
    path = reflections.folder_of(walk.store) / f"{walk.record.id}.toml"
    return tomllib.loads(path.read_text())


def test_walk_to_the_end(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    assert walk.position() == (1, 8) and walk.step.id == "intro"
    walk.advance()
    assert walk.question() == "Which part?"
    walk.choose_part("critic")
    assert walk.question() == "What does Critic do?"
    walk.answer("keeps me safe\nmost days")
    walk.answer("being laughed at")
    walk.answer(["worry", "a new one"])
    walk.answer(7)
    walk.advance()
    walk.answer("bye")
    assert walk.done and walk.step is None
    data = on_disk(walk)
    assert data["status"] == "finished" and "finished" in data
    assert data["part"] == "critic"
    assert data["changed"] == ["critic.job", "critic.fears", "critic.emotions"]
    answers = {a["step"]: a for a in data["answers"]}
    assert answers["job"]["answer"] == "keeps me safe\nmost days"
    assert answers["job"]["ask"] == "What does Critic do?"
    assert answers["calm"]["answer"] == 7
    assert answers["feel"]["answer"] == ["worry", "a new one"]
    part = store.load().part("critic")
    assert part.job == "keeps me safe\nmost days"
    assert part.fears == ["old", "being laughed at"]
    assert part.emotions == ["worry", "a new one"]


def test_text_answers_append_to_existing_text(store: MapStore) -> None:
    with store.edit() as pmap:
        pmap.part("critic").job = "checks things"
        store.save(pmap)
    walk = Walk.start(PACK, store, part_ref="critic")
    assert walk.step.id == "intro"  # the part step is answered already
    walk.advance()
    assert walk.step.id == "job"
    walk.answer("and double-checks")
    assert store.load().part("critic").job == "checks things\nand double-checks"


def test_new_part_is_added_to_the_map(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    part = walk.new_part("The Sentry")
    assert part.role == "manager"
    assert store.load().part("the-sentry") is not None
    assert walk.record.answers[0].new_part
    walk2 = Walk.start(PACK, store)
    walk2.advance()
    with pytest.raises(InvalidInput, match="already exists"):  # the map's rules hold
        walk2.new_part("critic")
    assert walk2.step.id == "who"


def test_not_now_is_recorded_and_not_asked_again(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.choose_part("critic")
    walk.skip()  # job
    assert walk.step.id == "fears"
    walk.answer("f")
    walk.back()
    assert walk.step.id == "fears"
    walk.back()  # back lands on the skipped job step too (issue 9)
    assert walk.step.id == "job"
    walk.back()
    assert walk.step.id == "who"
    walk.keep()
    assert walk.step.id == "fears"  # job is not asked again
    assert on_disk(walk)["answers"][1] == {"step": "job", "kind": "text",
                                           "ask": "What does Critic do?", "skipped": True}
    assert store.load().part("critic").job == ""


def test_changing_an_answer_takes_back_what_it_added(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.advance()
    walk.answer("first job")
    walk.answer("first fear")
    walk.back()
    walk.answer("second fear")
    part = store.load().part("critic")
    assert part.fears == ["old", "second fear"]
    walk.back()
    walk.back()
    walk.answer("second job")
    assert store.load().part("critic").job == "second job"
    walk.keep()
    walk.back()
    walk.skip()  # not now, after all
    assert store.load().part("critic").fears == ["old"]
    assert "critic.fears" not in on_disk(walk).get("changed", [])


def test_back_at_the_start_stays(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    assert walk.back() is False
    assert walk.step.id == "intro"


def test_bad_answers_are_refused_and_change_nothing(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    with pytest.raises(InvalidInput):
        walk.answer("a note takes no answer")
    walk.advance()
    with pytest.raises(InvalidInput, match="empty"):
        walk.answer("   ")
    walk.answer("j")
    walk.answer("f")
    with pytest.raises(InvalidInput, match="empty"):
        walk.answer([" "])
    walk.answer(["hope"])
    for bad in (11, -1, True, "7"):
        with pytest.raises(InvalidInput):
            walk.answer(bad)
    assert walk.step.id == "calm"


def test_stop_and_resume(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.advance()
    walk.answer("a job")
    walk.stop()
    assert on_disk(walk)["status"] == "stopped"
    record = reflections.load(store, walk.record.id)
    again = Walk.resume(PACK, store, record)
    assert again.record.status == "in-progress"
    assert again.step.id == "fears" and again.question() == "What does Critic fear?"
    again.answer("x")
    assert [a.step for a in again.record.answers] == ["who", "job", "fears"]


def test_resume_after_the_pack_changed(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.advance()
    walk.record.at = "a-step-that-was-removed"
    record = walk.record
    again = Walk.resume(PACK, store, record)
    assert again.step.id == "intro"  # the first step with nothing recorded


def test_finished_cannot_be_resumed(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.record.status = "finished"
    with pytest.raises(InvalidInput, match="finished"):
        Walk.resume(PACK, store, walk.record)


def test_part_placeholder_without_a_part(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.skip()
    assert walk.question() == "What does this part do?"
    for _ in range(4):  # job, fears, feel, calm
        walk.skip()
    walk.advance()
    assert walk.question() == "This part says goodbye?"
    walk.answer("ok")  # no part: nothing added anywhere, nothing fails
    assert on_disk(walk).get("changed") is None


def test_removed_part_keeps_the_answers(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    with store.edit() as pmap:
        services.remove_part(pmap, pmap.part("critic"))
        store.save(pmap)
    walk.advance()
    walk.answer("still recorded")
    assert on_disk(walk)["answers"][1]["answer"] == "still recorded"


def test_reflection_files_are_private(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.skip()
    path = reflections.folder_of(store) / f"{walk.record.id}.toml"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert path.name.endswith("-all-kinds.toml")


def test_two_walks_in_the_same_second_get_their_own_files(store: MapStore) -> None:
    first, second = Walk.start(PACK, store), Walk.start(PACK, store)
    for walk in (first, second):
        walk.advance()
        walk.skip()
    assert first.record.id != second.record.id
    assert len(list(reflections.folder_of(store).glob("*.toml"))) == 2


def test_unknown_keys_in_a_reflection_survive(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.choose_part("critic")
    path = reflections.folder_of(store) / f"{walk.record.id}.toml"
    path.write_text(path.read_text().replace('status = "in-progress"',
                                             'status = "in-progress"\nmood = "ok"'))
    record = reflections.load(store, walk.record.id)
    Walk.resume(PACK, store, record).skip()
    assert tomllib.loads(path.read_text())["mood"] == "ok"


def test_choice_without_other_takes_only_its_options(store: MapStore) -> None:
    pack = parse_pack(b"""
schema = 1
id = "one"
title = "One"
[[steps]]
id = "pick"
kind = "choice"
ask = "Pick one"
options = ["a", "b"]
""", "one.toml")
    walk = Walk.start(pack, store)
    with pytest.raises(InvalidInput, match="not one of the options"):
        walk.answer(["c"])
    with pytest.raises(InvalidInput, match="one option"):
        walk.answer(["a", "b"])
    walk.answer("b")
    assert walk.done and walk.record.answers[0].value == ["b"]


# --- issue 9: nothing lost, nothing filed without a choice ------------------------


def test_nothing_is_written_before_a_first_answer_or_skip(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.advance()  # past the opening note: still nothing of the person's
    walk.stop()
    assert not walk.saved
    assert not list(reflections.folder_of(store).glob("*.toml"))


def test_a_typed_answer_is_kept_as_a_draft_and_offered_again(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.choose_part("critic")
    walk.stop(draft="it keeps me\nout of tro")
    assert walk.saved
    path = reflections.folder_of(store) / f"{walk.record.id}.toml"
    assert mode(path) == 0o600
    assert on_disk(walk)["draft"] == {"step": "job", "text": "it keeps me\nout of tro"}
    again = Walk.resume(PACK, store, reflections.load(store, walk.record.id))
    assert again.step.id == "job" and again.draft_for() == "it keeps me\nout of tro"
    again.answer("it keeps me out of trouble")
    assert "draft" not in on_disk(again)
    assert again.draft_for() == ""


def test_a_draft_alone_is_worth_saving(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.stop(draft="the one who")
    assert walk.saved and on_disk(walk)["draft"]["step"] == "who"


def test_back_goes_to_the_step_just_before_even_when_skipped(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.advance()
    walk.answer("a job")
    walk.skip()  # fears
    assert walk.step.id == "feel"
    assert walk.back() and walk.step.id == "fears"
    walk.answer("being late")
    assert walk.step.id == "feel"
    assert walk.back() and walk.step.id == "fears"
    assert walk.back() and walk.step.id == "job"
    assert walk.back() and walk.step.id == "who"  # the preset part step is reached too
    assert walk.previous().value == "critic" and walk.previous().preset
    assert walk.back() and walk.step.id == "intro"
    assert not walk.back()


def test_a_typo_names_its_nearest_part_not_a_new_one(store: MapStore) -> None:
    with store.edit() as pmap:
        services.add_part(pmap, "Inner critic")
        store.save(pmap)
    pmap = store.load()
    exact, near = part_matches(pmap, "inner critc")
    assert exact is None and near and near[0].id == "inner-critic"
    exact, near = part_matches(pmap, "  INNER   critic ")
    assert exact is not None and exact.id == "inner-critic"
    assert part_matches(pmap, "crit")[1][0].name in ("Critic", "Inner critic")
    assert part_matches(pmap, "someone else entirely") == (None, [])


def test_a_part_made_in_this_walk_goes_again_when_the_answer_changes(
        store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.new_part("Inner critc")
    walk.answer("nags")  # added to the new part's job
    walk.back()
    walk.back()
    assert walk.step.id == "who"
    walk.choose_part("critic")
    assert store.load().part("inner-critc") is None
    assert all(a.added_to == "" for a in walk.record.answers if a.step == "job")
    # Skipping the step instead also takes the made part away, and the part chosen.
    walk2 = Walk.start(PACK, store)
    walk2.advance()
    walk2.new_part("Sentry")
    walk2.back()
    walk2.skip()
    assert store.load().part("sentry") is None and walk2.record.part == ""


def test_a_made_part_used_elsewhere_stays(store: MapStore) -> None:
    walk = Walk.start(PACK, store)
    walk.advance()
    walk.new_part("Sentry")
    with store.edit() as pmap:
        services.link(pmap, pmap.part("sentry"), pmap.part("critic"), "protects")
        store.save(pmap)
    walk.back()
    walk.choose_part("critic")
    assert store.load().part("sentry") is not None
    walk2 = Walk.start(PACK, store)
    walk2.advance()
    walk2.new_part("Watcher")
    with store.edit() as pmap:
        pmap.part("watcher").notes = "written by hand"
        store.save(pmap)
    walk2.back()
    walk2.skip()
    assert store.load().part("watcher") is not None


def test_part_matches_finds_every_odd_name_exactly(store: MapStore) -> None:
    from tests.hostile import NAMES

    with store.edit() as pmap:
        added = []
        for name in NAMES:
            try:
                added.append(services.add_part(pmap, name))
            except InvalidInput:  # two names that make the same id: one is enough
                continue
        store.save(pmap)
    pmap = store.load()
    for part in added:
        exact, _ = part_matches(pmap, part.name)
        assert exact is not None and exact.id == part.id, part.name
        part_matches(pmap, part.name[:-1] + "x")  # a typo never raises


def test_a_draft_of_any_text_survives_the_file(store: MapStore) -> None:
    from ifs_tui.core.model import clean_text
    from tests.hostile import TEXTS

    for text in TEXTS:
        if not text.strip():
            continue
        walk = Walk.start(PACK, store, part_ref="critic")
        walk.advance()
        walk.stop(draft=text)
        again = reflections.load(store, walk.record.id)
        assert again.draft is not None and again.draft.text == clean_text(text)


MIDDLE = parse_pack(b"""
schema = 1
id = "middle"
title = "Middle"
summary = "the part step comes third"
phase = "anytime"
minutes = 5

[[steps]]
id = "first"
kind = "text"
ask = "What is here for {part}?"

[[steps]]
id = "who"
kind = "part"
ask = "Which part?"

[[steps]]
id = "fear"
kind = "text"
ask = "What does {part} fear?"
adds_to = "fears"
""", "middle.toml")


def test_a_part_chosen_before_a_later_part_step_is_offered_there_not_answered(
        store: MapStore) -> None:
    walk = Walk.start(MIDDLE, store, part_ref="critic")
    assert walk.part() is None and walk.record.answers == []  # nothing answered for them
    assert walk.question() == "What is here for this part?"
    walk.answer("a first answer")
    assert walk.step.id == "who"  # the part step is shown
    assert walk.suggestion().id == "critic"
    walk.choose_part(walk.suggestion().id)
    assert walk.step.id == "fear" and walk.suggestion() is None
    assert walk.back() and walk.step.id == "who"
