"""When the screen should hide itself: after N minutes without a key or mouse press.

The clock is passed in (time.monotonic by default), so tests need no waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Seconds between checks: the screen hides within a few seconds of the time, and a
# check costs next to nothing.
CHECK_SECONDS = 5.0


class IdleWatch:
    def __init__(self, minutes: int | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.minutes = minutes  # None: never hides by itself
        self.clock = clock
        self.last = clock()

    def touched(self) -> None:
        """A key or a mouse press: idle time starts again."""
        self.last = self.clock()

    def due(self) -> bool:
        """True once the idle minutes have passed since the last press."""
        if self.minutes is None:
            return False
        return self.clock() - self.last >= self.minutes * 60
