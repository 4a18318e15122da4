"""`ifs export`, `ifs import` and `ifs demo`: seeing and sharing the map."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from ifs_tui.core.errors import InvalidInput

from . import output
from .context import session


def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="markdown, json, toml, dot, mermaid, html or svg.")],
    redact: Annotated[bool, typer.Option(
        "--redact", help="Keep the structure; remove every name and all free text.")] = False,
    out: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE|-", help="Where to write (default: standard output).")
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    reflections: Annotated[int, typer.Option(
        "--reflections", metavar="N",
        help="Add the N most recent reflections (markdown and html; never with --redact).")
    ] = 0,
) -> None:
    """Export the map: a summary for a session, data for other tools, or a picture."""
    from ifs_tui.core import reflections as reflection_files
    from ifs_tui.core.export import FORMATS, export, write_export

    fmt = fmt.strip().casefold()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {fmt[:20]!r} is not one of {', '.join(FORMATS)}")
    if reflections < 0:
        raise InvalidInput("--reflections: give a number from 0 up")
    store, pmap = session(ctx).load()
    records, unreadable = reflection_files.list_all(store) if reflections else ([], [])
    if unreadable:
        from .journal import note_unreadable

        note_unreadable(unreadable, " (left out of the export)")
    text = export(pmap, fmt, records, recent=reflections, redacted=redact)
    if out == "-":
        sys.stdout.write(text)
        return
    path = Path(out).expanduser()
    write_export(text, path, force)
    output.note(f"Wrote {path}" + (" (redacted)" if redact else ""))


def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A TOML or JSON export.")],
    merge: Annotated[bool, typer.Option(
        "--merge", help="Add its parts to this map, under new ids.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Make this map the imported one (a history copy is kept).")] = False,
) -> None:
    """Read an export back into the map."""
    from ifs_tui.core.importer import merge as merge_maps
    from ifs_tui.core.importer import read_export

    if merge == replace:
        raise InvalidInput("choose one: --merge (add its parts) or --replace (take it whole)")
    incoming = read_export(file)
    with session(ctx).edit() as (store, pmap):
        if replace:
            store.save(incoming, touch=False)  # the map as exported, dates and all
            output.say(f"Replaced the map with {file} ({len(incoming.parts)} parts). The "
                       "version before is in .history/.")
            return
        clashes = merge_maps(pmap, incoming)
        store.save(pmap)
    output.say(f"Added {len(incoming.parts)} parts and their links from {file}.")
    for clash in clashes:
        output.say(f"  note: {clash}")


def demo_command() -> None:
    """Open the app on a temporary copy of a fictional example map; your data is untouched."""
    from ifs_tui.core.demo import make_demo_copy

    from .main import open_app

    temp, folder = make_demo_copy()
    output.note("Demo: a fictional map in a temporary folder. Nothing you do here is saved "
                "to your own data, and the folder is removed when you quit.")
    try:
        open_app(folder, demo=True)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
