"""Walk-throughs filling the newer part fields: intent, first_appeared, burdens,
feel_toward (replaces, the earlier value kept to put back) and status (history)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ifs_tui.core import reflections, services
from ifs_tui.core.packs import parse_pack
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

PACK = parse_pack(b"""
schema = 1
id = "fields"
title = "Fields"
summary = "the newer fields"
phase = "anytime"

[[steps]]
id = "who"
kind = "part"
ask = "Which part?"

[[steps]]
id = "intent"
kind = "text"
ask = "What does {part} want for you?"
adds_to = "intent"

[[steps]]
id = "when"
kind = "text"
ask = "When did it first appear?"
adds_to = "first_appeared"

[[steps]]
id = "carries"
kind = "choice"
ask = "What does it carry?"
options = ["I am too much", "I must not rest"]
multiple = true
adds_to = "burdens"

[[steps]]
id = "feel"
kind = "text"
ask = "How do you feel toward {part}?"
adds_to = "feel_toward"

[[steps]]
id = "status"
kind = "choice"
ask = "Where are you with {part}?"
options = ["Noticed", "Getting to know", "Befriended", "Unburdened"]
adds_to = "status"

[[steps]]
id = "end"
kind = "note"
ask = "Thank you."
""", "fields.toml")

EARLIER = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    store = MapStore(tmp_path / "map")
    store.create()
    with store.edit() as pmap:
        services.add_part(pmap, "Critic", services.PartChanges(role="manager"))
        part = pmap.part("critic")
        part.feel_toward, part.feel_toward_noted = "wary", EARLIER
        store.save(pmap)
    return store


def on_disk(walk: Walk) -> dict:
    path = reflections.folder_of(walk.store) / f"{walk.record.id}.toml"
    return tomllib.loads(path.read_text())


def walk_to(store: MapStore, step_id: str) -> Walk:
    walk = Walk.start(PACK, store, part_ref="critic")
    while walk.step.id != step_id:
        walk.skip()
    return walk


def test_a_walk_fills_every_new_field(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.answer("that I am never caught out")
    walk.answer("around the first school report")
    walk.answer(["I must not rest"])
    walk.answer("curious, a little warm")
    walk.answer(["Getting to know"])
    part = store.load().part("critic")
    assert part.intent == "that I am never caught out"
    assert part.first_appeared == "around the first school report"
    assert part.burdens == ["I must not rest"]
    assert part.feel_toward == "curious, a little warm"
    assert part.feel_toward_noted is not None and part.feel_toward_noted > EARLIER
    assert part.status == "getting-to-know"
    (change,) = part.status_history
    assert (change.status, change.by) == ("getting-to-know", walk.record.id)
    answers = {a["step"]: a for a in on_disk(walk)["answers"]}
    assert answers["feel"]["replaced"] == "wary"
    assert answers["feel"]["replaced_noted"] == EARLIER
    assert answers["status"]["replaced"] == "noticed"
    assert on_disk(walk)["changed"] == ["critic.intent", "critic.first_appeared",
                                        "critic.burdens", "critic.feel_toward", "critic.status"]


def test_feel_toward_replaces_and_not_now_after_back_puts_the_earlier_back(
        store: MapStore) -> None:
    walk = walk_to(store, "feel")
    walk.answer("annoyed")
    assert store.load().part("critic").feel_toward == "annoyed"
    walk.back()
    walk.skip()
    part = store.load().part("critic")
    assert (part.feel_toward, part.feel_toward_noted) == ("wary", EARLIER)
    assert "replaced" not in on_disk(walk)["answers"][-1]


def test_feel_toward_changed_after_back_replaces_the_earlier_value_not_the_first_answer(
        store: MapStore) -> None:
    walk = walk_to(store, "feel")
    walk.answer("annoyed")
    walk.back()
    walk.answer("curious")
    assert store.load().part("critic").feel_toward == "curious"
    answer = next(a for a in on_disk(walk)["answers"] if a["step"] == "feel")
    assert answer["replaced"] == "wary"  # never the answer it took back
    walk.back()
    walk.skip()
    assert store.load().part("critic").feel_toward == "wary"


def test_feel_toward_on_a_part_without_one_goes_back_to_empty(store: MapStore) -> None:
    with store.edit() as pmap:
        services.apply_changes(pmap.part("critic"), services.PartChanges(clear=["feel_toward"]))
        store.save(pmap)
    walk = walk_to(store, "feel")
    walk.answer("open")
    walk.back()
    walk.skip()
    part = store.load().part("critic")
    assert (part.feel_toward, part.feel_toward_noted) == ("", None)


def test_feel_toward_edited_by_hand_since_is_left_alone(store: MapStore) -> None:
    walk = walk_to(store, "feel")
    walk.answer("annoyed")
    with store.edit() as pmap:
        services.apply_changes(pmap.part("critic"),
                               services.PartChanges(text={"feel_toward": "softer now"}))
        store.save(pmap)
    walk.back()
    walk.skip()
    assert store.load().part("critic").feel_toward == "softer now"


def test_status_undo_after_back_restores_it_and_its_history(store: MapStore) -> None:
    walk = walk_to(store, "status")
    walk.answer(["Befriended"])
    assert store.load().part("critic").status == "befriended"
    walk.back()
    walk.answer(["Unburdened"])  # changed: the first change is taken back first
    part = store.load().part("critic")
    assert part.status == "unburdened"
    assert [(h.status, h.by) for h in part.status_history] == [("unburdened", walk.record.id)]
    walk.back()
    walk.skip()
    part = store.load().part("critic")
    assert part.status == "noticed" and part.status_history == []


def test_status_undo_survives_a_resume(store: MapStore) -> None:
    walk = walk_to(store, "status")
    walk.answer(["Befriended"])
    walk.stop()
    record = reflections.load(store, walk.record.id)
    again = Walk.resume(PACK, store, record)
    again.back()
    assert again.step.id == "status"
    again.skip()
    assert store.load().part("critic").status == "noticed"


def test_a_status_the_part_has_already_records_nothing(store: MapStore) -> None:
    walk = walk_to(store, "status")
    walk.answer(["Noticed"])
    assert store.load().part("critic").status_history == []
    answer = next(a for a in on_disk(walk)["answers"] if a["step"] == "status")
    assert "added_to" not in answer and answer["answer"] == ["Noticed"]


def test_status_changed_by_hand_since_is_left_alone(store: MapStore) -> None:
    walk = walk_to(store, "status")
    walk.answer(["Befriended"])
    with store.edit() as pmap:
        services.apply_changes(pmap.part("critic"), services.PartChanges(status="unburdened"))
        store.save(pmap)
    walk.back()
    walk.skip()
    part = store.load().part("critic")
    assert part.status == "unburdened"
    assert [h.by for h in part.status_history] == [walk.record.id, "edit"]


def test_burdens_and_intent_undo_like_the_other_fields(store: MapStore) -> None:
    walk = Walk.start(PACK, store, part_ref="critic")
    walk.answer("keeps me safe")
    walk.answer("at seven")
    walk.answer(["I am too much"])
    for _ in range(3):
        walk.back()
    for _ in range(3):
        walk.skip()
    part = store.load().part("critic")
    assert (part.intent, part.first_appeared, part.burdens) == ("", "", [])
