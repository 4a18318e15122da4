"""`ifs encrypt`, `ifs decrypt`, `ifs passphrase`, and how a passphrase is asked.

A passphrase is read with getpass (nothing echoed, never in argv), or from
IFS_TUI_PASSPHRASE (and IFS_TUI_NEW_PASSPHRASE for a new one) in scripts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import output
from .context import session

if TYPE_CHECKING:
    from ifs_tui.core.sealing import Converted

NEW_ENV = "IFS_TUI_NEW_PASSPHRASE"
FORGOTTEN = ("If the passphrase is forgotten, nothing in this map can be read again: "
             "no one can recover it, not even with the program's help.")


def _hidden(prompt: str) -> str | None:
    import getpass

    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except EOFError:
        sys.stderr.write("\n")
        return None


def ask_passphrase(folder: Path, attempt: int) -> str | None:
    """The core's asker: on a terminal only, up to three tries (the core counts)."""
    if not output.stdin_is_terminal():
        return None
    if attempt > 1:
        output.note("That passphrase does not open this map. Try again.")
    return _hidden(f"Passphrase for the map '{folder.name}': ")


def _new_passphrase(env: str) -> str:
    """A new passphrase: from `env`, or typed twice on a terminal."""
    from ifs_tui.core.sealing import check_new_passphrase

    given = os.environ.get(env)
    if given is not None:
        check_new_passphrase(given)
        return given
    if not output.stdin_is_terminal():
        output.note(f"A new passphrase is typed on a terminal (or given in {env} by a "
                    "script); nothing was changed.")
        raise typer.Exit(1)
    for tries_left in (2, 1, 0):
        first = _hidden("New passphrase: ")
        if first is None:
            break
        try:
            check_new_passphrase(first)
        except Exception as err:  # noqa: BLE001 - InvalidInput: said, then asked again
            output.note(str(err))
            continue
        if _hidden("The same again, to be sure: ") == first:
            return first
        output.note("The two did not match." + (" Once more:" if tries_left else ""))
    output.say("Nothing was changed; run the command again when you are ready.")
    raise typer.Exit(1)


def _not_open_elsewhere(folder: Path, doing: str) -> None:
    from ifs_tui.core.map_open import refuse_if_open

    refuse_if_open(folder, folder.name, doing)


def encrypt(ctx: typer.Context) -> None:
    """Encrypt the map's files with a passphrase (they are changed in place).

    Everything with your words in it is encrypted: parts, reflections, moments, journeys,
    earlier versions. Packs and settings stay plain. From then on ifs asks for the
    passphrase once per run (or reads IFS_TUI_PASSPHRASE). See docs/privacy.md.
    """
    from ifs_tui.core import sealed, sealing

    sess = session(ctx)
    folder = sess.folder
    if not (folder / "map.toml").is_file():
        from ifs_tui.core.errors import MapNotFound

        raise MapNotFound(f"there is no map at {folder}; {sess.init_hint()}")
    _not_open_elsewhere(folder, "encrypt")
    if sealed.is_sealed(folder):
        if sealed.read_key_file(folder).unfinished:
            output.say(f"An encryption of '{folder.name}' was stopped part way; finishing it.")
        if sealing.plain_left(folder):
            sealed.data_key(folder)  # the passphrase the map has
        report = _converting(folder, "encrypt", lambda: sealing.seal_map(folder))
    else:
        if sealed.ENV in os.environ or output.stdin_is_terminal():
            output.say(f"Encrypting the map '{folder.name}'. {FORGOTTEN}")
        report = _converting(folder, "encrypt", lambda: sealing.seal_map(
            folder, _new_passphrase(sealed.ENV)))
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    output.say(f"Encrypted '{folder.name}': {files} changed in place.")
    output.say("From now on ifs asks for the passphrase once each time it opens this map.")
    _left_alone(report.left)
    output.note("Copies made before stay as they were: backups, exports, a synced copy" +
                (", and this folder's git history" if (folder / ".git").exists() else "") +
                ". docs/privacy.md says more.")


def decrypt(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Turn an encrypted map back into plain files."""
    from ifs_tui.core import sealed, sealing

    folder = session(ctx).folder
    if not sealed.is_sealed(folder):
        output.say(f"'{folder.name}' is not encrypted; nothing was changed.")
        return
    _not_open_elsewhere(folder, "decrypt")
    sealed.data_key(folder)  # the passphrase first: a wrong one asks nothing more
    if not yes and not output.asked(
            f"Write the files of '{folder.name}' as plain text again?",
            "Nothing was changed", f"{session(ctx).ifs} decrypt --yes"):
        return
    report = _converting(folder, "decrypt", lambda: sealing.unseal_map(folder))
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    output.say(f"Decrypted '{folder.name}': {files} are plain text again, and no "
               "passphrase is asked any more.")
    _left_alone(report.left)


def passphrase(ctx: typer.Context) -> None:
    """Change an encrypted map's passphrase.

    The map's files are not written again: only its key, in encryption.toml. A copy of
    that file kept from before still opens with the old passphrase.
    """
    from ifs_tui.core import sealed, sealing

    folder = session(ctx).folder
    if not sealed.is_sealed(folder):
        output.say(f"'{folder.name}' is not encrypted; `{session(ctx).ifs} encrypt` gives it "
                   "a passphrase.")
        raise typer.Exit(1)
    old = os.environ.get(sealed.ENV)
    if old is None:
        if not output.stdin_is_terminal():
            output.note(f"The passphrase is typed on a terminal (or given in {sealed.ENV} by "
                        "a script); nothing was changed.")
            raise typer.Exit(1)
        old = _hidden(f"Current passphrase for '{folder.name}': ")
        if old is None:
            raise typer.Exit(1)
    if not sealed.check_passphrase(folder, old):
        from ifs_tui.core.sealed import WrongPassphrase

        raise WrongPassphrase("that passphrase does not open this map; nothing was changed")
    output.say(FORGOTTEN)
    sealing.change_passphrase(folder, old, _new_passphrase(NEW_ENV))
    output.say(f"The passphrase of '{folder.name}' is changed.")


def _converting(folder: Path, doing: str, run: Callable[[], Converted]) -> Converted:
    """Run a conversion; stopped with ctrl+c, say where the map stands and how to finish.
    (Killed outright, the map is the same: `ifs check` and opening it say so.)"""
    from ifs_tui.core.paths import ifs_for_folder
    from ifs_tui.core.sealing import private_files

    many = len(private_files(folder)[0])
    if many > 200:  # each file is written safely (fsynced): thousands take seconds
        output.note(f"{doing.capitalize()}ing {many:,} files; this takes a moment.")
    try:
        return run()
    except KeyboardInterrupt:
        from ifs_tui.core import sealed

        if not sealed.is_sealed(folder):  # stopped before the first file: nothing changed
            output.note("Stopped; nothing was changed.")
            raise typer.Exit(130) from None
        output.note(f"Stopped part way: the map opens with its passphrase as it is, and "
                    f"`{ifs_for_folder(folder)} {doing}` finishes the job.")
        raise typer.Exit(130) from None


def _left_alone(left: list[str]) -> None:
    if left:
        shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
        output.note(f"Left as they are (not ifs-tui files, or links): {shown}")
