"""A part's own timeline (core/timeline.py): its history, reflections and moments."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import history, moments, reflections, timeline
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.model import Part, StatusChange
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore
from tests.hostile import NAMES, TEXTS
from tests.test_history import made_history, save

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def reflect(store: MapStore, rec_id: str, part: str = "", answer_part: str = "",
            status: str = "finished", when: datetime = T0) -> None:
    answers = [Answer("feel", "text", "How do you feel?", value="private words")]
    if answer_part:
        answers.append(Answer("which", "part", "Which part?", value=answer_part))
    reflections.save(store, Reflection(id=rec_id, pack="meet-a-part", pack_title="Meet a part",
                                       started=when, updated=when, status=status, part=part,
                                       answers=answers))


def test_a_parts_history_reflections_and_moments_newest_first(tmp_path: Path,
                                                              index_settled: None) -> None:
    store = made_history(tmp_path)
    reflect(store, "r1", part="critic")
    reflect(store, "r2", answer_part="critic", status="in-progress", when=T0 + timedelta(days=1))
    reflect(store, "r3", part="little")
    moments.add(store, "jaw softened in the meeting", T0 + timedelta(days=2), part="critic",
                shift="noticed it sooner")
    moments.add(store, "not about the critic", T0 + timedelta(days=3), part="little")
    events = timeline.part_timeline(store, "critic")
    said = [(e.kind, e.words) for e in events]
    assert ("moment", "noticed it sooner: jaw softened in the meeting") in said
    assert ("reflection", "Meet a part") in said
    assert ("reflection", "Meet a part (not finished)") in said
    assert not any("not about" in w for _k, w in said)
    history_lines = [w for k, w in said if k == "map"]
    assert any("status getting to know → befriended" in w for w in history_lines)
    assert any("a fear added" in w and "renamed: Critic → Inner Critic" in w
               for w in history_lines)
    assert any("link removed: Numbing is polarized with Inner Critic" in w
               for w in history_lines)
    assert any(w.startswith("part added") for w in history_lines)
    assert "being left" not in json.dumps(history_lines)  # no free text from history
    whens = [e.when for e in events if e.when is not None]
    assert whens == sorted(whens, reverse=True)
    assert [e.kind for e in events].count("reflection") == 2


def test_status_history_is_told_with_its_own_dates_once(tmp_path: Path,
                                                        index_settled: None) -> None:
    store = MapStore(tmp_path / "map")
    store.create("Mine")
    long_ago = datetime(2025, 2, 1, tzinfo=UTC)
    save(store, lambda pmap: pmap.parts.append(Part(
        id="guard", name="Guard", created=long_ago, status="befriended",
        status_history=[StatusChange("getting-to-know", long_ago + timedelta(days=3)),
                        StatusChange("befriended", long_ago + timedelta(days=9), by="r7")])))

    def move(pmap):  # type: ignore[no-untyped-def]
        guard = pmap.part("guard")
        guard.status = "unburdened"
        guard.status_history.append(StatusChange("unburdened", long_ago + timedelta(days=20)))

    save(store, move)
    events = timeline.part_timeline(store, "guard")
    said = [e.words for e in events]
    assert said == ["part added: Guard", "status: unburdened",
                    "status: befriended (from a reflection)", "status: getting-to-know"]
    assert not any("→" in w for w in said)  # the move is told once, from status_history
    assert "added to the map" not in said  # history saw it added


def test_a_part_older_than_every_kept_version_says_when_it_was_added(tmp_path: Path,
                                                                     index_settled: None
                                                                     ) -> None:
    store = made_history(tmp_path)
    save(store, lambda pmap: setattr(pmap.part("little"), "created", T0))
    for path in store.history():
        path.unlink()
    (store.folder / ".cache" / history.CACHE_FILE).unlink()
    events = timeline.part_timeline(store, "little")
    assert events[-1].words == "added to the map" and events[-1].when is not None


def test_an_unknown_part_has_an_empty_timeline(tmp_path: Path, index_settled: None) -> None:
    store = made_history(tmp_path)
    assert timeline.part_timeline(store, "nobody") == []


def _storable(text: str) -> bool:
    try:
        moments.check_text(text)
    except InvalidInput:
        return False
    return True


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(NAMES), text=st.sampled_from([t for t in TEXTS if _storable(t)]))
def test_hostile_names_and_texts_are_kept_as_written(  # type: ignore[no-untyped-def]
        tmp_path_factory, name: str, text: str) -> None:
    store = MapStore(tmp_path_factory.mktemp("m") / "map")
    store.create("Mine")
    save(store, lambda pmap: pmap.parts.append(Part(id="p", name=name)))
    save(store, lambda pmap: pmap.parts[0].fears.append(text))
    moments.add(store, text, T0, part="p")
    events = timeline.part_timeline(store, "p")
    assert events[0].words == "a fear added"
    assert any(e.kind == "moment" and e.words == moments.check_text(text) for e in events)


def test_an_item_is_told_with_its_article(tmp_path: Path, index_settled: None) -> None:
    store = made_history(tmp_path)
    save(store, lambda pmap: pmap.part("little").emotions.append("tired"))
    assert timeline.part_timeline(store, "little")[0].words == "an emotion added"
    assert history.entries(store)[0].summary == "Little One: an emotion added"
