"""The `ifs` command: entry point, global options and the map-wide commands.

Exit codes: 0 ok; 1 a problem with input or data, told in one line on
stderr; 2 a usage error (unknown option, missing argument).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import NoSuchOption  # typer 0.27 vendors click, unexported

from ifs_tui import __version__

from . import output
from .context import HELP, session
from .lazy import LazyGroup, command_maker

if TYPE_CHECKING:
    from ifs_tui.core.maps import MapsPlace

# Every command: its module, the function or Typer there, and the summary `ifs --help`
# shows (the first paragraph of its help; tests/test_imports.py keeps them equal).
# Each is imported and built only when it runs, so `ifs part list` loads no export code.
COMMANDS = {
    "init": ("main", "init", "Create a new, empty map, or give an existing map a new title."),
    "check": ("main", "check", "Look over the whole map folder and report every problem "
              "found."),
    "link": ("main", "link", "Link two parts: A protects B, or A and B are polarized or "
             "allied."),
    "unlink": ("main", "unlink", "Remove the links between two parts."),
    "reflect": ("reflect", "reflect_command", "Walk through a prompt pack in the plain "
                "terminal, one step at a time."),
    "export": ("share", "export_command", "Export the map: a summary for a session, data for "
               "other tools, or a picture."),
    "import": ("share", "import_command", "Read an export back into the map."),
    "demo": ("share", "demo_command", "Open the app on a temporary copy of a fictional "
             "example map; nothing touches your maps."),
    "part": ("parts", "part_app", "Add, list, show, edit, rename and remove parts."),
    "prompts": ("prompts", "prompts_app", "List, show, check and write guided prompt packs."),
    "journal": ("journal", "journal_app", "Read your past reflections."),
    "history": ("history", "history_command", "List the saved versions of the map, newest "
                "first, with what each one changed."),
    "diff": ("history", "diff_command", "Say in plain words what changed in the map between "
             "two versions."),
    "restore": ("history", "restore_command", "Bring back an earlier version of the map; the "
                "current one is kept in history first."),
    "moment": ("moments", "moment_app", "Keep ordinary moments where something shifted: a few "
               "words, a part, a shift."),
    "support": ("support", "support_app", "Keep your own support contacts: a therapist, a "
                "clinical team, someone you trust, a crisis line you chose."),
    "journey": ("journeys", "journey_app", "Tie a medicine session to its preparation, "
                "integration reflections and moments."),
    "maps": ("maps", "maps_app", "List your maps, and copy, rename, remove (to the archive), "
             "restore or choose the default one."),
    "encrypt": ("secret", "encrypt", "Encrypt the map's files with a passphrase (they are "
                "changed in place)."),
    "decrypt": ("secret", "decrypt", "Turn an encrypted map back into plain files."),
    "passphrase": ("secret", "passphrase", "Change an encrypted map's passphrase."),
    "trends": ("trends", "trends_command", "Show how the scale answers of check-ins change "
               "over time (Self-energy by default)."),
}


class IfsGroup(LazyGroup):
    """Turns known errors into one line and exit 1, never a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (module, attribute, summary) in COMMANDS.items():
            self.add_lazy(name, command_maker(f"ifs_tui.cli.{module}", attribute, name),
                          summary)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["ifs.args"] = list(args)  # for the --map hint below
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NoSuchOption as err:
            if err.option_name in ("--map", "-m"):
                err.message += "\n" + map_hint(err.ctx, ctx.meta.get("ifs.args", []))
            raise  # still a usage error: exit 2
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as err:
            from ifs_tui.core.errors import IfsError  # loaded only when something failed

            if isinstance(err, IfsError):
                _fail(with_map(str(err), session(ctx).map_spec))
            if isinstance(err, BrokenPipeError):
                # `ifs part list | head`: the reader left; nothing to report.
                sys.stderr.close()
                raise typer.Exit(1) from None
            if os.environ.get("IFS_TUI_DEBUG"):
                raise
            if isinstance(err, OSError):
                from ifs_tui.core.fileerrors import describe

                # A file the core did not expect to fail: still say which, and what to do.
                _fail(f"cannot use {err.filename or 'a file'}: {describe(err)}; nothing more "
                      "was changed")
            _fail(f"unexpected error ({type(err).__name__}); nothing more was changed. "
                  "Run again with IFS_TUI_DEBUG=1 to see the details.")


def map_hint(sub: Any, args: list[str]) -> str:
    """`ifs part list --map X`: say that --map belongs before the command."""
    from .context import ifs_for

    value = None
    for i, arg in enumerate(args):
        if arg in ("--map", "-m") and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--map="):
            value = arg[len("--map="):]
        elif arg.startswith("-m") and not arg.startswith("--") and len(arg) > 2:
            value = arg[2:]
    # Only a plain, printable name is echoed back; anything else is shown as NAME.
    if not value or not value.isprintable() or len(value) > 80:
        value = "NAME"
    command = sub.command_path.partition(" ")[2] if sub is not None else "COMMAND"
    return f"--map goes before the command: {ifs_for(value)} {command}".rstrip()


def with_map(message: str, map_spec: str | None) -> str:
    """A core message that suggests a command (`run 'ifs check'`), with the --map used."""
    if not map_spec:
        return message
    import re

    from .context import ifs_for

    commands = ("check|part|journal|reflect|prompts|init|export|import|history|diff|restore|"
                "moment|trends|journey|encrypt|decrypt|passphrase")
    return re.sub(rf"\bifs (?=({commands})\b)", lambda _: ifs_for(map_spec) + " ", message)


def _fail(message: str) -> None:
    from ifs_tui.core.textsafe import visible

    # A message may quote a name or a path from a file: never raw to the terminal.
    sys.stderr.write(f"ifs: {visible(message)}\n")
    raise typer.Exit(1)


app = typer.Typer(
    cls=IfsGroup,
    name="ifs",
    help="A private, local tool for Internal Family Systems parts work.\n\n"
    "A reflection aid, not therapy or medical advice. In a crisis, contact your "
    "local emergency services. Keep the people you can reach at hand with: ifs support add.",
    add_completion=True,
    context_settings=HELP,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ifs-tui {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    map_spec: Annotated[str | None, typer.Option(
        "--map", "-m", metavar="NAME|PATH",
        help="The map to use: a name under the data folder, or a folder path.",
    )] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.",
    )] = False,
) -> None:
    session(ctx).map_spec = map_spec
    from ifs_tui.core import sealed

    from .secret import ask_passphrase

    sealed.set_asker(ask_passphrase)  # an encrypted map's passphrase, once per run
    if ctx.invoked_subcommand is None:
        open_app(session(ctx).folder)


def open_app(folder: Path, demo: bool = False, place: MapsPlace | None = None) -> None:
    """Run the Textual app; imported here so other commands never load Textual.
    `place`: the data root whose maps f4 lists (a demo's temporary one)."""
    _textual_kept_quiet()
    from ifs_tui.app.app import IfsApp

    ifs_app = IfsApp(folder, demo=demo, place=place)
    ifs_app.run()  # its mark on the open map goes as it unmounts (app.on_unmount)
    # After an unexpected error the app has ended itself and said where its report is.
    if ifs_app.return_code or ifs_app.crashed:
        raise typer.Exit(1)


def _textual_kept_quiet() -> None:
    """Textual's devtools (a console the screen's content is sent to) and its log file
    (which records keys typed) would copy private words elsewhere: off, unless
    IFS_TUI_DEBUG asks for them. Before Textual is imported: it reads these then."""
    if os.environ.get("IFS_TUI_DEBUG"):
        return
    os.environ.pop("TEXTUAL_LOG", None)
    features = [f for f in os.environ.get("TEXTUAL", "").split(",")
                if f.strip() and f.strip() != "devtools"]
    if features:
        os.environ["TEXTUAL"] = ",".join(features)
    else:
        os.environ.pop("TEXTUAL", None)


def init(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option(
        "--title", "-t", help="A title for the map (on an existing map: its new title).")] = None,
) -> None:
    """Create a new, empty map, or give an existing map a new title."""
    from ifs_tui.core.services import check_title, set_title

    sess = session(ctx)
    store = sess.store()
    if store.exists():
        if title is None:
            output.say(f"A map already exists at {store.folder}; nothing was changed.")
            return
        with sess.edit() as (store, pmap):
            changed = set_title(pmap, title)
            if changed:
                store.save(pmap)
        shown = f'"{pmap.title}"' if pmap.title else "no title"
        output.say(f"The map at {store.folder} now has {shown}." if changed
                   else f"The map at {store.folder} already has {shown}; nothing was changed.")
        return
    from ifs_tui.core.paths import check_new_map_folder, is_map_name

    if sess.map_spec and is_map_name(sess.map_spec):  # a name in the data root
        from ifs_tui.core.maps import MapsPlace, refuse_case_twin

        refuse_case_twin(MapsPlace.here(), sess.map_spec)
    kept = check_new_map_folder(store.folder)
    store.create(check_title(title or ""))
    output.say(f"Created a new map at {store.folder}")
    if kept:
        output.say(f"What was already there is kept: {', '.join(kept)}")
    output.say("ifs-tui is a reflection aid, not therapy or medical advice. "
               "In a crisis, contact your local emergency services.")
    # The first-map walk first: a newcomer starts from patterns, not from a blank form.
    output.say("A first map can grow from patterns you recognise, with no need to tell what "
               f"happened: {sess.ifs} reflect first-map")
    output.say(f"Open the app with: {sess.ifs} · add a part by hand with: {sess.ifs} part add NAME")


def check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Look over the whole map folder and report every problem found."""
    from ifs_tui.core.check import check_folder

    from .journal import note_first_reading

    folder = session(ctx).folder
    note_first_reading(folder)
    problems = check_folder(folder)
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        output.print_json({"folder": str(folder), "ok": not errors,
                           "problems": [p.to_dict() for p in problems]})
    elif not problems:
        output.say(f"{folder}: no problems found.")
    else:
        for problem in problems:
            output.say(f"{problem.severity}: {problem}")
        output.say(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s).")
    if errors:
        raise typer.Exit(1)


def link(
    ctx: typer.Context,
    part_a: Annotated[str, typer.Argument(metavar="A", help="A part's id or name.")],
    part_b: Annotated[str, typer.Argument(metavar="B", help="Another part's id or name.")],
    kind: Annotated[str, typer.Option(
        "--kind", "-k", help="protects (A protects B), polarized or allied.")],
    note: Annotated[str, typer.Option("--note", help="A note about the link.")] = "",
    a_fears: Annotated[str | None, typer.Option(
        "--a-fears", help="Polarized: what A fears B would do if A eased off "
        "(on an existing link, replaces it; \"\" empties it).")] = None,
    b_fears: Annotated[str | None, typer.Option(
        "--b-fears", help="Polarized: what B fears A would do if B eased off.")] = None,
) -> None:
    """Link two parts: A protects B, or A and B are polarized or allied."""
    from ifs_tui.core import services

    with session(ctx).edit() as (store, pmap):
        a = services.find_part(pmap, part_a)
        b = services.find_part(pmap, part_b)
        kind = services.check_kind(kind)
        rel = next((r for r in pmap.relationships if r.kind == kind and r.joins(a.id, b.id)),
                   None)
        if rel is not None and (a_fears is not None or b_fears is not None) and not note:
            # Already linked: what each side fears can be written or changed later.
            mine, theirs = (a_fears, b_fears) if rel.source == a.id else (b_fears, a_fears)
            changed = services.set_link_fears(rel, mine, theirs)
            if changed:
                store.save(pmap)
            output.say(f"Updated: {services.describe(rel, pmap)}." if changed
                       else "The link already said that.")
            return
        rel = services.link(pmap, a, b, kind, note, a_fears or "", b_fears or "")
        store.save(pmap)
    output.say(f"Linked: {services.describe(rel, pmap)}.")


def unlink(
    ctx: typer.Context,
    part_a: Annotated[str, typer.Argument(metavar="A", help="A part's id or name.")],
    part_b: Annotated[str, typer.Argument(metavar="B", help="Another part's id or name.")],
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", help="Only links of this kind (default: all between A and B).")] = None,
) -> None:
    """Remove the links between two parts."""
    from ifs_tui.core import services

    with session(ctx).edit() as (store, pmap):
        gone = services.unlink(pmap, services.find_part(pmap, part_a),
                               services.find_part(pmap, part_b), kind)
        store.save(pmap)
    for rel in gone:
        output.say(f"Unlinked: {services.describe(rel, pmap)}.")


def run() -> None:
    app()
