"""`ifs reflect`: the step that asks which part (a number, a name, or a new one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ifs_tui.core.errors import IfsError
from ifs_tui.core.textsafe import visible

from .plainline import Stopped

if TYPE_CHECKING:
    from ifs_tui.core.model import Part
    from ifs_tui.core.packs import Step

    from .plainwalk import PlainWalk


def list_parts(pw: PlainWalk) -> None:
    parts = pw.walk.store.load().parts
    for number, part in enumerate(parts, start=1):
        pw.say(f"  {number}. {part.name} ({part.role})")
    step = pw.walk.step
    if step is not None and step.allow_new:
        pw.say("Answer with a number or a name; a new name can add a new part.", "dim")
    else:
        pw.say("Answer with a number or a name.", "dim")


def pick_part(pw: PlainWalk, step: Step, line: str) -> None:
    walk = pw.walk
    parts = walk.store.load().parts
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(parts):
        part = walk.choose_part(parts[int(text) - 1].id)
    else:
        exact, near = walk.part_matches(text)
        if exact is not None:
            part = walk.choose_part(exact.id)
        else:
            chosen = confirm_part(pw, step, text, near)
            if chosen is None:
                raise IfsError("nothing was chosen; answer with a number or a name")
            if chosen == "":
                part = walk.new_part(text)
                pw.say(f"Added {part.name} to your map.", "dim")
                return
            part = walk.choose_part(chosen)
    pw.say(f"With {part.name}.", "dim")


def confirm_part(pw: PlainWalk, step: Step, text: str, near: list[Part]) -> str | None:
    """No part has that name: a near one's id, "" for a new part, or None."""
    shown = visible(text)
    if not near:
        if not step.allow_new:
            raise IfsError("no part by that name")
        pw.say(f"No part is named {shown!r} yet. Add it to your map as a new part? (y/N)",
               "dim")
        reply = pw.ask()
        if reply == "/stop":
            raise Stopped("")
        return "" if (reply or "").strip().casefold() in ("y", "yes") else None
    pw.say(f"No part is named {shown!r}. Did you mean:", "dim")
    for number, part in enumerate(near, start=1):
        pw.say(f"  {number}. {part.name} ({part.role})")
    if step.allow_new:
        pw.say(f"  {len(near) + 1}. Create a new part named {shown!r}")
    pw.say("Answer with a number, or press Enter to choose again.", "dim")
    reply = pw.ask()
    if reply == "/stop":
        raise Stopped("")
    answer = (reply or "").strip()
    if answer.isdigit() and 1 <= int(answer) <= len(near):
        return str(near[int(answer) - 1].id)
    if step.allow_new and answer == str(len(near) + 1):
        return ""
    return None
