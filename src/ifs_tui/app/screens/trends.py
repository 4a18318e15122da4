"""Trends (g): a sparkline per quality of the Self-energy check-in, or of another pack
with scale steps; by check-in or by week; left and right look further back."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ifs_tui.core import trend_words, trends
from ifs_tui.core.errors import IfsError
from ifs_tui.core.packs import PackSet
from ifs_tui.core.trends import SELF_ENERGY, SKIPPED_MARK, Trends

from ..text import plain, visible
from ..widgets.footer import KeyFooter
from .base import OnMap

LOADING = "Reading your check-ins…"


class TrendsScreen(OnMap, Screen[None]):
    HELP_TITLE = "trends"
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="trends.close", tooltip="Back to the map"),
        Binding("b", "toggle_by", "By week/check-in", id="trends.by",
                tooltip="One point per check-in, or one per week (its mean)"),
        # Priority: over the scrolling body, which would move sideways with them.
        Binding("left", "older", "Older", id="trends.older", tooltip="Look further back",
                priority=True),
        Binding("right", "newer", "Newer", id="trends.newer",
                tooltip="Back toward the newest check-ins", priority=True),
        Binding("enter", "check_in", "Check in", id="trends.start",
                tooltip="Start a check-in of this pack now"),
        Binding("p", "other_pack", "Other pack", show=False, id="trends.pack",
                tooltip="Chart another pack that has scale steps"),
    ]

    def __init__(self, pack_id: str = SELF_ENERGY) -> None:
        super().__init__()
        self.pack_id = pack_id
        self.by = "checkin"
        self.back = 0  # newest points left out, to look further back
        self.found: Trends | None = None
        self.fits = True  # every point fits the width: no older or newer to go to
        self.packs: PackSet | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar", markup=False)
        yield Static(LOADING, id="trends-summary", markup=False)
        with VerticalScroll(id="trends-body"):
            yield Static("", id="trends-chart", markup=False)
            yield Static("", id="trends-notes", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.found is not None:  # back from a check-in, say: it shows at once
            self.load()

    @work(thread=True, exclusive=True, group="trends")
    def load(self) -> None:
        # Reads each check-in of the pack: off the UI thread for a year of them.
        try:
            packs = self.packs or trends.all_packs(self.ifs.store)
            found = trends.series(self.ifs.store, self.pack_id, by=self.by, packs=packs)
        except IfsError as err:
            self.app.call_from_thread(self._failed, str(err))
            return
        self.app.call_from_thread(self._loaded, found, packs)

    def _failed(self, message: str) -> None:
        self.query_one("#trends-summary", Static).update(plain(message))

    def _loaded(self, found: Trends, packs: PackSet) -> None:
        self.found, self.packs = found, packs
        self.refresh_bindings()
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    # --- drawing ----------------------------------------------------------------

    def redraw(self) -> None:
        found = self.found
        if found is None:
            return
        self.query_one("#title-bar", Static).update(plain(f"Trends: {found.title}"))
        empty = trend_words.empty_words(found)
        summary = "" if empty and not found.checkins else trend_words.summary(found)
        self.query_one("#trends-summary", Static).update(plain(summary))
        chart_box = self.query_one("#trends-chart", Static)
        notes = self.query_one("#trends-notes", Static)
        if empty:
            chart_box.display = False
            more = ["Enter starts one now; so does Reflect (w) on the map."] if (
                found.has_scales) else self._other_packs()
            notes.update(plain("\n\n".join(empty + more)))
            return
        chart_box.display = True
        width = self.query_one("#trends-body").content_region.width or self.size.width
        chart = trend_words.chart(found, max(20, width - 2), self.back)
        self.back = chart.total - chart.end  # clamped to what can be shown
        if self.fits != (chart.total <= chart.end - chart.start):
            self.fits = not self.fits
            self.refresh_bindings()
        chart_box.update(self._drawn(chart))
        lines = [trend_words.one_note(found), trend_words.shown_note(chart)]
        if any(SKIPPED_MARK in row.spark for row in chart.rows):
            lines.append(trend_words.SKIPPED_WORDS + ".")
        if chart.total > chart.end - chart.start:
            lines.append("← and → look further back and forward.")
        lines.append("b: " + ("one point per check-in" if found.by == "week"
                              else "one point per week, its mean"))
        lines.append(trend_words.NOT_A_SCORE)
        notes.update(plain("\n".join(line for line in lines if line)))

    @staticmethod
    def _drawn(chart: trend_words.Chart) -> Text:
        pad = " " * (chart.label_width + 2)
        text = Text(no_wrap=True, overflow="ellipsis")
        if chart.scale:
            text.append(pad + visible(chart.scale) + "\n", style="dim")
        for row in chart.rows:
            text.append(visible(row.label) + "  ")
            text.append(row.spark, style="bold")
            text.append("  " + visible(row.stats) + "\n", style="dim")
        text.append(pad + chart.span, style="dim")
        return text

    def _other_packs(self) -> list[str]:
        names = [p.title for p in trends.scale_packs(self.packs)] if self.packs else []
        if not names:
            return []
        return ["p charts another pack: " + ", ".join(names) + "."]

    # --- keys ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        found = self.found
        if action in ("older", "newer"):
            return not self.fits
        if action == "check_in":
            return found is not None and found.has_scales or None
        if action == "other_pack":
            return self.packs is not None and len(trends.scale_packs(self.packs)) > 1 or None
        return True

    def action_close(self) -> None:
        self.dismiss()

    def action_toggle_by(self) -> None:
        self.by = "week" if self.by == "checkin" else "checkin"
        self.back = 0
        self.load()

    def _page(self) -> int:
        return max(1, (self.query_one("#trends-body").content_region.width or 40) // 2)

    def action_older(self) -> None:
        self.back += self._page()
        self.redraw()

    def action_newer(self) -> None:
        self.back = max(0, self.back - self._page())
        self.redraw()

    def action_other_pack(self) -> None:
        if self.packs is None:
            return
        ids = [p.id for p in trends.scale_packs(self.packs)]
        if not ids:
            return
        at = ids.index(self.pack_id) if self.pack_id in ids else -1
        self.pack_id = ids[(at + 1) % len(ids)]
        self.back = 0
        self.load()

    def action_check_in(self) -> None:
        from .pack_picker import begin_walk

        pack = self.packs.get(self.pack_id) if self.packs else None
        if pack is not None:
            begin_walk(self.ifs, pack)
