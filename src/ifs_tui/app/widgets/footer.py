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


Shown = tuple[str, str, str, str, bool, str]  # key, as shown, description, action, enabled, tip


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)
        self._shown: list[Shown] | None = None  # the keys composed last

    def _keys(self) -> list[Shown]:
        # action -> (binding, enabled, tooltip); the first key of an action wins
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        first = [shown.pop(a) for a in FIRST if a in shown]
        last = [shown.pop(a) for a in LAST if a in shown]
        return [(binding.key, self.app.get_key_display(binding), binding.description,
                 binding.action, enabled, tooltip or binding.tooltip or "")
                for binding, enabled, tooltip in first + list(shown.values()) + last]

    async def recompose(self) -> None:
        # Textual recomposes the footer on every focus change; mounting its keys again
        # costs a few ms each time, so only when the keys shown (or their state) differ.
        if self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        # The keys at once, on the first compose (Textual's footer waits for a signal and
        # composes again, laying out the screen once more); the signal then finds them.
        if not self.is_attached:
            return
        self._shown = self._keys()
        for key, display, description, action, enabled, tooltip in self._shown:
            yield FooterKey(key, display, description, action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
