"""`ifs journey show`: a journey's arc as plain lines (core/journey_arc.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import output

if TYPE_CHECKING:
    from ifs_tui.core.journey_arc import Arc


def print_arc(arc: Arc, ifs: str) -> None:
    from ifs_tui.core.journey_arc import sections

    output.say(arc.journey.shown_title)
    for heading, lines in sections(arc, ifs):
        output.say("")
        output.say(heading)
        for line in lines:
            output.say(f"  {line}" if line else "")
