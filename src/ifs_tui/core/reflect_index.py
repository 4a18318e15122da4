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
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from . import paths, reflections
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .model import SCHEMA, as_aware
from .storage import MapStore, parse_toml

INDEX_FILE = "reflections.sqlite"
VERSION = 3  # PRAGMA user_version: older is rebuilt; newer is left alone (kept in memory)
# A file changed within this long of being read may change again with the same
# mtime (coarse file-system clocks): such rows are read again at the next sync.
RACY_NS = 2_000_000_000
BUSY_SECONDS = 5.0  # wait this long for another process's write, then work in memory
_DAMAGED = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB: replace the file
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SEP = "\n"  # between folded texts: a folded needle never holds it, so never spans two

_TABLE = """CREATE TABLE entries (
    id TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER, ctime_ns INTEGER,
    read_ns INTEGER,
    pack TEXT, pack_title TEXT, status TEXT, started TEXT, updated TEXT, part TEXT,
    changed TEXT, started_key INTEGER,
    filt TEXT,      -- journal filter: folded texts joined by _SEP
    hits TEXT,      -- search: folded texts joined by _SEP, in search order
    hit_items TEXT, -- search: JSON [[where, text], ...], same order
    named TEXT,     -- JSON part ids the reflection names (its part, part answers)
    problem TEXT,   -- JSON problem of a file that would not load (listing's one line)
    checked TEXT,   -- JSON problems `ifs check` reports for the file's content
    hazards TEXT,   -- JSON [[field, [chars]]] of terminal hazards
    valid INTEGER   -- 1 when it loaded: `ifs check` then looks at its mode
)"""
_ORDER = "CREATE INDEX entries_order ON entries (started_key, id)"
_COLUMNS = ("id", "mtime_ns", "size", "ino", "ctime_ns", "read_ns", "pack", "pack_title",
            "status", "started", "updated", "part", "changed", "started_key", "filt", "hits",
            "hit_items", "named", "problem", "checked", "hazards", "valid")
_INSERT = (f"INSERT OR REPLACE INTO entries ({', '.join(_COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(_COLUMNS))})")


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


@dataclass
class SyncReport:
    read: list[str] = field(default_factory=list)  # ids parsed again
    dropped: list[str] = field(default_factory=list)  # ids whose file is gone
    folder_problems: list[Problem] = field(default_factory=list)
    modes: dict[str, int] = field(default_factory=dict)  # id -> st_mode, for check
    in_memory: bool = False  # the index file could not be used this time


def index_file(store: MapStore) -> Path:
    return paths.cache_dir(store.folder) / INDEX_FILE


def _to_db(rec_id: str) -> str:
    """A file name that is not UTF-8 (kept by Python as lone surrogates) cannot be SQLite
    text: it is stored as NUL and its bytes in hex (no real name starts with NUL)."""
    try:
        rec_id.encode("utf-8")
        return rec_id
    except UnicodeEncodeError:
        return "\x00" + os.fsencode(rec_id).hex()


def _from_db(value: str) -> str:
    return os.fsdecode(bytes.fromhex(value[1:])) if value.startswith("\x00") else value


def fold(text: str) -> str:
    """Whitespace collapsed and case folded: how every needle and text is compared."""
    return " ".join(text.split()).casefold()


# --- opening -----------------------------------------------------------------


def _create(con: sqlite3.Connection) -> None:
    con.execute(_TABLE)
    con.execute(_ORDER)
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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index.", suffix=".tmp")
    os.close(fd)
    try:
        con = _connect_file(Path(tmp))
        try:
            _create(con)
        finally:
            con.close()
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


# --- reading files -----------------------------------------------------------


def _problem_json(problem: Problem, path: Path) -> list[Any]:
    file = None if problem.file == str(path) else problem.file  # rebuilt from the folder
    return [file, problem.field, problem.message, problem.line, problem.column,
            problem.severity]


def _problem_from(item: list[Any], path: Path) -> Problem:
    file, fieldname, message, line, column, severity = item
    return Problem(str(path) if file is None else file, fieldname, message, line=line,
                   column=column, severity=severity)


def _filter_texts(rec: reflections.Reflection) -> list[str]:
    """What the journal filter looks through (as the app's journal did before the index)."""
    texts = [rec.pack_title, rec.status]
    for answer in rec.answers:
        texts.append(answer.ask)
        value = answer.value
        texts.extend(value if isinstance(value, list) else [str(value or "")])
    return texts


def _hit_items(rec: reflections.Reflection) -> list[list[str]]:
    """(where, text) in the order search looks (as core/search.py does)."""
    items = [[rec.pack_title, rec.pack_title]]
    for answer in rec.answers:
        value = answer.value
        if isinstance(value, list):
            items.append([answer.ask, ", ".join(value)])
        elif isinstance(value, str) and answer.kind != "part":
            items.append([answer.ask, value])
    return items


def _named(rec: reflections.Reflection) -> list[str]:
    named = [rec.part] if rec.part else []
    named += [a.value for a in rec.answers
              if a.kind in ("part", "make_part") and isinstance(a.value, str)]
    return named


def _key(value: datetime) -> int:
    return (as_aware(value) - _EPOCH) // timedelta(microseconds=1)


def _row(rec_id: str, path: Path, st: os.stat_result, read_ns: int) -> tuple[Any, ...]:
    """Parse one file into its row: what every reader of the index needs from it."""
    from .check import file_hazards, naive_dates

    stamp = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns, read_ns)
    try:
        raw = path.read_bytes()
    except OSError as err:
        problem = _problem_json(file_problem("read", path, err), path)
        return (rec_id, *stamp, *(None,) * 12, json.dumps(problem), json.dumps([problem]),
                "[]", 0)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    hazards = file_hazards(text) if text is not None else []
    try:
        data = parse_toml(raw, str(path))
        rec = reflections.from_dict(data, rec_id, str(path), text)
    except MapFormatError as err:
        one = reflections._one_problem(err.problems)
        return (rec_id, *stamp, *(None,) * 12, json.dumps(_problem_json(one, path)),
                json.dumps([_problem_json(p, path) for p in err.problems]),
                json.dumps(hazards), 0)
    assert text is not None  # parse_toml refuses bytes that are not UTF-8
    checked: list[Problem] = []
    schema = data.get("schema")  # as check did for every entry file
    if not isinstance(schema, int) or isinstance(schema, bool):
        checked.append(Problem(str(path), "schema", "missing or not a whole number"))
    elif schema > SCHEMA:
        checked.append(Problem(str(path), "schema",
                               f"schema {schema} is newer than this version knows"))
    checked += naive_dates(data, str(path), text)
    hits = _hit_items(rec)
    return (rec_id, *stamp, rec.pack, rec.pack_title, rec.status, rec.started.isoformat(),
            rec.updated.isoformat(), rec.part,
            json.dumps(rec.changed) if rec.changed else "", _key(rec.started),
            _SEP.join(fold(t) for t in _filter_texts(rec)),
            _SEP.join(fold(t) for _, t in hits), json.dumps(hits), json.dumps(_named(rec)),
            None, json.dumps([_problem_json(p, path) for p in checked]), json.dumps(hazards),
            1)


def _sync(con: sqlite3.Connection, folder: Path) -> SyncReport:
    """Bring the rows up to date with the files. Parsing happens outside the write
    transaction, so another process waits only for the short write."""
    report = SyncReport()
    where = folder / paths.REFLECTIONS_DIR
    names, report.folder_problems = reflections.toml_files(where)
    known = {_from_db(row[0]): row[1:] for row in con.execute(
        "SELECT id, mtime_ns, size, ino, ctime_ns, read_ns FROM entries")}
    rows = []
    base = os.path.join(where, "")  # plain strings: a Path per file costs more than its stat
    for name in names:
        rec_id = name[: -len(".toml")]
        read_ns = time.time_ns()
        try:
            st = os.stat(base + name)
        except OSError as err:
            path = where / name
            problem = _problem_json(file_problem("read", path, err), path)
            rows.append((rec_id, 0, 0, 0, 0, read_ns, *(None,) * 12, json.dumps(problem),
                         json.dumps([problem]), "[]", 0))
            continue
        report.modes[rec_id] = st.st_mode
        old = known.get(rec_id)
        if (old is not None and old[:4] == (st.st_mtime_ns, st.st_size, st.st_ino,
                                            st.st_ctime_ns)
                and st.st_mtime_ns < old[4] - RACY_NS):
            continue
        rows.append(_row(rec_id, where / name, st, read_ns))
    gone = sorted(set(known) - {n[: -len(".toml")] for n in names})
    report.read = [r[0] for r in rows]
    report.dropped = gone
    rows = [(_to_db(r[0]), *r[1:]) for r in rows]
    if rows or gone:
        # IMMEDIATE: take the write lock now (waiting up to BUSY_SECONDS), not half-way.
        con.execute("BEGIN IMMEDIATE")
        try:
            con.executemany(_INSERT, rows)
            con.executemany("DELETE FROM entries WHERE id = ?", [(_to_db(g),) for g in gone])
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
    return report


@contextlib.contextmanager
def _fresh(folder: Path, keep: bool = True) -> Iterator[tuple[sqlite3.Connection, SyncReport]]:
    """An up-to-date index to read from. When the file cannot be written in time
    (another process holds it) or turns out damaged, a copy in memory is used.
    `keep=False`: in memory only, nothing written into the map folder."""
    con = _open(folder) if keep else _memory()
    try:
        report = _sync(con, folder)
    except sqlite3.Error as err:
        damaged = getattr(err, "sqlite_errorcode", None) in _DAMAGED
        mem = _memory()
        if not damaged:
            try:
                con.backup(mem)
            except sqlite3.Error:
                mem.close()
                mem = _memory()
        con.close()
        if damaged:  # rebuilt next time
            with contextlib.suppress(OSError, sqlite3.Error):
                _replace_fresh(paths.cache_dir(folder) / INDEX_FILE)
        con = mem
        report = _sync(con, folder)
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
    return Header(_from_db(r[0]), r[1], r[2], r[3], datetime.fromisoformat(r[4]),
                  datetime.fromisoformat(r[5]), r[6], tuple(json.loads(r[7])) if r[7] else ())


_HEADER_SQL = ("SELECT id, pack, pack_title, status, started, updated, part, changed "
               "FROM entries WHERE problem IS NULL ")


def _problems(con: sqlite3.Connection, folder: Path, report: SyncReport) -> list[Problem]:
    where = folder / paths.REFLECTIONS_DIR
    rows = sorted((_from_db(rec_id) + ".toml", p) for rec_id, p in con.execute(
        "SELECT id, problem FROM entries WHERE problem IS NOT NULL"))  # as toml_files sorts
    return report.folder_problems + [_problem_from(json.loads(p), where / name)
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
            rows = con.execute("SELECT id FROM entries WHERE problem IS NULL")
        else:
            rows = con.execute("SELECT id FROM entries WHERE problem IS NULL "
                               "AND instr(filt, ?) > 0", (folded,))
        return {_from_db(r[0]) for r in rows}


def text_hits(store: MapStore, needle: str, limit: int = 200) -> list[TextHit]:
    """For each reflection holding `needle` (oldest first, at most `limit`), the first
    text that does: the pack title, then each answer's words (a part answer's id not)."""
    folded = _usable(needle)
    if not folded or limit <= 0:
        return []
    found: list[TextHit] = []
    with _fresh(store.folder) as (con, _):
        rows = con.execute("SELECT id, pack_title, hit_items FROM entries "
                           "WHERE problem IS NULL AND instr(hits, ?) > 0 "
                           "ORDER BY started_key, id LIMIT ?", (folded, limit))
        for rec_id, title, items in rows:
            for where, text in json.loads(items):
                if folded in fold(text):
                    found.append(TextHit(_from_db(rec_id), title, where, text))
                    break
    return found


def naming(store: MapStore, part_id: str) -> set[str]:
    """Ids of reflections that name the part: as their part or in a part answer."""
    with _fresh(store.folder) as (con, _):
        return {_from_db(rec_id) for rec_id, named in con.execute(
            "SELECT id, named FROM entries WHERE problem IS NULL AND instr(named, ?) > 0",
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
        found_rows = con.execute(sql + "WHERE checked != '[]' OR hazards != '[]'").fetchall()
        have = {r[0] for r in found_rows}
        for rec_id, mode in report.modes.items():
            if mode & 0o077 and _to_db(rec_id) not in have:
                found_rows += con.execute(sql + "WHERE id = ?", (_to_db(rec_id),)).fetchall()
        rows = sorted((_from_db(r[0]) + ".toml", *r[1:]) for r in found_rows)
        for name, found, odd, valid in rows:  # sorted as toml_files sorts
            rec_id, path = name[: -len(".toml")], where / name
            problems += [_problem_from(p, path) for p in json.loads(found)]
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
