"""`ifs journal ...`: read past reflections."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from . import output
from .context import HELP, session

if TYPE_CHECKING:
    from pathlib import Path

    from ifs_tui.core.errors import Problem

journal_app = typer.Typer(help="Read your past reflections.", no_args_is_help=True,
                          rich_markup_mode=None, context_settings=HELP)


@journal_app.command("list")
def list_reflections(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    newest: Annotated[int | None, typer.Option(
        "--newest", "-n", metavar="N", min=1,
        help="Only the newest N reflections (still oldest first).")] = None,
) -> None:
    """List reflections, oldest first: date, pack, part and status."""
    # From the index: no reflection file is parsed unless it changed since the last look.
    from ifs_tui.core.reflect_index import listing

    sess = session(ctx)
    store, pmap = sess.load(freeze=False)
    note_first_reading(store.folder)
    headers, problems = listing(store, newest)
    if as_json:
        output.print_json([{"id": h.id, "pack": h.pack, "pack_title": h.pack_title,
                            "part": h.part, "status": h.status, "started": h.started,
                            "updated": h.updated} for h in headers])
    elif headers:
        output.journal_table(headers, pmap)
    elif not problems:
        output.say(f"No reflections yet. Start one with: {sess.ifs} reflect PACK "
                   f"(see: {sess.ifs} prompts list)")
    note_unreadable(problems, ifs=sess.ifs, others=len(headers))


FIRST_READ_NOTE = 200  # a first index of more reflection files than this takes seconds


def note_first_reading(folder: Path) -> None:
    """Before an index is built from many files, one calm line on a terminal's stderr,
    so seconds of silence do not look like a hang."""
    if not output.is_terminal(sys.stderr):
        return
    from ifs_tui.core.reflect_index import files_to_read

    count = files_to_read(folder)
    if count > FIRST_READ_NOTE:
        output.note(f"Reading {count:,} reflections once to index them; next time is quick.")


def note_unreadable(problems: list[Problem], what: str = "", ifs: str = "ifs",
                    others: int = 0) -> None:
    """After the output, on stderr: which reflections could not be read, and why.

    `others` is how many were read: "the others are fine" only when there are some.
    """
    if not problems:
        return
    count = f"{len(problems)} reflection file{'s' if len(problems) > 1 else ''}"
    if others:
        output.note(f"Could not read {count}{what}; the others are fine:")
    else:
        output.note(f"Could not read the reflections{what}:")
    for problem in problems:
        output.note(f"  {problem}")
    output.note("Fix it by hand where the message points, or move it aside; "
                f"{ifs} check lists every problem.")


@journal_app.command("show")
def show(
    ctx: typer.Context,
    rec_id: Annotated[str, typer.Argument(metavar="ID", help="A reflection's id, or part of it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """Show one reflection: each question and its answer."""
    from ifs_tui.core import reflections

    store, pmap = session(ctx).load(freeze=False)
    record = reflections.find(store, rec_id)
    if as_json:
        output.print_json(reflections.json_dict(record))
    else:
        output.reflection_details(record, pmap)
