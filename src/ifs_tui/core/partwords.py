"""A part's newer fields in words, shared by the details pane, `ifs part show` and exports.

Labels for every field a person fills, how a status reads ("getting to know"),
and the status history told plainly: "befriended since 3 Nov 2026 (from a reflection)".
"""

from __future__ import annotations

from datetime import datetime

from .model import BY_EDIT, Part, PartsMap, StatusChange

LABELS = {
    "job": "Job", "intent": "Wants for me", "fears": "Fears", "protects": "Protects",
    "triggers": "Takes over when", "age": "Feels this old", "first_appeared": "First appeared",
    "body": "In the body", "emotions": "Emotions", "burdens": "Burdens it carries",
    "needs": "Needs", "feel_toward": "How I feel toward it", "notes": "Notes", "tags": "Tags",
}  # fmt: skip


def status_words(status: str) -> str:
    return status.replace("-", " ")


def day(when: datetime) -> str:
    """A date as a person writes it: 3 Nov 2026."""
    return f"{when.day} {when:%b %Y}"


def _by_words(change: StatusChange) -> str:
    return "edited" if change.by == BY_EDIT else "from a reflection"


def status_line(part: Part) -> str:
    """The status, with since when and how when the history knows."""
    last = part.status_history[-1] if part.status_history else None
    if last is None or last.status != part.status:
        return status_words(part.status)
    return f"{status_words(part.status)} since {day(last.changed)} ({_by_words(last)})"


def earlier_statuses(part: Part) -> list[str]:
    """The changes before the latest, newest first: "getting to know on 1 Nov 2026 (edited)"."""
    changes = part.status_history
    if changes and changes[-1].status == part.status:
        changes = changes[:-1]
    return [f"{status_words(c.status)} on {day(c.changed)} ({_by_words(c)})"
            for c in reversed(changes)]


def feel_toward_line(part: Part) -> str:
    """How the person feels toward the part, with when that was noted."""
    if not part.feel_toward:
        return ""
    if part.feel_toward_noted is None:
        return part.feel_toward
    return f"{part.feel_toward} (noted {day(part.feel_toward_noted)})"


def field_words(field: str) -> str:
    """A field as a sentence reads it: "how I feel toward it", "status"."""
    label = LABELS.get(field, field.replace("_", " "))
    return label[0].lower() + label[1:] if label else label


def added_lines(changed: list[str], pmap: PartsMap) -> list[str]:
    """What a walk-through added, one line per part: "Added to Critic: job, fears"."""
    by_part: dict[str, list[str]] = {}
    for ref in changed:
        part_id, _, field = ref.rpartition(".")
        by_part.setdefault(part_id, []).append(field_words(field))
    lines = []
    for part_id, fields in by_part.items():
        part = pmap.part(part_id)
        lines.append(f"Added to {part.name if part else part_id}: {', '.join(fields)}")
    return lines


# The roles offered when a walk-through makes a part: "not sure yet" first, since
# nothing has to be decided to make a part. Plain words, for the app and `ifs reflect`.
ROLE_CHOICES = [
    ("unknown", "not sure yet"),
    ("manager", "a manager: steps in ahead of time, to keep things safe"),
    ("firefighter", "a firefighter: rushes in when something already hurts"),
    ("exile", "an exile: often young, carrying something heavy"),
]
