"""Trends in words and lines of cells, shared by `ifs trends` and the app's trends screen.

Labels and titles can come from a person's own pack: they are made visible
(textsafe) and cut to whole cells here, so every row lines up the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .partwords import day
from .textsafe import visible
from .textwidth import fit_cells
from .trends import SELF_ENERGY, SKIPPED_MARK, Trends, number, spark, window

LABEL_WIDTH = 16  # at most; the widest label sets it when narrower


@dataclass(frozen=True)
class Row:
    label: str  # cut and padded to the label column
    spark: str
    stats: str  # "latest 7 · average 5.8", padded to the widest


@dataclass(frozen=True)
class Chart:
    rows: list[Row]
    start: int  # the points shown: [start, end) of `total`
    end: int
    total: int
    scale: str  # "0 none I can feel … 10 a lot", over the sparklines
    span: str  # the dates of the first and last point shown
    label_width: int = 0  # in cells: where the sparklines begin, less the gap of 2


def cells(text: str, width: int) -> str:
    """`text` on one line, cut to `width` cells and padded to exactly that many."""
    cut = fit_cells(" ".join(visible(text).split()), width)
    return "".join(cut) + " " * (width - len(cut))


def counted(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def what(trends: Trends) -> str:
    """"Self-energy check-ins", or "check-ins of “Unblending check-in”"."""
    if trends.pack == SELF_ENERGY:
        return "Self-energy check-ins"
    return f"check-ins of “{' '.join(visible(trends.title).split())}”"


def summary(trends: Trends) -> str:
    """One line: how many check-ins, from when to when, and how they are grouped."""
    if not trends.checkins or trends.first is None or trends.last is None:
        return f"No {what(trends)} yet."
    first, last = day(trends.first), day(trends.last)
    dates = f"on {first}" if first == last else f"from {first} to {last}"
    head = f"{counted(trends.checkins, 'check-in')} {dates}"
    if trends.by == "week":
        weeks = len(trends.series[0].points) if trends.series else 0
        return f"{head}; by week ({counted(weeks, 'week')}, each its mean)"
    return f"{head}; by check-in"


def empty_words(trends: Trends) -> list[str]:
    """What to say instead of a chart, or [] when there is one to draw.

    Kind and useful: what a check-in is, that there are no right numbers. The
    surfaces add how to start one (a command, or a key).
    """
    if not trends.has_scales:
        return [f"“{visible(trends.title)}” has no scale steps, so there is nothing to chart "
                "for it. Packs that ask for a number from a scale can be charted."]
    if trends.checkins:
        return []
    if trends.since is not None:
        return [f"No {what(trends)} since {day(trends.since)}. Without a start "
                "date, every one is shown."]
    lines = [f"No {what(trends)} yet."]
    if trends.pack == SELF_ENERGY:
        lines.append("A check-in takes about five minutes: eight quick scales for calm, "
                     "curiosity, compassion, confidence, courage, clarity, creativity and "
                     "connectedness. Each one adds a point to these lines.")
    lines.append("There are no right numbers; low ones are information too.")
    return lines


def one_note(trends: Trends) -> str:
    """After a single check-in: the lines begin with the second."""
    if trends.checkins != 1:
        return ""
    return "One check-in so far: each quality shows its number, and lines begin with the next."


def _stats(values: list[float | None]) -> str:
    answered = [v for v in values if v is not None]
    latest = next((v for v in reversed(values) if v is not None), None)
    if not answered:
        return "skipped" if len(values) == 1 else "skipped each time"
    mean = sum(answered) / len(answered)
    if len(values) == 1:
        return f"{number(latest)}"
    return f"latest {number(latest)} · average {number(mean)}"


def chart(trends: Trends, width: int, back: int = 0) -> Chart:
    """Rows for `width` cells: label, sparkline of the points that fit, numbers.

    `back` leaves out that many of the newest points (to look further back).
    """
    labels = [s.label for s in trends.series]
    label_w = max((len(fit_cells(" ".join(visible(x).split()), LABEL_WIDTH)) for x in labels),
                  default=1)
    total = len(trends.series[0].points) if trends.series else 0
    stats = [_stats([p.value for p in s.points]) for s in trends.series]
    stats_w = max((len(x) for x in stats), default=0)
    room = max(1, width - label_w - stats_w - 4)
    start, end = window(total, room, back)
    rows = []
    for line, text in zip(trends.series, stats, strict=True):
        shown = [p.value for p in line.points[start:end]]
        rows.append(Row(cells(line.label, label_w),
                        spark(shown, line.low, line.high).ljust(end - start), text.ljust(stats_w)))
    scale = ""
    if trends.series:
        lows = {(s.low, s.low_label) for s in trends.series}
        highs = {(s.high, s.high_label) for s in trends.series}
        if len(lows) == 1 and len(highs) == 1:  # one scale for every row: say it once
            (low, low_label), (high, high_label) = lows.pop(), highs.pop()
            scale = f"{' '.join(f'{low} {low_label}'.split())} … " \
                    f"{' '.join(f'{high} {high_label}'.split())}"
    span = ""
    if end > start:
        points = trends.series[0].points
        first, last = day(points[start].when), day(points[end - 1].when)
        gap = (end - start) - len(first) - len(last)
        # Under the sparklines: the first date at the left end, the last at the right.
        span = first if first == last else (f"{first}{' ' * gap}{last}" if gap >= 2
                                            else f"{first} … {last}")
    return Chart(rows, start, end, total, visible(scale), span, label_w)


def shown_note(c: Chart) -> str:
    """"The newest 60 of 509 shown" when not every point fits."""
    if c.total <= c.end - c.start:
        return ""
    if c.end == c.total:
        return f"The newest {c.end - c.start} of {c.total} are shown."
    return f"Points {c.start + 1} to {c.end} of {c.total} are shown."


SKIPPED_WORDS = f"{SKIPPED_MARK} skipped or not reached that time"
# Under a chart: what the numbers are, and are not.
NOT_A_SCORE = ("The numbers are information, not a score: a low day often means parts are "
               "busy looking after you.")
