"""`ifs reflect`: the step that asks which part (a number, a name, or a new one).

Up to MANY parts are listed with numbers. With more, a list would scroll the question
away (a thousand lines before step 1): the person types a name, or part of one, and
the parts that match are listed, at most MANY, to choose from or narrow further.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ifs_tui.core.errors import IfsError
from ifs_tui.core.textsafe import visible
from ifs_tui.core.walk import names_holding

from .plainline import Stopped

MANY = 20  # more parts than this are found by name, not listed

if TYPE_CHECKING:
    from ifs_tui.core.model import Part
    from ifs_tui.core.packs import Step

    from .plainwalk import PlainWalk


def list_parts(pw: PlainWalk) -> None:
    parts = pw.walk.store.load().parts
    if len(parts) > MANY:
        pw.say(f"You have {len(parts):,} parts. Type a name, or part of one, to find it.",
               "dim")
        step = pw.walk.step
        if step is not None and step.allow_new:
            pw.say("A name no part has yet can add a new part.", "dim")
        return
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
    many = len(parts) > MANY  # no numbered list was shown: a number is a name here
    if not many and text.isdigit() and 1 <= int(text) <= len(parts):
        part = walk.choose_part(parts[int(text) - 1].id)
    else:
        exact, near = walk.part_matches(text)
        if exact is not None:
            part = walk.choose_part(exact.id)
        else:
            if many:  # the name may be narrowed there: a new part takes the last one
                chosen, text = find_part(pw, step, text, parts)
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


def find_part(pw: PlainWalk, step: Step, text: str,
              parts: list[Part]) -> tuple[str | None, str]:
    """Many parts: those whose name holds `text`, numbered, until one is chosen. A
    part's id, "" for a new part, or None to ask the step again; with the name last
    typed (a new part's name)."""
    from .plainwalk import COMMANDS

    while True:
        found = names_holding(parts, text)
        if not found:  # a typo, perhaps: the nearest spellings, or a new part
            exact, near = pw.walk.part_matches(text)
            return (exact.id if exact is not None
                    else confirm_part(pw, step, text, near)), text
        shown = visible(text)
        listed = found[:MANY]
        pw.say(f"{len(found):,} part{'s' if len(found) > 1 else ''} with {shown!r} "
               "in the name:", "dim")
        for number, part in enumerate(listed, start=1):
            pw.say(f"  {number}. {part.name} ({part.role})")
        if step.allow_new:
            pw.say(f"  {len(listed) + 1}. Create a new part named {shown!r}")
        if len(found) > MANY:
            pw.say(f"{len(found) - MANY:,} more not listed: type more of the name to narrow.",
                   "dim")
        pw.say("Answer with a number, type more of the name, or press Enter to choose "
               "again.", "dim")
        reply = pw.ask()
        if reply == "/stop":
            raise Stopped("")
        answer = (reply or "").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(listed):
            return listed[int(answer) - 1].id, text
        if step.allow_new and answer == str(len(listed) + 1):
            return "", text
        if not answer or answer in COMMANDS:  # Enter, or a command: the step again
            return None, text
        exact, _ = pw.walk.part_matches(answer)
        if exact is not None:
            return exact.id, answer
        text = answer
