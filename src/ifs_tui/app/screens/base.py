"""What every screen that works on the open map needs: the app, typed, and its map."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ifs_tui.core.model import PartsMap

if TYPE_CHECKING:
    from textual.app import App

    from ..app import IfsApp


class OnMap:
    """A plain mixin (not a DOM node), so it changes nothing about styling."""

    if TYPE_CHECKING:
        app: App[Any]

    @property
    def ifs(self) -> IfsApp:
        return cast("IfsApp", self.app)

    @property
    def pmap(self) -> PartsMap:
        assert self.ifs.pmap is not None, "the map is loaded before any such screen opens"
        return self.ifs.pmap
