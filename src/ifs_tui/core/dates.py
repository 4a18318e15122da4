"""Dates as a person types them on the command line (--date, --since)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from .errors import InvalidInput
from .model import now as _now

EXAMPLE = "2026-01-31, 2026-01-31T09:30 or 2026-01-31T09:30+01:00"


def _local(when: datetime) -> datetime:
    # Without an offset a person means their own clock: the local zone of that date.
    try:
        return when.astimezone()
    except (OverflowError, OSError, ValueError):
        return when.replace(tzinfo=UTC)  # the years 1 and 9999 have no local zone


def parse_when(value: str, option: str = "--date", day_start: bool = False,
               now: datetime | None = None) -> datetime:
    """An aware date and time from `value`.

    A date alone means midday of that day (so the day stays the same when read in
    a nearby zone), or its first second with `day_start` (for --since). A time
    without an offset is local time. "today" and "yesterday" are understood.
    """
    text = value.strip()
    current = now or _now()
    word = text.casefold()
    if word in ("today", "yesterday"):
        day = current.date() - timedelta(days=word == "yesterday")
        return datetime.combine(day, time(0 if day_start else 12), current.tzinfo)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return _local(datetime.combine(day, time(0) if day_start else time(12)))
        when = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        shown = text if len(text) <= 30 and text.isprintable() else "that"
        raise InvalidInput(f"{option}: {shown!r} is not a date; write one like {EXAMPLE}"
                           ) from None
    if when.tzinfo is None or when.utcoffset() is None:
        return _local(when)
    return when
