"""Where each part goes in a drawing of the map, shared by the SVG and the app.

Self sits on top, then one row per role: managers, firefighters, exiles, and
parts whose role is not known yet. Within a row, parts are ordered near the
parts they are linked to (the mean position of their neighbours), which keeps
protection lines short and crossings few for maps of a few to a few dozen parts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import ROLES, PartsMap, Relationship

MAX_PER_ROW = 8  # a role with more parts continues on the next row
# A link crosses every row between its parts, so with rows of 8 the lines of a map
# of a thousand parts add up to tens of millions of cells. Past this many parts the
# rows hold about the square root of the number of parts: about 4x fewer rows to
# cross at 1,000. Maps up to here are drawn exactly as before.
SMALL_MAP = 150


def per_row(parts: int) -> int:
    """How many parts a row holds in a map of `parts` parts."""
    return MAX_PER_ROW if parts <= SMALL_MAP else max(MAX_PER_ROW, math.isqrt(parts))


@dataclass(frozen=True)
class Placed:
    part_id: str
    row: int  # 0 = the first row drawn; a role may take several rows
    col: int  # position in its row, from 0
    role: str
    first: bool = True  # the first row of its role (where the role's title goes)


@dataclass(frozen=True)
class Layout:
    rows: list[list[Placed]]
    edges: list[Relationship]

    def find(self, part_id: str) -> Placed | None:
        for row in self.rows:
            for placed in row:
                if placed.part_id == part_id:
                    return placed
        return None

    @property
    def widest(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def layout(pmap: PartsMap) -> Layout:
    ids = {p.id for p in pmap.parts}
    edges = [r for r in pmap.relationships if r.source in ids and r.target in ids
             and r.source != r.target]
    neighbours: dict[str, list[str]] = {p.id: [] for p in pmap.parts}
    for rel in edges:
        neighbours[rel.source].append(rel.target)
        neighbours[rel.target].append(rel.source)
    position: dict[str, float] = {}
    rows: list[list[Placed]] = []
    most = per_row(len(pmap.parts))
    for role in ROLES:
        members = [p.id for p in pmap.parts if p.role == role]
        if not members:
            continue
        order = {pid: i for i, pid in enumerate(members)}

        def key(pid: str, order: dict[str, int] = order) -> tuple[float, int]:
            placed = [position[n] for n in neighbours[pid] if n in position]
            return (sum(placed) / len(placed) if placed else order[pid] / max(len(order), 1),
                    order[pid])

        members.sort(key=key)
        for start in range(0, len(members), most):
            line = members[start:start + most]
            row = []
            for col, pid in enumerate(line):
                position[pid] = (col + 0.5) / len(line)
                row.append(Placed(pid, len(rows), col, role, first=start == 0))
            rows.append(row)
    return Layout(rows, edges)
