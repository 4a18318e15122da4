"""Trends: the scale answers of a pack's walk-throughs over time (Self-energy by default).

One series per scale step of the pack, in the pack's order; each point is one
walk-through ("check-in"), or one week's mean. A skipped or unanswered scale is a
point without a value, never a zero. Only the reflections of that pack are read
(found through the index), so a year of other reflections costs nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from . import paths
from .errors import IfsError, InvalidInput, Problem
from .packs import Pack, PackSet, Step, load_packs
from .reflections import Reflection, load, on_path
from .storage import MapStore

SELF_ENERGY = "self-energy-check-in"
BY = ("checkin", "week")
BLOCKS = "▁▂▃▄▅▆▇█"
SKIPPED_MARK = "·"  # a check-in where this scale was skipped or not reached
LABEL_MAX = 30
_LABEL = re.compile(rf"^([^:?.!\n]{{1,{LABEL_MAX}}}):\s")


@dataclass(frozen=True)
class Point:
    when: datetime  # the walk-through's start; by week, the Monday the week begins
    value: float | None  # None: skipped, or not reached
    reflection: str = ""  # the reflection's id (by check-in)
    checkins: int = 1  # by week: how many check-ins that week


@dataclass
class Series:
    step: str
    label: str  # "Calm", from "Calm: How much calm ..."; else from the step id
    ask: str
    low: int
    high: int
    low_label: str = ""
    high_label: str = ""
    points: list[Point] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points if p.value is not None]

    @property
    def latest(self) -> float | None:
        return next((p.value for p in reversed(self.points) if p.value is not None), None)

    @property
    def mean(self) -> float | None:
        values = self.values
        return sum(values) / len(values) if values else None


@dataclass
class Trends:
    pack: str
    title: str
    by: str
    since: datetime | None
    checkins: int  # walk-throughs counted (before grouping by week)
    series: list[Series]
    first: datetime | None = None
    last: datetime | None = None
    # Reflections of this pack that would not load (named by file, never by content).
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_scales(self) -> bool:
        return bool(self.series)


def label_of(step: Step) -> str:
    """"Calm" from "Calm: How much calm...", else the step id in words."""
    found = _LABEL.match(step.ask.strip())
    if found and found.group(1).strip():
        return found.group(1).strip()
    return step.id.replace("-", " ").capitalize()


def scale_steps(pack: Pack) -> list[Step]:
    return [s for s in pack.steps if s.kind == "scale"]


def scale_packs(packs: PackSet) -> list[Pack]:
    """The packs that have a scale step: the ones that can be charted."""
    return [p for p in packs.packs.values() if scale_steps(p)]


def all_packs(store: MapStore) -> PackSet:
    return load_packs(paths.user_prompts_dir(), store.folder / paths.PROMPTS_DIR)


def find_pack(packs: PackSet, pack_id: str) -> Pack:
    """A pack by its id, or by a part of it that only one id holds."""
    wanted = pack_id.strip().casefold()
    pack = packs.get(wanted)
    if pack is None and wanted:  # "self" for self-energy-check-in, when only one holds it
        hits = [p for p in packs.packs.values() if wanted in p.id]
        pack = hits[0] if len(hits) == 1 else None
    if pack is None:
        known = ", ".join(p.id for p in scale_packs(packs)) or "none"
        raise InvalidInput(f"no prompt pack {pack_id[:40]!r}; packs with scales to chart: "
                           f"{known} (see: ifs prompts list)")
    return pack


def _value(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return float(raw)
    if isinstance(raw, str):  # a number written in quotes by hand
        try:
            return float(int(raw.strip()))
        except ValueError:
            return None
    return None


def _checkin_values(rec: Reflection, steps: list[Step]) -> dict[str, float | None] | None:
    """The scale answers on the route taken, by step id; None when it has none at all.

    A step answered in several rounds (a for_each group) counts as their mean.
    """
    wanted = {s.id for s in steps}
    taken, _ = on_path(rec)
    given: dict[str, list[float]] = {}
    seen = False
    for answer in taken:
        if answer.step not in wanted:
            continue
        seen = True
        value = None if answer.skipped else _value(answer.value)
        if value is not None:
            given.setdefault(answer.step, []).append(value)
    if not seen:
        return None
    return {s.id: (sum(given[s.id]) / len(given[s.id]) if s.id in given else None)
            for s in steps}


def local(when: datetime) -> datetime:
    """`when` in the local zone (as written, where that zone has no such date)."""
    try:
        return when.astimezone()
    except (OverflowError, OSError, ValueError):  # the years 1 and 9999 have no local zone
        return when


def week_start(when: datetime) -> datetime:
    """The Monday 00:00 (local time) of the week `when` falls in."""
    here = local(when)
    monday = datetime.combine(here.date() - timedelta(days=here.weekday()), time(0))
    try:
        return monday.astimezone()
    except (OverflowError, OSError, ValueError):
        return monday.replace(tzinfo=here.tzinfo)


def _by_week(points: list[tuple[datetime, str, dict[str, float | None]]],
             steps: list[Step]) -> list[tuple[datetime, int, dict[str, float | None]]]:
    weeks: dict[datetime, list[dict[str, float | None]]] = {}
    for when, _, values in points:
        weeks.setdefault(week_start(when), []).append(values)
    grouped = []
    for start in sorted(weeks):
        rows = weeks[start]
        means: dict[str, float | None] = {}
        for step in steps:
            got = [v for row in rows if (v := row[step.id]) is not None]
            means[step.id] = sum(got) / len(got) if got else None
        grouped.append((start, len(rows), means))
    return grouped


def series(store: MapStore, pack_id: str = SELF_ENERGY, since: datetime | None = None,
           by: str = "checkin", packs: PackSet | None = None) -> Trends:
    """The pack's scale answers over time, oldest first.

    Every walk-through of the pack that reached a scale step counts (finished or not);
    `since` keeps those started then or later. By week, a week without a check-in is
    left out, not drawn as a low value. Raise InvalidInput for an unknown pack or `by`.
    """
    from .reflect_index import listing

    if by not in BY:
        raise InvalidInput(f"--by: {by[:20]!r} is not one of: {', '.join(BY)}")
    pack = find_pack(packs if packs is not None else all_packs(store), pack_id)
    steps = scale_steps(pack)
    found = Trends(pack=pack.id, title=pack.title, by=by, since=since, checkins=0,
                   series=[Series(step=s.id, label=label_of(s), ask=s.ask, low=s.min,
                                  high=s.max, low_label=s.min_label, high_label=s.max_label)
                           for s in steps])
    if not steps:
        return found
    headers, unreadable = listing(store)
    # A file that would not load at all has no pack to tell; its name still has one.
    found.problems += [p for p in unreadable if pack.id in Path(p.file).stem]
    rows: list[tuple[datetime, str, dict[str, float | None]]] = []
    for header in headers:
        if header.pack != pack.id or (since is not None and header.started < since):
            continue
        try:
            rec = load(store, header.id)
        except IfsError as err:
            problems = getattr(err, "problems", None)
            found.problems.append(problems[0] if problems else
                                  Problem(header.id, "", str(err)))
            continue
        values = _checkin_values(rec, steps)
        if values is not None:
            rows.append((rec.started, rec.id, values))
    rows.sort(key=lambda r: (r[0], r[1]))
    found.checkins = len(rows)
    if rows:
        found.first, found.last = rows[0][0], rows[-1][0]
    if by == "week":
        for start, count, means in _by_week(rows, steps):
            for line in found.series:
                line.points.append(Point(start, means[line.step], checkins=count))
    else:
        for when, rec_id, values in rows:
            for line in found.series:
                line.points.append(Point(when, values[line.step], rec_id))
    return found


def json_dict(trends: Trends) -> dict[str, Any]:
    """`ifs trends --json` (docs/json.md): every series with all its points."""
    def point(p: Point) -> dict[str, Any]:
        value = p.value if p.value is None or not p.value.is_integer() else int(p.value)
        item: dict[str, Any] = {"when": p.when,
                                "value": round(value, 2) if value is not None else None}
        if trends.by == "week":
            item["checkins"] = p.checkins
        else:
            item["reflection"] = p.reflection
        return item

    data: dict[str, Any] = {"pack": trends.pack, "title": trends.title, "by": trends.by,
                            "since": trends.since, "checkins": trends.checkins,
                            "first": trends.first, "last": trends.last}
    data["series"] = [{"step": s.step, "label": s.label, "ask": s.ask, "low": s.low,
                       "high": s.high, "low_label": s.low_label, "high_label": s.high_label,
                       "points": [point(p) for p in s.points]} for s in trends.series]
    data["problems"] = [p.to_dict() for p in trends.problems]
    return data


def spark(values: list[float | None], low: float, high: float) -> str:
    """A sparkline: one block per value between low and high; SKIPPED_MARK for None.

    A value outside the scale (written by hand, or the pack's scale changed) is drawn
    at the nearer end.
    """
    span = high - low
    top = len(BLOCKS) - 1
    out = []
    for value in values:
        if value is None:
            out.append(SKIPPED_MARK)
            continue
        step = round((value - low) / span * top) if span > 0 else top
        out.append(BLOCKS[min(top, max(0, step))])
    return "".join(out)


def number(value: float | None) -> str:
    """7, or 6.5 (a mean), or "-" for no value."""
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def window(count: int, width: int, back: int = 0) -> tuple[int, int]:
    """(start, end) of the points that fit `width` cells, the newest `back` left out
    (clamped), so a long series shows its newest part first."""
    width = max(1, width)
    end = count - min(max(0, back), max(0, count - width))
    return max(0, end - width), end
