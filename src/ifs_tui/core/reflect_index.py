"""A rebuildable SQLite index of the reflections in a map (prototype, issue 12).

The TOML files stay the truth. The index keeps each file's header fields and
answer text with the file's (mtime_ns, size), so listing and search parse only
files that changed since the last sync. Deleting the index loses nothing: the
next sync reads every file again. A file that will not load gets a row with its
problem, so it is reported, never hidden. See docs/design-index.md.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import paths, reflections
from .errors import MapFormatError, Problem
from .fileerrors import file_problem
from .model import as_aware, clean_text
from .storage import MapStore

INDEX_FILE = "reflections.sqlite"
VERSION = 2  # PRAGMA user_version; another number means: rebuild
# A file changed within this long of being read may change again with the same
# mtime (coarse file-system clocks): such rows are read again at the next sync.
RACY_NS = 2_000_000_000

_TABLES = """
CREATE TABLE entries (
    id TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    read_ns INTEGER NOT NULL,
    pack TEXT, pack_title TEXT, status TEXT, started TEXT, updated TEXT, part TEXT,
    started_key REAL, doc INTEGER,  -- doc: the rowid of its words in texts
    problem_field TEXT, problem_message TEXT, problem_line INTEGER, problem_column INTEGER
);
CREATE INDEX entries_doc ON entries (doc);
"""
_COLUMNS = ("id, mtime_ns, size, read_ns, pack, pack_title, status, started, updated, part, "
            "started_key, doc, problem_field, problem_message, problem_line, problem_column")


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


@dataclass
class SyncReport:
    read: list[str] = field(default_factory=list)  # ids parsed again
    dropped: list[str] = field(default_factory=list)  # ids whose file is gone
    folder_problems: list[Problem] = field(default_factory=list)


def index_file(store: MapStore) -> Path:
    return paths.cache_dir(store.folder) / INDEX_FILE


def _fts_available(con: sqlite3.Connection) -> bool:
    try:
        con.execute("CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x)")
        con.execute("DROP TABLE temp.fts_probe")
        return True
    except sqlite3.Error:
        return False


def _create(con: sqlite3.Connection) -> None:
    con.executescript(_TABLES)
    if _fts_available(con):
        con.execute("CREATE VIRTUAL TABLE texts USING fts5(body)")
    else:  # searched with instr(): slower, same answers for plain words
        con.execute("CREATE TABLE texts (body TEXT)")
    con.execute(f"PRAGMA user_version = {VERSION}")


def _private_file(path: Path, flags: int) -> None:
    """Make the index file 0600 before SQLite opens it (its journal copies the mode).

    A link in place of the folder or the file is refused, as saves refuse links:
    the private words must not be written wherever it points."""
    if path.parent.is_symlink():
        raise OSError(f"{path.parent} is a symbolic link")
    paths.ensure_private_dir(path.parent)
    fd = os.open(path, flags | os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _open_file(path: Path) -> sqlite3.Connection:
    _private_file(path, 0)
    con = sqlite3.connect(path, timeout=10)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version != VERSION:
        con.close()
        raise sqlite3.DatabaseError("index from another version")
    return con


@contextlib.contextmanager
def _connect(store: MapStore) -> Iterator[sqlite3.Connection]:
    """The map's index; rebuilt when unreadable or from another version, and kept
    in memory when the cache folder cannot be written (the listing still works)."""
    path = index_file(store)
    con: sqlite3.Connection | None = None
    try:
        try:
            con = _open_file(path)
            con.execute("SELECT count(*) FROM entries").fetchone()
        except sqlite3.DatabaseError:
            if con is not None:
                con.close()
            con = None
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            con = _open_new(path)
    except (OSError, sqlite3.Error):
        if con is not None:
            con.close()
        con = sqlite3.connect(":memory:")
        _create(con)
    try:
        yield con
    finally:
        con.close()


def _open_new(path: Path) -> sqlite3.Connection:
    _private_file(path, os.O_EXCL)
    con = sqlite3.connect(path, timeout=10)
    _create(con)
    con.commit()
    return con


def _body(rec: reflections.Reflection) -> str:
    """The words a search looks through: every answer and a kept draft."""
    words = [reflections.answer_text(a) for a in rec.answers if not a.skipped]
    if rec.draft is not None:
        words.append(rec.draft.text)
    return "\n".join(w for w in words if w)


def _drop_words(con: sqlite3.Connection, rec_id: str) -> None:
    # By rowid: FTS5 finds an UNINDEXED column only by scanning every row.
    con.execute("DELETE FROM texts WHERE rowid IN (SELECT doc FROM entries WHERE id = ?)",
                (rec_id,))


def _write_row(con: sqlite3.Connection, rec_id: str, stamp: tuple[int, int], read_ns: int,
               rec: reflections.Reflection | None, problem: Problem | None) -> None:
    _drop_words(con, rec_id)
    insert = f"INSERT OR REPLACE INTO entries ({_COLUMNS}) VALUES ({', '.join('?' * 16)})"
    if rec is not None:
        doc = con.execute("INSERT INTO texts (body) VALUES (?)", (_body(rec),)).lastrowid
        con.execute(insert, (rec_id, *stamp, read_ns, rec.pack, rec.pack_title, rec.status,
                             rec.started.isoformat(), rec.updated.isoformat(), rec.part,
                             as_aware(rec.started).timestamp(), doc, None, None, None, None))
    else:
        assert problem is not None
        con.execute(insert, (rec_id, *stamp, read_ns, *(None,) * 8, problem.field,
                             problem.message, problem.line, problem.column))


def _sync(con: sqlite3.Connection, store: MapStore) -> SyncReport:
    report = SyncReport()
    folder = reflections.folder_of(store)
    names, report.folder_problems = reflections.toml_files(folder)
    known = {row[0]: row[1:] for row in
             con.execute("SELECT id, mtime_ns, size, read_ns FROM entries")}
    seen: set[str] = set()
    with con:  # one transaction: a sync stopped half-way leaves the index as it was
        for name in names:
            rec_id, path = name[: -len(".toml")], folder / name
            seen.add(rec_id)
            read_ns = time.time_ns()
            try:
                st = path.stat()
            except OSError as err:
                _write_row(con, rec_id, (0, 0), read_ns, None, file_problem("read", path, err))
                report.read.append(rec_id)
                continue
            old = known.get(rec_id)
            if (old is not None and old[0] == st.st_mtime_ns and old[1] == st.st_size
                    and st.st_mtime_ns < old[2] - RACY_NS):
                continue
            rec, problem = None, None
            try:
                rec = reflections.parse(path.read_bytes(), rec_id, str(path))
            except OSError as err:
                problem = file_problem("read", path, err)
            except MapFormatError as err:
                problem = reflections._one_problem(err.problems)
            _write_row(con, rec_id, (st.st_mtime_ns, st.st_size), read_ns, rec, problem)
            report.read.append(rec_id)
        for rec_id in sorted(set(known) - seen):
            _drop_words(con, rec_id)
            con.execute("DELETE FROM entries WHERE id = ?", (rec_id,))
            report.dropped.append(rec_id)
    return report


def sync(store: MapStore) -> SyncReport:
    """Bring the index up to date with the reflection files."""
    with _connect(store) as con:
        return _sync(con, store)


def _problem_of(store: MapStore, row: tuple[str, str, str, int | None, int | None]) -> Problem:
    rec_id, fieldname, message, line, column = row
    path = reflections.folder_of(store) / f"{rec_id}.toml"
    return Problem(str(path), fieldname or "", message, line=line, column=column)


def listing(store: MapStore) -> tuple[list[Header], list[Problem]]:
    """Every reflection's header, oldest first, and a problem per file that would
    not load: what reflections.list_all gives, without parsing unchanged files."""
    with _connect(store) as con:
        report = _sync(con, store)
        headers = [
            Header(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]),
                   datetime.fromisoformat(r[5]), r[6])
            for r in con.execute(
                "SELECT id, pack, pack_title, status, started, updated, part FROM entries "
                "WHERE problem_message IS NULL ORDER BY started_key, id")]
        problems = report.folder_problems + [
            _problem_of(store, r) for r in con.execute(
                "SELECT id, problem_field, problem_message, problem_line, problem_column "
                "FROM entries "
                "WHERE problem_message IS NOT NULL ORDER BY id")]
    return headers, problems


def _fts_query(words: str) -> str:
    """Each word as a quoted FTS5 prefix, so nothing typed is read as syntax."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words.split())


def search(store: MapStore, words: str) -> list[str]:
    """Ids of the reflections whose answers hold every word (any case), oldest first.

    With FTS5 a word matches the start of a word ("laugh" finds "laughed"); without
    it, anywhere in the text."""
    # FTS5 ends a string at NUL; a lone surrogate cannot be encoded for SQLite.
    words = clean_text(words.replace("\x00", " "))
    if not words.split():
        return []
    with _connect(store) as con:
        _sync(con, store)
        fts = con.execute("SELECT sql FROM sqlite_master WHERE name = 'texts'").fetchone()
        if fts and "fts5" in fts[0].lower():
            rows = con.execute(
                "SELECT entries.id FROM texts JOIN entries ON entries.doc = texts.rowid "
                "WHERE texts MATCH ? ORDER BY entries.started_key, entries.id",
                (_fts_query(words),))
            return [r[0] for r in rows]
        ids = [r[0] for r in con.execute(
            "SELECT entries.id, texts.body FROM texts JOIN entries ON entries.doc = texts.rowid "
            "ORDER BY entries.started_key, entries.id")
            if all(w.casefold() in r[1].casefold() for w in words.split())]
        return ids
