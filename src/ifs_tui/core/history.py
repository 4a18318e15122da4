"""The saved versions of map.toml: list them, compare them, bring one back.

A version's id is its file name in .history/ without `map-` and `.toml`, e.g.
`20261127T172000.123456Z` (the UTC time it was replaced). Ids never change as
more versions are kept, so a command typed from an earlier listing still means
the same version; any unique start of an id is accepted too. `current` is the
map as it is now. See docs/design-history.md.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths, sealed
from .atomic import refuse_links
from .errors import IfsError, InvalidInput, MapFormatError
from .fileerrors import file_error
from .mapdiff import LINK_ADDED, LINK_CHANGED, LINK_REMOVED, Change, diff, summary, words
from .model import PartsMap, as_aware
from .storage import MapStore, parse_map

CURRENT = "current"
_PREFIX, _SUFFIX = "map-", ".toml"


@dataclass
class Version:
    id: str
    path: Path
    pmap: PartsMap | None = None  # None when the file could not be read
    problem: str = ""

    @property
    def saved(self) -> datetime | None:
        """When this version was saved: the map's own `updated`, else when it was replaced."""
        if self.pmap is not None and self.pmap.updated is not None:
            return as_aware(self.pmap.updated)
        return _stamp_time(self.id)


@dataclass
class Entry:
    """One line of `ifs history`: a version and what it changed from the one before."""

    id: str
    saved: datetime | None
    summary: str
    count: int | None  # how many changes; None when it, or the one before, is unreadable
    # Per part id, what this version changed of it, without free text (core/timeline.py).
    parts: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)


def _stamp_time(version_id: str) -> datetime | None:
    try:
        return datetime.strptime(version_id[:23], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _read(store: MapStore, path: Path, version_id: str) -> Version:
    try:
        raw = sealed.read(path, store.folder)
    except OSError as err:
        return Version(version_id, path, problem=str(file_error("read", path, err)))
    try:
        return Version(version_id, path, parse_map(raw, str(path)))
    except MapFormatError as err:
        return Version(version_id, path, problem=str(err))


def version_ids(store: MapStore) -> list[str]:
    """The kept versions' ids, oldest first (the current map not included)."""
    return [p.name[len(_PREFIX):-len(_SUFFIX)] for p in store.history()]


def load_version(store: MapStore, version_id: str) -> Version:
    return _read(store, _path(store, version_id), version_id)


def versions(store: MapStore) -> list[Version]:
    """Every kept version and the current map, oldest first; unreadable ones included."""
    found = [load_version(store, v) for v in version_ids(store)]
    if store.exists():
        found.append(load_version(store, CURRENT))
    return found


CACHE_FILE = "history-summaries.json"


def _path(store: MapStore, version_id: str) -> Path:
    if version_id == CURRENT:
        return store.path
    return store.history_dir / f"{_PREFIX}{version_id}{_SUFFIX}"


def _file_key(store: MapStore, version_id: str) -> str:
    """A version's id, size and time: a file changed by hand gets a new key. A save
    hard-links map.toml into .history/, so the same file keeps its size and time there."""
    try:
        st = _path(store, version_id).stat()
    except OSError:
        return f"{version_id}@?"
    return f"{version_id}@{st.st_size}:{st.st_mtime_ns}"


def _read_cache(path: Path) -> dict[str, Any]:
    try:
        # Sealed like the map's own files when the map is (part ids name parts).
        data = json.loads(sealed.read(path, path.parent.parent))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(store: MapStore, path: Path, data: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # only a cache: the next listing computes it again
        refuse_links(path, store.folder)  # before making the folder: never through a link
        paths.ensure_private_dir(path.parent)
        sealed.write(path, json.dumps(data).encode(), store.folder)


def entries(store: MapStore, notice: Callable[[int], None] | None = None) -> list[Entry]:
    """Each version with a one-line summary of what it changed, newest first.

    Kept versions do not change, so their summaries (no free text: names, statuses and
    counts, see mapdiff.summary) are kept in .cache/, keyed by the files' sizes and
    times; each save adds its own (remember_save), so only versions made by another
    program or edited by hand are read here: reading 50 versions of a large map takes
    seconds. `notice(n)` is called first when more than NOTICE_AT versions must be read.
    """
    ids = [*version_ids(store), *([CURRENT] if store.exists() else [])]
    cache_path = paths.cache_dir(store.folder) / CACHE_FILE
    cache = _read_cache(cache_path)
    keys = [_pair_key(store, ids, i) for i in range(len(ids))]
    if keys and keys[0] and not _usable(cache.get(keys[0])):
        _as_oldest(cache, keys[0])
    missing = [k for k in keys if k and not _usable(cache.get(k))]
    if notice is not None and len(missing) > NOTICE_AT:
        notice(len(missing))
    fresh: dict[str, Any] = {}
    parsed: dict[str, Version] = {}

    def version(version_id: str) -> Version:
        if version_id not in parsed:
            parsed[version_id] = load_version(store, version_id)
        return parsed[version_id]

    out = []
    for i, (version_id, key) in enumerate(zip(ids, keys, strict=True)):
        kept = cache.get(key) if key else None
        if _usable(kept):
            assert isinstance(kept, dict)
            fresh[key] = kept
            saved = datetime.fromisoformat(kept["saved"]) if kept["saved"] else None
            out.append(Entry(version_id, saved, kept["summary"], kept["count"],
                             kept["parts"]))
            continue
        this = version(version_id)
        entry = _entry(this, version(ids[i - 1]) if i else None)
        if key:
            fresh[key] = _cached(entry, this.problem)
        out.append(entry)
    if fresh != cache:
        _write_cache(store, cache_path, fresh)
    return out[::-1]


NOTICE_AT = 10


def _pair_key(store: MapStore, ids: list[str], i: int) -> str:
    """The cache key of version i's summary: it and the version before, as files."""
    key = _file_key(store, ids[i])
    if key.endswith("@?"):
        return ""  # gone or unreadable as a file: not worth keeping
    before = _file_key(store, ids[i - 1]) if i else ""
    return f"{before}>{key}"


def _cached(entry: Entry, problem: str) -> dict[str, Any]:
    return {"saved": entry.saved.isoformat() if entry.saved else "",
            "summary": entry.summary, "count": entry.count, "problem": problem,
            "parts": entry.parts}


def _as_oldest(cache: dict[str, Any], key: str) -> None:
    """The oldest kept version's line, from its line when it had one before it (pruned
    since): known without reading it."""
    end = key.partition(">")[2]
    known = next((v for k, v in cache.items() if k.endswith(">" + end) and _usable(v)), None)
    if known is not None:
        cache[key] = {**known, "count": None, "parts": {}, "summary": (
            "could not be read: " + known["problem"] if known["problem"]
            else "the oldest version kept")}


def _by_part(changes: list[Change]) -> dict[str, list[str]]:
    """Each part's changes in words without free text; a link under both its ends."""
    found: dict[str, list[str]] = {}
    for change in changes:
        said = words(change, with_text=False)
        if change.kind in (LINK_ADDED, LINK_REMOVED, LINK_CHANGED):
            for end in dict.fromkeys((change.part, change.other)):
                found.setdefault(end, []).append(said)
        elif change.part:
            found.setdefault(change.part, []).append(said.removeprefix(f"{change.name}: "))
    return found


def remember_save(store: MapStore, kept: Path, before: PartsMap | None,
                  after: PartsMap) -> None:
    """Called by a save that kept the old map.toml as `kept`: the summaries of both are
    cached now, while the maps are in memory, so a later listing reads no file. The
    old map's summary was cached as `current`; the same file is now `kept`."""
    try:
        kept_id = kept.name[len(_PREFIX):-len(_SUFFIX)]
        kept_key = _file_key(store, kept_id)
        cache_path = paths.cache_dir(store.folder) / CACHE_FILE
        cache = _read_cache(cache_path)
        old_current = CURRENT + kept_key[len(kept_id):]
        for key in [k for k in cache if k.endswith(">" + old_current)]:
            cache[key.removesuffix(old_current) + kept_key] = cache.pop(key)
        alive = {*version_ids(store), CURRENT}  # versions pruned away: their lines go
        cache = {k: v for k, v in cache.items() if k.rpartition(">")[2].partition("@")[0]
                 in alive}
        new_key = _file_key(store, CURRENT)
        if not kept_key.endswith("@?") and not new_key.endswith("@?"):
            older = Version(kept_id, kept, before)
            if before is None:  # not frozen at load: the old file, parsed
                older = _read(store, kept, kept_id)
            entry = _entry(Version(CURRENT, store.path, after), older)
            cache[f"{kept_key}>{new_key}"] = _cached(entry, "")
        _write_cache(store, cache_path, cache)
    except (IfsError, OSError, ValueError, RecursionError):
        pass  # only a cache: the next listing computes what is missing


def _usable(kept: object) -> bool:
    if not isinstance(kept, dict):
        return False
    count = kept.get("count")
    return (isinstance(kept.get("summary"), str) and isinstance(kept.get("saved"), str)
            and isinstance(kept.get("problem"), str) and _said_of_parts(kept.get("parts"))
            and (count is None or (isinstance(count, int) and not isinstance(count, bool)))
            and (not kept["saved"] or _iso(kept["saved"])))


def _said_of_parts(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(said, list) and all(isinstance(s, str) for s in said)
        for said in value.values())


def _iso(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _entry(version: Version, before: Version | None) -> Entry:
    if version.pmap is None:
        return Entry(version.id, version.saved, "could not be read: " + version.problem, None)
    if before is None:
        return Entry(version.id, version.saved, "no earlier version kept yet"
                     if version.id == CURRENT else "the oldest version kept", None)
    if before.pmap is None:
        return Entry(version.id, version.saved, "the version before could not be read", None)
    changes = diff(before.pmap, version.pmap)
    return Entry(version.id, version.saved, summary(changes), len(changes), _by_part(changes))


def resolve(store: MapStore, ref: str) -> str:
    """The id a person typed (`current`, a whole id, or the unique start of one)."""
    ref = ref.strip()
    if ref.casefold() == CURRENT:
        return CURRENT
    ids = version_ids(store)
    if ref in ids:
        return ref
    matches = [v for v in ids if ref and v.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    shown = ref if ref.isprintable() and len(ref) <= 40 else "that"
    if matches:
        raise InvalidInput(f"{len(matches)} saved versions start with {shown}; type more of "
                           "the id (see: ifs history)")
    raise InvalidInput(f"no saved version {shown} in {store.history_dir}; see the list "
                       "with: ifs history")


def readable(store: MapStore, ref: str) -> Version:
    """The version `ref` names, parsed; an unreadable one is an error naming its file."""
    version = load_version(store, resolve(store, ref))
    if version.pmap is None:
        raise InvalidInput(version.problem)
    return version


def at_date(store: MapStore, when: datetime) -> tuple[Version, bool]:
    """The version that was current at `when`, and whether it was kept that far back
    (False: `when` is before every kept version, so the oldest one is given).

    A kept version was current until the time in its name, when a save replaced it: the
    first one replaced after `when` is the one, found from the names alone, so only
    that one file is read (an unreadable one is passed over for the next).
    """
    when = as_aware(when)
    ids = [v for v in version_ids(store) if _stamp_time(v) is not None]
    later = [v for v in ids if (_stamp_time(v) or when) > when]
    for version_id in [*later, CURRENT]:
        version = load_version(store, version_id)
        if version.pmap is not None:
            # Not kept that far when even this one was saved after `when`.
            return version, version.saved is None or version.saved <= when
    raise InvalidInput(f"no readable version of {store.path} was found; run: ifs check")


def restore(store: MapStore, ref: str) -> tuple[Version, list[Change]]:
    """Make version `ref` the current map. The map it replaces is kept in .history/ by
    the normal save, so the restore can itself be undone. Nothing is written when the
    version says the same as the current map (the changes are then empty)."""
    with store.edit() as current:
        version = readable(store, ref)
        assert version.pmap is not None
        changes = diff(current, version.pmap)
        if changes:
            store.save(version.pmap)
    return version, changes


def unreadable(store: MapStore) -> list[tuple[Path, str]]:
    """Kept versions that will not load, with the problem. Versions listed before are
    known from the summary cache; only the others are read. Writes nothing."""
    cache = _read_cache(paths.cache_dir(store.folder) / CACHE_FILE)
    known = {k.rpartition(">")[2]: v for k, v in cache.items() if _usable(v)}
    found = []
    for version_id in version_ids(store):
        kept = known.get(_file_key(store, version_id))
        problem = kept["problem"] if kept is not None else load_version(store, version_id).problem
        if problem:
            found.append((_path(store, version_id), problem))
    return found


def restore_over_broken(store: MapStore, ref: str) -> tuple[Version, str]:
    """Bring version `ref` back in place of a map.toml that will not load. The broken
    file is kept in .history/ first, as every save keeps the file it replaces, so not a
    byte of it is lost; only asked for by name (ifs restore --over-broken). Gives the
    version and the id the broken file is kept as ("" when there was no map.toml)."""
    with store.locked():
        try:
            raw = sealed.read(store.path, store.folder)
        except FileNotFoundError:
            raw = None
        except sealed.SealedFileError:  # encrypted, and damaged: taken as it lies
            raw = store.path.read_bytes()
        except OSError as err:
            raise file_error("read", store.path, err) from None
        if raw is not None:
            try:
                parse_map(raw, str(store.path))
            except MapFormatError:
                pass
            else:
                raise InvalidInput(f"{store.path} loads as it is; restore a version without "
                                   "--over-broken, so you see what would change first")
        version = readable(store, ref)
        assert version.pmap is not None
        before = set(version_ids(store))
        store.accept_unreadable(raw)
        store.save(version.pmap)
        kept = sorted(set(version_ids(store)) - before)
    return version, kept[-1] if kept else ""
