"""`ifs journey ...`: a medicine session with its preparation and integration
(core/journeys.py; the arc as shown: core/journey_arc.py)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from . import output
from .context import HELP, session

if TYPE_CHECKING:
    from ifs_tui.core.journey_arc import Arc, Item
    from ifs_tui.core.journeys import Journey

journey_app = typer.Typer(
    help="Tie a medicine session to its preparation, integration reflections and moments.",
    no_args_is_help=True, rich_markup_mode=None, context_settings=HELP)

DATE_HELP = ("The date of the medicine session: 2026-01-31 (a date alone means midday), "
             "2026-01-31T10:00, with +01:00 or not (local time).")
NOTES_HELP = "Notes about the session, in your own words; - reads them from standard input."


def _notes(value: str | None) -> str | None:
    if value == "-":
        return sys.stdin.read()
    return value


@journey_app.command("new")
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", "-t", help="A title; the session's date "
                                       "if left out.")] = "",
    date: Annotated[str | None, typer.Option("--date", "-d", help=DATE_HELP)] = None,
    notes: Annotated[str | None, typer.Option("--notes", "-n", help=NOTES_HELP)] = None,
) -> None:
    """Start a journey for a medicine session (today, unless --date says when)."""
    from ifs_tui.core import journeys
    from ifs_tui.core.dates import parse_when

    sess = session(ctx)
    store, _ = sess.load_for_names()
    journey = journeys.new(store, title, parse_when(date or "today"), _notes(notes) or "")
    output.say(f"Started the journey “{journey.shown_title}” (id {journey.id}).")
    output.say(f"Add a reflection to it with: {sess.ifs} journey attach {journey.id} "
               "--reflection ID")


@journey_app.command("list")
def list_journeys(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List journeys by the date of their session."""
    from ifs_tui.core import journey_index, journeys
    from ifs_tui.core.partwords import day

    sess = session(ctx)
    store, _ = sess.load_for_names()
    found, problems = journey_index.listing(store)  # only changed files are read
    if as_json:
        output.print_json([journeys.json_dict(j) for j in found])
    elif found:
        for journey in found:
            output.say(f"{day(journey.session)} · {journey.shown_title}  [{journey.id}]")
            output.say(f"  {counts(journey)}")
    elif not problems:
        output.say(f"No journeys yet. Start one with: {sess.ifs} journey new --date "
                   "YYYY-MM-DD")
    if problems:
        output.note(f"Could not read {len(problems)} journey file(s); the others are shown:")
        for problem in problems:
            output.note(f"  {problem}")
        output.note(f"Fix it by hand where the message points; {sess.ifs} check lists every "
                    "problem.")


def counts(journey: Journey) -> str:
    def n(count: int, what: str) -> str:
        return f"{count} {what}{'' if count == 1 else 's'}"

    return ", ".join([n(len(journey.parts), "part"),
                      n(len(journey.preparation), "preparation reflection"),
                      n(len(journey.integration), "integration reflection"),
                      n(len(journey.moments), "moment")])


@journey_app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID", help="A journey's id from: ifs journey "
                                       "list.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the journey as JSON.")] = False,
) -> None:
    """Show a journey as its arc: the parts prepared for, the session, what emerged,
    and the ordinary moments since."""
    from ifs_tui.core import journeys
    from ifs_tui.core.journey_arc import arc

    store, pmap = session(ctx).load_for_names()
    journey = journeys.find(store, ref)
    the_arc = arc(store, journey, pmap)
    if as_json:
        output.print_json(arc_json(the_arc))
        return
    from .journey_show import print_arc

    print_arc(the_arc, session(ctx).ifs)


def arc_json(the_arc: Arc) -> dict[str, object]:
    from ifs_tui.core.journeys import json_dict

    data: dict[str, object] = json_dict(the_arc.journey)
    items = the_arc.parts + the_arc.preparation + the_arc.integration + the_arc.moments
    data["missing"] = [i.id for i in items if i.gone and i.attached]
    data["moments_since"] = [i.id for i in the_arc.moments if not i.attached]
    return data


@journey_app.command("attach")
def attach(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID", help="A journey's id.")],
    reflection: Annotated[str | None, typer.Option(
        "--reflection", "-r", help="A reflection's id (see: ifs journal list).")] = None,
    phase: Annotated[str | None, typer.Option(
        "--as", help="preparation or integration; by the pack, or else by the date, if "
        "left out.")] = None,
    moment: Annotated[str | None, typer.Option(
        "--moment", help="A moment's id (see: ifs moment list).")] = None,
    part: Annotated[str | None, typer.Option(
        "--part", "-p", help="A part prepared for (id or name).")] = None,
) -> None:
    """Add a reflection, a moment or a part to a journey."""
    from ifs_tui.core import journeys, moments, reflections, services
    from ifs_tui.core.errors import InvalidInput

    sess = session(ctx)
    store, pmap = sess.load()
    if not (reflection or moment or part):
        raise InvalidInput("say what to add: --reflection ID, --moment ID or --part PART")
    if phase is not None and phase not in journeys.PHASES:
        raise InvalidInput("--as: choose preparation or integration")
    journey = journeys.find(store, ref)
    if reflection:
        rec = reflections.find(store, reflection)
        chosen = phase or pack_phase(ctx, rec.pack) or journeys.phase_for(journey, rec.started)
        journeys.attach_reflection(store, journey.id, rec, chosen)
        output.say(f"Added the reflection {rec.id} to “{journey.shown_title}” as {chosen}.")
    if moment:
        found = moments.find(store, moment)
        journeys.attach(store, journey.id, moment=found.id)
        output.say(f"Added the moment {found.id} to “{journey.shown_title}”.")
    if part:
        the_part = services.find_part(pmap, part)
        journeys.attach(store, journey.id, part=the_part.id)
        output.say(f"Added {the_part.name} to the parts prepared for in "
                   f"“{journey.shown_title}”.")


def pack_phase(ctx: typer.Context, pack_id: str) -> str:
    """The pack's phase when it is preparation or integration; "" otherwise."""
    from ifs_tui.core.journeys import PHASES

    from .prompts import all_packs

    pack = all_packs(ctx).get(pack_id)
    return pack.phase if pack is not None and pack.phase in PHASES else ""


@journey_app.command("detach")
def detach(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID", help="A journey's id.")],
    item: Annotated[str, typer.Argument(
        metavar="ITEM", help="The id of a reflection, moment or part it holds (see: ifs "
        "journey show ID).")],
) -> None:
    """Take a reflection, moment or part out of a journey; nothing else is removed."""
    from ifs_tui.core import journeys

    store = session(ctx).store()
    journey = journeys.find(store, ref)
    held = [i for key in journeys.LISTS for i in getattr(journey, key)]
    hits = [i for i in dict.fromkeys(held) if i == item] or [
        i for i in dict.fromkeys(held) if item and i.startswith(item)]
    if len(hits) > 1:
        from ifs_tui.core.errors import InvalidInput

        raise InvalidInput(f"{item[:40]!r} is the start of more than one id the journey "
                           f"holds ({', '.join(hits[:5])})")
    _, lists = journeys.detach(store, journey.id, hits[0] if hits else item)
    output.say(f"Took {hits[0] if hits else item} out of “{journey.shown_title}” "
               f"({', '.join(lists)}); it stays in the map.")


@journey_app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID", help="A journey's id.")],
    title: Annotated[str | None, typer.Option("--title", "-t", help="A new title.")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help=DATE_HELP)] = None,
    notes: Annotated[str | None, typer.Option("--notes", "-n", help=NOTES_HELP)] = None,
) -> None:
    """Change a journey's title, session date or notes (its id stays)."""
    from ifs_tui.core import journeys
    from ifs_tui.core.dates import parse_when
    from ifs_tui.core.errors import InvalidInput

    if title is None and date is None and notes is None:
        raise InvalidInput("say what to change: --title, --date or --notes")
    store = session(ctx).store()
    journey = journeys.find(store, ref)
    session_at = parse_when(date) if date is not None else None
    changed = journeys.edit(store, journey.id, title, session_at, _notes(notes))
    output.say(f"Changed the journey “{changed.shown_title}”.")


@journey_app.command("remove")
def remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID", help="A journey's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove a journey (asks first). Its reflections and moments stay."""
    from ifs_tui.core import journeys

    store = session(ctx).store()
    journey = journeys.find(store, ref)
    if not yes:
        output.say(f"{journey.shown_title}  [{journey.id}]: {counts(journey)}")
        try:
            sure = typer.confirm("Remove this journey? Its reflections and moments stay; "
                                 "the journey's notes cannot be brought back", default=False)
        except typer.Abort:  # no answer (a pipe, or ctrl+d): nothing is removed
            output.note("Nothing was removed. To remove it without asking, add --yes.")
            raise typer.Exit(1) from None
        if not sure:
            output.say("Nothing was removed.")
            return
    journeys.remove(store, journey)
    output.say(f"Removed the journey “{journey.shown_title}”.")


def item_line(item: Item) -> str:
    from ifs_tui.core.journey_arc import when_words

    if item.gone:
        return f"{item.id} ({item.gone})"
    when = when_words(item.when)
    return " · ".join(x for x in (when, item.title) if x) + f"  [{item.id}]"
