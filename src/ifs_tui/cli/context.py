"""Shared state of one `ifs` run: which map, and helpers to reach it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ifs_tui.core.model import PartsMap
    from ifs_tui.core.storage import MapStore

# The core is imported where it is used, so `ifs --version` and `ifs --help` load none of it.

# `-h` as well as `--help`, on the app and every sub-app.
HELP = {"help_option_names": ["-h", "--help"]}


@dataclass
class Session:
    map_spec: str | None = None

    @property
    def folder(self) -> Path:
        from ifs_tui.core import paths

        return paths.map_dir(self.map_spec)

    def store(self) -> MapStore:
        from ifs_tui.core import sealed
        from ifs_tui.core.storage import MapStore

        folder = self.folder
        if sealed.is_sealed(folder):
            # Asked now, before any lock is taken: a save in the app never waits on a prompt.
            sealed.data_key(folder)
            from ifs_tui.core.sealing import stopped_words

            if said := stopped_words(folder, self.ifs):
                from . import output

                output.note(said)
        return MapStore(folder)

    @property
    def ifs(self) -> str:
        """How to call `ifs` again for this map, for messages that suggest a command."""
        return ifs_for(self.map_spec)

    def init_hint(self) -> str:
        return f"create it with: {self.ifs} init"

    def load(self, freeze: bool = True) -> tuple[MapStore, PartsMap]:
        """The map; `freeze=False` where the command only reads it (see MapStore.load)."""
        from ifs_tui.core.errors import MapNotFound

        store = self.store()
        try:
            return store, store.load(freeze)
        except MapNotFound as err:
            raise MapNotFound(f"{err}; {self.init_hint()}") from None

    def load_for_names(self) -> tuple[MapStore, PartsMap]:
        """The map for its part names only: when map.toml will not load, an empty map
        and a note, so moments and journeys (their own files) can still be kept and read."""
        from ifs_tui.core.errors import MapFormatError
        from ifs_tui.core.model import PartsMap

        try:
            return self.load()
        except MapFormatError as err:
            from . import output

            output.note(str(err))
            output.note(f"map.toml will not load, so parts are named by their ids; "
                        f"{self.ifs} check says more.")
            return self.store(), PartsMap(title="")

    @contextlib.contextmanager
    def edit(self) -> Iterator[tuple[MapStore, PartsMap]]:
        from ifs_tui.core.errors import MapNotFound

        store = self.store()
        try:
            with store.edit() as pmap:
                yield store, pmap
        except MapNotFound as err:
            raise MapNotFound(f"{err}; {self.init_hint()}") from None


def ifs_for(map_spec: str | None) -> str:
    """`ifs`, with `--map X` when one was given, quoted for the shell where needed."""
    import shlex

    return f"ifs --map {shlex.quote(map_spec)}" if map_spec else "ifs"


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    if not isinstance(obj, Session):
        obj = Session()
        ctx.find_root().obj = obj
    return obj
