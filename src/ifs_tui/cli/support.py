"""`ifs support ...`: the people the person can reach (core/support.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from . import output
from .context import HELP

support_app = typer.Typer(
    help="Keep your own support contacts: a therapist, a clinical team, someone you trust, a "
    "crisis line you chose. They are shown in the grounding pause, in help and in some "
    "walk-throughs, and stay out of every export unless you ask (export --with-support).",
    no_args_is_help=True, rich_markup_mode=None, context_settings=HELP)

KIND_HELP = ("therapist, clinical-team, trusted-person, crisis-line or other.")


@support_app.command("list")
def list_contacts(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List your support contacts, numbered (remove takes the number too)."""
    from ifs_tui.core import support

    book = support.load()
    if as_json:
        output.print_json([{"number": i, **support.contact_dict(c)}
                           for i, c in enumerate(book.contacts, start=1)])
        return
    if not book.contacts:
        for line in support.what_to_show([]):
            output.say(line)
        return
    for i, contact in enumerate(book.contacts, start=1):
        output.say(f"{i}. {support.contact_line(contact)}")
        note = " ".join(contact.note.split())
        if note:
            output.say(f"   {note}")


@support_app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Who: a name or a service.")],
    kind: Annotated[str, typer.Option("--kind", "-k", help=KIND_HELP)] = "",
    reach: Annotated[str, typer.Option(
        "--reach", "-r", help="How to reach them: a number, an address, hours.")] = "",
    note: Annotated[str, typer.Option("--note", help="Anything to remember about them.")] = "",
) -> None:
    """Add a support contact."""
    from ifs_tui.core import paths, support

    contact = support.add(name, kind, reach, note)
    output.say(f"Added {support.contact_line(contact)}.")
    output.note(f"Kept in {paths.support_file()}, only for you; never exported unless you ask.")


@support_app.command("remove")
def remove(
    ref: Annotated[str, typer.Argument(
        metavar="NAME|NUMBER", help="A contact's name, or its number in: ifs support list.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove a support contact."""
    from ifs_tui.core import support
    from ifs_tui.core.textsafe import visible

    book = support.load()
    contact = book.contacts[support.find(book, ref)]
    if not yes and not typer.confirm(visible(f"Remove {contact.name} from your support "
                                             "contacts?"), default=False):
        output.say("Nothing was removed.")
        return
    gone = support.remove(contact)
    output.say(f"Removed {gone.name}.")


@support_app.command("edit")
def edit(
    ref: Annotated[str, typer.Argument(
        metavar="NAME|NUMBER", help="A contact's name, or its number in: ifs support list.")],
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=KIND_HELP)] = None,
    reach: Annotated[str | None, typer.Option("--reach", "-r", help="How to reach them.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A new note.")] = None,
) -> None:
    """Change a support contact; what is not given stays as it is ("" empties it)."""
    from ifs_tui.core import support

    book = support.load()
    old = book.contacts[support.find(book, ref)]
    new = support.Contact(name if name is not None else old.name,
                          kind if kind is not None else old.kind,
                          reach if reach is not None else old.reach,
                          note if note is not None else old.note)
    changed = support.edit(old, new)
    output.say(f"Changed: {support.contact_line(changed)}.")
