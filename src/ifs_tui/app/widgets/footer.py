"""The footer: "f1 Help" first, so it is reachable at any width, then this screen's
own keys, and Quit last. Keys that only move around inside a widget are left to help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "app.help")
LAST = ("quit", "app.quit")


# A modal screen hides the app's keys (Textual stops at the modal), so dialogs add this.
HELP_KEY = Binding("f1", "app.help", "Help", id="dialog.help", tooltip="The keys of this dialog")


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        # action -> (binding, enabled, tooltip); the first key of an action wins
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        first = [shown.pop(a) for a in FIRST if a in shown]
        last = [shown.pop(a) for a in LAST if a in shown]
        for binding, enabled, tooltip in first + list(shown.values()) + last:
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip or binding.tooltip).data_bind(
                                compact=Footer.compact)
