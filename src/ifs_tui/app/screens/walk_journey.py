"""At the end of a walk of a preparation or integration pack: "Add this reflection to
a journey?" with the journeys, a new journey, and "Not now", which is highlighted.
Nothing is written unless the person picks a journey; leaving is always the default
(the "Back to the map" button keeps the focus)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core import journeys
from ifs_tui.core.errors import IfsError
from ifs_tui.core.journeys import Journey
from ifs_tui.core.partwords import day

from ..text import plain, visible

if TYPE_CHECKING:
    from .walk import WalkScreen

ASK = "Add this reflection to a journey? (Tab to choose; not now is fine)"
NEW, NOT_NOW = "journey:new", "journey:not-now"


def offers(screen: WalkScreen) -> bool:
    return screen.walk.done and screen.walk.pack.phase in journeys.PHASES


async def show_offer(screen: WalkScreen) -> None:
    """Put the offer under the end words, once (the end is shown again after a dialog)."""
    if not offers(screen) or screen.query("#journey-offer"):
        return
    try:
        found = journeys.recent(screen.walk.store)
    except IfsError:  # a folder that cannot be read: no offer, the walk is saved
        return
    options = [Option(Text(visible(f"{j.shown_title} ({day(j.session)})")), id=j.id)
               for j in found]
    options += [Option("A new journey…", id=NEW), Option("Not now", id=NOT_NOW)]
    offer = OptionList(*options, id="journey-offer")
    answer = screen.query_one("#answer")
    await answer.mount_all([Static(ASK, id="journey-ask", markup=False), offer])
    offer.highlighted = len(options) - 1


def chosen(screen: WalkScreen, option_id: str) -> None:
    if option_id == NOT_NOW:  # said, so the choice is seen; the list goes out of the way
        for widget in screen.query("#journey-offer"):
            widget.display = False
        screen.query_one("#journey-ask", Static).update(plain(
            "Not added to a journey. A journey's screen (k on the map) can add it later."))
        screen.query_one("#stop").focus()
        return
    if option_id == NEW:
        _new(screen)
        return
    _attach(screen, option_id)


def _attach(screen: WalkScreen, journey_id: str) -> None:
    phase = screen.walk.pack.phase
    try:
        journey = journeys.attach_reflection(screen.walk.store, journey_id,
                                             screen.walk.record, phase)
    except IfsError as err:
        screen.notify(str(err), severity="error", markup=False)
        return
    _done(screen, journey, phase)


def _done(screen: WalkScreen, journey: Journey, phase: str) -> None:
    for widget in screen.query("#journey-offer"):
        widget.display = False
    screen.query_one("#journey-ask", Static).update(plain(
        f"Added to “{journey.shown_title}” as {phase}. Journeys: k on the map."))
    screen.query_one("#stop").focus()


def _new(screen: WalkScreen) -> None:
    from .journey_form import JourneyFormScreen
    from .journeys import new_journey

    made: list[Journey] = []

    def save(title: str, date: str, notes: str) -> None:
        made.append(new_journey(screen.walk.store, title, date, notes))

    def done(saved: bool | None) -> None:
        if saved and made:
            _attach(screen, made[0].id)

    screen.app.push_screen(JourneyFormScreen(save), done)
