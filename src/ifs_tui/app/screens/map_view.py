"""The drawn map: Self, protectors, exiles and the lines between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Static

from ifs_tui.core.layout import SMALL_MAP
from ifs_tui.core.model import PartsMap
from ifs_tui.core.routing import Drawing, route

from ..text import plain
from ..widgets.footer import KeyFooter
from ..widgets.map_canvas import BOX_H, BOX_W, GEOMETRY, LEGEND, MapCanvas
from ..widgets.map_lines import LineRows

QUICK_PARTS = SMALL_MAP
# Past this the drawing is hundreds of thousands of rows of crossing lines, nobody
# can follow a link across it, and routing it takes minutes (its line length grows
# with the square of the parts): the screen says so and points to the tree instead.
MOST_DRAWN = 2500
TOO_BIG = ("This map has {parts:,} parts and {links:,} links: too many to draw in a way "
           "anyone could follow. The tree shows every part and its links; press m or "
           "Escape to go back to it.")

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
        too_big = self._too_big(app.pmap)
        keys = "m goes back to the tree" if too_big else (
            "arrows move, Enter opens a part, m goes back to the tree")
        yield Static(plain(f"{title}  ·  {keys}"), id="title-bar")
        with ScrollableContainer(id="map-scroll"):
            if too_big:
                yield Static(plain(TOO_BIG.format(parts=len(app.pmap.parts),
                                                  links=len(app.pmap.relationships))),
                             id="map-too-big", classes="hint")
            elif self._quick(app.pmap):
                yield MapCanvas(app.pmap, self.chosen, id="canvas")
            else:
                yield Static("Drawing the map…", id="map-drawing", classes="hint")
        # Outside the scrolling area, so what the lines mean is always in sight.
        legend = Static(Text(LEGEND, no_wrap=True, overflow="ellipsis"), id="map-legend")
        legend.styles.height = 1
        legend.styles.padding = (0, 1)
        legend.display = not too_big
        yield legend
        yield KeyFooter()

    @staticmethod
    def _quick(pmap: PartsMap) -> bool:
        # Routing grows with links times the rows they cross: small maps draw at once,
        # larger ones in a thread, so keys (escape included) answer meanwhile.
        return len(pmap.parts) <= QUICK_PARTS and len(pmap.relationships) <= QUICK_PARTS

    @staticmethod
    def _too_big(pmap: PartsMap) -> bool:
        return len(pmap.parts) > MOST_DRAWN or len(pmap.relationships) > 2 * MOST_DRAWN

    def on_mount(self) -> None:
        if self.query("#map-too-big"):
            return
        if not self.query(MapCanvas):
            app = cast("IfsApp", self.app)
            assert app.pmap is not None
            self._draw(app.pmap)
            return
        # After the first layout: before it, the scroll area has no size to scroll in.
        self.call_after_refresh(self._show, self.query_one(MapCanvas))

    def _show(self, canvas: MapCanvas) -> None:
        canvas.focus(scroll_visible=False)  # focus would scroll to the canvas's top left
        canvas.watch_chosen(None, canvas.chosen)

    @work(thread=True, exclusive=True, group="map-draw")
    def _draw(self, pmap: PartsMap) -> None:
        drawing = route(pmap, GEOMETRY)
        lines = LineRows(drawing, BOX_W, BOX_H)
        # _drawn is a coroutine (it awaits the mount); call_from_thread awaits it.
        self.app.call_from_thread(self._drawn, pmap, drawing, lines)  # type: ignore[arg-type]

    async def _drawn(self, pmap: PartsMap, drawing: Drawing, lines: LineRows) -> None:
        if not self.is_attached:  # the person went back before it was ready
            return
        canvas = MapCanvas(pmap, self.chosen, drawing=drawing, lines=lines, id="canvas")
        self.query_one("#map-drawing", Static).remove()
        await self.query_one("#map-scroll", ScrollableContainer).mount(canvas)
        self.call_after_refresh(self._show, canvas)

    def on_map_canvas_opened(self, event: MapCanvas.Opened) -> None:
        self.dismiss(event.part_id)

    def action_to_tree(self) -> None:
        canvases = self.query(MapCanvas)  # none yet while a large map is being drawn
        self.dismiss(canvases.first().chosen if canvases else self.chosen)
