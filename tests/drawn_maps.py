"""Maps for checking drawings: the demo and generated ones with many links."""

from __future__ import annotations

import random
from pathlib import Path

from ifs_tui.core.demo import demo_source
from ifs_tui.core.model import KINDS, ROLES, Part, PartsMap, Relationship
from ifs_tui.core.storage import MapStore


def demo_map() -> PartsMap:
    return MapStore(Path(str(demo_source()))).load()


def many_parts(parts: int = 60, links: int = 180, seed: int = 9) -> PartsMap:
    """`parts` parts in all four roles with `links` links of every kind between them."""
    rnd = random.Random(seed)
    made = [Part(id=f"p{i}", name=f"Part number {i}", role=rnd.choice(ROLES))
            for i in range(parts)]
    rels: list[Relationship] = []
    seen: set[frozenset[int]] = set()
    while len(rels) < links:
        a, b = rnd.sample(range(parts), 2)
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            rels.append(Relationship(f"p{a}", f"p{b}", rnd.choice(KINDS)))
    return PartsMap(title="Many parts", parts=made, relationships=rels)
