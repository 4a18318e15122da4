"""A journey's arc (core/journey_arc.py): what each id names now, and the moments since."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ifs_tui.core import journey_arc, journeys, moments
from ifs_tui.core.storage import MapStore

PLUS_ONE = timezone(timedelta(hours=1))
SESSION = datetime(2026, 2, 14, 10, 0, tzinfo=PLUS_ONE)


@pytest.fixture
def store(ready: Path) -> MapStore:
    return MapStore(ready)


def test_moments_since_are_marked_and_capped(store: MapStore) -> None:
    before = moments.add(store, "before the session", SESSION - timedelta(days=3))
    same_day = moments.add(store, "that morning", SESSION - timedelta(hours=2))
    later = [moments.add(store, f"after {i}", SESSION + timedelta(hours=i + 1))
             for i in range(journey_arc.MOST_SINCE + 5)]
    j = journeys.new(store, "S", SESSION)
    journeys.attach(store, j.id, moment=before.id)
    journeys.attach(store, j.id, moment="20200101-000000")  # removed long ago
    the_arc = journey_arc.arc(store, journeys.find(store, j.id), store.load())
    ids = [i.id for i in the_arc.moments]
    assert ids[0] == "20200101-000000" and the_arc.moments[0].gone == journey_arc.GONE
    assert ids[1] == before.id and the_arc.moments[1].attached
    # the newest MOST_SINCE since the session's day, not attached, oldest first
    shown = [i for i in the_arc.moments if not i.attached]
    assert len(shown) == journey_arc.MOST_SINCE and the_arc.more_moments == 6
    assert same_day.id not in ids and shown[-1].id == later[-1].id
    lines = dict(journey_arc.sections(the_arc))["Moments since the session"]
    assert any("And 6 earlier ones since the session" in line for line in lines)


def test_reflections_gone_or_unreadable_do_not_hide_the_journey(store: MapStore) -> None:
    j = journeys.new(store, "S", SESSION)
    folder = store.folder / "reflections"
    folder.mkdir(exist_ok=True)
    (folder / "20260215-broken.toml").write_text("schema = 1\nstatus = [\n")
    journeys.attach(store, j.id, reflection="20260215-broken", phase="integration")
    journeys.attach(store, j.id, reflection="20260101-gone", phase="preparation")
    journeys.attach(store, j.id, reflection="../map", phase="preparation")  # by hand
    journeys.attach(store, j.id, part="inner-critic")
    journeys.attach(store, j.id, part="removed-part")
    the_arc = journey_arc.arc(store, journeys.find(store, j.id), store.load())
    assert [(i.id, i.gone) for i in the_arc.integration] == [
        ("20260215-broken", journey_arc.UNREADABLE)]
    assert [(i.id, i.gone) for i in the_arc.preparation] == [
        ("20260101-gone", journey_arc.GONE), ("../map", journey_arc.GONE)]
    assert [(i.title, i.gone) for i in the_arc.parts] == [
        ("Inner Critic", ""), ("", journey_arc.GONE)]
    sections = dict(journey_arc.sections(the_arc))
    assert sections["What emerged"] == [
        "20260215-broken (could not be read; 'ifs check' says why)"]
    assert "removed-part (no longer in the map)" in sections["Parts prepared for"]
    care = sections["With your clinical team"]
    assert care[0] == journey_arc.CARE_NOTE and "no medical guidance" in care[0]


def test_hand_added_keys_are_never_shown(store: MapStore) -> None:
    folder = store.folder / "journeys"
    folder.mkdir()
    (folder / "20260214-hand.toml").write_text(
        'schema = 1\ntitle = "Hand"\nsession = 2026-02-14\ndose = "SECRET-DOSE"\n'
        'notes = "my notes"\n')
    the_arc = journey_arc.arc(store, journeys.find(store, "20260214-hand"), store.load())
    text = repr(journey_arc.sections(the_arc, in_app=True))
    assert "my notes" in text and "SECRET-DOSE" not in text and "dose" not in text


def test_reflections_are_told_in_the_order_they_happened(store: MapStore) -> None:
    from tests.trend_data import checkin, write

    recs = [checkin(SESSION + timedelta(days=d), {}) for d in (9, 2, 5)]
    write(store.folder, recs)
    j = journeys.new(store, "S", SESSION)
    for rec in recs:  # added in another order than they happened
        journeys.attach(store, j.id, reflection=rec.id, phase="integration")
    the_arc = journey_arc.arc(store, journeys.find(store, j.id), store.load())
    assert [i.id for i in the_arc.integration] == [recs[1].id, recs[2].id, recs[0].id]
