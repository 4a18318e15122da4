"""`ifs history`, `ifs diff`, `ifs restore`: the saved versions of the map."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from . import output

if TYPE_CHECKING:
    from datetime import datetime

    from ifs_tui.core.history import Version
    from ifs_tui.core.mapdiff import Change

from .context import Session, session


def _day(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M}" if when else "date unknown"  # as written, as elsewhere


def _about(version: Version) -> dict[str, object]:
    return {"id": version.id, "saved": version.saved}


def _say_changes(changes: list[Change]) -> None:
    from ifs_tui.core.mapdiff import words

    for change in changes:
        output.say(f"  - {words(change)}")


def _reading_note(count: int) -> None:
    """Before seconds of reading, one calm line on a terminal, so it does not look hung."""
    if output.is_terminal(sys.stderr):
        output.note(f"Reading {count} earlier versions once; next time is quick.")


def history_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the saved versions of the map, newest first, with what each one changed."""
    from ifs_tui.core.errors import MapFormatError
    from ifs_tui.core.history import entries

    sess = session(ctx)
    broken = False
    try:
        store, _ = sess.load()
    except MapFormatError:  # the kept versions are what this person needs most now
        store = sess.store()
        if not store.history():
            raise
        broken = True
    found = entries(store, notice=_reading_note)
    if as_json:
        output.print_json([{"id": e.id, "saved": e.saved, "summary": e.summary,
                            "changes": e.count} for e in found])
        return
    for entry in found:
        output.say(f"{entry.id}  {_day(entry.saved)}  {entry.summary}")
    if broken:
        output.note(f"{store.path} will not load (see: {sess.ifs} check). To put an earlier "
                    f"version in its place, keeping the broken file in history: "
                    f"{sess.ifs} restore ID --over-broken")
    elif len(found) > 1:
        output.say(f"See one in full with: {sess.ifs} diff --from ID · bring one back with: "
                   f"{sess.ifs} restore ID")


def diff_command(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="From the map as it was at this date "
        "(2026-11-27 or 2026-11-27T18:30).")] = None,
    start: Annotated[str | None, typer.Option(
        "--from", metavar="VERSION", help="From this saved version (an id from ifs history, "
        "or its start).")] = None,
    end: Annotated[str, typer.Option(
        "--to", metavar="VERSION", help="To this version (default: current).")] = "current",
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """Say in plain words what changed in the map between two versions.

    Without --since or --from: what the last save changed.
    """
    from ifs_tui.core import history
    from ifs_tui.core.dates import parse_when
    from ifs_tui.core.errors import InvalidInput
    from ifs_tui.core.mapdiff import diff

    sess = session(ctx)
    store, _ = sess.load()
    if since is not None and start is not None:
        raise InvalidInput("give --since or --from, not both")
    kept_back = True
    if since is not None:
        older, kept_back = history.at_date(store, parse_when(since, "--since", day_start=True))
    else:
        if start is None:
            ids = history.version_ids(store)
            if not ids:
                output.say("No earlier version is kept yet: the map has been saved once.")
                return
            start = ids[-1]
        older = history.readable(store, start)
    newer = history.readable(store, end)
    assert older.pmap is not None and newer.pmap is not None
    changes = diff(older.pmap, newer.pmap)
    if as_json:
        output.print_json({"from": _about(older), "to": _about(newer),
                           "kept_that_far": kept_back,
                           "changes": [c.to_dict() for c in changes]})
        return
    if not kept_back:
        output.note(f"No version that old is kept; from the oldest one, {older.id}.")
    output.say(f"From {older.id} ({_day(older.saved)}) to {newer.id} ({_day(newer.saved)}):")
    if changes:
        _say_changes(changes)
    else:
        output.say("  no change to parts, links or notes")



def restore_command(
    ctx: typer.Context,
    version: Annotated[str, typer.Argument(
        metavar="VERSION", help="An id from ifs history, or its start.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
    over_broken: Annotated[bool, typer.Option(
        "--over-broken", help="Only when map.toml will not load: put the version in its "
        "place; the broken file is kept in history.")] = False,
) -> None:
    """Bring back an earlier version of the map; the current one is kept in history first.

    Shows what would change and asks first.
    """
    from ifs_tui.core import history
    from ifs_tui.core.errors import MapFormatError
    from ifs_tui.core.mapdiff import diff

    sess = session(ctx)
    if over_broken:
        _restore_over_broken(sess, version, yes)
        return
    try:
        store, current = sess.load()
    except MapFormatError:
        if sess.store().history():
            output.note(f"To put an earlier version in place of the file that will not load "
                        f"(it is kept in history): {sess.ifs} restore {version} --over-broken")
        raise
    target = history.readable(store, version)
    assert target.pmap is not None
    changes = diff(current, target.pmap)
    if not changes:
        output.say(f"Version {target.id} says the same as the current map; nothing was "
                   "changed.")
        return
    if not yes:
        output.say(f"Bringing back {target.id} ({_day(target.saved)}) would change this:")
        _say_changes(changes)
        if not _asked(f"{sess.ifs} restore {target.id} --yes"):
            return
    restored, changes = history.restore(store, target.id)
    if not changes:
        output.say(f"Version {restored.id} already matches the map; nothing was changed.")
        return
    kept = history.version_ids(store)[-1]
    output.say(f"Restored {restored.id}. The map it replaced is kept as {kept}; to undo: "
               f"{sess.ifs} restore {kept}")


def _asked(again: str, question: str = "Restore it? (the current map is kept in history)"
           ) -> bool:
    """Whether the person said yes; from a pipe nothing is asked and it exits 1."""
    return output.asked(question, "Nothing was restored", again)


def _restore_over_broken(sess: Session, version: str, yes: bool) -> None:
    from ifs_tui.core import history
    from ifs_tui.core.errors import MapNotFound

    store = sess.store()
    if not store.folder.is_dir():
        raise MapNotFound(f"there is no map at {store.folder}; {sess.init_hint()}")
    target = history.readable(store, version)
    if not yes:
        output.say(f"Bringing back {target.id} ({_day(target.saved)}) in place of "
                   f"{store.path}, which will not load.")
        if not _asked(f"{sess.ifs} restore {target.id} --over-broken --yes",
                      "Restore it? (the broken file is kept in history)"):
            return
    restored, kept = history.restore_over_broken(store, target.id)
    output.say(f"Restored {restored.id}." + (
        f" The file that would not load is kept as version {kept} "
        f"({store.history_dir}/map-{kept}.toml), to mend by hand or leave." if kept else ""))
