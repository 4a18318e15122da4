"""`ifs prompts install / remove / export`: packs as files a person can share.

Registered on `prompts_app` in cli/prompts.py; the work is in core/pack_files.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ifs_tui.core import paths

from . import output
from .context import session

MAP_ONLY = typer.Option("--map-only", help="This map's own packs (its prompts/ folder), "
                        "not yours for every map.")


def install(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...",
                                                help="Pack files to install.")],
    map_only: Annotated[bool, MAP_ONLY] = False,
    force: Annotated[bool, typer.Option("--force", help="Write over an installed pack with "
                                        "the same id.")] = False,
) -> None:
    """Install pack files: checked first, copied as they are (comments kept).

    If any file has a problem, nothing is installed.
    """
    from ifs_tui.core import pack_files

    sess = session(ctx)
    folder = sess.folder
    if map_only and not paths.map_file(folder).exists():
        from ifs_tui.core.errors import MapNotFound

        # Only `ifs init` makes a map: a prompts/ folder alone would look like a broken one.
        raise MapNotFound(f"there is no map at {folder}; {sess.init_hint()}")
    try:
        plans = pack_files.plan_install(files, paths.user_prompts_dir(),
                                        folder / paths.PROMPTS_DIR, map_only, force)
    except pack_files.NothingInstalled as err:
        for problem in err.problems:
            output.note(f"error: {problem}")
        raise
    pack_files.install(plans, paths.archive_dir() / "packs")
    for plan in plans:
        pack = plan.file.pack
        if plan.action == "same":
            output.say(f"{pack.id}: already installed as {plan.target}; nothing was written.")
            continue
        done = "Replaced" if plan.action == "replace" else "Installed"
        output.say(f"{done} {pack.id} ({pack.title}) as {plan.target}.")
        if plan.kept is not None:
            output.say(f"  The file it replaced is kept as {plan.kept}.")
        if plan.overrides:
            output.say(f"  It takes the place of {_packs(plan.overrides)} with that id; "
                       "remove it to bring that one back.")
        if plan.behind:
            output.say(f"  In this map, {_packs(plan.behind)} with that id still comes first.")


def _packs(origins: list[str]) -> str:
    """["built-in", "yours"] -> "the built-in pack and your pack"."""
    words = {"yours": "your pack", "this map's": "this map's own pack"}
    return " and ".join(words.get(o, f"the {o} pack") for o in origins)



def remove(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
    map_only: Annotated[bool, MAP_ONLY] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove one of your packs: it is moved to the archive folder, not deleted."""
    from ifs_tui.core import pack_files

    folder = session(ctx).folder
    found = pack_files.find_own(pack_id, paths.user_prompts_dir(), folder / paths.PROMPTS_DIR,
                                map_only)
    archive = paths.archive_dir() / "packs"
    _say_what_follows(pack_id, folder, map_only)
    if not yes:
        output.say(f"{found} would move to {archive}/.")
        if not output.asked("Remove this pack?", "Nothing was removed",
                            "add --yes to remove it without asking"):
            return
    moved = pack_files.archive_pack(found, pack_id, archive)
    output.say(f"Removed {pack_id}: {found} was moved to {moved}; copy it back to use it "
               "again.")


def _say_what_follows(pack_id: str, folder: Path, map_only: bool) -> None:
    """What this map uses once the pack is gone; and its walks that would wait for it."""
    from ifs_tui.core import pack_files

    then = pack_files.next_in_line(pack_id, paths.user_prompts_dir(),
                                   folder / paths.PROMPTS_DIR, map_only)
    if then == "built-in":  # for every map, not only this one
        output.note("Then the built-in pack with that id is used again.")
        return
    if then:
        output.note(f"This map then uses {_packs([then])} with that id.")
        return
    if not paths.map_file(folder).is_file():
        return
    from ifs_tui.core.reflect_index import listing
    from ifs_tui.core.storage import MapStore

    waiting = sum(1 for h in listing(MapStore(folder))[0]
                  if h.pack == pack_id and h.status != "finished")
    if waiting:
        many = waiting != 1
        output.note(f"{waiting} unfinished reflection{'s' if many else ''} in this map "
                    f"use{'' if many else 's'} it: kept as {'they are' if many else 'it is'}, "
                    "and able to go on once the pack is back (install the archived file).")


def export(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
    out: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                            help="Write to FILE ('-': standard output).")
                   ] = None,
    force: Annotated[bool, typer.Option("--force", help="Write over FILE if it exists.")
                     ] = False,
) -> None:
    """Write a pack's file as it is (built-in ones too), to share or to start from."""
    from ifs_tui.core.errors import InvalidInput
    from ifs_tui.core.pack_files import pack_bytes

    from .prompts import all_packs, find_pack

    pack = find_pack(all_packs(ctx), pack_id)
    raw = pack_bytes(pack)
    if out is None or out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    target = Path(out).expanduser()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name such as "
                           f"{target / (pack.id + '.toml')}")
    if (target.exists() or target.is_symlink()) and not force:
        raise InvalidInput(f"{target} exists already; nothing was written (add --force to "
                           "write over it)")
    from ifs_tui.core.atomic import atomic_write
    from ifs_tui.core.fileerrors import file_error

    try:
        atomic_write(target, raw)
    except OSError as err:
        raise file_error("write", target, err) from None
    output.say(f"Wrote {target}")
