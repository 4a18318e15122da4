"""o: every moment jotted down, newest first, a window at a time; a filter by words or
a part's name; Enter reads one whole; d removes one after asking."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ifs_tui.core import moment_index, moments
from ifs_tui.core.errors import IfsError, Problem
from ifs_tui.core.moments import Moment
from ifs_tui.core.search import shortened
from ifs_tui.core.walk import names_holding

from ..latest import Latest
from ..text import plain, visible
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap
from .journal import part_name

WINDOW = 40  # options built at a time; more as the cursor reaches the last
EXCERPT = 150  # characters of a moment's text in the list; Enter shows it whole
EMPTY = ("No moments yet. When something shifts, even a little, f3 (on any screen) "
         "keeps a few words about it.")


def about_line(moment: Moment, name: str) -> str:
    """When, what shifted, and which part: the line above a moment's words."""
    return " · ".join(x for x in (f"{moment.when:%Y-%m-%d %H:%M}", moment.shift, name) if x)


def count_line(shown: int, total: int, needle: str, problems: list[Problem]) -> str:
    if not total:
        line = "No moment matches." if needle else ""
    elif shown < total:
        line = f"{shown:,} of {total:,}, newest first; move down for more."
    else:
        line = f"{total:,} moment{'' if total == 1 else 's'}, newest first."
    if problems:  # never hidden: said, with where to learn more
        count = len(problems)
        line += (f" {count} moment file{'s' if count > 1 else ''} could not be read: "
                 f"{problems[0].short()}" + ("; ifs check lists the others." if count > 1
                                             else "."))
    return line.strip()


class MomentsScreen(OnMap, Screen[None]):
    HELP_TITLE = "moments"
    BINDINGS = [
        Binding("escape", "close", "Back", id="moments.close"),
        Binding("slash,ctrl+f", "filter", "Filter", id="moments.filter",
                tooltip="Narrow the list by words or a part's name"),
        Binding("d,delete", "remove", "Remove", id="moments.remove",
                tooltip="Remove the chosen moment (asks first)"),
        Binding("enter", "read", "Read", show=False, id="moments.read",
                tooltip="Read the chosen moment whole"),
    ]

    def __init__(self, needle: str = "", select: str | None = None) -> None:
        super().__init__()
        self.needle, self.select = needle, select
        self.found: list[Moment] = []  # newest first
        self.shown = 0
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        self.finder: Latest[list[Moment]] = Latest(self, self._find, self._show)
        yield Static("Moments", id="title-bar")
        with Vertical(id="moments"):
            yield Input(visible(self.needle), placeholder="/ narrows by words or a part's name",
                        id="moment-filter", compact=True)
            yield Static("", id="moments-count", classes="hint")
            yield OptionList(id="moment-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.relist()
        self.query_one("#moment-list", OptionList).focus()

    def relist(self) -> None:
        """Read the list again (after a removal, or on opening): quick through the index."""
        every, self.problems = moment_index.listing(self.ifs.store)
        self.ifs.moments = every
        needle = self.query_one("#moment-filter", Input).value
        self._show(needle, self._find(needle) if needle.strip() else None)

    def _find(self, needle: str) -> list[Moment]:
        ids = [p.id for p in names_holding(self.pmap.parts, needle)]
        return moment_index.listing(self.ifs.store, needle, ids)[0]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.finder.want(event.value)

    def on_input_submitted(self) -> None:
        self.query_one("#moment-list", OptionList).focus()

    def _show(self, needle: str, found: list[Moment] | None) -> None:
        # The moment asked for (from search), else the one highlighted now, stays so.
        now = self.current()
        keep = self.select or (now.id if now is not None else None)
        self.found = (found if found is not None else self.ifs.moments)[::-1]
        self.shown = 0
        listed = self.query_one("#moment-list", OptionList)
        listed.clear_options()
        at = self._place(keep)
        self._more(upto=at)
        if not self.found and not needle.strip():
            listed.add_option(Option(Text(EMPTY, style="dim"), disabled=True))
        if at is not None:
            listed.highlighted = at
            self.select = None
        elif self.found:  # the newest, so d and Enter act at once
            listed.highlighted = 0
        self._count(needle)

    def _place(self, moment_id: str | None) -> int | None:
        return next((i for i, m in enumerate(self.found) if m.id == moment_id), None)

    def _more(self, upto: int | None = None) -> None:
        end = max(self.shown + WINDOW, (upto or 0) + 1)
        more = self.found[self.shown:end]
        self.query_one("#moment-list", OptionList).add_options(
            [self._option(m) for m in more])
        self.shown += len(more)

    def _count(self, needle: str) -> None:
        self.query_one("#moments-count", Static).update(
            count_line(self.shown, len(self.found), needle, self.problems))

    def _option(self, moment: Moment) -> Option:
        about = about_line(moment, part_name(self.pmap, moment.part) if moment.part else "")
        if moment.part and self.pmap.part(moment.part) is None:
            about += " (no longer on the map)"
        return Option(Text.assemble((visible(about), "dim"), "\n",
                                    visible(shortened(moment.text, EXCERPT))), id=moment.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index == event.option_list.option_count - 1 and (
                self.shown < len(self.found)):
            self._more()
            self._count(self.query_one("#moment-filter", Input).value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_read()

    def current(self) -> Moment | None:
        at = self.query_one("#moment-list", OptionList).highlighted
        return self.found[at] if at is not None and at < len(self.found) else None

    def action_filter(self) -> None:
        self.query_one("#moment-filter", Input).focus()

    def action_read(self) -> None:
        moment = self.current()
        if moment is not None:
            name = part_name(self.pmap, moment.part) if moment.part else ""
            self.app.push_screen(MomentReadScreen(moment, about_line(moment, name)))

    def action_remove(self) -> None:
        from .dialogs import ConfirmScreen

        moment = self.current()
        if moment is None:
            return
        at = self.query_one("#moment-list", OptionList).highlighted or 0

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                moments.remove(self.ifs.store, moment)
            except IfsError as err:
                self.notify(str(err), severity="error", timeout=8)
                self.ifs.moments_changed()  # it may have gone already: show what is
                return
            self.ifs.moments_changed()  # lists this screen again too
            listed = self.query_one("#moment-list", OptionList)
            if self.found:
                listed.highlighted = min(at, listed.option_count - 1)
            self.notify("The moment was removed.", timeout=4)

        when = f"{moment.when:%Y-%m-%d %H:%M}"
        self.app.push_screen(ConfirmScreen(
            "Remove moment", f"Remove the moment of {when}: “{shortened(moment.text, 60)}”? "
            "Its file is deleted; this cannot be undone.", yes="Remove"), answer)

    def action_close(self) -> None:
        if self.query_one("#moment-filter", Input).has_focus:
            self.query_one("#moment-list", OptionList).focus()
            return
        self.dismiss()


class MomentReadScreen(ModalScreen[None]):
    """One moment, whole."""

    HELP_TITLE = "a moment"
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="moment.read-close"), HELP_KEY]

    def __init__(self, moment: Moment, about: str) -> None:
        super().__init__()
        self.moment, self.about = moment, about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="moment-read"):
            yield Static(plain(self.about), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(plain(self.moment.text))
            yield Static("esc closes this.", classes="hint")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss()
