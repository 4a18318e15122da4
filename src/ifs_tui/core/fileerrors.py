"""One wording for the file-system errors a person can meet: denied, full, read-only.

Every place that reads or writes a file turns an OSError into a FileError
through `file_error`, so "permission denied on map.toml" and "permission
denied on a reflection" read the same way and say what to do.
"""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import IfsError, Problem


class FileError(IfsError):
    """A file or folder could not be read or written; the message says what to do."""


# errno -> (what happened, what to do), in the person's words.
_KNOWN: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", "check its owner and mode (ls -l)"),
    errno.EPERM: ("not permitted", "check its owner and mode (ls -l)"),
    errno.EROFS: ("the file system is read-only",
                  "make it writable, or copy the map folder somewhere writable"),
    errno.ENOSPC: ("the disk is full", "free some space and try again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and try again"),
    errno.EISDIR: ("it is a folder where a file should be", "move the folder aside"),
    errno.ENOTDIR: ("a file stands where a folder should be", "move that file aside"),
    errno.ENOENT: ("it does not exist", "check the path"),
    errno.EIO: ("the disk reported an input/output error",
                "check the disk and copy the map folder somewhere safe"),
    errno.ELOOP: ("too many symbolic links", "point it at a real file"),
    errno.ENAMETOOLONG: ("the name is too long", "use a shorter path"),
}


def reason(err: OSError) -> str:
    """A short reason such as "permission denied", for messages that add their own advice."""
    if isinstance(err, IfsError):  # an error that words itself (e.g. a refused link)
        return str(err)
    known = _KNOWN.get(err.errno or -1)
    if known:
        return known[0]
    return (err.strerror or type(err).__name__).lower()


def describe(err: OSError) -> str:
    """The reason and what to do, e.g. "permission denied; check its owner and mode"."""
    if isinstance(err, IfsError):
        return str(err)
    known = _KNOWN.get(err.errno or -1)
    if known:
        return f"{known[0]}; {known[1]}"
    return f"{reason(err)}; check the file and the disk"


def file_error(doing: str, path: Path | str, err: OSError) -> IfsError:
    """E.g. file_error("read", map_path, err): "cannot read /x/map.toml: permission denied; ..."."""
    if isinstance(err, IfsError):  # already names the file and what to do: keep it
        return err
    return FileError(f"cannot {doing} {path}: {describe(err)}")


def file_problem(doing: str, path: Path | str, err: OSError) -> Problem:
    """The same words as a Problem, for lists such as `ifs check` and the journal."""
    return Problem(str(path), "", f"cannot {doing} it: {describe(err)}")
