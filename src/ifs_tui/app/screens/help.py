"""F1 / ?: the keys of the screen underneath, each with what it does."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def rows(self) -> list[tuple[str, str]]:
        seen: dict[str, list[str]] = {}
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action == "help":
                continue
            display = self.app.get_key_display(binding)
            seen.setdefault(binding.description, [])
            if display not in seen[binding.description]:
                seen[binding.description].append(display)
        rows = [(" / ".join(keys), what) for what, keys in seen.items()]
        rows.append(("F1 / ?", "This help"))
        rows.append(("ctrl+p", "Command palette: every action by name"))
        return rows

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "HELP_TITLE", "Keys")
        with Vertical(id="help", classes="dialog"):
            yield Static(f"Keys: {title}", classes="dialog-title")
            with VerticalScroll():
                for keys, what in self.rows():
                    yield Static(Text.assemble((f"{keys:>16}", "bold"), "  ", what),
                                 classes="help-row")
            yield Static("Escape closes this.", classes="hint")

    def action_close(self) -> None:
        self.dismiss()
