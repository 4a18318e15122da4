"""Keep a map's shape, remove everything personal: for demos and for sharing."""

from __future__ import annotations

from .model import Part, PartsMap, Relationship, SelfNotes

LABELS = {"manager": "Manager", "firefighter": "Firefighter", "exile": "Exile",
          "unknown": "Part"}


def redact(pmap: PartsMap) -> PartsMap:
    """Roles, statuses, links and counts stay; names become "Manager 1" and the like;
    every free-text field, note, date and unknown key goes."""
    counts: dict[str, int] = {}
    new_ids: dict[str, str] = {}
    parts = []
    for part in pmap.parts:
        counts[part.role] = counts.get(part.role, 0) + 1
        label = f"{LABELS[part.role]} {counts[part.role]}"
        new_ids[part.id] = label.lower().replace(" ", "-")
        parts.append(Part(id=new_ids[part.id], name=label, role=part.role, status=part.status))
    relationships = [
        Relationship(source=new_ids.get(r.source, "missing"),
                     target=new_ids.get(r.target, "missing"), kind=r.kind)
        for r in pmap.relationships
    ]
    return PartsMap(title="A parts map (redacted)", self_notes=SelfNotes(), parts=parts,
                    relationships=relationships)
