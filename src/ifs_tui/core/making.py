"""Parts made and links added by a walk-through (`make_part` and `link` steps).

A made part carries the option it was made for in the step's `item_to` field;
the walk keeps the role it was made with, so filing.release_made_part can tell
whether anything but this walk-through has touched it since.
"""

from __future__ import annotations

from . import services
from .errors import InvalidInput
from .model import LIST_FIELDS, Part
from .reflections import parse_link
from .storage import MapStore


def make(store: MapStore, name: str, role: str, item: str, item_to: str) -> Part:
    """A new part named `name`; `item` (the option it is made for) goes into `item_to`.
    Raises NameTaken when the map has a part of that name already."""
    changes = services.PartChanges(role=role)
    if item.strip() and item_to:
        if item_to in LIST_FIELDS:
            changes.add = {item_to: [item]}
        else:
            changes.text = {item_to: item}
    with store.edit() as pmap:
        part = services.add_part(pmap, name, changes)
        store.save(pmap)
    return part


def remake(store: MapStore, part_id: str, name: str, role: str) -> Part | None:
    """The part made before at this step, renamed and its role set; None when it is gone."""
    with store.edit() as pmap:
        part = pmap.part(part_id)
        if part is None:
            return None
        changed = services.rename_part(pmap, part, name)
        changed = services.apply_changes(part, services.PartChanges(role=role)) or changed
        if changed:
            store.save(pmap)
    return part


def link_value(a: Part, kind: str, b: Part) -> str:
    """How a link step keeps a link it added: "A-ID KIND B-ID" (ids never hold spaces)."""
    return f"{a.id} {kind} {b.id}"


def add_link(store: MapStore, a_ref: str, b_ref: str, kind: str) -> tuple[Part, str, Part]:
    with store.edit() as pmap:
        a = services.find_part(pmap, a_ref)
        b = services.find_part(pmap, b_ref)
        kind = services.check_kind(kind)
        if any(r.kind == kind and r.joins(a.id, b.id) for r in pmap.relationships):
            # said with the names the person sees on the walk's screen, not the ids
            raise InvalidInput(f"{a.name} and {b.name} are linked that way already")
        rel = services.link(pmap, a, b, kind)
        store.save(pmap)
    return a, rel.kind, b


def remove_link(store: MapStore, value: str) -> None:
    """Take back a link a link step added, while it is as the step left it (a note or
    fears written since mean someone went on with it: then it stays)."""
    parsed = parse_link(value)
    if parsed is None:
        raise InvalidInput("that link was not added here")
    a_id, kind, b_id = parsed
    with store.edit() as pmap:
        found = [r for r in pmap.relationships
                 if r.kind == kind and (r.source, r.target) == (a_id, b_id)
                 and not (r.note or r.from_fears or r.to_fears)]
        if not found:
            return
        pmap.relationships.remove(found[0])
        store.save(pmap)
