"""`ifs reflect`: walk a prompt pack in the plain terminal (see plainwalk.py)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Annotated

import typer

from ifs_tui.core.errors import InvalidInput

from .context import session

if TYPE_CHECKING:
    from ifs_tui.core.storage import MapStore

    from .plainwalk import PlainWalk


def reflect_command(
    ctx: typer.Context,
    pack_id: Annotated[str | None, typer.Argument(
        metavar="PACK", help="The pack to walk (see: ifs prompts list); with --resume, "
        "the reflection to go on with.")] = None,
    part: Annotated[str | None, typer.Option(
        "--part", "-p", help="Reflect with this part; its step is then answered.")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Go on with an unfinished walk-through (the latest, or the one "
        "given).")] = False,
    keep_screen: Annotated[bool, typer.Option(
        "--keep-screen", help="Keep the walk-through in the terminal's scrollback. "
        "Without it, on a terminal, it runs on a screen of its own that goes when it "
        "ends, leaving one line without your words.")] = False,
) -> None:
    """Walk through a prompt pack in the plain terminal, one step at a time.

    Type an answer and press Enter. An empty line means not now; /back, /pause,
    /stop and /help do what they say. Answers can also come on standard input,
    one line each; when the input ends, the walk-through stops and is saved.
    """

    from ifs_tui.core import reflections
    from ifs_tui.core.walk import Walk

    from .prompts import all_packs, find_pack

    sess = session(ctx)
    store, _ = sess.load()
    packs = all_packs(ctx)
    if resume:
        if part:
            raise InvalidInput("--part is for a new walk-through, not with --resume")
        if pack_id:
            record = reflections.find(store, pack_id)
        else:
            from ifs_tui.core.reflect_index import listing

            from .journal import note_first_reading

            note_first_reading(store.folder)
            headers, problems = listing(store)  # only the one resumed is parsed
            if problems:
                from .journal import note_unreadable

                note_unreadable(problems, " (not offered to resume)", sess.ifs, len(headers))
            open_ones = [h for h in headers if h.status != "finished"]
            if not open_ones:
                raise InvalidInput("there is no unfinished walk-through to resume")
            record = reflections.load(store, open_ones[-1].id)
            if len(open_ones) > 1:  # the others stay where they are: say how to reach them
                from . import output  # wrapped between words on a terminal

                output.note(f"Going on with the latest of {len(open_ones):,} unfinished "
                            f"ones; see them with: {sess.ifs} journal list")
        pack = packs.get(record.pack)
        if pack is None:
            raise InvalidInput(f"the pack {record.pack!r} this reflection used is not "
                               "available any more; it can still be read with "
                               f"{sess.ifs} journal show")
        walk = Walk.resume(pack, store, record)
    else:
        if not pack_id:
            raise InvalidInput(f"name a pack to walk (see: {sess.ifs} prompts list), or use "
                               "--resume")
        walk = Walk.start(find_pack(packs, pack_id), store, part)
    from rich.console import Console

    from .altscreen import alternate_screen, wanted
    from .plainline import terminal_line
    from .plainwalk import PlainWalk

    console = Console(highlight=False)
    read, pending, offer = terminal_line(console)
    plain = PlainWalk(walk, console, read, pending, offer)
    plain.ifs = sess.ifs
    private = wanted(keep_screen, legacy=console.legacy_windows)
    with alternate_screen(private):
        plain.intro(fresh=not resume)
        if not resume:
            waiting_note(plain, store, walk.pack.id, walk.record.id)
        plain.run()
        if private and not plain.interrupted:  # time to read the last words (support too)
            close_screen(plain)
    if private:  # the walk's screen is gone: one line of what happened, none of its words
        from rich.text import Text

        console.print(Text(summary_line(plain)), soft_wrap=True)
    if plain.refused:  # a script's answers did not fit: say so in the exit status
        raise typer.Exit(1)


def close_screen(plain: PlainWalk) -> None:
    """Wait for Enter before the walk's own screen goes (ctrl+c or ctrl+d too)."""
    plain.say("")
    with contextlib.suppress(EOFError, KeyboardInterrupt):
        plain.read("Press Enter to close this screen. ")


def summary_line(plain: PlainWalk) -> str:
    """What the walk-through came to, without a word of the person's (no part names,
    no answers): the reflection's id holds only its date and the pack's id."""
    walk, ifs = plain.walk, plain.ifs
    rec_id = walk.record.id
    if walk.done:
        return (f"The reflection is finished and saved as {rec_id}; read it again with: "
                f"{ifs} journal show {rec_id}")
    if not walk.saved:
        return "The reflection stopped before any answer; nothing was saved."
    return (f"The reflection is stopped and saved as {rec_id}; go on later with: "
            f"{ifs} reflect --resume {rec_id}")


def waiting_note(plain: PlainWalk, store: MapStore, pack_id: str, this_id: str) -> None:
    """A walk of the same pack begun before and not finished: said once, quietly."""
    from ifs_tui.core import reflections

    waiting = reflections.latest_unfinished(store, pack_id, skip=this_id)
    if waiting is not None:
        plain.say(f"You also have one of these begun on {waiting.started:%Y-%m-%d}, "
                  f"kept as you left it: {plain.ifs} reflect --resume {waiting.id}", "dim")
