"""A number on a scale, chosen with the arrow keys, digits or the mouse. No default:
the person picks a number, or says not now."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ScaleInput(Widget, can_focus=True):
    DEFAULT_CSS = """
    ScaleInput { height: 3; padding: 0 1; }
    ScaleInput:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left,h", "move(-1)", "Less", show=False, id="scale.less"),
        Binding("right,l", "move(1)", "More", show=False, id="scale.more"),
        Binding("home", "jump(0)", "Lowest", show=False, id="scale.lowest"),
        Binding("end", "jump(1)", "Highest", show=False, id="scale.highest"),
        Binding("enter", "submit", "Choose", show=False, id="scale.choose"),
    ]

    value: reactive[int | None] = reactive(None)

    class Submitted(Message):
        def __init__(self, value: int | None) -> None:
            super().__init__()
            self.value = value

    def __init__(self, low: int, high: int, low_label: str = "", high_label: str = "",
                 value: int | None = None, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.low, self.high = low, high
        self.low_label, self.high_label = low_label, high_label
        self.set_reactive(ScaleInput.value, value)
        self._typed = ""

    def render(self) -> Text:
        line = Text()
        for n in range(self.low, self.high + 1):
            cell = f" {n} "
            if n == self.value:
                line.append(f"[{n}]", style="bold reverse")
            else:
                line.append(cell)
        labels = Text(self.low_label, style="dim")
        if self.high_label:
            gap = max(2, line.cell_len - len(self.low_label) - len(self.high_label))
            labels.append(" " * gap + self.high_label, style="dim")
        chosen = "not chosen yet" if self.value is None else f"chosen: {self.value}"
        return Text.assemble(line, "\n", labels, "\n", (chosen, "italic dim"))

    def action_move(self, step: int) -> None:
        start = self.value if self.value is not None else (self.low + self.high) // 2 - step
        self.value = max(self.low, min(self.high, start + step))

    def action_jump(self, end: int) -> None:
        self.value = self.high if end else self.low

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self.value))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            self._typed = (self._typed + event.character)[-2:]
            number = int(self._typed)
            if not self.low <= number <= self.high:
                number = int(event.character)
                self._typed = event.character
            if self.low <= number <= self.high:
                self.value = number
            event.stop()

    def on_click(self, event: events.Click) -> None:
        # Each number takes three cells on the first line.
        if event.y == 0:
            n = self.low + (event.x - 1) // 3
            if self.low <= n <= self.high:
                self.value = n
