"""The terminal map's cells written out as text, to compare drawings across changes.

Each drawn line gives two lines in the dump: its characters, then one letter per
cell naming the cell's style ("." for none; the letters are listed at the top).
"""

from __future__ import annotations

from ifs_tui.app.widgets.map_canvas import MapCanvas
from ifs_tui.core.model import PartsMap


def dump(pmap: PartsMap, chosen: str | None = None) -> str:
    canvas = MapCanvas(pmap, chosen)
    rows = [canvas._row(y) for y in range(canvas.canvas_h)]
    styles = sorted({style for row in rows for _, style in row if style})
    letter = {style: chr(ord("A") + i) for i, style in enumerate(styles)}
    out = [f"{letter[s]} {s}" for s in styles] + [""]
    for row in rows:
        out.append("".join(ch for ch, _ in row).rstrip())
        out.append("".join(letter.get(style, ".") for _, style in row).rstrip("."))
    return "\n".join(out) + "\n"
