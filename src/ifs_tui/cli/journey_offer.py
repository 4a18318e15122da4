"""At the end of a walk of a preparation or integration pack, `ifs reflect` offers to
add the reflection to a journey. "Not now" is the default: an empty line, the end
of input or ctrl+c, and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ifs_tui.core.journeys import Journey

    from .plainwalk import PlainWalk

ASK = "Add this reflection to a journey?"


def offer_journey(plain: PlainWalk) -> None:
    from ifs_tui.core import journeys
    from ifs_tui.core.errors import IfsError
    from ifs_tui.core.partwords import day

    phase = plain.walk.pack.phase
    if phase not in journeys.PHASES:
        return
    rec = plain.walk.record
    hint = f"{plain.ifs} journey attach ID --reflection {rec.id}"
    if plain.piped:  # a script's lines belong to the walk: only say how
        plain.say(f"To add it to a journey later: {hint}", "dim")
        return
    found = journeys.recent(plain.walk.store)
    plain.say("")
    plain.say(ASK)
    for i, journey in enumerate(found, start=1):
        plain.say(f"  {i}. {journey.shown_title} ({day(journey.session)})")
    plain.say(f"  {len(found) + 1}. A new journey")
    plain.say("  Enter: not now", "dim")
    line = _read(plain, "> ")
    if not line.isdigit() or not 1 <= int(line) <= len(found) + 1:
        if line:
            plain.say(f"Not added. You can add it later with: {hint}", "dim")
        return
    try:
        if int(line) <= len(found):
            journey = journeys.attach_reflection(plain.walk.store, found[int(line) - 1].id,
                                                 rec, phase)
        else:
            made = _new_journey(plain)
            if made is None:
                return
            journey = journeys.attach_reflection(plain.walk.store, made.id, rec, phase)
    except IfsError as err:
        plain.say(f"Not added: {err}", "yellow")
        return
    plain.say(f"Added to “{journey.shown_title}” as {phase}. See it with: "
              f"{plain.ifs} journey show {journey.id}")


def _read(plain: PlainWalk, prompt: str) -> str:
    try:
        return plain.read(prompt).strip()
    except (EOFError, KeyboardInterrupt):
        plain.say("")
        return ""


def _new_journey(plain: PlainWalk) -> Journey | None:
    from ifs_tui.core import journeys
    from ifs_tui.core.dates import parse_when
    from ifs_tui.core.errors import InvalidInput

    title = _read(plain, "A title (Enter: the session's date): ")
    for _ in range(3):
        date = _read(plain, "The date of the medicine session, e.g. 2026-02-14 "
                     "(Enter: today): ")
        try:
            session = parse_when(date or "today", "the date")
            return journeys.new(plain.walk.store, title, session)
        except InvalidInput as err:
            plain.say(str(err), "yellow")
    plain.say("Not added; no journey was started.", "dim")
    return None
