"""The map drawn as a self-contained SVG picture (no fonts, scripts or links to fetch)."""

from __future__ import annotations

from html import escape

from .model import ROLE_GROUPS, ROLE_NAMES, PartsMap
from .routing import Geometry, route
from .textsafe import visible
from .textwidth import wrap_to_width

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 180, 50, 28, 80, 30
TOP = 120  # room for the title and Self
SELF_Y = 34
FILL = {"manager": "#dbe7e8", "firefighter": "#f3e6d3", "exile": "#f0dde4", "unknown": "#e6e6e6"}
EDGE = {"manager": "#5f8587", "firefighter": "#a07d4b", "exile": "#9a6677", "unknown": "#7a7a7a"}
ROW_TITLE = ROLE_GROUPS
ROLE_NAME = ROLE_NAMES  # one part's role in the words the app uses; the data keeps the keys
LINE = {
    "protects": 'stroke="#4f7476" stroke-width="1.8" marker-end="url(#arrow)"',
    "polarized": ('stroke="#b0675f" stroke-width="1.8" stroke-dasharray="7 4" '
                  'marker-start="url(#bar)" marker-end="url(#bar)"'),
    "allied": 'stroke="#6a8a5a" stroke-width="2" stroke-dasharray="2 4"',
}
LEGEND = [("protects", "protects (arrow points to the part protected)"),
          ("polarized", "polarized: pulling in opposite directions"),
          ("allied", "allied: working together")]


GEOMETRY = Geometry(BOX_W, BOX_H, GAP_X, GAP_Y, lane=10, track=9, left=110 + MARGIN, top=TOP)
TEXT_ROOM = BOX_W - 16  # the width a name may take inside its box
SIZES = (13, 12, 11, 10)  # font sizes tried, largest first, before a name is cut


def fit_name(name: str) -> tuple[int, list[str]]:
    """The font size and the (at most two) lines a name is drawn with in its box."""
    whole = "".join(name.split())
    for size in SIZES:
        lines = wrap_to_width(name, TEXT_ROOM, size)
        if "".join("".join(lines).split()) == whole:
            return size, lines
    return SIZES[-1], wrap_to_width(name, TEXT_ROOM, SIZES[-1])


def render_svg(pmap: PartsMap) -> str:
    drawing = route(pmap, GEOMETRY)
    width = max(drawing.width + MARGIN, 640)
    legend_y = drawing.height + 10
    height = legend_y + 110
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{escape(_title(pmap))}" '
        'font-family="sans-serif" font-size="13">',
        f"<title>{escape(_title(pmap))}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#4f7476"/></marker><marker id="bar" viewBox="0 0 10 10" refX="5" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto"><path d="M5,0 L5,10" '
        'stroke="#b0675f" stroke-width="2.5"/></marker></defs>',
        f'<rect width="{width:g}" height="{height:g}" fill="#fbfaf7"/>',
        f'<text x="{MARGIN}" y="32" font-size="18" fill="#333">{escape(_title(pmap))}</text>',
        f'<ellipse cx="{width - MARGIN - 60:g}" cy="{SELF_Y}" rx="54" ry="20" fill="#fffdf4" '
        'stroke="#c9b77c"/>',
        f'<text x="{width - MARGIN - 60:g}" y="39" text-anchor="middle" fill="#6b5d2f">Self</text>',
    ]
    # Lines first, then boxes: the lines go round the boxes, never under them.
    out += [f'<path d="{_path(r.points)}" fill="none" {LINE[r.rel.kind]}/>'
            for r in drawing.routes]
    for box in drawing.boxes:
        part = pmap.part(box.part_id)
        assert part is not None
        if box.first and box.col == 0:
            out.append(f'<text x="{MARGIN}" y="{box.y + BOX_H / 2 + 4:g}" fill="#777">'
                       f"{ROW_TITLE[box.role]}</text>")
        size, lines = fit_name(visible(part.name))
        out.append(f'<g><title>{escape(visible(part.name))} ({ROLE_NAME[part.role]})</title>'
                   f'<rect x="{box.x:g}" y="{box.y:g}" width="{BOX_W}" height="{BOX_H}" '
                   f'rx="10" fill="{FILL[box.role]}" stroke="{EDGE[box.role]}"/>')
        step = size + 3
        first = box.y + BOX_H / 2 + size * 0.38 - step / 2 * (len(lines) - 1)
        font = "" if size == 13 else f' font-size="{size}"'
        for i, line in enumerate(lines):
            out.append(f'<text x="{box.x + BOX_W / 2:g}" y="{first + step * i:g}"{font} '
                       f'text-anchor="middle" fill="#222">{escape(line)}</text>')
        out.append("</g>")
    out.append(_legend(MARGIN, legend_y))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _path(points: list[tuple[float, float]], radius: float = 6) -> str:
    """A polyline with its corners rounded a little (never past half a segment)."""
    d = [f"M{points[0][0]:g},{points[0][1]:g}"]
    for (ax, ay), (bx, by), (cx, cy) in zip(points, points[1:], points[2:], strict=False):
        r = min(radius, abs(bx - ax + by - ay) / 2, abs(cx - bx + cy - by) / 2)
        sx, sy = bx - r * _sign(bx - ax), by - r * _sign(by - ay)
        ex, ey = bx + r * _sign(cx - bx), by + r * _sign(cy - by)
        d.append(f"L{sx:g},{sy:g} Q{bx:g},{by:g} {ex:g},{ey:g}")
    d.append(f"L{points[-1][0]:g},{points[-1][1]:g}")
    return " ".join(d)


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


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
