"""Choice lists whose ticks read at a glance in every theme.

Textual draws the same mark ticked or not (only the colour differs, which
ansi themes may not show): here a ticked box shows "x" and an empty one a
space; a pressed radio button shows "●" and the others a space.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList


class TickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        segments = list(line)
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return line
        ticked = self.get_option_at_index(index).value in self._selected
        segments[1] = Segment("x" if ticked else " ", segments[1].style)
        return Strip(segments, line.cell_length)


class TickRadio(RadioButton):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "\u25cf" if self.value else " "
        return super()._button
