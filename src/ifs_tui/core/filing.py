"""What a walk-through writes into the map, and how it takes it back.

An answer to a step with `adds_to` is filed into the chosen part; going back or
*not now* takes it out again unless it was edited by hand since. A part made at
a `part` step is removed again when the answer changes, while nothing else uses it.
"""

from __future__ import annotations

from . import services
from .model import LIST_FIELDS, STATUSES, TEXT_FIELDS, Part, now, status_named
from .packs import Step
from .reflections import Answer, Reflection, Value
from .storage import MapStore


def add_to_part(store: MapStore, record: Reflection, field: str, value: Value | None,
                answer: Answer, part_id: str) -> str:
    """File an answer into `part_id` (the walk's part, or the part of the round in a
    for_each group): "<part id>.<field>", or "" when nothing changed."""
    items = items_of(value)
    if not items:
        return ""
    with store.edit() as pmap:
        part = pmap.part(part_id)
        if part is None:  # removed since it was chosen: keep the answer only
            return ""
        if field == "status":
            status = status_named(items[0])
            if status is None or status == part.status:
                return ""  # nothing changes, so there is nothing to take back
            answer.replaced = part.status
            services.apply_changes(part, services.PartChanges(status=status),
                                   by=record.id)
        elif field == "feel_toward":  # how the person feels now: replaces, kept to undo
            answer.replaced, answer.replaced_noted = part.feel_toward, part.feel_toward_noted
            text = services.check_text(", ".join(items), field)
            services.apply_changes(part, services.PartChanges(text={field: text}))
        elif field in LIST_FIELDS:
            lines = lines_of(items)
            there = [line for line in lines if line in getattr(part, field)]
            if len(there) == len(lines):
                return ""  # all there already: nothing added, nothing to take back
            answer.replaced = "\n".join(there)  # stays on undo: it was there before
            services.apply_changes(part, services.PartChanges(add={field: lines}))
        else:
            old = getattr(part, field)
            text = services.check_text(", ".join(items), field)
            if text in old.split("\n"):
                return ""  # written there already (a part used again): not twice
            services.apply_changes(part, services.PartChanges(
                text={field: f"{old}\n{text}" if old else text}))
        store.save(pmap)
    return f"{part.id}.{field}"


def undo_addition(store: MapStore, record: Reflection, prior: Answer | None) -> None:
    """Take back what an earlier answer to this step added, if it is still there."""
    if prior is None or not prior.added_to or prior.kind == "make_part":
        return  # a made part's own fields go with the part (release_made_part)
    part_id, _, field = prior.added_to.rpartition(".")
    items = items_of(prior.value)
    with store.edit() as pmap:
        part = pmap.part(part_id)
        if part is None:
            return
        if field in ("status", "feel_toward"):
            if _put_back(part, field, prior, record.id):
                store.save(pmap)
            return
        if field in LIST_FIELDS:
            before = prior.replaced.split("\n") if prior.replaced else []
            kept = [i for i in getattr(part, field) if i not in lines_of(items) or i in before]
            changes = services.PartChanges(clear=[field], add={field: kept} if kept else {})
        else:
            old, text = getattr(part, field), ", ".join(items)
            if old == text:
                changes = services.PartChanges(clear=[field])
            elif old.endswith("\n" + text):
                changes = services.PartChanges(text={field: old[: -len(text) - 1]})
            else:
                return  # edited by hand since: leave it be
        if services.apply_changes(part, changes):
            store.save(pmap)


def _put_back(part: Part, field: str, prior: Answer, rec_id: str) -> bool:
    """Undo a replacing answer (status, feel_toward): the earlier value comes back, unless
    the part was changed by hand since. True when the part changed."""
    items = items_of(prior.value)
    if field == "status":
        status = status_named(items[0]) if items else None
        last = part.status_history[-1] if part.status_history else None
        if (status is None or part.status != status or last is None or last.by != rec_id
                or prior.replaced not in STATUSES):
            return False
        part.status = prior.replaced
        part.status_history.pop()
    else:
        if part.feel_toward != ", ".join(items):
            return False
        part.feel_toward, part.feel_toward_noted = prior.replaced, prior.replaced_noted
    prior.replaced, prior.replaced_noted = "", None
    part.updated = now()
    return True


def release_made_part(store: MapStore, record: Reflection, step: Step, keep_id: str,
                      item: str | None = None) -> bool:
    """Remove a part this walk-through made at `step` (for the option `item`, in a
    for_each group), now that the answer changes. True when it was removed.

    Only while nothing else uses it: no links, no other reflection naming it,
    no field but those this walk-through wrote. Otherwise it stays.
    """
    prior = record.answer_for(step.id, item)
    if prior is None or not prior.new_part or not prior.value or prior.value == keep_id:
        return False
    part_id = str(prior.value)
    role = prior.role if prior.kind == "make_part" else step.new_role
    if any(a is not prior and not a.skipped and _names_part(a, part_id) for a in record.answers):
        return False  # another round of this walk-through stands on it too
    from .reflect_index import naming

    if naming(store, part_id) - {record.id}:
        return False
    with store.edit() as pmap:
        part = pmap.part(part_id)
        if part is None or pmap.relationships_of(part_id):
            return False
        if prior.name and part.name != prior.name:
            return False  # renamed since: someone went on with it
        if not _only_written_by(part, record, role):
            return False
        services.remove_part(pmap, part)
        store.save(pmap)
    for answer in record.answers:
        if answer.added_to.rpartition(".")[0] == part_id:
            answer.added_to = ""
    if record.part == part_id:
        record.part = ""
    return True


def items_of(value: Value | None) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if v.strip()]
    if isinstance(value, str) and value.strip():
        return [value]
    return []


def lines_of(items: list[str]) -> list[str]:
    """List items from answers: each line of a written answer is an item of its own
    (a fear per line, as the part form has them)."""
    return [line for item in items for line in item.splitlines() if line.strip()]


def written(answer: Answer) -> list[str]:
    """What an answer put into a part: its words, or for a made part the option it was
    made for (filed into the step's `item_to`)."""
    return [answer.item] if answer.kind == "make_part" else items_of(answer.value)


def _names_part(answer: Answer, part_id: str) -> bool:
    return answer.kind in ("part", "make_part") and answer.value == part_id


def _only_written_by(part: Part, rec: Reflection, role: str) -> bool:
    """True when every filled field of `part` holds only what `rec`'s answers added."""
    if part.role != (role or "unknown") or part.status != Part(id="", name="").status or part.extra:
        return False
    for field in LIST_FIELDS + TEXT_FIELDS:
        value = getattr(part, field)
        if not value:
            continue
        added: list[str] = []
        for answer in rec.answers:
            if answer.added_to == f"{part.id}.{field}":
                added += lines_of(written(answer))
        if field in LIST_FIELDS:
            if any(item not in added for item in value):
                return False
        elif value != "\n".join(", ".join(written(a)) for a in rec.answers
                                if a.added_to == f"{part.id}.{field}"):
            return False
    return True
