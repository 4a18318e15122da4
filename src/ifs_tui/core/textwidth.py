"""How wide a name is: in terminal cells, and in pixels of a sans-serif font.

Counting characters is not enough: "W" is three times as wide as "i", and East
Asian wide letters take two terminal cells and a full em in a font.
"""

from __future__ import annotations

import unicodedata

# Approximate advance widths of a common sans-serif font (Helvetica, Arial,
# DejaVu Sans are all close), in em, by character class. Rounded up a little,
# so a measured line is never narrower than the drawn one.
NARROW = set("il.,:;'|!`ıĺļľł") | {"\u00a0"}
SLIM = set("fjrtI()[]{}/\\-\"* ")
WIDE = set("mwMW@%")
EM_NARROW, EM_SLIM, EM_LOWER, EM_UPPER, EM_WIDE, EM_FULL = 0.30, 0.38, 0.58, 0.72, 0.95, 1.0


def _em(ch: str) -> float:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return EM_FULL
    if ch in NARROW:
        return EM_NARROW
    if ch in SLIM:
        return EM_SLIM
    if ch in WIDE:
        return EM_WIDE
    if ch.isupper():
        return EM_UPPER
    if ch.isdigit() or ch.islower():
        return EM_LOWER
    return EM_UPPER  # symbols, other scripts: on the wide side


def text_width(text: str, size: float) -> float:
    """The width of `text` in pixels at font size `size`."""
    return sum(_em(ch) for ch in text) * size


def wrap_to_width(text: str, width: float, size: float, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`; the rest cut with "…"."""
    out: list[str] = []
    words = text.split() or [""]
    line = ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if text_width(trial, size) <= width:
            line = trial
            continue
        if line:
            out.append(line)
        line = ""
        for ch in word:  # a word wider than the box breaks between letters
            if text_width(line + ch, size) > width and line:
                out.append(line)
                line = ""
            line += ch
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = _cut(out[-1] + "…", width, size)
    return [_cut(s, width, size) for s in out]


def _cut(text: str, width: float, size: float) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def cell_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def fit_cells(text: str, width: int) -> list[str]:
    """`text` as terminal cells, at most `width` of them (cut with "…").

    A wide letter fills two cells (the second is ""), a combining mark joins the
    letter before it, so the cells always line up with the drawing around them.
    """
    cells: list[str] = []
    chars = list(text)
    total = sum(cell_width(ch) for ch in chars)
    room = width if total <= width else width - 1
    for ch in chars:
        w = cell_width(ch)
        if w == 0:
            if cells:
                cells[-1 if cells[-1] else -2] += ch
            continue
        if len(cells) + w > room:
            break
        cells += [ch] + [""] * (w - 1)
    if total > width:
        cells.append("…")
    return cells
