"""The app's side of hiding the screen (f5, or after idle minutes; screens/hide.py).

While hidden: no toast is shown or kept, the title names no map, the app's keys
(f1-f4, the palette, quit) do nothing, and a dialog that a finished task asks for
waits until the person is back, so nothing is drawn over the neutral screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.await_complete import AwaitComplete

from ifs_tui.core.idle import CHECK_SECONDS, IdleWatch

if TYPE_CHECKING:
    from textual.screen import Screen

    from .app import IfsApp

# Presses that count as someone being there (idle time starts again).
PRESSES = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp,
           events.Paste)


def done_at_once() -> AwaitComplete:
    """What a held change of screens returns: awaiting it waits for nothing."""
    return cast(AwaitComplete, AwaitComplete.nothing())  # type: ignore[no-untyped-call]


class Hider:
    def __init__(self, app: IfsApp, minutes: int | None) -> None:
        self.app = app
        self.idle = IdleWatch(minutes)  # tests put in one with their own clock
        self.screen: Screen[Any] | None = None  # the neutral screen, while up
        self.held: list[Callable[[], object]] = []
        self.sub_title = ""  # the app's, while hidden

    def start(self) -> None:
        """At mount: check the idle time every few seconds, when a time is set."""
        if self.idle.minutes is not None:
            self.app.set_interval(CHECK_SECONDS, self.check_idle)

    @property
    def hidden(self) -> bool:
        return self.screen is not None and self.screen in self.app.screen_stack

    @property
    def leaving(self) -> bool:
        """The neutral screen is closing (the person is back)."""
        return getattr(self.screen, "leaving", False) is True

    def hide(self) -> None:
        from .screens.hide import HideScreen

        if self.hidden:
            return
        app = self.app
        app.clear_notifications()  # before the screen shows: its toasts start empty
        shown = app.sub_title
        self.screen = HideScreen(app.store.folder)
        app.sub_title = ""  # through keep_title from here on: empty until the return
        self.sub_title = shown
        app.push_screen(self.screen, self._back)

    def _back(self, _: object = None) -> None:
        # Called once the neutral screen is off the stack.
        self.screen = None
        self.app.sub_title = self.sub_title
        self.idle.touched()
        held, self.held = self.held, []
        for push in held:
            push()

    def check_idle(self) -> None:
        """Hide when no key or mouse press came for the set minutes."""
        if not self.hidden and self.idle.due():
            self.hide()

    def pressed(self, event: events.Event) -> None:
        if isinstance(event, PRESSES):
            self.idle.touched()

    def keep_title(self, value: str) -> str:
        """The sub-title to show: nothing while hidden (the value waits for the return).
        Textual 8 puts it in no terminal title, only in a Header, which the app has
        not; kept empty all the same, in case either ever shows it."""
        if self.screen is not None:
            self.sub_title = value
            return ""
        return value

    def holds(self, screen: Screen[Any] | None, change: Callable[[], object]) -> bool:
        """While hidden, a change of screens (a dialog a task asks for when it ends, a map
        done loading) waits: True, and `change` runs on the return. The neutral screen's
        own coming and going (`screen` None: a pop) passes."""
        if not self.hidden or screen is self.screen or (screen is None and self.leaving):
            return False
        self.held.append(change)
        return True
