"""The map drawn as a self-contained SVG picture (no fonts, scripts or links to fetch)."""

from __future__ import annotations

from html import escape

from .layout import layout
from .model import PartsMap
from .textsafe import visible

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 180, 50, 28, 80, 30
TOP = 120  # room for the title and Self
FILL = {"manager": "#dbe7e8", "firefighter": "#f3e6d3", "exile": "#f0dde4", "unknown": "#e6e6e6"}
EDGE = {"manager": "#5f8587", "firefighter": "#a07d4b", "exile": "#9a6677", "unknown": "#7a7a7a"}
ROW_TITLE = {"manager": "Managers", "firefighter": "Firefighters", "exile": "Exiles",
             "unknown": "Not sure yet"}
LINE = {
    "protects": 'stroke="#4f7476" stroke-width="1.8" marker-end="url(#arrow)"',
    "polarized": ('stroke="#b0675f" stroke-width="1.8" stroke-dasharray="7 4" '
                  'marker-start="url(#bar)" marker-end="url(#bar)"'),
    "allied": 'stroke="#6a8a5a" stroke-width="2" stroke-dasharray="2 4"',
}
LEGEND = [("protects", "protects (arrow points to the part protected)"),
          ("polarized", "polarized: pulling in opposite directions"),
          ("allied", "allied: working together")]


def _wrap(name: str, width: int = 22) -> list[str]:
    words, lines, line = name.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], (lines[1][: width - 1] + "…")]
    return [text if len(text) <= width else text[: width - 1] + "…" for text in lines]


def render_svg(pmap: PartsMap) -> str:
    plan = layout(pmap)
    width = max(2 * MARGIN + plan.widest * (BOX_W + GAP_X) - GAP_X + 110, 640)
    rows_h = len(plan.rows) * (BOX_H + GAP_Y)
    legend_y = TOP + rows_h + 10
    height = legend_y + 110
    centre: dict[str, tuple[float, float]] = {}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(_title(pmap))}" '
        'font-family="sans-serif" font-size="13">',
        f"<title>{escape(_title(pmap))}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#4f7476"/></marker><marker id="bar" viewBox="0 0 10 10" refX="5" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto"><path d="M5,0 L5,10" '
        'stroke="#b0675f" stroke-width="2.5"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#fbfaf7"/>',
        f'<text x="{MARGIN}" y="32" font-size="18" fill="#333">{escape(_title(pmap))}</text>',
        f'<ellipse cx="{width - MARGIN - 60}" cy="34" rx="54" ry="20" fill="#fffdf4" '
        'stroke="#c9b77c"/>',
        f'<text x="{width - MARGIN - 60}" y="39" text-anchor="middle" fill="#6b5d2f">Self</text>',
    ]
    boxes: list[str] = []
    for r, row in enumerate(plan.rows):
        y = TOP + r * (BOX_H + GAP_Y)
        role = row[0].role
        span = len(row) * (BOX_W + GAP_X) - GAP_X
        x0 = 110 + MARGIN + (width - 110 - 2 * MARGIN - span) / 2
        if row[0].first:
            boxes.append(f'<text x="{MARGIN}" y="{y + BOX_H / 2 + 4}" fill="#777">'
                         f"{ROW_TITLE[role]}</text>")
        for placed in row:
            part = pmap.part(placed.part_id)
            assert part is not None
            x = x0 + placed.col * (BOX_W + GAP_X)
            centre[part.id] = (x + BOX_W / 2, y + BOX_H / 2)
            lines = _wrap(visible(part.name))
            boxes.append(f'<g><title>{escape(visible(part.name))} ({part.role})</title>'
                         f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="10" '
                         f'fill="{FILL[role]}" stroke="{EDGE[role]}"/>')
            first = y + BOX_H / 2 + 5 - 8 * (len(lines) - 1)
            for i, line in enumerate(lines):
                boxes.append(f'<text x="{x + BOX_W / 2}" y="{first + 16 * i}" '
                             f'text-anchor="middle" fill="#222">{escape(line)}</text>')
            boxes.append("</g>")
    # Lines first, boxes over them: a line passing behind a box stays out of its way.
    out += [_edge(centre[r.source], centre[r.target], LINE[r.kind]) for r in plan.edges]
    out += boxes
    out.append(_legend(MARGIN, legend_y))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge(a: tuple[float, float], b: tuple[float, float], style: str) -> str:
    (x1, y1), (x2, y2) = a, b
    half = BOX_H / 2
    if abs(y1 - y2) < 1:  # the same row: an arc above the boxes
        y = y1 - half
        lift = min(36.0, 18 + abs(x2 - x1) / 10)
        path = f"M{x1},{y} Q{(x1 + x2) / 2},{y - lift} {x2},{y}"
    else:
        down = 1 if y2 > y1 else -1
        y1e, y2e = y1 + down * half, y2 - down * half
        bend = (y2e - y1e) / 2
        path = f"M{x1},{y1e} C{x1},{y1e + bend} {x2},{y2e - bend} {x2},{y2e}"
    return f'<path d="{path}" fill="none" {style}/>'


def _legend(x: float, y: float) -> str:
    parts = [f'<text x="{x}" y="{y + 14}" fill="#555" font-weight="bold">Legend</text>']
    for i, (kind, text) in enumerate(LEGEND):
        yy = y + 36 + i * 22
        parts.append(f'<path d="M{x},{yy} L{x + 60},{yy}" fill="none" {LINE[kind]}/>')
        parts.append(f'<text x="{x + 72}" y="{yy + 4}" fill="#444">{escape(text)}</text>')
    sx = x + 430
    for i, (role, title) in enumerate(ROW_TITLE.items()):
        parts.append(f'<rect x="{sx}" y="{y + 26 + i * 18}" width="14" height="12" rx="3" '
                     f'fill="{FILL[role]}" stroke="{EDGE[role]}"/>')
        parts.append(f'<text x="{sx + 22}" y="{y + 36 + i * 18}" fill="#444">{title}</text>')
    return "\n".join(parts)


def _title(pmap: PartsMap) -> str:
    return visible(pmap.title or "Parts map")
