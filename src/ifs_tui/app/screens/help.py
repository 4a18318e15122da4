"""F1 / ?: the keys of the screen underneath, each with what it does."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..text import visible


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def rows(self) -> list[tuple[str, str]]:
        """This screen's own keys first, then the app's, then moving around in a widget."""
        groups: tuple[dict[str, list[str]], ...] = ({}, {}, {})
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in ("help", "command_palette"):
                continue
            group = groups[0 if active.node is self.under else 1 if active.node is self.app
                           else 2]
            keys = group.setdefault(binding.description, [])
            display = self.app.get_key_display(binding)
            if display not in keys:
                keys.append(display)
        rows = [(" / ".join(keys), what) for what, keys in groups[0].items()]
        rows += [("F1 / ?", "This help"), ("ctrl+p", "Command palette: every action by name")]
        rows += [(" / ".join(keys), what) for what, keys in groups[1].items()]
        if groups[2]:
            rows.append(("", ""))
            rows += [(" / ".join(keys), what) for what, keys in groups[2].items()]
        return rows

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "HELP_TITLE", "Keys")
        with Vertical(id="help", classes="dialog"):
            yield Static(f"Keys: {title}", classes="dialog-title")
            with VerticalScroll():
                for keys, what in self.rows():
                    yield Static(Text.assemble((f"{visible(keys):>16}", "bold"), "  ",
                                               visible(what)),
                                 classes="help-row")
            yield Static("Escape closes this.", classes="hint")

    def action_close(self) -> None:
        self.dismiss()
