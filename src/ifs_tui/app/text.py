"""User text on screen: shown as written, never read as markup or as terminal controls.

Names, answers, pack texts, paths and error messages can hold `[/]` or
`[@click=app.quit]` (Textual would read them as markup) and, from a file, terminal
escapes or bidi overrides (they would reach the terminal raw). Everything a person
wrote goes on screen through `plain` (a Content: never markup) or, where a widget
takes a str or Rich Text, through `visible`.
"""

from __future__ import annotations

from textual.content import Content

from ifs_tui.core.textsafe import visible

__all__ = ["plain", "visible"]


def plain(text: str) -> Content:
    """`text` as Content: shown exactly, never read as markup."""
    return Content(visible(text))
