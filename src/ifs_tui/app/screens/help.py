"""F1 / ?: the keys of the screen underneath, in plain words; moving around inside a
list or a text box comes last, under "More"."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ifs_tui.core import support

from ..text import visible
from ..widgets.footer import KeyFooter

Rows = list[tuple[str, str]]

# Textual's own keys that a person never needs spelled out: tab moves on as everywhere,
# and Enter on a button presses it.
INTERNALS = ("focus_next", "app.focus_next", "focus_previous", "app.focus_previous", "press")


class HelpScreen(ModalScreen[None]):
    HELP_TITLE = "help"
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Close", id="help.close",
                tooltip="Close this help"),
        Binding("ctrl+q", "quit", "Quit", id="help.quit", tooltip="Quit the app"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def sections(self) -> tuple[Rows, Rows]:
        """This tool's keys (the screen's own, then the app's), and the rest: Textual's
        moving around inside a widget, focus and copy."""
        ours: dict[str, list[str]] = {}
        more: dict[str, list[str]] = {}
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in ("help", "app.help",
                                                             "command_palette"):
                continue
            # Our keys have ids (a keymap can change them); Textual's own have none.
            if not binding.id and binding.action in INTERNALS:
                continue
            group = ours if binding.id else more
            what = binding.tooltip or binding.description
            keys = group.setdefault(what, [])
            display = self.app.get_key_display(binding)
            if display not in keys:
                keys.append(display)
        rows = [(" / ".join(keys), what) for what, keys in ours.items()]
        # "?" types itself into a dialog's fields; there only f1 opens help.
        rows.append(("f1 / ?" if "question_mark" in self.under.active_bindings else "f1",
                     "This help"))
        # F2, F3 and F5 work over every screen, dialogs too, where a modal hides them.
        for app_key in ("app.support", "moment.jot", "screen.hide"):
            if not any(a.binding.id == app_key for a in self.under.active_bindings.values()):
                rows += [(self.app.get_key_display(b), b.tooltip)
                         for _key, b in self.app._bindings if b.id == app_key]
        if "ctrl+p" in self.under.active_bindings:
            rows.append(("ctrl+p", "Command palette: every action by name"))
        return rows, [(" / ".join(keys), what) for what, keys in more.items()]

    def rows(self) -> Rows:
        ours, more = self.sections()
        return ours + more

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Quit only where the screen underneath would quit (a dialog asks first instead).
        if action == "quit":
            return any(a.binding.action in ("quit", "app.quit")
                       for a in self.under.active_bindings.values())
        return True

    def help_title(self) -> str:
        """The screen's HELP_TITLE, else a dialog's own title, else a plain word."""
        title = getattr(self.under, "HELP_TITLE", "") or getattr(self.under, "title_text", "")
        if not title:
            shown = self.under.query(".dialog-title")
            title = str(shown.first(Static).render()) if shown else ""
        return " ".join(visible(str(title)).split()) or "this screen"

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static(Text(f"Keys: {self.help_title()}"), classes="dialog-title")
            ours, more = self.sections()
            # One column for the keys, as wide as the widest, so the words line up.
            width = max((cell_len(visible(keys)) for keys, _what in ours + more), default=0)
            with VerticalScroll():
                yield from self._rows(ours, width)
                if more:
                    yield Static("More: moving around inside a list or a text box",
                                 classes="help-more")
                    yield from self._rows(more, width)
                yield Static(Text(visible("\n".join(support.at_hand(in_app=True)))),
                             classes="help-support", id="help-support")
            yield Static("esc closes this.", classes="hint")
        yield KeyFooter()

    @staticmethod
    def _rows(rows: Rows, width: int) -> ComposeResult:
        for keys, what in rows:
            shown = visible(keys)
            shown = " " * (width - cell_len(shown)) + shown
            yield Static(Text.assemble((shown, "bold"), "  ", visible(what)),
                         classes="help-row")

    def action_close(self) -> None:
        self.dismiss()

    def action_quit(self) -> None:
        # Quit as if from the screen underneath, so it can keep what is typed there.
        self.dismiss()
        self.app.call_later(self.app.simulate_key, "ctrl+q")
