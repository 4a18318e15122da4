"""The drawn map: Self, protectors, exiles and the lines between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Static

from ..text import plain
from ..widgets.footer import KeyFooter
from ..widgets.map_canvas import LEGEND, MapCanvas

if TYPE_CHECKING:
    from ..app import IfsApp


class MapViewScreen(Screen[str | None]):
    """Dismisses with the id of the part to show in the tree, or None."""

    HELP_TITLE = "the drawn map"
    BINDINGS = [
        Binding("m,escape", "to_tree", "Tree view", id="mapview.tree"),
    ]

    def __init__(self, chosen: str | None) -> None:
        super().__init__()
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        app = cast("IfsApp", self.app)
        assert app.pmap is not None
        title = app.pmap.title or "My parts map"
        yield Static(plain(f"{title}  ·  arrows move, Enter opens a part, m goes back to "
                           "the tree"), id="title-bar")
        with ScrollableContainer(id="map-scroll"):
            yield MapCanvas(app.pmap, self.chosen, id="canvas")
        # Outside the scrolling area, so what the lines mean is always in sight.
        legend = Static(Text(LEGEND, no_wrap=True, overflow="ellipsis"), id="map-legend")
        legend.styles.height = 1
        legend.styles.padding = (0, 1)
        yield legend
        yield KeyFooter()

    def on_mount(self) -> None:
        canvas = self.query_one(MapCanvas)
        canvas.focus()
        canvas.watch_chosen(canvas.chosen)

    def on_map_canvas_opened(self, event: MapCanvas.Opened) -> None:
        self.dismiss(event.part_id)

    def action_to_tree(self) -> None:
        self.dismiss(self.query_one(MapCanvas).chosen)
