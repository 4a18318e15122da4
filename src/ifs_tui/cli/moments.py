"""`ifs moment ...`: ordinary moments where something shifted (core/moments.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from . import output
from .context import HELP, session

if TYPE_CHECKING:
    from ifs_tui.core.model import PartsMap
    from ifs_tui.core.moments import Moment

moment_app = typer.Typer(
    help="Keep ordinary moments where something shifted: a few words, a part, a shift.",
    no_args_is_help=True, rich_markup_mode=None, context_settings=HELP)

DATE_HELP = "When it happened: 2026-01-31, 2026-01-31T09:30, with +01:00 or not (local time)."


@moment_app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened, in a few words.")],
    part: Annotated[str | None, typer.Option(
        "--part", "-p", help="A part's id or name, if a part was involved.")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help=DATE_HELP)] = None,
    shift: Annotated[str, typer.Option(
        "--shift", "-s", help="What shifted: a number from 'ifs moment shifts', or your own "
        "words.")] = "",
) -> None:
    """Keep a moment: a few words about a moment where something shifted."""
    from ifs_tui.core import moments, services
    from ifs_tui.core.dates import parse_when
    from ifs_tui.core.model import now

    sess = session(ctx)
    store, pmap = sess.load_for_names()
    when = parse_when(date) if date is not None else now()
    part_id = services.find_part(pmap, part).id if part is not None else ""
    moment = moments.add(store, text, when, part_id, shift)
    output.say(f"Kept the moment of {_when(moment)} (id {moment.id}).")
    if when.date() > now().date():  # a typo is likelier than a moment still to come
        output.note("That date is still to come; if it was a slip, remove the moment with: "
                    f"{sess.ifs} moment remove {moment.id}")


@moment_app.command("list")
def list_moments(
    ctx: typer.Context,
    part: Annotated[str | None, typer.Option(
        "--part", "-p", help="Only the moments of this part (id or name).")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Only moments from this date on, e.g. 2026-01-31.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List moments, oldest first: when, the part, the shift and the words."""
    from ifs_tui.core import moment_index, moments
    from ifs_tui.core.dates import parse_when

    sess = session(ctx)
    store, pmap = sess.load_for_names()
    start = parse_when(since, "--since", day_start=True) if since is not None else None
    # JSON keeps the keys a hand added, which only the files hold; the lines need the index.
    found, problems = moments.list_all(store) if as_json else moment_index.listing(store)
    part_id = _part_id(pmap, part, found) if part is not None else None
    shown = moments.select(found, part_id, start)
    if as_json:
        output.print_json([moments.json_dict(m) for m in shown])
    elif shown:
        for moment in shown:
            _show(moment, pmap)
    elif not problems:
        output.say("No moments match." if found else
                   f"No moments yet. Keep one with: {sess.ifs} moment add \"a few words\"")
    if problems:
        output.note(f"Could not read {len(problems)} moment file(s); the others are shown:")
        for problem in problems:
            output.note(f"  {problem}")
        output.note(f"Fix it by hand where the message points; {sess.ifs} check lists every "
                    "problem.")


@moment_app.command("remove")
def remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID", help="A moment's id from: ifs moment list.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove a moment (asks first; there is no undo)."""
    from ifs_tui.core import moments

    store, pmap = session(ctx).load_for_names()
    moment = moments.find(store, ref)
    if not yes:
        _show(moment, pmap)
        try:
            sure = typer.confirm("Remove this moment? It cannot be brought back", default=False)
        except typer.Abort:  # no answer (a pipe, or ctrl+d): nothing is removed
            output.note("Nothing was removed. To remove it without asking, add --yes.")
            raise typer.Exit(1) from None
        if not sure:
            output.say("Nothing was removed.")
            return
    moments.remove(store, moment)
    output.say(f"Removed the moment of {_when(moment)}.")


@moment_app.command("shifts")
def shifts() -> None:
    """List the shifts offered by the "Noticing shifts" pack, numbered for --shift."""
    from ifs_tui.core.moments import shift_options

    for i, option in enumerate(shift_options(), start=1):
        output.say(f"{i}. {option}")
    output.say("Or write a shift in your own words: --shift \"...\"")


def _when(moment: Moment) -> str:
    from ifs_tui.core.partwords import day

    return f"{day(moment.when)} {moment.when:%H:%M}"


def _part_id(pmap: PartsMap, ref: str, found: list[Moment]) -> str:
    """The part's id; a removed part's id still finds its moments."""
    from ifs_tui.core import services
    from ifs_tui.core.errors import PartNotFound

    try:
        return services.find_part(pmap, ref).id
    except PartNotFound:
        if any(m.part == ref for m in found):
            return ref
        raise


def _show(moment: Moment, pmap: PartsMap) -> None:
    part = pmap.part(moment.part) if moment.part else None
    head = [_when(moment)]
    if moment.part:
        gone = " (no longer on the map)" if pmap.parts else ""  # none: map.toml unread
        head.append(part.name if part else moment.part + gone)
    if moment.shift:
        head.append(moment.shift)
    output.say(f"{' · '.join(head)}  [{moment.id}]")
    for line in moment.text.splitlines() or [""]:
        output.say(f"  {line}")
