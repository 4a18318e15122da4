"""`ifs reflect`: a step that links the parts made in this walk-through (`link`), and
notes that list them (`shows = "made_parts"`).

The parts made are listed by number; the person gives two numbers and a kind,
again and again, until an empty line. /back at the second part or the kind
begins the pair again; /notnow takes back the links made at this step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import KINDS
from ifs_tui.core.partwords import LABELS
from ifs_tui.core.reflections import answer_text, link_words

from .plainmaking import MOVES, Moved, move, quoted, role_words

if TYPE_CHECKING:
    from ifs_tui.core.model import Part
    from ifs_tui.core.packs import Step

    from .plainwalk import PlainWalk


def how_to_link(pw: PlainWalk, step: Step) -> None:
    for number, part in enumerate(pw.walk.made_parts(), start=1):
        pw.say(f"  {number}. {part.name} ({role_words(part.role)})")
    say_links(pw, step)
    pw.say("Give two numbers, one at a time, then how they are linked; an empty line goes "
           "on. /notnow (or /nn): no links now.", "dim")


def say_links(pw: PlainWalk, step: Step) -> None:
    made = pw.walk.links_made(step)
    if made:
        pw.say("Linked here:", "dim")
        for a, kind, b in made:
            pw.say(f"  {link_words(f'{a.id} {kind} {b.id}', pw.walk.store.load())}")


def link_step(pw: PlainWalk, step: Step) -> None:
    """The link step: pairs of parts linked one after another, until an empty line."""
    walk = pw.walk
    while True:
        parts = walk.made_parts()
        line = pw.ask("First part (number; Enter to go on): ")
        if pw.aside(step, line):
            continue
        if line in MOVES:
            move(pw, step, line)
            return
        if line is None:
            if walk.links_made(step):
                walk.advance()
            else:
                walk.skip()
                pw.say("No links for now. That's fine.", "dim")
            return
        first = part_number(pw, line, parts)
        if first is None:
            continue
        second = ask_number(pw, step, "Second part (number): ", parts)
        if second is None:
            continue
        if second.id == first.id:
            pw.refuse("Those are the same part; choose two different ones.")
            continue
        kind = ask_kind(pw, step, first, second)
        if kind is None:
            continue
        try:
            walk.add_link(first.id, second.id, kind)
        except IfsError as err:
            message = str(err)
            pw.refuse(f"{message[:1].upper()}{message[1:]}.")
            continue
        words = link_words(f"{first.id} {kind} {second.id}", walk.store.load())
        pw.say(f"Linked: {words}.", "dim")


def part_number(pw: PlainWalk, line: str, parts: list[Part]) -> Part | None:
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(parts):
        return parts[int(text) - 1]
    pw.refuse(f"The parts are numbered 1 to {len(parts)}.")
    return None


def ask_number(pw: PlainWalk, step: Step, prompt: str, parts: list[Part]) -> Part | None:
    """A part by its number; None (Enter, /back) to begin the pair again."""
    while True:
        line = pair_line(pw, step, prompt)
        if line is None:
            return None
        part = part_number(pw, line, parts)
        if part is not None:
            return part


def pair_line(pw: PlainWalk, step: Step, prompt: str) -> str | None:
    """A line inside a pair: None (Enter, /back) to begin the pair again; a move
    (not now, /next...) is made and raises Moved."""
    while True:
        line = pw.ask(prompt)
        if pw.aside(step, line):
            continue
        if line is None or line == "/back":
            return None
        if line in MOVES:
            move(pw, step, line)
            raise Moved
        return line


def ask_kind(pw: PlainWalk, step: Step, first: Part, second: Part) -> str | None:
    pw.say(f"1 protects: {quoted(first.name)} protects {quoted(second.name)}.", "dim")
    while True:
        line = pair_line(pw, step, "How are they linked? 1 protects  2 polarized  3 allied: ")
        if line is None:
            return None
        picked = line.strip().casefold()
        for number, kind in enumerate(KINDS, start=1):
            if picked in (str(number), kind):
                return kind
        pw.refuse("Answer 1, 2 or 3; Enter to choose the parts again.")


def links_step(pw: PlainWalk, step: Step) -> None:
    try:
        link_step(pw, step)
    except Moved:
        return


# --- the parts made, under a note -----------------------------------------------------


def say_made_parts(pw: PlainWalk) -> None:
    """Each part made in this walk-through: its name, role, and what was filed in it."""
    walk = pw.walk
    parts = walk.made_parts()
    if not parts:
        pw.say("(No parts were made in this walk-through.)", "dim")
        return
    filed: dict[str, list[tuple[str, str]]] = {}
    for answer in walk.record.answers:
        origin = walk.pack.step(answer.step)
        if not answer.added_to or answer.skipped or origin is None:
            continue
        if origin.for_each and not answer.round:  # for an option no longer chosen
            continue
        part_id, _, field = answer.added_to.rpartition(".")
        words = answer.item if answer.kind == "make_part" else answer_text(answer)
        filed.setdefault(part_id, []).append((field, words))
    for part in parts:
        pw.say("")
        pw.say(f"  {part.name} · {role_words(part.role)}", "bold")
        for field, words in filed.get(part.id, []):
            pw.say(f"    {LABELS.get(field, field)}: {words}")
