"""The saved versions of map.toml: list them, compare them, bring one back.

A version's id is its file name in .history/ without `map-` and `.toml`, e.g.
`20261127T172000.123456Z` (the UTC time it was replaced). Ids never change as
more versions are kept, so a command typed from an earlier listing still means
the same version; any unique start of an id is accepted too. `current` is the
map as it is now. See docs/design-history.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import InvalidInput, MapFormatError
from .fileerrors import file_error
from .mapdiff import Change, diff, summary
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

    version: Version
    changes: list[Change] | None  # None when it, or the one before, could not be read
    summary: str


def _stamp_time(version_id: str) -> datetime | None:
    try:
        return datetime.strptime(version_id[:23], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _read(path: Path, version_id: str) -> Version:
    try:
        raw = path.read_bytes()
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
    if version_id == CURRENT:
        return _read(store.path, CURRENT)
    return _read(store.history_dir / f"{_PREFIX}{version_id}{_SUFFIX}", version_id)


def versions(store: MapStore) -> list[Version]:
    """Every kept version and the current map, oldest first; unreadable ones included."""
    found = [load_version(store, v) for v in version_ids(store)]
    if store.exists():
        found.append(load_version(store, CURRENT))
    return found


def entries(store: MapStore) -> list[Entry]:
    """Each version with a one-line summary of what it changed, newest first."""
    found = versions(store)
    out = []
    for i, version in enumerate(found):
        before = found[i - 1] if i else None
        if version.pmap is None:
            out.append(Entry(version, None, "could not be read: " + version.problem))
        elif before is None:
            out.append(Entry(version, None, "the oldest version kept"))
        elif before.pmap is None:
            out.append(Entry(version, None, "the version before could not be read"))
        else:
            changes = diff(before.pmap, version.pmap)
            out.append(Entry(version, changes, summary(changes)))
    return out[::-1]


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
    (False: `when` is before every kept version, so the oldest one is given)."""
    found = [v for v in versions(store) if v.pmap is not None]
    if not found:
        raise InvalidInput(f"no readable version of {store.path} was found; run: ifs check")
    when = as_aware(when)
    before = [v for v in found if (v.saved or when) <= when]
    return (before[-1], True) if before else (found[0], False)


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



def parse_when(text: str, option: str = "--since") -> datetime:
    """A date or date and time a person typed: 2026-11-27, 2026-11-27T18:30, with or
    without an offset. Without one it is the local time of this machine."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        shown = f"'{text}'" if text.isprintable() and len(text) <= 40 else "that"
        raise InvalidInput(f"{option}: {shown} is not a date; write it as 2026-11-27 or "
                           "2026-11-27T18:30") from None
    if when.tzinfo is None or when.utcoffset() is None:
        try:
            when = when.astimezone()  # naive: local time
        except (OverflowError, OSError, ValueError):
            when = when.replace(tzinfo=UTC)  # the years 1 and 9999
    return when
