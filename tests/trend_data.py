"""Self-energy check-ins written as real reflection files, for the trends tests."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ifs_tui.core import reflections
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.tomlwrite import dumps

QUALITIES = ("calm", "curiosity", "compassion", "confidence", "courage", "clarity",
             "creativity", "connectedness")
START = datetime(2026, 1, 5, 12, 0, tzinfo=timezone(timedelta(hours=1)))  # a Monday, midday

Value = int | str | None  # None: skipped ("not now")


def checkin(when: datetime, values: dict[str, Value], pack: str = "self-energy-check-in",
            status: str = "finished", n: int = 0) -> Reflection:
    """A check-in answering the named scales (in QUALITIES order); others not reached."""
    answers = []
    for step in [q for q in QUALITIES if q in values] + [s for s in values
                                                          if s not in QUALITIES]:
        value = values[step]
        answer = Answer(step=step, kind="scale", ask=f"{step.capitalize()}: how much?")
        if value is None:
            answer.skipped = True
        else:
            answer.value = value
        answers.append(answer)
    rec_id = f"{when:%Y%m%d-%H%M%S}-{pack}" + (f"-{n}" if n else "")
    return Reflection(id=rec_id, pack=pack, pack_title="Self-energy check-in",
                      started=when, updated=when + timedelta(minutes=5), status=status,
                      finished=when + timedelta(minutes=5) if status == "finished" else None,
                      answers=answers, path=[a.step for a in answers])


def write(folder: Path, recs: list[Reflection]) -> None:
    """Each record as its own file (no fsync: test data is thrown away)."""
    where = folder / "reflections"
    where.mkdir(parents=True, exist_ok=True)
    for rec in recs:
        fd = os.open(where / f"{rec.id}.toml", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(dumps(reflections.to_dict(rec)).encode("utf-8"))


def many(count: int, every: timedelta = timedelta(days=1)) -> list[Reflection]:
    """`count` check-ins, one each `every`: value (i + quality index) % 11, every
    seventh calm skipped."""
    recs = []
    for i in range(count):
        values: dict[str, Value] = {q: (i + k) % 11 for k, q in enumerate(QUALITIES)}
        if i % 7 == 3:
            values["calm"] = None
        recs.append(checkin(START + i * every, values))
    return recs
