"""Encryption at rest for one map: reading and writing its files sealed (issue 15).

A map is encrypted ("sealed") when `encryption.toml` lies in its folder. That file is
plain TOML: the scrypt settings, a random salt, and the map's own random data key,
sealed (AES-256-GCM) with the key the passphrase gives. So a new passphrase rewraps one
small file, and the map's files are never written again for it.

Every private file of a sealed map starts with HEADER, then a random 16-byte salt and a
12-byte nonce, then the AES-256-GCM ciphertext and tag. Each file has its own key,
HMAC-SHA256(data key, salt + label), so no key ever meets a great many nonces.

`cryptography` is imported only when a sealed map's key is first needed: commands on
plain maps never load it. The passphrase is asked once per process (see `set_asker`)
or taken from IFS_TUI_PASSPHRASE; the key stays in this process's memory only.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .atomic import atomic_write
from .errors import IfsError

KEY_FILE = paths.KEY_FILE
HEADER = b"ifs-tui sealed 1\n"
ENV = "IFS_TUI_PASSPHRASE"
SALT, NONCE, KEY = 16, 12, 32
_FILE_LABEL = b"ifs-tui file key 1"


@dataclass(frozen=True)
class Cost:
    """scrypt's settings: n=2**17, r=8 is OWASP's advice (128 MB, ~0.4 s here)."""

    n: int = 2**17
    r: int = 8
    p: int = 1


DEFAULT_COST = Cost()
TEST_COST = Cost(n=2**10, r=8, p=1)  # for tests only: a few ms
LEAST_N = 2**10  # a key file asking for less is refused as damaged or tampered with


class Locked(IfsError):
    """A sealed map's file is needed and no passphrase was given."""


class WrongPassphrase(IfsError):
    """The passphrase does not open the map's key."""


class SealedFileError(IfsError, OSError):
    """A sealed file cannot be opened (damaged, changed, or its key file is gone).

    An OSError too, so every reader that reports a file it cannot read, located, and
    goes on with the others, does so for this one."""

    def __str__(self) -> str:
        return str(self.strerror)


Asker = Callable[[Path, int], "str | None"]  # (folder, try number from 1) -> passphrase
_asker: Asker | None = None
_keys: dict[str, bytes] = {}
_lock = threading.RLock()


def set_asker(asker: Asker | None) -> None:
    """How this process asks for a passphrase when a sealed map is first read (the CLI
    asks on the terminal; the app asks in its own dialog before loading)."""
    global _asker
    _asker = asker


def is_sealed(folder: Path) -> bool:
    return os.path.lexists(folder / KEY_FILE)


def _where(folder: Path) -> str:
    return os.path.realpath(folder)


def is_unlocked(folder: Path) -> bool:
    return _where(folder) in _keys


def any_unlocked() -> bool:
    return bool(_keys)


def remember(folder: Path, key: bytes) -> None:
    with _lock:
        _keys[_where(folder)] = key


def forget(folder: Path | None = None) -> None:
    """Drop the key of `folder` (or every key) from this process's memory."""
    with _lock:
        if folder is None:
            _keys.clear()
        else:
            _keys.pop(_where(folder), None)


# --- the key file ----------------------------------------------------------------


@dataclass
class KeyFile:
    cost: Cost
    salt: bytes
    nonce: bytes
    wrapped: bytes
    unfinished: str = ""  # "encrypt" or "decrypt" while a conversion is under way
    extra: dict[str, Any] | None = None  # keys this version does not know, kept


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _damaged(path: Path, what: str) -> SealedFileError:
    return SealedFileError(0, f"{path}: {what}; without a sound {KEY_FILE} this map's "
                              "files cannot be opened: put it back from a backup")


def read_key_file(folder: Path) -> KeyFile:
    from .storage import parse_toml  # storage imports this module

    path = folder / KEY_FILE
    if os.path.islink(path):
        raise _damaged(path, "is a symbolic link")
    try:
        data = parse_toml(path.read_bytes(), str(path))
    except OSError as err:
        from .fileerrors import file_error

        raise file_error("read", path, err) from None
    known = {"schema", "cipher", "kdf", "n", "r", "p", "salt", "nonce", "key", "unfinished"}
    try:
        if data.get("schema") != 1 or data.get("cipher") != "AES-256-GCM" or \
                data.get("kdf") != "scrypt":
            raise ValueError("a format this version does not know")
        cost = Cost(int(data["n"]), int(data["r"]), int(data["p"]))
        if cost.n < LEAST_N or cost.n & (cost.n - 1) or not 1 <= cost.r <= 64 or \
                not 1 <= cost.p <= 16:
            raise ValueError("scrypt settings out of range")
        key = KeyFile(cost, base64.b64decode(data["salt"], validate=True),
                      base64.b64decode(data["nonce"], validate=True),
                      base64.b64decode(data["key"], validate=True),
                      str(data.get("unfinished", "")),
                      {k: v for k, v in data.items() if k not in known})
    except (KeyError, ValueError, TypeError) as err:
        raise _damaged(path, f"does not read as an ifs-tui key file ({err})") from None
    if len(key.salt) != SALT or len(key.nonce) != NONCE:
        raise _damaged(path, "its salt or nonce has the wrong length")
    return key


def write_key_file(folder: Path, key: KeyFile) -> None:
    from .tomlwrite import dumps

    data: dict[str, Any] = {
        "schema": 1, "cipher": "AES-256-GCM", "kdf": "scrypt",
        "n": key.cost.n, "r": key.cost.r, "p": key.cost.p,
        "salt": _b64(key.salt), "nonce": _b64(key.nonce), "key": _b64(key.wrapped),
    }
    if key.unfinished:
        data["unfinished"] = key.unfinished
    data.update(key.extra or {})
    text = ("# This map is encrypted by ifs-tui. Keep this file with the map: without it\n"
            "# and the passphrase nothing in the map can be read. `ifs decrypt` undoes it.\n"
            + dumps(data))
    atomic_write(folder / KEY_FILE, text.encode("utf-8"), root=folder)


def _wrap_label(cost: Cost, salt: bytes) -> bytes:
    # Bound to the settings: a key file changed by hand fails to open, never weakens.
    return f"ifs-tui key 1 scrypt {cost.n} {cost.r} {cost.p} ".encode("ascii") + salt


def _kek(passphrase: str, cost: Cost, salt: bytes) -> bytes:
    import unicodedata

    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # NFC: the same passphrase typed on another system may arrive decomposed.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=KEY, n=cost.n, r=cost.r, p=cost.p).derive(secret)


def wrap(data_key: bytes, passphrase: str, cost: Cost, extra: dict[str, Any] | None = None,
         unfinished: str = "") -> KeyFile:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    wrapped = AESGCM(_kek(passphrase, cost, salt)).encrypt(nonce, data_key,
                                                          _wrap_label(cost, salt))
    return KeyFile(cost, salt, nonce, wrapped, unfinished, extra)


def unwrap(key: KeyFile, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(_kek(passphrase, key.cost, key.salt)).decrypt(
            key.nonce, key.wrapped, _wrap_label(key.cost, key.salt))
    except InvalidTag:
        raise WrongPassphrase("that passphrase does not open this map; nothing was "
                              "changed") from None


def unlock(folder: Path, passphrase: str) -> None:
    """Open the map's key with `passphrase` and keep it for this process. Slow (scrypt)."""
    data_key = unwrap(read_key_file(folder), passphrase)
    with _lock:
        _keys[_where(folder)] = data_key


def check_passphrase(folder: Path, passphrase: str) -> bool:
    try:
        unwrap(read_key_file(folder), passphrase)
    except WrongPassphrase:
        return False
    return True


def data_key(folder: Path) -> bytes:
    """The map's data key: from memory, IFS_TUI_PASSPHRASE, or asked (up to 3 times)."""
    where = _where(folder)
    found = _keys.get(where)
    if found is not None:
        return found
    with _lock:
        if where in _keys:
            return _keys[where]
        from_env = os.environ.get(ENV)
        if from_env is not None:
            try:
                unlock(folder, from_env)
            except WrongPassphrase:
                raise WrongPassphrase(f"the passphrase in {ENV} does not open this map; "
                                      "nothing was changed") from None
            return _keys[where]
        tries = 0
        while _asker is not None and tries < 3:
            tries += 1
            given = _asker(folder, tries)
            if given is None:
                break
            try:
                unlock(folder, given)
                return _keys[where]
            except WrongPassphrase:
                if tries == 3:
                    raise
        raise Locked(f"{folder} is encrypted: give its passphrase at the prompt (in a "
                     f"terminal), or in {ENV} for a script")


# --- files -----------------------------------------------------------------------


def _file_key(key: bytes, salt: bytes) -> bytes:
    import hmac  # loads OpenSSL: only for a sealed map

    return hmac.digest(key, salt + _FILE_LABEL, "sha256")


def seal_bytes(data: bytes, key: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    return HEADER + salt + nonce + AESGCM(_file_key(key, salt)).encrypt(nonce, data, HEADER)


def open_bytes(raw: bytes, key: bytes, path: Path) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    body = raw[len(HEADER):]
    salt, nonce, sealed = body[:SALT], body[SALT:SALT + NONCE], body[SALT + NONCE:]
    try:
        return AESGCM(_file_key(key, salt)).decrypt(nonce, sealed, HEADER)
    except (InvalidTag, ValueError):
        raise SealedFileError(0, f"{path} is encrypted but does not open with this map's "
                                 "key: it was damaged or changed since it was written, or "
                                 "comes from another map") from None


def unseal(raw: bytes, path: Path, folder: Path) -> bytes:
    """`raw` as read from `path`, decrypted when it is sealed; plain bytes as they are."""
    if not raw.startswith(HEADER):
        return raw
    if not is_sealed(folder):
        raise SealedFileError(0, f"{path} is encrypted, but {folder / KEY_FILE} is missing: "
                                 "put that file back from a backup of the map")
    return open_bytes(raw, data_key(folder), path)


def read_cache(path: Path, folder: Path, sealed_only: bool = False) -> bytes | None:
    """A cache file's plain bytes, or None: a missing, unreadable or damaged file, a
    link or a FIFO (never followed, never waited on) is only a cache not there.
    `sealed_only`: a file that is not sealed is not there either."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read()
        if sealed_only and not raw.startswith(HEADER):
            return None
        return unseal(raw, path, folder)
    except OSError:
        return None
    finally:
        os.close(fd)


def read(path: Path, folder: Path) -> bytes:
    """The plain bytes of a map's file, decrypted if it is sealed (OSError as read_bytes)."""
    return unseal(path.read_bytes(), path, folder)


def sealing(data: bytes, folder: Path) -> bytes:
    """`data` as it goes on disk in `folder`'s map: sealed if the map is, else as it is."""
    if is_sealed(folder):
        return seal_bytes(data, data_key(folder))
    return data


def write(path: Path, data: bytes, folder: Path) -> None:
    """atomic_write, sealed when the map is: no plain byte reaches the disk, not even in
    the temp file."""
    atomic_write(path, sealing(data, folder), root=folder)
