"""`ifs prompts ...`: list, show, validate and start new prompt packs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ifs_tui.core import paths
from ifs_tui.core.errors import InvalidInput, MapFormatError

from . import output
from .context import HELP, session

if TYPE_CHECKING:
    from ifs_tui.core.packs import Pack, PackSet

prompts_app = typer.Typer(help="List, show, check and write guided prompt packs.",
                          no_args_is_help=True, rich_markup_mode=None,
                          context_settings=HELP)

STARTER = Path(__file__).parent / "starter_pack.toml"


def all_packs(ctx: typer.Context) -> PackSet:
    from ifs_tui.core.packs import load_packs

    folder = session(ctx).folder
    return load_packs(paths.user_prompts_dir(), folder / paths.PROMPTS_DIR)


def find_pack(packs: PackSet, pack_id: str) -> Pack:
    pack = packs.get(pack_id.strip().casefold())
    if pack is None:
        hits = [p for p in packs.packs.values() if pack_id.casefold() in p.id]
        if len(hits) == 1:
            return hits[0]
        known = ", ".join(packs.packs)
        raise InvalidInput(f"no prompt pack {pack_id[:40]!r}; the packs are: {known}")
    return pack


@prompts_app.command("list")
def list_packs(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the packs as JSON.")] = False,
) -> None:
    """List the prompt packs and where each one comes from."""
    from ifs_tui.core.pack_files import pack_origin

    packs = all_packs(ctx)
    for problem in packs.problems:
        output.note(f"skipped a broken pack: {problem}")
    if as_json:
        output.print_json([
            {"id": p.id, "title": p.title, "summary": p.summary, "phase": p.phase,
             "minutes": p.minutes, "steps": len(p.steps), "source": p.source,
             "origin": pack_origin(p), "path": p.path,
             "overrides": packs.overridden.get(p.id, [])}
            for p in packs.packs.values()
        ])
        return
    output.packs_table(list(packs.packs.values()), packs.overridden)


@prompts_app.command("show")
def show(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
) -> None:
    """Show a pack: its care note and every step."""
    output.pack_details(find_pack(all_packs(ctx), pack_id))


@prompts_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Pack files to check.")],
) -> None:
    """Check pack files; exit 1 if any has a problem."""
    from ifs_tui.core.packs import load_pack_file

    bad = 0
    for path in files:
        try:
            pack = load_pack_file(path, "file")
        except MapFormatError as err:
            bad += 1
            for problem in err.problems:
                output.say(f"error: {problem}")
            continue
        output.say(f"ok: {path} ({pack.id}, {len(pack.steps)} steps)")
    if bad:
        output.note(f"{bad} of {len(files)} file(s) have problems.")
        raise typer.Exit(1)


@prompts_app.command("new")
def new(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="An id such as my-morning-check.")],
) -> None:
    """Write a commented starter pack into your prompts folder.

    Its comments name every key a pack can use, branching included.
    """
    from ifs_tui.core.atomic import atomic_write
    from ifs_tui.core.packs import valid_pack_id

    if not valid_pack_id(pack_id):
        raise InvalidInput("a pack id uses lower-case letters, digits and '-', like my-pack")
    folder = paths.ensure_private_dir(paths.user_prompts_dir())
    target = folder / f"{pack_id}.toml"
    if target.exists():
        raise InvalidInput(f"{target} exists already; nothing was written")
    text = STARTER.read_text(encoding="utf-8").replace("my-pack", pack_id)
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as err:
        from ifs_tui.core.fileerrors import file_error

        raise file_error("write", target, err) from None
    output.say(f"Wrote {target}")
    import shlex

    output.say(f"Edit it, then check it with: ifs prompts validate {shlex.quote(str(target))}")


# install, remove and export live in their own module to keep this one short.
from .prompts_files import export, install, remove  # noqa: E402

prompts_app.command("install")(install)
prompts_app.command("remove")(remove)
prompts_app.command("export")(export)
