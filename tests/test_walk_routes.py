"""The engine along each route of a branching pack: branches, goto, end, not_there,
the path Back follows (also after resume), and the step counter."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ifs_tui.core import reflections, services
from ifs_tui.core.errors import InvalidInput, MapFormatError
from ifs_tui.core.packs import Pack, load_pack_file, parse_pack
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

BRANCHING = Path(__file__).parent / "packs" / "branching.toml"
PACK = load_pack_file(BRANCHING, "user")


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


def begun(store: MapStore) -> Walk:
    walk = Walk.start(PACK, store)
    walk.choose_part("critic")
    assert walk.step.id == "feel"
    return walk


def test_feeling_like_self_goes_on_to_befriend_and_ends(store: MapStore) -> None:
    walk = begun(store)
    assert walk.position() == (2, 5)  # who, feel, then befriend, rate, closing
    walk.answer(["curious"])
    assert walk.step.id == "befriend"
    walk.answer("it is tired")
    walk.answer(7)
    assert walk.step.id == "closing" and walk.position() == (5, 5)
    walk.advance()
    assert walk.done and walk.position() == (5, 5)
    assert on_disk(walk)["path"] == ["who", "feel", "befriend", "rate", "closing"]
    assert walk.record.answer_for("other-part") is None


def test_another_part_answering_turns_to_it_then_back_to_the_first(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["annoyed"])
    assert walk.step.id == "other-part"
    assert walk.position() == (3, 5)  # other-part, step-back, gentle-end
    walk.answer("a tight jaw")
    walk.answer(["yes"])
    assert walk.step.id == "feel"  # a loop: asked again, the earlier answer shown
    assert walk.previous().value == ["annoyed"]
    walk.answer(["calm"])
    assert walk.step.id == "befriend"
    assert walk.record.path == ["who", "feel", "other-part", "step-back", "feel"]


def test_own_words_take_the_branch_too(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["honestly, I want it gone"])
    assert walk.step.id == "other-part"


def test_a_part_not_ready_to_step_back_ends_gently(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["afraid"])
    walk.answer("it wants to run")
    walk.answer(["not yet"])
    assert walk.step.id == "gentle-end"
    walk.advance()
    assert walk.done


def test_not_now_never_takes_a_branch(store: MapStore) -> None:
    walk = begun(store)
    walk.skip()
    assert walk.step.id == "befriend"  # the step's goto
    walk.answer("hello")
    walk.skip()  # rate: not now is not a low number
    assert walk.step.id == "closing"


def test_a_low_number_takes_the_scale_branch(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["curious"])
    walk.answer("hello")
    walk.answer(3)
    assert walk.step.id == "low"
    walk.advance()
    assert walk.step.id == "closing"
    walk.advance()
    assert walk.done


def test_a_part_that_does_not_want_to_go_there_is_heard(store: MapStore) -> None:
    walk = begun(store)
    with pytest.raises(InvalidInput):
        walk.not_there()  # "feel" does not offer it
    assert not walk.offers_not_there()
    walk.answer(["annoyed"])
    walk.keep_draft("half a")
    assert walk.offers_not_there()
    walk.not_there()
    assert walk.step.id == "thanks"
    answer = walk.record.answer_for("other-part")
    assert answer.skipped and answer.not_there and walk.record.draft is None
    written = next(a for a in on_disk(walk)["answers"] if a["step"] == "other-part")
    assert written["skipped"] is True and written["not_there"] is True
    assert reflections.answer_text(answer) == "a part of me didn't want to go there"
    walk.answer(["get to know it"])
    assert walk.step.id == "know"
    walk.answer("it is protecting me")
    assert walk.step.id == "gentle-end"
    assert walk.back() and walk.step.id == "know"
    assert walk.back() and walk.step.id == "thanks"
    assert walk.back() and walk.step.id == "other-part"  # back to the step it skipped


def test_not_there_undoes_what_an_earlier_answer_added(store: MapStore) -> None:
    pack = parse_pack(b"""
schema = 1
id = "t"
title = "T"
[[steps]]
id = "who"
kind = "part"
ask = "Which?"
[[steps]]
id = "fear"
kind = "text"
ask = "Fear?"
adds_to = "fears"
not_there = "bye"
[[steps]]
id = "bye"
kind = "note"
ask = "Bye."
""", "t.toml")
    walk = Walk.start(pack, store)
    walk.choose_part("critic")
    walk.answer("the dark")
    assert store.load().part("critic").fears == ["the dark"]
    walk.back()
    walk.not_there()
    assert store.load().part("critic").fears == []
    assert walk.step.id == "bye"


def test_back_follows_the_path_taken_even_after_resume(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["afraid"])
    walk.answer("a knot")
    walk.answer(["not yet"])
    walk.stop()
    again = Walk.resume(PACK, store, reflections.load(store, walk.record.id))
    assert again.step.id == "gentle-end" and again.position() == (5, 5)
    assert again.back() and again.step.id == "step-back"
    assert again.back() and again.step.id == "other-part"
    assert again.back() and again.step.id == "feel"
    assert again.back() and again.step.id == "who"
    assert not again.back()


def test_answers_on_a_branch_later_left_are_kept(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["annoyed"])
    walk.answer("my words there")
    assert walk.back() and walk.back() and walk.step.id == "feel"
    walk.answer(["curious"])
    assert walk.step.id == "befriend"
    kept = {a["step"]: a.get("answer") for a in on_disk(walk)["answers"]}
    assert kept["other-part"] == "my words there"


def test_keeping_an_earlier_answer_follows_its_branch(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["afraid"])
    assert walk.back() and walk.step.id == "feel"
    walk.keep()
    assert walk.step.id == "other-part"


def test_a_skipped_step_reached_by_a_branch_follows_its_default_route(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["curious"])
    walk.skip()  # befriend
    assert walk.back() and walk.back() and walk.step.id == "feel"
    walk.keep()
    assert walk.step.id == "rate"  # befriend is passed over, not asked again
    assert walk.record.path == ["who", "feel"]


def test_an_old_reflection_without_a_path_goes_back_in_file_order(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["curious"])
    walk.stop()
    file = reflections.folder_of(store) / f"{walk.record.id}.toml"
    data = tomllib.loads(file.read_text())
    del data["path"]
    file.write_text(tomli_w.dumps(data))
    old = reflections.load(store, walk.record.id)
    assert old.path == []
    again = Walk.resume(PACK, store, old)
    assert again.step.id == "befriend" and again.position()[0] == 5
    assert again.back() and again.step.id == "step-back"  # the step before in the file


def test_a_path_that_is_not_a_list_is_named(store: MapStore) -> None:
    walk = begun(store)
    walk.answer(["curious"])
    file = reflections.folder_of(store) / f"{walk.record.id}.toml"
    data = tomllib.loads(file.read_text())
    data["path"] = 3
    file.write_text(tomli_w.dumps(data))
    with pytest.raises(MapFormatError, match="path"):
        reflections.load(store, walk.record.id)


def test_a_pack_without_routes_walks_in_file_order(store: MapStore) -> None:
    plain = parse_pack(b"""
schema = 1
id = "p"
title = "P"
[[steps]]
id = "a"
kind = "text"
ask = "A?"
[[steps]]
id = "b"
kind = "note"
ask = "B."
[[steps]]
id = "c"
kind = "scale"
ask = "C?"
""", "p.toml")
    walk = Walk.start(plain, store)
    assert walk.position() == (1, 3)
    walk.skip()
    walk.advance()
    assert walk.position() == (3, 3)
    walk.answer(5)
    assert walk.done


# --- any branching pack, any sequence of actions ----------------------------------

def _pack_text(shape: list[tuple[str, list[int], int, int]]) -> str:
    """Branches, goto and not_there may point anywhere, back or forward (packs
    the checks refuse are passed over)."""
    n = len(shape)
    lines = ['schema = 1', 'id = "any"', 'title = "Any"']
    for i, (kind, branch_to, not_there, goto) in enumerate(shape):
        lines += ["[[steps]]", f'id = "s{i}"', f'kind = "{kind}"', f'ask = "Step {i}?"']
        if goto >= 0:
            lines.append(f'goto = "s{goto % n}"')
        if kind != "note" and not_there >= 0:
            lines.append(f'not_there = "s{not_there % n}"')
        if kind == "choice":
            lines.append('options = ["a", "b"]')
            for option, target in zip("ab", branch_to, strict=False):
                lines += ["[[steps.branches]]", f'answers = ["{option}"]',
                          f'goto = "s{target % n}"']
    return "\n".join(lines) + "\n"


SHAPES = st.lists(st.tuples(st.sampled_from(["choice", "text", "note"]),
                            st.lists(st.integers(0, 20), max_size=2),
                            st.integers(-3, 20),
                            st.sampled_from([-1] * 8 + list(range(6)))),
                   min_size=1, max_size=6)
ACTIONS = st.lists(st.sampled_from(["a", "b", "words", "skip", "back", "there", "keep"]),
                   max_size=30)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                             HealthCheck.filter_too_much])
@given(shape=SHAPES, actions=ACTIONS)
def test_any_walk_never_loses_an_answer_nor_gets_stuck(shape, actions) -> None:
    try:
        pack: Pack = parse_pack(_pack_text(shape).encode(), "any.toml")
    except MapFormatError:
        assume(False)  # e.g. a loop with no way out: refused before anyone walks it
    with tempfile.TemporaryDirectory() as folder:
        store = MapStore(Path(folder) / "map")
        store.create()
        walk = Walk.start(pack, store)
        shown: list[str] = []  # the steps left behind, as a person saw them
        given_: dict[str, object] = {}  # the last thing said at each step
        for action in actions:
            step = walk.step
            if step is None:
                assert walk.done
                break
            if action == "back":
                went = walk.back()
                assert went == bool(shown)
                if went:
                    assert walk.step.id == shown.pop()
                continue
            before = step.id
            if action == "keep":
                prior = walk.previous()
                if prior is None or prior.skipped:
                    continue
                walk.keep()
            elif action == "there":
                if not walk.offers_not_there():
                    continue
                walk.not_there()
                given_[before] = "skipped"
            elif action == "skip" or not step.answers:
                if step.answers:
                    walk.skip()
                    given_[before] = "skipped"
                else:
                    walk.advance()
            elif step.kind == "choice":
                walk.answer(["a" if action == "a" else "b"])
                given_[before] = ["a" if action == "a" else "b"]
            else:
                walk.answer(f"words at {before}")
                given_[before] = f"words at {before}"
            shown.append(before)
            assert walk.done or walk.step is not None  # never stuck between steps
            assert walk.record.path[-len(shown):] == shown[-len(walk.record.path):]
        assert walk.record.path == shown
        for step_id, said in given_.items():
            answer = walk.record.answer_for(step_id)
            assert answer is not None
            assert (answer.skipped if said == "skipped" else answer.value == said)
        if walk.saved:
            again = reflections.load(store, walk.record.id)
            assert again.path == walk.record.path
            assert [a.value for a in again.answers] == [a.value for a in walk.record.answers]


def test_the_markdown_export_says_which_skip_it_was(store: MapStore) -> None:
    from ifs_tui.core.export import markdown

    walk = begun(store)
    walk.answer(["afraid"])
    walk.not_there()
    walk.skip()  # thanks: not now
    text = markdown(store.load(), [walk.record])
    assert "_a part of me didn't want to go there_" in text
    assert "_not now_" in text
