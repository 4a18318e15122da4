"""User text on screen: shown as written, never read as markup or as terminal controls.

Names, answers, pack texts, paths and error messages can hold `[/]` or
`[@click=app.quit]` (Textual would read them as markup) and, from a file, terminal
escapes or bidi overrides (they would reach the terminal raw). Everything a person
wrote goes on screen through `plain` (a Content: never markup) or, where a widget
takes a str or Rich Text, through `visible`.
"""

from __future__ import annotations

import re

from textual.content import Content

# The command line's rule (core/textsafe.py on the escapes branch): C0 controls but
# tab and line feed, DEL, C1 controls, bidi embeddings, overrides and isolates, lone
# surrogates are shown as <U+XXXX>.
HAZARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with every control or bidi character shown as `<U+XXXX>`."""
    if not HAZARD.search(text):
        return text
    return HAZARD.sub(lambda m: f"<U+{ord(m.group()):04X}>", text.replace("\r\n", "\n"))


def plain(text: str) -> Content:
    """`text` as Content: shown exactly, never read as markup."""
    return Content(visible(text))
