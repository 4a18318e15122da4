"""Turning a map's files encrypted and back, in place, and changing its passphrase.

Each file is replaced on its own, atomically, so a crash at any moment leaves every
file whole, old or new. `encryption.toml` is written *first* when encrypting (marked
unfinished) and removed *last* when decrypting, so a map stopped half way is a sealed
map with some plain files: it opens with its passphrase (plain files read as they
are), `ifs check` names what is left plain, and the same command again finishes it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import paths, sealed
from .atomic import TEMP_SUFFIX, FolderLock, atomic_write, fsync_dir
from .errors import InvalidInput, MapNotFound
from .fileerrors import file_error

# Where the person's words are; packs (prompts/) and settings may stay plain.
PRIVATE_DIRS = (paths.REFLECTIONS_DIR, paths.MOMENTS_DIR, paths.JOURNEYS_DIR,
                paths.HISTORY_DIR)
LEAST_LENGTH = 8


@dataclass
class Converted:
    files: int = 0  # files turned over by this run
    already: int = 0  # files that were in the wanted form already (a run finished)
    resumed: bool = False
    left: list[str] = field(default_factory=list)  # not ifs-tui's: left as they are


def private_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The map's files that hold the person's words, and other entries left alone."""
    found: list[Path] = []
    left: list[str] = []
    if paths.map_file(folder).exists():
        found.append(paths.map_file(folder))
    for sub in PRIVATE_DIRS:
        try:
            entries = sorted(os.scandir(folder / sub), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        except OSError as err:
            raise file_error("read the folder", folder / sub, err) from None
        for entry in entries:
            if entry.name.endswith(TEMP_SUFFIX):
                continue  # a crashed save's: removed under the lock below
            if entry.is_file(follow_symlinks=False):
                found.append(Path(entry.path))
            else:
                left.append(f"{sub}/{entry.name}")
    return found, left


def plain_left(folder: Path) -> list[Path]:
    """In a sealed map, the private files still plain (a conversion stopped part way)."""
    files, _ = private_files(folder)
    plain = []
    for path in files:
        with contextlib.suppress(OSError), open(path, "rb") as file:
            if file.read(len(sealed.HEADER)) != sealed.HEADER:
                plain.append(path)
    return plain


def stopped_part_way(folder: Path) -> str:
    """"encrypt" or "decrypt" when that conversion of the map stopped part way, else ""."""
    if not sealed.is_sealed(folder):
        return ""
    try:
        return sealed.read_key_file(folder).unfinished
    except OSError:
        return ""


def stopped_words(folder: Path, ifs: str) -> str:
    """What to tell a person opening a map whose conversion stopped part way."""
    doing = stopped_part_way(folder)
    if not doing:
        return ""
    return (f"This map's {'en' if doing == 'encrypt' else 'de'}cryption stopped part way; "
            f"everything in it opens as usual. `{ifs} {doing}` finishes it.")


def _clear_cache(folder: Path) -> None:
    """The cache holds copies of the words (the index, the parsed map): they go; they are
    rebuilt in the new form. The app's open-map marks stay."""
    from .map_open import PREFIX

    cache = paths.cache_dir(folder)
    try:
        names = os.listdir(cache)
    except OSError:
        return
    for name in names:
        if not name.startswith(PREFIX):
            with contextlib.suppress(OSError):
                os.unlink(cache / name)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < LEAST_LENGTH:
        raise InvalidInput(f"a passphrase needs at least {LEAST_LENGTH} characters; a few "
                           "ordinary words in a row make a good one")


def _ready(folder: Path) -> None:
    if not paths.map_file(folder).is_file():
        raise MapNotFound(f"there is no map at {folder}")


def _turn(folder: Path, key: bytes, seal: bool, report: Converted) -> None:
    files, report.left = private_files(folder)
    for path in files:
        try:
            raw = path.read_bytes()
            is_sealed = raw.startswith(sealed.HEADER)
            if is_sealed == seal:
                report.already += 1
                continue
            data = (sealed.seal_bytes(raw, key) if seal
                    else sealed.open_bytes(raw, key, path))
            atomic_write(path, data, root=folder)
        except OSError as err:
            raise file_error("convert", path, err) from None
        report.files += 1


def seal_map(folder: Path, passphrase: str = "", cost: sealed.Cost | None = None
             ) -> Converted:
    """Encrypt the map at `folder` in place with a new `passphrase`; or finish an
    encryption stopped part way (its key then comes from `sealed.data_key`)."""
    _ready(folder)
    report = Converted()
    with FolderLock(folder / paths.LOCK_FILE).held():
        from .atomic import remove_stale_temps

        remove_stale_temps(folder)  # plain temp files of crashed saves
        if sealed.is_sealed(folder):
            key_file = sealed.read_key_file(folder)
            if not key_file.unfinished and not plain_left(folder):
                raise InvalidInput(f"{folder.name} is encrypted already; `ifs passphrase` "
                                   "changes its passphrase")
            key = sealed.data_key(folder)
            report.resumed = True
        else:
            check_new_passphrase(passphrase)
            key = os.urandom(sealed.KEY)
            key_file = sealed.wrap(key, passphrase, cost or sealed.DEFAULT_COST)
        key_file.unfinished = "encrypt"
        sealed.write_key_file(folder, key_file)  # first: from here on, saves are sealed
        sealed.remember(folder, key)
        _clear_cache(folder)
        _turn(folder, key, True, report)
        key_file.unfinished = ""
        sealed.write_key_file(folder, key_file)
    return report


def unseal_map(folder: Path) -> Converted:
    """Decrypt the map at `folder` in place (its key from `sealed.data_key`): plain files
    again, and encryption.toml gone last."""
    _ready(folder)
    if not sealed.is_sealed(folder):
        raise InvalidInput(f"{folder.name} is not encrypted; nothing to do")
    key = sealed.data_key(folder)  # asked before the lock: no save waits on a prompt
    report = Converted()
    with FolderLock(folder / paths.LOCK_FILE).held():
        key_file = sealed.read_key_file(folder)
        report.resumed = bool(key_file.unfinished)
        key_file.unfinished = "decrypt"
        sealed.write_key_file(folder, key_file)
        _clear_cache(folder)
        _turn(folder, key, False, report)
        try:
            os.unlink(folder / sealed.KEY_FILE)
        except OSError as err:
            raise file_error("remove", folder / sealed.KEY_FILE, err) from None
        fsync_dir(folder)
        sealed.forget(folder)
        _clear_cache(folder)  # anything sealed a reader wrote meanwhile
        from .sealed_index import forget as forget_index

        forget_index(folder)
    return report


def change_passphrase(folder: Path, old: str, new: str, cost: sealed.Cost | None = None
                      ) -> None:
    """Seal the map's key with `new`; the map's files are not touched. The key file is
    always opened with `old` here, never a key held in memory: a stale one would lock
    the map for good."""
    _ready(folder)
    if not sealed.is_sealed(folder):
        raise InvalidInput(f"{folder.name} is not encrypted; `ifs encrypt` sets a passphrase")
    check_new_passphrase(new)
    with FolderLock(folder / paths.LOCK_FILE).held():
        key_file = sealed.read_key_file(folder)
        key = sealed.unwrap(key_file, old)
        sealed.write_key_file(folder, sealed.wrap(key, new, cost or sealed.DEFAULT_COST,
                                                  key_file.extra, key_file.unfinished))
