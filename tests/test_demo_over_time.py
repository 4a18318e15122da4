"""The demo shows change over time: moments, check-ins, a KAP journey (examples/demo)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ifs_tui.core import export_over_time, journeys, mapdiff, moments, reflections
from ifs_tui.core.check import check_folder
from ifs_tui.core.demo import make_demo_copy
from ifs_tui.core.export import FORMATS, export
from ifs_tui.core.storage import MapStore


@pytest.fixture
def demo(tmp_path: Path) -> MapStore:
    _, folder = make_demo_copy(tmp_path)
    return MapStore(folder)


def test_the_demo_loads_whole_and_check_is_clean(demo: MapStore) -> None:
    assert [p for p in check_folder(demo.folder) if p.severity == "error"] == []
    found, problems = moments.list_all(demo)
    trips, more = journeys.list_all(demo)
    records, unreadable = reflections.list_all(demo)
    assert problems == more == unreadable == []
    pmap = demo.load()
    assert 6 <= len(found) <= 8
    assert {m.part for m in found if m.part} <= {p.id for p in pmap.parts}
    assert len({m.when.date() for m in found}) == len(found)  # spread over days ...
    assert (found[-1].when - found[0].when).days >= 21  # ... and weeks
    shifts = moments.shift_options()
    assert sum(m.shift in shifts for m in found) >= 5  # the pick list, and own words
    checkins = [r for r in records if r.pack == "self-energy-check-in"]
    assert 8 <= len(checkins) <= 10
    assert len({r.started.isocalendar()[:2] for r in checkins}) >= 5  # for trends by week
    assert all(r.status == "finished" for r in checkins)


def test_the_demo_journey_ties_preparation_session_and_integration(demo: MapStore) -> None:
    (trip,) = journeys.list_all(demo)[0]
    records = {r.id: r for r in reflections.list_all(demo)[0]}
    found = {m.id: m for m in moments.list_all(demo)[0]}
    pmap = demo.load()
    assert [records[r].pack for r in trip.preparation] == ["kap-preparation"]
    assert [records[r].pack for r in trip.integration] == ["kap-integration"] * 2
    assert all(records[r].started < trip.session for r in trip.preparation)
    assert all(records[r].started > trip.session for r in trip.integration)
    assert trip.moments and all(found[m].when > trip.session for m in trip.moments)
    assert trip.parts and all(pmap.part(p) for p in trip.parts)
    assert trip.notes.strip() and trip.extra == {}
    # What the walks filed into parts is there, as a real walk would have left it.
    for rid in trip.preparation + trip.integration:
        for answer in records[rid].answers:
            if answer.added_to:
                part_id, _, field = answer.added_to.rpartition(".")
                held = getattr(pmap.part(part_id), field)
                assert answer.value in (held if isinstance(held, list) else held.split("\n"))


MEDICAL = re.compile(r"\b(dose|doses|dosage|dosing|mg|milligrams?|ketamine|drugs?|"
                     r"prescri\w*|medication)\b", re.IGNORECASE)


def test_the_demo_speaks_of_a_medicine_session_only(demo: MapStore) -> None:
    for folder in ("moments", "journeys", "reflections"):
        for path in (demo.folder / folder).glob("*.toml"):
            assert not MEDICAL.search(path.read_text()), path.name


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_demos_moments_and_journey_stay_out_of_a_redacted_export(demo: MapStore,
                                                                     fmt: str) -> None:
    over, _ = export_over_time.load(demo)
    text = export(demo.load(), fmt, over=over, redacted=True)
    for moment in over.moments:
        assert moment.text not in text
        assert not moment.shift or moment.shift not in text
    (trip,) = over.journeys
    assert trip.title not in text and trip.notes[:30] not in text
    if fmt == "json":
        assert json.loads(text)["moment_count"] == len(over.moments)


def test_the_demo_has_a_history_to_show(demo: MapStore) -> None:
    from ifs_tui.core import history, timeline

    found = history.entries(demo)
    assert found[0].id == "current" and len(found) == 5
    assert all(e.count for e in found[:-1])  # each changed something, and reads
    oldest = history.readable(demo, found[-1].id)
    changes = [mapdiff.words(c) for c in mapdiff.diff(oldest.pmap, demo.load())]
    assert "part added: Small One" in changes
    assert "The Forecaster: status noticed → getting to know" in changes
    assert "link added: The Taskmaster is polarized with The Scroller" in changes
    assert "The Vanishing Act: needs written" in found[1].summary  # after the integration walk
    events = timeline.part_timeline(demo, "the-forecaster")
    assert {e.kind for e in events} >= {"map", "reflection", "moment"}
