"""A checkbox that says "on" or "off" in words and shows [x] or [ ], so its state
reads at a glance in every theme, not only by colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class OnOffBox(Checkbox):
    def __init__(self, on_text: str, off_text: str, value: bool = False, *,
                 id: str | None = None, compact: bool = False) -> None:
        self.on_text, self.off_text = on_text, off_text
        super().__init__(Content(on_text if value else off_text), value, id=id,
                         compact=compact)

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "x" if self.value else " "
        return super()._button

    def watch_value(self) -> None:
        self.label = Content(self.on_text if self.value else self.off_text)
        super().watch_value()
