"""`ifs export`, `ifs import` and `ifs demo`: seeing and sharing the map."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ifs_tui.core.errors import InvalidInput, MapConflict
from ifs_tui.core.model import PartsMap

from . import output
from .context import Session, session

if TYPE_CHECKING:
    from ifs_tui.core.export_over_time import OverTime
    from ifs_tui.core.storage import MapStore

# The formats that can hold reflections (--reflections N).
WITH_REFLECTIONS = ("markdown", "html")


def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="markdown, json, toml, dot, mermaid, html or svg.")],
    redact: Annotated[bool, typer.Option(
        "--redact", help="Keep the structure; remove every name and all free text "
        "(moments and journeys are only counted).")] = False,
    out: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE|FOLDER|-",
        help="Where to write (default: standard output). Into a FOLDER, the file is named "
        "after the map and the date, as the app does, and never replaces another.")
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    reflections: Annotated[int, typer.Option(
        "--reflections", metavar="N",
        help="Add the N most recent reflections (markdown and html; never with --redact).")
    ] = 0,
    with_support: Annotated[bool, typer.Option(
        "--with-support",
        help="Add your support contacts (ifs support list), which are otherwise never "
        "exported: markdown, json, toml and html; refused with --redact.")] = False,
) -> None:
    """Export the map: a summary for a session, data for other tools, or a picture."""
    from ifs_tui.core import reflections as reflection_files
    from ifs_tui.core.export import (
        FORMATS,
        SUFFIX,
        WITH_OVER_TIME,
        export,
        free_name,
        write_export,
    )

    fmt = fmt.strip().casefold()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {fmt[:20]!r} is not one of {', '.join(FORMATS)}")
    if reflections < 0:
        raise InvalidInput("--reflections: give a number from 0 up")
    contacts = _support_contacts(fmt, redact) if with_support else []
    if reflections and redact:
        output.note("--reflections: reflections are left out of a redacted export (they are "
                    "free text); the map's structure is exported without them.")
        reflections = 0
    elif reflections and fmt not in WITH_REFLECTIONS:
        output.note(f"--reflections: the {fmt} format holds the map only; reflections are "
                    "left out (markdown and html can hold them).")
        reflections = 0
    sess = session(ctx)
    store, pmap = sess.load(freeze=False)
    records, unreadable = reflection_files.list_all(store) if reflections else ([], [])
    if unreadable:
        from .journal import note_unreadable

        note_unreadable(unreadable, " (left out of the export)", sess.ifs, len(records))
    over = _over_time(store, sess.ifs) if fmt in WITH_OVER_TIME else None
    text = export(pmap, fmt, records, recent=reflections, redacted=redact, contacts=contacts,
                  over=over)
    from ifs_tui.core.sealed import is_sealed

    if is_sealed(store.folder) and not redact:
        output.note("This map is encrypted, but the export is plain text: keep it somewhere "
                    "private, delete it when done, or export with --redact.")
    if out == "-":
        sys.stdout.write(text)
        return
    path = Path(out).expanduser()
    if out.endswith(("/", os.sep)) and not path.is_dir():  # meant as a folder: none there
        raise InvalidInput(f"there is no folder {out}; make it first (mkdir), or give a "
                           "file name")
    if path.is_dir():
        # A folder: give the file a name of its own there, as the app's export does.
        from datetime import date

        stem = f"{store.folder.name}-{date.today():%Y%m%d}" + ("-redacted" if redact else "")
        path = free_name(path, stem, SUFFIX[fmt])
        output.note(f"{out} is a folder; writing a new file in it.")
    write_export(text, path, force)
    output.note(f"Wrote {path}" + (" (redacted)" if redact else ""))


def _over_time(store: MapStore, ifs: str) -> OverTime:
    """The map's moments and journeys; files that would not load are named and left out."""
    from ifs_tui.core import export_over_time

    over, problems = export_over_time.load(store)
    if problems:
        output.note(f"Could not read {len(problems)} moment or journey file(s); they are left "
                    "out of the export:")
        for problem in problems:
            output.note(f"  {problem}")
        output.note(f"Fix it by hand where the message points; {ifs} check lists every problem.")
    return over


def _support_contacts(fmt: str, redact: bool) -> list:  # type: ignore[type-arg]
    """The contacts --with-support asked for; refused with --redact (exit 1)."""
    from ifs_tui.core import support
    from ifs_tui.core.export import WITH_SUPPORT

    if redact:
        raise InvalidInput("--with-support: support contacts are never part of a redacted "
                           "export; leave out one of the two")
    if fmt not in WITH_SUPPORT:
        output.note(f"--with-support: the {fmt} format holds the map only; support contacts "
                    f"are left out ({', '.join(WITH_SUPPORT)} can hold them).")
        return []
    contacts = support.load().contacts
    if not contacts:
        output.note("--with-support: there are no support contacts yet; add them with: "
                    "ifs support add NAME")
    return contacts


def import_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(
        metavar="FILE|-", help="A TOML or JSON export; - reads standard input.")],
    merge: Annotated[bool, typer.Option(
        "--merge", help="Add its parts to this map, under new ids.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Make this map the imported one (a history copy is kept).")] = False,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="json|toml",
        help="The file's format (default: from its name; for - or another name, JSON if it "
        "starts with '{', else TOML).")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="With --replace: do not ask first (for scripts).")] = False,
) -> None:
    """Read an export back into the map."""
    from ifs_tui.core import importer

    if merge == replace:
        raise InvalidInput("choose one: --merge (add its parts) or --replace (take it whole)")
    if fmt is not None:
        fmt = fmt.strip().casefold()
        if fmt not in importer.FORMATS:
            raise InvalidInput(f"--format: give json or toml, not {fmt[:20]!r}")
    if file == "-":
        if replace and not yes:
            raise InvalidInput("import - --replace: standard input holds the map, so it cannot "
                               "also answer; add --yes to replace without being asked")
        if sys.stdin.isatty():
            output.note("Reading the map from standard input; end it with Ctrl-D.")
        name, raw = importer.STDIN, sys.stdin.buffer.read()
        if not raw.strip():
            raise InvalidInput("standard input was empty; nothing was imported. Give the "
                               "export on standard input, or its file name instead of -")
        incoming = importer.read_export_bytes(raw, name, fmt)
    else:
        name = file
        incoming = importer.read_export(Path(file).expanduser(), fmt)
    sess = session(ctx)
    if replace:
        _replace(sess, incoming, name, yes)
        return
    with sess.edit() as (store, pmap):
        notes = importer.merge(pmap, incoming)
        importer.check_writable(pmap, f"{store.path} with {name} merged in")
        store.save(pmap)
    count = len(incoming.parts)
    output.say(f"Added {count} part{'s' if count != 1 else ''} and their links from {name}.")
    for line in notes:
        output.say(f"  note: {line}")


def _names(names: list[str], limit: int = 10) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _replace(sess: Session, incoming: PartsMap, name: str, yes: bool) -> None:
    from ifs_tui.core import importer

    importer.check_writable(incoming, name)
    _, current = sess.load()
    plan = importer.plan_replace(current, incoming)
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput("import --replace asks before replacing the map, and standard "
                               "input is not a terminal; add --yes to replace without asking")
        if plan.unchanged:
            output.say(f"{name} holds the same map as this one; nothing to replace.")
            return
        output.say(f"Replacing the map with {name} would change:")
        for label, names in (("added", plan.added), ("removed", plan.removed),
                             ("changed", plan.changed)):
            if names:
                output.say(f"  {len(names)} part{'s' if len(names) != 1 else ''} {label}: "
                           f"{_names(names)}")
        if plan.links_before != plan.links_after:
            output.say(f"  links: {plan.links_before} now, {plan.links_after} after")
        for what in plan.other_changes:
            output.say(f"  {what}")
        if not typer.confirm("Replace the map? (the version before is kept in .history/)",
                             default=False):
            output.say("Nothing was changed.")
            return
    with sess.edit() as (store, pmap):
        if pmap != current:
            raise MapConflict(f"{store.path} changed while you were deciding; nothing was "
                              "written. Run the import again.")
        store.save(incoming, touch=False)  # the map as exported, dates and all
    output.say(f"Replaced the map with {name} ({len(incoming.parts)} parts: "
               f"{len(plan.added)} added, {len(plan.removed)} removed, "
               f"{len(plan.changed)} changed). The version before is in .history/.")


def demo_command(
    name: Annotated[str, typer.Argument(
        metavar="NAME",
        help="Which demo map to open first (ifs demo --list shows them).")] = "demo",
    list_: Annotated[bool, typer.Option(
        "--list", help="List the demo maps: name, title, parts and what each shows.")] = False,
) -> None:
    """Open the app on a temporary copy of a fictional example map; your data is untouched.

    All the demo maps are copied, so the app can switch between them; `ifs demo --list`
    says what each one shows."""
    from ifs_tui.core.demo import demo_listing

    if list_:
        from .table import Column, cell, print_table

        print_table([Column("name"), Column("title", cut=True, drop=2),
                     Column("parts", drop=3), Column("about", cut=True, drop=1)],
                    [[cell(d.name), cell(d.title), str(d.parts), cell(d.about)]
                     for d in demo_listing()])
        return
    import os
    import signal

    made: list[Path] = []

    def hung_up(signum: int, _frame: object) -> None:
        # The terminal closed under the demo: nothing of it stays behind in /tmp.
        for temp in made:
            shutil.rmtree(temp, ignore_errors=True)
        os._exit(128 + signum)

    hangup = signal.signal(signal.SIGHUP, hung_up) if hasattr(signal, "SIGHUP") else None
    try:
        _demo(name, made)
    finally:
        if hangup is not None:
            signal.signal(signal.SIGHUP, hangup)


def _demo(name: str, made: list[Path]) -> None:
    """`ifs demo NAME`: its temporary copy is in `made` as soon as it exists."""
    import os

    from ifs_tui.core import paths
    from ifs_tui.core.demo import make_demo_copy
    from ifs_tui.core.maps import MapsPlace

    from .main import open_app

    temp, folder = make_demo_copy(name=name)
    made.append(temp)
    output.note("Demo: a fictional map in a temporary folder. Nothing you do here is saved "
                "to your own data, and the folder is removed when you quit.")
    # The temporary folder is the demo's whole data root: the map picker lists the demo
    # maps, and a therapist's screen never shows their own packs or support contacts.
    # A crash report still goes where the person finds it, not into the copy.
    settings = {paths.CRASH_ENV: str(paths.crash_reports_dir()), paths.HOME_ENV: str(temp)}
    before = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    try:
        open_app(folder, demo=True, place=MapsPlace(temp))
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(temp, ignore_errors=True)
