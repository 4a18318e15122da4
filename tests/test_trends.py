"""core/trends.py and trend_words.py on real map folders: 0, 1 and 500 check-ins,
skipped scales, weeks, other packs, odd files."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ifs_tui.core import trend_words, trends
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.storage import MapStore
from ifs_tui.core.textwidth import fit_cells

from .hostile import NAMES, TERMINAL_HAZARDS
from .trend_data import QUALITIES, START, checkin, many, write


@pytest.fixture
def store(map_folder: Path) -> MapStore:
    store = MapStore(map_folder)
    store.create("Trends")
    return store


def values(found: trends.Trends, step: str) -> list[float | None]:
    line = next(s for s in found.series if s.step == step)
    return [p.value for p in line.points]


def test_no_check_ins_gives_every_quality_and_kind_words(store: MapStore) -> None:
    found = trends.series(store)
    assert [s.step for s in found.series] == list(QUALITIES)
    assert [s.label for s in found.series][:3] == ["Calm", "Curiosity", "Compassion"]
    assert found.checkins == 0 and all(not s.points for s in found.series)
    words = " ".join(trend_words.empty_words(found))
    assert "No Self-energy check-ins yet" in words and "no right numbers" in words
    assert trend_words.summary(found) == "No Self-energy check-ins yet."


def test_one_check_in_shows_its_numbers(store: MapStore) -> None:
    write(store.folder, [checkin(START, {"calm": 4, "curiosity": 7, "compassion": None})])
    found = trends.series(store)
    assert found.checkins == 1 and trend_words.empty_words(found) == []
    assert values(found, "calm") == [4] and values(found, "compassion") == [None]
    assert values(found, "courage") == [None]  # not reached: no value, never a zero
    assert "One check-in so far" in trend_words.one_note(found)
    chart = trend_words.chart(found, 80)
    calm = chart.rows[0]
    assert calm.spark == trends.BLOCKS[3] and calm.stats.strip() == "4"
    assert chart.rows[2].spark == trends.SKIPPED_MARK
    assert chart.rows[2].stats.strip() == "skipped"
    assert chart.span == "5 Jan 2026"
    assert trend_words.summary(found).startswith("1 check-in on 5 Jan 2026")


def test_five_hundred_check_ins_by_check_in_and_by_week(store: MapStore) -> None:
    write(store.folder, many(500))
    found = trends.series(store)
    assert found.checkins == 500
    calm = values(found, "calm")
    assert len(calm) == 500 and calm.count(None) == len([i for i in range(500) if i % 7 == 3])
    assert values(found, "curiosity")[:3] == [1, 2, 3]
    chart = trend_words.chart(found, 80)
    assert chart.end == 500 and 0 < chart.end - chart.start < 80
    assert all(len(r.label + r.spark + r.stats) + 4 <= 80 for r in chart.rows)
    assert "The newest" in trend_words.shown_note(chart)
    older = trend_words.chart(found, 80, back=100)
    assert older.end == 400 and "Points" in trend_words.shown_note(older)
    oldest = trend_words.chart(found, 80, back=10_000)  # clamped to the first point
    assert oldest.start == 0
    weekly = trends.series(store, by="week")
    weeks = weekly.series[0].points
    assert sum(p.checkins for p in weeks) == 500 and len(weeks) == 72  # 500 days from a Monday
    assert all(p.when.weekday() == 0 and p.when.hour == 0 for p in weeks)
    assert weekly.checkins == 500


def test_a_week_is_the_mean_of_its_answers(store: MapStore) -> None:
    write(store.folder, [checkin(START, {"calm": 4, "courage": None}),
                         checkin(START + timedelta(days=2), {"calm": 7, "courage": None}),
                         checkin(START + timedelta(days=15), {"calm": 2})])
    found = trends.series(store, by="week")
    assert values(found, "calm") == [5.5, 2]
    assert values(found, "courage") == [None, None]
    assert [p.checkins for p in found.series[0].points] == [2, 1]
    assert trend_words.chart(found, 80).rows[0].stats.strip() == "latest 2 · average 3.8"


def test_since_keeps_later_check_ins_and_says_when_none(store: MapStore) -> None:
    write(store.folder, many(10))
    found = trends.series(store, since=START + timedelta(days=7))
    assert found.checkins == 3 and found.since is not None
    none = trends.series(store, since=START + timedelta(days=70))
    assert none.checkins == 0
    assert "since 16 Mar 2026" in trend_words.empty_words(none)[0]


def test_unfinished_walks_count_and_walks_before_any_scale_do_not(store: MapStore) -> None:
    write(store.folder, [checkin(START, {"calm": 3, "curiosity": 5}, status="stopped"),
                         checkin(START + timedelta(days=1), {}, status="in-progress")])
    found = trends.series(store)
    assert found.checkins == 1 and values(found, "curiosity") == [5]


def test_answers_on_a_route_later_left_do_not_count(store: MapStore) -> None:
    rec = checkin(START, {"calm": 3, "curiosity": 5})
    rec.path = ["calm"]  # went back from curiosity; its answer stays in the file
    rec.at = "calm"
    write(store.folder, [rec])
    assert values(trends.series(store), "curiosity") == [None]


def test_odd_values_are_kept_readable(store: MapStore) -> None:
    write(store.folder, [checkin(START, {"calm": "7", "curiosity": 42, "compassion": -3,
                                         "courage": "lots"})])
    found = trends.series(store)
    assert values(found, "calm") == [7]  # a number in quotes, by hand
    assert values(found, "courage") == [None]
    row = trend_words.chart(found, 80).rows
    assert row[1].spark == trends.BLOCKS[-1] and row[2].spark == trends.BLOCKS[0]


def test_a_broken_check_in_is_named_and_the_others_shown(store: MapStore) -> None:
    write(store.folder, many(3))
    bad = store.folder / "reflections" / "20260201-120000-self-energy-check-in.toml"
    bad.write_text("schema = 1\npack = [\n", encoding="utf-8")
    found = trends.series(store)
    assert found.checkins == 3
    assert [Path(p.file).name for p in found.problems] == [bad.name]


def test_other_packs_only_theirs(store: MapStore) -> None:
    write(store.folder, many(2) + [checkin(START, {"room": 6}, pack="unblending-check-in")])
    found = trends.series(store, "unblending-check-in")
    assert [s.step for s in found.series] == ["room"] and found.checkins == 1
    assert found.series[0].label == "Room" and values(found, "room") == [6]
    assert trend_words.what(found) == "check-ins of “Unblending check-in”"


def test_a_pack_without_scales_gets_a_calm_message(store: MapStore) -> None:
    found = trends.series(store, "kap-preparation")
    assert not found.has_scales and found.checkins == 0
    assert "has no scale steps" in trend_words.empty_words(found)[0]


def test_unknown_pack_and_by_are_told(store: MapStore) -> None:
    with pytest.raises(InvalidInput, match="packs with scales to chart: .*self-energy"):
        trends.series(store, "nope")
    with pytest.raises(InvalidInput, match="--by"):
        trends.series(store, by="month")


MAP_PACK = '''\
schema = 1
id = "{pid}"
title = "{title}"

[[steps]]
id = "steady"
kind = "scale"
ask = "{ask}"
min = 1
max = 5
'''


@pytest.mark.parametrize("name", NAMES[:12] + ["Ω" * 40])
def test_a_persons_own_pack_with_odd_words_lines_up(store: MapStore, name: str) -> None:
    import json

    folder = store.folder / "prompts"
    folder.mkdir()
    title = json.dumps(name)[1:-1]
    (folder / "mine.toml").write_text(MAP_PACK.format(pid="mine", title=title,
                                                      ask=f"{title}: how steady?"),
                                      encoding="utf-8")
    write(store.folder, [checkin(START + timedelta(days=i), {"steady": 1 + i % 5}, pack="mine")
                         for i in range(30)])
    found = trends.series(store, "mine")
    assert found.checkins == 30 and found.series[0].low == 1 and found.series[0].high == 5
    chart = trend_words.chart(found, 60)
    row = chart.rows[0]
    assert len(fit_cells(row.label, 100)) == chart.label_width <= trend_words.LABEL_WIDTH
    assert row.spark == "".join(trends.BLOCKS[round((1 + i % 5 - 1) / 4 * 7)]
                                for i in range(chart.start, chart.end))
    said = " ".join(trend_words.empty_words(trends.series(store, "kap-preparation"))
                    + [trend_words.summary(found), row.label, chart.scale])
    assert not any(ch in said for ch in TERMINAL_HAZARDS)


@given(st.lists(st.one_of(st.none(), st.floats(-1e9, 1e9)), max_size=200),
       st.integers(-100, 100), st.integers(1, 100))
def test_spark_has_one_cell_per_point_and_never_fails(points: list[float | None], low: int,
                                                      span: int) -> None:
    drawn = trends.spark(points, low, low + span)
    assert len(drawn) == len(points)
    assert set(drawn) <= set(trends.BLOCKS) | {trends.SKIPPED_MARK}


@given(st.integers(0, 2000), st.integers(-5, 300), st.integers(-50, 3000))
def test_window_always_fits_and_ends_at_a_point(count: int, width: int, back: int) -> None:
    start, end = trends.window(count, width, back)
    assert 0 <= start <= end <= count and end - start <= max(1, width)
    assert end - start == min(count, max(1, width))


def test_week_start_copes_with_the_ends_of_time(store: MapStore) -> None:
    from datetime import UTC, datetime

    for when in (datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC)):
        assert trends.week_start(when).weekday() == 0


@given(st.text(max_size=300), st.integers(1, 40))
def test_a_label_always_fills_its_column_exactly(text: str, width: int) -> None:
    cut = trend_words.cells(text, width)
    assert len(fit_cells(cut, 10_000)) == width
    assert not any(ch in cut for ch in TERMINAL_HAZARDS) and "\n" not in cut
