"""What real people (and odd files) bring: names and texts that look like syntax.

Shared by the app's Pilot tests and the CLI and export tests, so every surface
is tried with the same corpus. Names here pass the map's own name rules (no
control characters, at most 200 characters); texts may hold anything a file can.
"""

from __future__ import annotations

ESC = "\x1b"

# Valid part names that look like markup, link syntax, diagram or document syntax.
NAMES: list[str] = [
    "[/]",
    "a [/b] b",
    "[draft] Critic",
    "[@click=app.quit]Quit me[/]",
    "[bold red]Loud[/bold red]",
    "[link=https://example.invalid]Linky[/link]",
    "$variable and {braces} and %s",
    "%%{init: {'theme': 'dark'}}%%",
    "A %%{init}%% B",
    "Hash #35; and #quot;",
    "\ufb02\u00b0\u00b035\u00b6\u00df and `tick` and 50%",  # Mermaid's own entity placeholders
    'Quote " and <tag> & &amp; &copy;',
    "1. Numbered",
    "- dash",
    "---",
    "```",
    "# Heading-like",
    "*stars* _under_ `tick` |pipe|",
    "Right\u202eto-left override",
    "\u200b",  # looks empty
    "\u3000 ideographic space name",
    "Ω" * 200,
    "x" * 200,
]

# Texts a file can hold (never typed: the app and CLI refuse control characters).
TEXTS: list[str] = [
    *NAMES,
    f"clear{ESC}[2J{ESC}[Hscreen",
    f"clip{ESC}]52;c;aGVsbG8={ESC}\\board",
    f"{ESC}]8;;https://example.invalid{ESC}\\hidden link{ESC}]8;;{ESC}\\",
    "bell\x07 and backspace\x08 and del\x7f",
    "line one\n1. not a list\n+ not a list\n- not a list\n---\n```\nnot code\n```",
    "\u202egnitset\u202c and \u2066isolate\u2069",
    "c1 \x9b2J csi and nul \x00 and a lone\rreturn",
    "  indented\n\n\tblank line above\n> quote\n= setext?\n~~~\n&#35; 2) two\ntrailing \\",
    "long " * 2000,  # 10,000 characters
]

# Characters that must never reach a terminal raw from CLI output.
TERMINAL_HAZARDS = (ESC, "\x07", "\x08", "\x7f", "\u202e", "\u202d", "\u2066", "\u2067",
                    "\u2068", "\u202a", "\u202b", "\u202c", "\u2069", "\x9b", "\x00", "\r")
