"""The built-in packs' branches, walked in the engine with a real store: where each answer
leads is part of the packs' care (6 Fs, "a part of me doesn't want to go there", telling the
team), not only their format."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import reflections, services
from ifs_tui.core.pack_routes import targets
from ifs_tui.core.packs import Pack, load_packs
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

BUILT_IN = load_packs(Path("/nonexistent"))
GET_TO_KNOW = "get to know the part that doesn't want to go there"


def pack(pack_id: str) -> Pack:
    found = BUILT_IN.get(pack_id)
    assert found is not None and found.source == "built-in"
    return found


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "map")
    store.create()
    with store.edit() as pmap:
        services.add_part(pmap, "Critic", services.PartChanges(role="manager"))
        store.save(pmap)
    return store


def on_disk(walk: Walk) -> dict:
    path = reflections.folder_of(walk.store) / f"{walk.record.id}.toml"
    return tomllib.loads(path.read_text())


def critic(store: MapStore):  # type: ignore[no-untyped-def]
    return services.find_part(store.load(), "critic")


def at_feel_toward(store: MapStore) -> Walk:
    walk = Walk.start(pack("meet-a-protector"), store)
    walk.choose_part("critic")
    walk.answer("in my jaw")
    walk.answer("checks every email twice")
    walk.answer("about twelve")
    assert walk.step.id == "feel-toward" and walk.step.kind == "choice"
    return walk


def test_every_builtin_pack_loads_and_every_step_can_be_reached() -> None:
    assert BUILT_IN.problems == []
    for found in BUILT_IN.packs.values():
        reached, todo = set(), [found.steps[0].id]
        while todo:  # along next, goto, branches and not_there
            step_id = todo.pop()
            if step_id and step_id not in reached:  # "" is the end
                reached.add(step_id)
                todo.extend(targets(found, found.step(step_id)))  # type: ignore[arg-type]
        assert reached == {s.id for s in found.steps}, found.id


def test_meet_a_protector_as_self_befriends_and_closes(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["curious about it"])
    assert walk.step.id == "befriend"
    walk.answer("it wants a rest")
    assert walk.step.id == "intent"
    walk.answer("to keep me from being laughed at")
    assert walk.step.id == "fears"
    walk.answer("that I would fail")
    walk.answer("some credit")
    assert walk.step.id == "where-now"
    walk.answer(["getting to know"])
    assert walk.step.id == "close"
    walk.advance()
    assert walk.done
    assert on_disk(walk)["path"] == [
        "find", "focus", "flesh-out", "age", "feel-toward", "befriend", "intent", "fears",
        "needs", "where-now", "close"]
    part = critic(store)
    assert part.feel_toward == "curious about it" and part.feel_toward_noted is not None
    assert part.intent == "to keep me from being laughed at"
    assert part.fears == ["that I would fail"] and part.status == "getting-to-know"


@pytest.mark.parametrize("feeling", ["annoyed or irritated with it", "afraid of it",
                                     "wanting it gone", "indifferent, nothing much"])
def test_a_feeling_from_another_part_turns_to_that_part(store: MapStore, feeling: str) -> None:
    walk = at_feel_toward(store)
    walk.answer(["curious about it", feeling])  # any such feeling, even beside curiosity
    assert walk.step.id == "another-part"
    assert critic(store).feel_toward  # the feeling is kept on the part, whatever it is


def test_wanting_it_gone_then_the_other_part_eases_back(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["wanting it gone"])
    assert walk.step.id == "another-part" and walk.step.kind == "note"
    walk.advance()
    assert walk.step.id == "step-back"
    walk.answer(["yes, it has eased back a little"])
    assert walk.step.id == "eased-back"
    assert critic(store).feel_toward == "wanting it gone"
    walk.advance()
    # Asked again, now that there is room, as a step of its own: both answers are kept.
    assert walk.step.id == "feel-toward-again"
    walk.answer(["curious about it"])
    assert walk.step.id == "befriend"
    walk.answer("it is tired")
    assert walk.step.id == "intent"
    assert walk.record.path[-6:] == ["feel-toward", "another-part", "step-back", "eased-back",
                                     "feel-toward-again", "befriend"]
    assert walk.record.answer_for("feel-toward").value == ["wanting it gone"]
    assert critic(store).feel_toward == "curious about it"


def test_a_part_still_close_after_easing_back_is_met_gently(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["afraid of it"])
    walk.advance()
    walk.answer(["yes, it has eased back a little"])
    walk.advance()
    walk.answer(["afraid of it"])
    assert walk.step.id == "still-close"
    walk.advance()
    assert walk.step.id == "go-on-or-rest"


def test_when_the_other_part_stays_the_walk_rests_there(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["afraid of it"])
    walk.advance()
    walk.answer(["no, not right now"])
    assert walk.step.id == "its-concern" and walk.step.kind == "text"
    walk.answer("that it would take over")
    assert walk.step.id == "rest-here" and walk.step.kind == "note"
    walk.advance()
    assert walk.done
    record = on_disk(walk)
    assert record["status"] == "finished"
    assert record["path"][-3:] == ["step-back", "its-concern", "rest-here"]
    assert "befriend" not in record["path"]


def test_not_sure_at_step_back_asks_whether_to_go_on(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["wanting it gone"])
    walk.advance()
    walk.answer(["I'm not sure"])
    assert walk.step.id == "go-on-or-rest"
    walk.answer(["leave it here for today"])
    # Nobody said another part stayed: a neutral ending, not the one after "no".
    assert walk.step.id == "rest-gently"
    assert "wanted to stay close" not in walk.question()


def test_a_feeling_in_own_words_is_asked_about(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["a bit tender toward it"])
    assert walk.step.id == "own-words"
    assert critic(store).feel_toward == "a bit tender toward it"
    walk.answer(["an open, curious place"])
    assert walk.step.id == "befriend"
    walk = at_feel_toward(store)
    walk.answer(["tired of it"])
    walk.answer(["another part, I think"])
    assert walk.step.id == "another-part"
    walk = at_feel_toward(store)
    walk.answer(["hard to say"])
    walk.answer(["I'm not sure"])
    assert walk.step.id == "go-on-or-rest"
    walk.answer(["go on gently"])
    assert walk.step.id == "befriend"


def test_not_now_at_feel_toward_takes_no_branch(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.skip()
    assert walk.step.id == "befriend"


def test_a_part_that_does_not_want_to_go_into_fears(store: MapStore) -> None:
    walk = at_feel_toward(store)
    walk.answer(["calm"])
    walk.answer("it is quiet")
    walk.answer("to keep me safe")
    assert walk.step.id == "fears" and walk.offers_not_there()
    walk.not_there()
    assert walk.step.id == "not-there" and walk.step.kind == "note"
    walk.advance()
    assert walk.step.id == "not-there-next"
    walk.answer([GET_TO_KNOW])
    assert walk.step.id == "nt-listen"
    walk.answer("it is scared of what it would find")
    assert walk.step.id == "nt-safer"
    walk.answer("going slowly")
    assert walk.step.id == "nt-close"
    walk.advance()
    assert walk.done
    record = on_disk(walk)
    fears = next(a for a in record["answers"] if a["step"] == "fears")
    assert fears["skipped"] is True and fears["not_there"] is True
    assert critic(store).fears == []  # nothing was said about its fears, so nothing added
    assert record["path"][-6:] == ["fears", "not-there", "not-there-next", "nt-listen",
                                   "nt-safer", "nt-close"]


def test_kap_integration_something_still_with_you_says_tell_the_team(store: MapStore) -> None:
    walk = Walk.start(pack("kap-integration"), store)
    assert walk.step.kind == "grounding"
    walk.advance()
    assert walk.step.id == "still-with-you"
    walk.answer(["yes, something is"])
    step = walk.step
    assert step.id == "tell-the-team" and step.kind == "note" and step.support
    assert "clinical team" in walk.question()
    walk.advance()
    assert walk.step.id == "go-on-or-rest"
    walk.answer(["stop here for today"])
    assert walk.step.id == "rest"
    walk.advance()
    assert walk.done and on_disk(walk)["status"] == "finished"


def test_kap_integration_going_on_gently_and_no_unsettling(store: MapStore) -> None:
    walk = Walk.start(pack("kap-integration"), store)
    walk.advance()
    walk.answer(["I'm not sure"])
    assert walk.step.id == "tell-the-team"
    walk.advance()
    walk.answer(["go on gently"])
    assert walk.step.id == "emerged"
    walk = Walk.start(pack("kap-integration"), store)
    walk.advance()
    walk.answer(["no, not really"])
    assert walk.step.id == "emerged"


@pytest.mark.parametrize("pack_id, first, listen_then", [
    ("kap-preparation", "doubtful", "nt-for-the-team"),
    ("after-a-hard-moment", "what-happened", "nt-safer"),
    ("kap-integration", "emerged", "nt-safer"),
])
def test_not_there_routes_in_the_support_packs(store: MapStore, pack_id: str, first: str,
                                               listen_then: str) -> None:
    for choice in (GET_TO_KNOW, "stop here for today"):
        walk = Walk.start(pack(pack_id), store)
        while walk.step.id != first:
            if walk.step.answers:
                walk.answer(["no, not really"])  # kap-integration's first question
            else:
                walk.advance()
        assert walk.offers_not_there()
        walk.not_there()
        assert walk.step.id == "not-there" and walk.step.kind == "note"
        walk.advance()
        walk.answer([choice])
        if choice == GET_TO_KNOW:
            assert walk.step.id == "nt-listen"
            walk.answer("it wants to wait")
            assert walk.step.id == listen_then
            walk.skip()
        assert walk.step.id == "nt-close"
        walk.advance()
        assert walk.done
        skipped = next(a for a in on_disk(walk)["answers"] if a["step"] == first)
        assert skipped["skipped"] is True and skipped["not_there"] is True


def test_first_map_reaches_every_step_and_each_part_gets_its_own_answers(
        store: MapStore) -> None:
    # store holds "Critic" already: the parts made here come beside it.
    first_map = pack("first-map")
    patterns = first_map.step("patterns").options  # type: ignore[union-attr]
    walk = Walk.start(first_map, store)
    walk.advance()
    walk.answer([patterns[0], patterns[9]])
    made = []
    for rnd in (1, 2):
        assert (walk.step.id, walk.round) == ("make", rnd)
        made.append(walk.make_part(walk.proposed_name()))
        walk.answer(f"fear {rnd}")
        walk.answer(["a teenager"])
        walk.answer(f"help {rnd}")
    walk.advance()
    walk.add_link(made[0].id, made[1].id, "allied")
    walk.advance()
    walk.advance()
    assert walk.done
    shown = {ref.split("#")[0] for ref in on_disk(walk)["path"]}
    assert shown == {s.id for s in first_map.steps}
    pmap = store.load()
    for rnd, part in enumerate(made, start=1):
        found = pmap.part(part.id)
        assert found is not None and found.fears == [f"fear {rnd}"]
        assert found.needs == f"help {rnd}"
    assert critic(store).fears == []  # nothing filed into a part the walk did not make
