"""A rebuildable SQLite index of the reflections in a map (issue 12).

The TOML files stay the truth. The index keeps, per file, what a listing, the
journal filter, search and `ifs check` need, with the file's stat key, so only
files that changed since the last sync are parsed. Deleting it loses nothing:
the next sync reads every file again. A file that will not load gets a row with
its problems, so it is reported, never hidden. See docs/data.md ("The cache").
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import journey_rows, moment_rows, paths, sealed
from .atomic import TEMP_SUFFIX
from .errors import Problem
from .fileerrors import file_problem
from .reflect_rows import (
    ENTRY_COLUMNS,
    TABLES,
    TEXT_COLUMNS,
    broken_row,
    file_row,
    from_db,
    insert_sql,
    problem_from,
    to_db,
)
from .reflect_rows import fold as fold  # for callers: the needle's meaning
from .storage import MapStore

INDEX_FILE = "reflections.sqlite"
VERSION = 7  # PRAGMA user_version: older is rebuilt; newer is left alone (kept in memory)
# A file whose mtime or ctime lies within this long of when it was read may have
# changed again in the same tick of a coarse file-system clock with the same stat key:
# such rows are read again at the next sync. Only *near* the read: an mtime far ahead
# (a sync tool keeps the one a device with a fast clock gave) does not count.
RACY_NS = 2_000_000_000
BUSY_SECONDS = 5.0  # wait this long for another process's write, then work in memory
_DAMAGED = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB: replace the file


@dataclass(frozen=True)
class Header:
    """What a journal list shows of one reflection."""

    id: str
    pack: str
    pack_title: str
    status: str
    started: datetime
    updated: datetime
    part: str
    changed: tuple[str, ...] = ()  # "partid.field" its answers were added to


@dataclass(frozen=True)
class TextHit:
    """The first text of a reflection that a search needle is in."""

    id: str
    pack_title: str
    where: str  # the pack title, or the question asked
    text: str  # the whole text, as written
    # For showing the hit; not part of what was found (equality ignores them).
    started: datetime | None = field(default=None, compare=False)
    part: str = field(default="", compare=False)  # the reflection's part id, if any


@dataclass
class SyncReport:
    read: list[str] = field(default_factory=list)  # ids parsed again
    dropped: list[str] = field(default_factory=list)  # ids whose file is gone
    folder_problems: list[Problem] = field(default_factory=list)
    # id -> st_mode of each file others may read (mode & 0o077), for check
    modes: dict[str, int] = field(default_factory=dict)
    in_memory: bool = False  # the index file could not be used this time


def index_file(store: MapStore) -> Path:
    return paths.cache_dir(store.folder) / INDEX_FILE


@dataclass(frozen=True)
class Kind:
    """One folder of files the index keeps rows for, and how. Every row starts with
    (id, mtime_ns, size, ino, ctime_ns, read_ns); the texts row follows the entry's."""

    folder: str  # under the map folder
    entries: str  # table of small columns
    texts: str  # table of texts (a row only for a file that loaded)
    entry_columns: tuple[str, ...]
    text_columns: tuple[str, ...]
    file_row: Callable[[str, Path, os.stat_result, int], tuple[Any, ...]]
    broken_row: Callable[..., tuple[Any, ...]]
    meta_key: str  # where its kept listing is (see _sync)


REFLECTIONS = Kind(paths.REFLECTIONS_DIR, "entries", "texts", ENTRY_COLUMNS, TEXT_COLUMNS,
                   file_row, broken_row, "listing")
MOMENTS = Kind(paths.MOMENTS_DIR, "moment_entries", "moment_texts",
               moment_rows.ENTRY_COLUMNS, moment_rows.TEXT_COLUMNS, moment_rows.file_row,
               moment_rows.broken_row, "listing:moments")
JOURNEYS = Kind(paths.JOURNEYS_DIR, "journey_entries", "journey_texts",
                journey_rows.ENTRY_COLUMNS, journey_rows.TEXT_COLUMNS, journey_rows.file_row,
                journey_rows.broken_row, "listing:journeys")


# --- opening -----------------------------------------------------------------


def _create(con: sqlite3.Connection) -> None:
    for sql in TABLES + moment_rows.TABLES + journey_rows.TABLES:
        con.execute(sql)
    con.execute(f"PRAGMA user_version = {VERSION}")


def _memory() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:", isolation_level=None)
    _create(con)
    return con


def _private_file(path: Path) -> None:
    """Make the index file 0600 before SQLite opens it (its journal copies the mode).

    A link in place of the folder or the file is refused, as saves refuse links:
    the private words must not be written wherever it points. An existing file is
    never opened here: closing any descriptor of it would drop the locks SQLite holds
    on it for other connections of this process (POSIX locks are per process)."""
    if path.parent.is_symlink():
        raise OSError(f"{path.parent} is a symbolic link")
    paths.ensure_private_dir(path.parent)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):  # made by another thread meanwhile
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL |
                         getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                os.fchmod(fd, 0o600)
            finally:
                os.close(fd)
        st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path} is not a plain file")
    if stat.S_IMODE(st.st_mode) != 0o600:  # left 0644 by hand or by a copy
        os.chmod(path, 0o600)


def _connect_file(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)


def _replace_fresh(path: Path) -> None:
    """Put an empty index in place of a damaged or older one, all at once."""
    import tempfile  # only here: most runs never need it

    # Named as atomic_write's temps: one a kill leaves goes with the next edit.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index.", suffix=TEMP_SUFFIX)
    os.close(fd)
    try:
        con = _connect_file(Path(tmp))
        try:
            _create(con)
        finally:
            con.close()
        # A journal left beside the old file belongs to it: SQLite would replay it
        # into the new one.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}-journal")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _ignore_in_git(folder: Path) -> None:
    """Add `.cache/` to a map's existing .gitignore that lacks it (the person's lines kept)."""
    from .atomic import atomic_write

    gitignore = folder / ".gitignore"
    try:
        raw = gitignore.read_bytes()
    except OSError:
        return  # none (or unreadable): not ours to make here
    lines = {line.strip() for line in raw.decode("utf-8", "replace").splitlines()}
    if lines & {".cache", ".cache/", "/.cache", "/.cache/", ".cache/*", "/.cache/*"}:
        return
    sep = b"" if not raw or raw.endswith(b"\n") else b"\n"
    with contextlib.suppress(OSError):  # a nicety: never a reason to fail a listing
        atomic_write(gitignore, raw + sep + b".cache/\n", root=folder)


def _open(folder: Path) -> sqlite3.Connection:
    """The map's index file, made or rebuilt as needed; in memory when it cannot be used
    (cache folder not writable, a link in its way, a newer version's index)."""
    path = paths.cache_dir(folder) / INDEX_FILE
    try:
        _private_file(path)
        con = _connect_file(path)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version == VERSION:
                return con
            if version > VERSION:  # a newer ifs-tui's: leave it as it is
                con.close()
                return _memory()
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if version == 0 and tables == 0:  # new: make the table, once
                con.execute("BEGIN IMMEDIATE")
                if con.execute("PRAGMA user_version").fetchone()[0] == 0:
                    _create(con)
                    con.execute("COMMIT")
                    _ignore_in_git(folder)
                else:
                    con.execute("ROLLBACK")  # another process made it meanwhile
                return con
        except sqlite3.DatabaseError as err:
            con.close()
            if getattr(err, "sqlite_errorcode", None) not in _DAMAGED:
                raise
        else:
            con.close()
        _replace_fresh(path)  # damaged, or an older version's
        _ignore_in_git(folder)
        return _connect_file(path)
    except (OSError, sqlite3.Error):
        return _memory()


_BY_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd


def _listed(where: Path, what: str) -> tuple[int | None, list[str], list[Problem]]:
    """The folder's .toml names, sorted, with a descriptor of the folder to stat them
    through (cheaper than a path per file); None and paths where that cannot be had,
    and reflections.toml_files then says what is wrong with the folder."""
    if _BY_FD:
        try:
            fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            pass
        else:
            try:
                return fd, sorted(n for n in os.listdir(fd) if n.endswith(".toml")), []
            except OSError:
                os.close(fd)
    from .reflections import toml_files

    return None, *toml_files(where, what)


def _digest(names: list[str], keys: list[tuple[int, int, int, int]]) -> str:
    """The folder's names and stat keys in one short value. hash() of a tuple of ints is
    the same in every process (only str hashes are salted); the names go through crc32."""
    crc = zlib.crc32("/".join(names).encode("utf-8", "surrogateescape"))
    return f"{len(names)} {crc} {hash(tuple(keys))}"


def _settled(row: tuple[Any, ...]) -> bool:
    """Whether a row just read will be trusted by the next sync (see RACY_NS)."""
    mtime, size, ino, ctime, read_ns = row[1:6]
    return (None not in (mtime, size, ino, ctime) and abs(mtime - read_ns) >= RACY_NS
            and abs(ctime - read_ns) >= RACY_NS)


def _sync(con: sqlite3.Connection, folder: Path, kind: Kind = REFLECTIONS) -> SyncReport:
    """Bring the rows up to date with the files. Parsing happens outside the write
    transaction, so another process waits only for the short write.

    Each file is stat'ed. When the names and stat keys are those kept in `meta` (written
    only when every row was trusted), nothing changed and no row is read: the common
    case costs the listing and the stats."""
    report = SyncReport()
    where = folder / kind.folder
    kept = con.execute("SELECT value FROM meta WHERE key = ?", (kind.meta_key,)).fetchone()
    seen_version = con.execute("PRAGMA data_version").fetchone()[0]
    fd, names, report.folder_problems = _listed(where, kind.folder)  # closed below
    modes = report.modes
    stat_of = os.stat
    # Plain strings: a Path per file costs more than its stat.
    base = "" if fd is not None else os.path.join(where, "")
    stats: list[os.stat_result | OSError] = []
    keys: list[tuple[int, int, int, int]] = []
    read_ns = time.time_ns()  # before any stat: an edit after it is never missed
    try:
        for name in names:
            try:
                st = stat_of(base + name, dir_fd=fd)
            except OSError as err:
                stats.append(err)
                continue
            stats.append(st)
            keys.append((st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns))
            if st.st_mode & 0o077:  # others may read it: `ifs check` warns
                modes[name[:-5]] = st.st_mode
    finally:
        if fd is not None:
            os.close(fd)
    digest = _digest(names, keys) if len(keys) == len(names) else None
    if digest is not None and kept is not None and kept[0] == digest:
        return report
    # id -> stat key, for rows that may be trusted when the key is the same. A row read
    # within RACY_NS of its file's mtime or ctime is never trusted: its mtime stands
    # in as None, so no stat key equals it and the file is read again.
    known = {rec_id: (mtime, size, ino, ctime) for rec_id, mtime, size, ino, ctime
             in con.execute("SELECT id, CASE WHEN abs(mtime_ns - read_ns) >= :racy AND "
                            "abs(ctime_ns - read_ns) >= :racy THEN mtime_ns END, "
                            f"size, ino, ctime_ns FROM {kind.entries}", {"racy": RACY_NS})}
    for odd in [k for k in known if k.startswith("\x00")]:  # names that are not UTF-8
        known[from_db(odd)] = known.pop(odd)
    rows = []
    new = 0  # names with no row yet: when every name has one, no row's file is gone
    for name, found in zip(names, stats, strict=True):
        rec_id = name[:-5]  # ".toml"
        old = known.get(rec_id)
        if old is None:
            new += 1
        if isinstance(found, OSError):
            path = where / name
            rows.append(kind.broken_row(rec_id, (0, 0, 0, 0, read_ns),
                                        [file_problem("read", path, found)], path, []))
        elif not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)):
            # A FIFO, socket or device named *.toml: reading it could block for ever.
            path = where / name
            rows.append(kind.broken_row(rec_id, (0, 0, 0, 0, read_ns), [Problem(
                str(path), "", "is not a plain file; move it aside")], path, []))
        elif old != (found.st_mtime_ns, found.st_size, found.st_ino, found.st_ctime_ns):
            rows.append(kind.file_row(rec_id, where / name, found, read_ns))
    gone: list[str] = []
    if len(known) > len(names) - new:
        gone = sorted(set(known) - {n[: -len(".toml")] for n in names})
    report.read = [r[0] for r in rows]
    report.dropped = gone
    rows = [(to_db(r[0]), *r[1:]) for r in rows]
    if rows or gone:
        # IMMEDIATE: take the write lock now (waiting up to BUSY_SECONDS), not half-way.
        con.execute("BEGIN IMMEDIATE")
        n_entry = len(kind.entry_columns)
        try:
            con.executemany(insert_sql(kind.entries, kind.entry_columns),
                            [r[:n_entry] for r in rows])
            gone_ids = [(to_db(g),) for g in gone]
            con.executemany(f"DELETE FROM {kind.entries} WHERE id = ?", gone_ids)
            con.executemany(f"DELETE FROM {kind.texts} WHERE id = ?",
                            [r[:1] for r in rows] + gone_ids)
            con.executemany(insert_sql(kind.texts, kind.text_columns),
                            [(r[0], *r[n_entry:]) for r in rows if r[n_entry] is not None])
            # The listing is kept only when every row is now trusted and no other
            # process wrote rows since `known` was read (theirs are unchecked here).
            if (digest is not None and all(_settled(r) for r in rows)
                    and con.execute("PRAGMA data_version").fetchone()[0] == seen_version):
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                            (kind.meta_key, digest))
            else:
                con.execute("DELETE FROM meta WHERE key = ?", (kind.meta_key,))
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
    return report


def _worth_keeping(folder: Path, kind: Kind = REFLECTIONS) -> bool:
    """False for a map with no such files and no index yet: nothing to keep, so
    nothing is written (a new map, a demo copy, a walk not yet saved)."""
    if (paths.cache_dir(folder) / INDEX_FILE).exists():
        return True
    try:
        with os.scandir(folder / kind.folder) as entries:
            return any(e.name.endswith(".toml") for e in entries)
    except OSError:
        return False


def _copy(con: sqlite3.Connection) -> sqlite3.Connection:
    """The rows so far, in memory; empty when they cannot be read (locked, or a file
    another process has just put in place and not yet filled)."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        con.backup(mem)
        if mem.execute("PRAGMA user_version").fetchone()[0] == VERSION:
            return mem
    except sqlite3.Error:
        pass
    mem.close()
    return _memory()


@contextlib.contextmanager
def _fresh(folder: Path, keep: bool = True, kind: Kind = REFLECTIONS
           ) -> Iterator[tuple[sqlite3.Connection, SyncReport]]:
    """An up-to-date index (of `kind`'s files) to read from. When the file cannot be
    written in time (another process holds it) or turns out damaged, a copy in memory
    is used. `keep=False`: in memory only, nothing written into the map folder."""
    if sealed.is_sealed(folder):
        from . import sealed_index

        with sealed_index.opened(folder) as con:
            report = _sync(con, folder, kind)
            if keep and (report.read or report.dropped):
                sealed_index.keep(folder, con)
            report.in_memory = True
            yield con, report
        return
    con = _open(folder) if keep and _worth_keeping(folder, kind) else _memory()
    try:
        report = _sync(con, folder, kind)
    except sqlite3.Error as err:
        damaged = getattr(err, "sqlite_errorcode", None) in _DAMAGED
        mem = _copy(con) if not damaged else _memory()
        con.close()
        if damaged:  # rebuilt next time
            with contextlib.suppress(OSError, sqlite3.Error):
                _replace_fresh(paths.cache_dir(folder) / INDEX_FILE)
        con = mem
        try:
            report = _sync(con, folder, kind)
        except sqlite3.Error:  # the copy was not sound after all: start from nothing
            con.close()
            con = _memory()
            report = _sync(con, folder, kind)
    report.in_memory = con.execute("PRAGMA database_list").fetchone()[2] == ""
    try:
        yield con, report
    finally:
        con.close()


def sync(store: MapStore) -> SyncReport:
    """Bring the index up to date with the reflection files."""
    with _fresh(store.folder) as (_, report):
        return report


# --- answers -------------------------------------------------------------------


def _header(r: tuple[Any, ...]) -> Header:
    return Header(from_db(r[0]), r[1], r[2], r[3], datetime.fromisoformat(r[4]),
                  datetime.fromisoformat(r[5]), r[6], tuple(json.loads(r[7])) if r[7] else ())


_HEADER_SQL = ("SELECT id, pack, pack_title, status, started, updated, part, changed "
               "FROM entries WHERE problem IS NULL ")


def _problems(con: sqlite3.Connection, folder: Path, report: SyncReport) -> list[Problem]:
    where = folder / paths.REFLECTIONS_DIR
    rows = sorted((from_db(rec_id) + ".toml", p) for rec_id, p in con.execute(
        "SELECT id, problem FROM entries WHERE problem IS NOT NULL"))  # as toml_files sorts
    return report.folder_problems + [problem_from(json.loads(p), where / name)
                                     for name, p in rows]


def listing(store: MapStore, newest: int | None = None) -> tuple[list[Header], list[Problem]]:
    """Every reflection's header, oldest first, and a problem per file that would
    not load: what reflections.list_all gives, without parsing unchanged files.

    `newest`: only the newest N reflections (still oldest first); problems all."""
    with _fresh(store.folder) as (con, report):
        if newest is None:
            rows = con.execute(_HEADER_SQL + "ORDER BY started_key, id").fetchall()
        else:
            rows = con.execute(_HEADER_SQL + "ORDER BY started_key DESC, id DESC LIMIT ?",
                               (max(newest, 0),)).fetchall()[::-1]
        return [_header(r) for r in rows], _problems(con, store.folder, report)


def _usable(needle: str) -> str | None:
    """The folded needle, or None when no stored text can hold it (a lone surrogate:
    files are UTF-8, so none has one)."""
    folded = fold(needle)
    try:
        folded.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return folded


def matching(store: MapStore, needle: str) -> set[str]:
    """Ids of reflections whose pack title, status, a question or an answer (each list
    item alone) holds `needle`, whitespace collapsed and any case. Empty: all ids.
    The journal filter adds reflections whose part's name matches (the map knows names)."""
    folded = _usable(needle)
    if folded is None:
        return set()
    with _fresh(store.folder) as (con, _):
        if not folded:
            rows = con.execute("SELECT id FROM texts")
        else:
            rows = con.execute("SELECT id FROM texts WHERE instr(filt, ?) > 0", (folded,))
        return {from_db(r[0]) for r in rows}


def text_hits(store: MapStore, needle: str, limit: int = 200,
              newest_first: bool = False) -> list[TextHit]:
    """For each reflection holding `needle` (oldest first, at most `limit`), the first
    text that does: the pack title, then each answer's words (a part answer's id not).
    `newest_first`: the newest `limit` of them, newest first."""
    folded = _usable(needle)
    if not folded or limit <= 0:
        return []
    found: list[TextHit] = []
    with _fresh(store.folder) as (con, _):
        order = "e.started_key DESC, e.id DESC" if newest_first else "e.started_key, e.id"
        rows = con.execute("SELECT e.id, e.pack_title, t.hit_items, e.started, e.part "
                           "FROM texts t JOIN entries e ON e.id = t.id WHERE "
                           f"instr(t.hits, ?) > 0 ORDER BY {order} LIMIT ?", (folded, limit))
        for rec_id, title, items, started, part in rows:
            for where, text in json.loads(items):
                if folded in fold(text):
                    found.append(TextHit(from_db(rec_id), title, where, text,
                                         datetime.fromisoformat(started), part))
                    break
    return found


def naming(store: MapStore, part_id: str) -> set[str]:
    """Ids of reflections that name the part: as their part or in a part answer."""
    with _fresh(store.folder) as (con, _):
        return {from_db(rec_id) for rec_id, named in con.execute(
            "SELECT id, named FROM texts WHERE instr(named, ?) > 0",
            (json.dumps(part_id)[1:-1],)) if part_id in json.loads(named)}


@dataclass(frozen=True)
class Checked:
    """What `ifs check` says of the reflection files, from the index."""

    problems: list[Problem]  # per file in name order: content, then mode
    hazards: list[tuple[Path, str, list[str]]]  # (file, field, characters)


def checked(folder: Path, keep: bool = True) -> Checked:
    """Every reflection file's problems as `ifs check` reports them, parsing only
    files changed since they were last looked at (`keep=False`: build it in memory,
    writing nothing)."""
    from .check import mode_problems

    where = folder / paths.REFLECTIONS_DIR
    problems: list[Problem] = []
    hazards: list[tuple[Path, str, list[str]]] = []
    with _fresh(folder, keep) as (con, report):
        problems += report.folder_problems
        # Only rows with something to say: most files have nothing, and stay unread.
        sql = "SELECT id, checked, hazards, valid FROM entries "
        found_rows = con.execute(sql + "WHERE noted = 1").fetchall()
        have = {r[0] for r in found_rows}
        for rec_id in report.modes:
            if to_db(rec_id) not in have:
                found_rows += con.execute(sql + "WHERE id = ?", (to_db(rec_id),)).fetchall()
        rows = sorted((from_db(r[0]) + ".toml", *r[1:]) for r in found_rows)
        for name, found, odd, valid in rows:  # sorted as toml_files sorts
            rec_id, path = name[: -len(".toml")], where / name
            problems += [problem_from(p, path) for p in json.loads(found)]
            if valid and rec_id in report.modes:
                problems += mode_problems(report.modes[rec_id], path, 0o600, folder)
            hazards += [(path, f, chars) for f, chars in json.loads(odd)]
    return Checked(problems, hazards)


# --- has anything changed? (the app's journal, on each opening) ---------------------


def stamp(store: MapStore) -> tuple[int, int, int, int] | None:
    """The index file's (mtime_ns, ctime_ns, size, inode): any write to the index, by
    any process, changes it. Taken just before a listing; None when there is no file.
    Only a stat: opening the file here could drop this process's SQLite locks."""
    try:
        st = os.stat(index_file(store))
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def unchanged_since(store: MapStore, seen: tuple[int, int, int, int] | None) -> bool:
    """True when a listing taken after `seen` (a stamp) is still what listing() would
    give: no process has written the index since, and no reflection file changed. Costs
    a stat per file, not a listing; any doubt answers False."""
    if seen is None or stamp(store) != seen:
        return False
    report = sync(store)
    return not (report.read or report.dropped or report.folder_problems or report.in_memory)


# --- a first build: worth a word before it (the CLI says so on a terminal) --------------


def files_to_read(folder: Path) -> int:
    """How many reflection files the next sync will parse when the index is to be built
    from nothing (no index yet, an empty or older one); 0 when an index of this version
    is there. Cheap: a stat and 100 bytes, and a folder listing only before a build."""
    try:
        with open(paths.cache_dir(folder) / INDEX_FILE, "rb") as index:
            head = index.read(100)
    except FileNotFoundError:
        head = b""
    except OSError:
        return 0
    # The SQLite header holds PRAGMA user_version at bytes 60-63, big-endian. A newer
    # version's index is not ours to build (it is left alone).
    if (head.startswith(b"SQLite format 3\x00") and len(head) == 100
            and int.from_bytes(head[60:64], "big") >= VERSION):
        return 0
    try:
        with os.scandir(folder / paths.REFLECTIONS_DIR) as entries:
            return sum(1 for e in entries if e.name.endswith(".toml"))
    except OSError:
        return 0
