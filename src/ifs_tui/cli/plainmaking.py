"""`ifs reflect`: steps that make a part (`make_part`), link the parts made (`link`),
and notes that list the parts made (`shows = "made_parts"`).

A make_part step asks for a name (Enter takes the one proposed), then, when the
pack offers it, a role as a numbered list (Enter: not sure yet). A link step
lists the parts made and takes two numbers and a kind, again and again, until
an empty line. Every prompt takes /back, /notnow, /pause, /help and /stop; the
end of input stops the walk-through, keeping a name typed but not yet used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError, NameTaken
from ifs_tui.core.partwords import LABELS, ROLE_CHOICES
from ifs_tui.core.reflections import answer_text, link_words

if TYPE_CHECKING:
    from ifs_tui.core.model import Part
    from ifs_tui.core.packs import Step

    from .plainwalk import PlainWalk

ROLE_WORDS = dict(ROLE_CHOICES)
LINK_KINDS = ("protects", "polarized", "allied")
# Lines that leave the step the way they do at any other step.
MOVES = ("/back", "/notnow", "/next", "/notthere")


class _Moved(Exception):
    """A line at an inner prompt moved the walk on (not now, /next, a part of me...)."""


def move(pw: PlainWalk, step: Step, line: str) -> None:
    """Back, not now, /next or "a part of me...", as at any step."""
    item = pw.walk.item(step) if step.for_each else ""
    if line == "/notnow" and step.kind == "make_part" and item:
        pw.walk.skip()
        pw.say(f"Not now: no part for {quoted(item)}. That's fine.", "dim")
    elif line == "/notnow" and step.kind == "link":  # the links made here go again
        linked = bool(pw.walk.links_made(step))
        pw.walk.skip()
        pw.say("Not now: no links" + (", the ones made here are taken back." if linked
                                      else ". That's fine."), "dim")
    else:
        pw.answer_line(step, line)


def quoted(name: str) -> str:
    """“name”, unless it has curly quotes of its own (“The part behind “…””)."""
    return name if "“" in name or "”" in name else f"“{name}”"


def role_words(role: str) -> str:
    return ROLE_WORDS.get(role, role)


def how_to_make(pw: PlainWalk, step: Step) -> None:
    """Under a make_part question: the part made before (after Back), and the way out."""
    made = pw.walk.made_part(step)
    prior = pw.walk.previous(step)
    if made is not None and prior is not None:
        if prior.new_part:
            pw.say(f"You made {quoted(made.name)} ({role_words(made.role)}) here.", "dim")
        else:
            pw.say(f"{quoted(made.name)} was in your map already, and stands for this one.",
                   "dim")
    pw.say("/notnow (or /nn): no part for this now.", "dim")


def make_part(pw: PlainWalk, step: Step) -> None:
    """The make_part step, until the walk moves on (or raises Stopped)."""
    walk = pw.walk
    while True:
        made = walk.made_part(step)
        kept = walk.draft_for(step)
        offered = made.name if made is not None else kept or walk.proposed_name(step)
        verb = "keeps" if made is not None else "for"
        line = pw.ask(f"Name (Enter {verb} {quoted(offered)}): ", draft=kept)
        if pw.aside(step, line):
            continue
        if line in MOVES:
            move(pw, step, line)
            return
        if line is None and made is not None:
            walk.keep()
            pw.say(f"Kept {quoted(made.name)}.", "dim")
            return
        name = free_name(pw, step, line.strip() if line is not None else offered, made)
        if name == "":  # the part of that name stands for this option: done
            return
        if name is None:  # a name to give again
            continue
        role = ask_role(pw, step, name, made)
        if role is None:  # /back at the role: the name again
            continue
        if make_named(pw, step, name, role):
            return


def free_name(pw: PlainWalk, step: Step, name: str, made: Part | None) -> str | None:
    """`name` (or one given instead) once no other part has it, asked before the role;
    "" when the person chose the part that has it; None to ask the name again."""
    while True:
        try:
            pmap = pw.walk.store.load()
            name = services.check_name(name)
            services.check_name_free(pmap, name, skip=made)
            return name
        except NameTaken as taken:
            answer = name_taken(pw, step, name)
            if answer is None:
                return None
            if answer == "":
                use(pw, taken.part_id)
                return ""
            name = answer
        except IfsError as err:
            message = str(err)
            pw.say(f"{message[:1].upper()}{message[1:]}. Try another name, or /notnow.",
                   "yellow")
            return None


def use(pw: PlainWalk, part_id: str) -> None:
    part = pw.walk.use_part(part_id)
    pw.say(f"With {quoted(part.name)}, already in your map.", "dim")


def ask_role(pw: PlainWalk, step: Step, name: str, made: Part | None) -> str | None:
    """The role chosen, "unknown" for not sure yet; None to ask the name again."""
    if not step.ask_role:
        return made.role if made is not None else "unknown"
    current = made.role if made is not None else "unknown"
    # Kept if the input ends here: a name the person typed (not the one offered).
    typed = "" if name in (pw.walk.proposed_name(step), made.name if made else "") else name
    pw.say(f"What role might {quoted(name)} have, if you have a sense of it?")
    for number, (_, words) in enumerate(ROLE_CHOICES, start=1):
        pw.say(f"  {number}. {words}")
    while True:
        line = pw.ask(f"Role (number; Enter for {role_words(current)}): ", draft=typed)
        if pw.aside(step, line, draft=typed):
            continue
        if line == "/back":
            return None
        if line in MOVES:
            move(pw, step, line)
            raise _Moved
        if line is None:
            return current
        picked = line.strip().casefold()
        for number, (role, words) in enumerate(ROLE_CHOICES, start=1):
            if picked in (str(number), role, words.casefold()):
                return role
        pw.say(f"The roles are numbered 1 to {len(ROLE_CHOICES)}; Enter for "
               f"{role_words(current)}.", "yellow")


def make_named(pw: PlainWalk, step: Step, name: str, role: str) -> bool:
    """Make the part (or use one already there); False to ask the name again."""
    walk = pw.walk
    while True:
        try:
            part = walk.make_part(name, role)
        except NameTaken as taken:  # given a part of that name since it was checked
            answer = name_taken(pw, step, name)
            if answer is None:
                return False
            if answer == "":
                use(pw, taken.part_id)
                return True
            name = answer
            continue
        except IfsError as err:
            message = str(err)
            pw.say(f"{message[:1].upper()}{message[1:]}. Try another name, or /notnow.",
                   "yellow")
            return False
        pw.say(f"{quoted(part.name)} is on your map now ({role_words(part.role)}).", "dim")
        return True


def name_taken(pw: PlainWalk, step: Step, name: str) -> str | None:
    """"" to use the part there, another name to try, None to ask the name again."""
    while True:
        pw.say(f"A part called {quoted(name)} is in your map already. Use that part (u), or "
               "give this one another name?")
        line = pw.ask("Another name, or u: ", draft=name)
        if pw.aside(step, line, draft=name):
            continue
        if line == "/back":
            return None
        if line in MOVES:
            move(pw, step, line)
            raise _Moved
        if line is None:
            continue
        if line.strip().casefold() in ("u", "use", "use that part"):
            return ""
        return line.strip()


def make_part_step(pw: PlainWalk, step: Step) -> None:
    try:
        make_part(pw, step)
    except _Moved:
        return


# --- link ---------------------------------------------------------------------------


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
            pw.say("Those are the same part; choose two different ones.", "yellow")
            continue
        kind = ask_kind(pw, step, first, second)
        if kind is None:
            continue
        try:
            walk.add_link(first.id, second.id, kind)
        except IfsError as err:
            message = str(err)
            pw.say(f"{message[:1].upper()}{message[1:]}.", "yellow")
            continue
        words = link_words(f"{first.id} {kind} {second.id}", walk.store.load())
        pw.say(f"Linked: {words}.", "dim")


def part_number(pw: PlainWalk, line: str, parts: list[Part]) -> Part | None:
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(parts):
        return parts[int(text) - 1]
    pw.say(f"The parts are numbered 1 to {len(parts)}.", "yellow")
    return None


def ask_number(pw: PlainWalk, step: Step, prompt: str, parts: list[Part]) -> Part | None:
    """A part by its number; None (Enter, /back) to begin the pair again."""
    while True:
        line = pw.ask(prompt)
        if pw.aside(step, line):
            continue
        if line is None or line == "/back":
            return None
        if line in MOVES:
            move(pw, step, line)
            raise _Moved
        part = part_number(pw, line, parts)
        if part is not None:
            return part


def ask_kind(pw: PlainWalk, step: Step, first: Part, second: Part) -> str | None:
    pw.say(f"1 protects: {quoted(first.name)} protects {quoted(second.name)}.", "dim")
    while True:
        line = pw.ask("How are they linked? 1 protects  2 polarized  3 allied: ")
        if pw.aside(step, line):
            continue
        if line is None or line == "/back":
            return None
        if line in MOVES:
            move(pw, step, line)
            raise _Moved
        picked = line.strip().casefold()
        for number, kind in enumerate(LINK_KINDS, start=1):
            if picked in (str(number), kind):
                return kind
        pw.say("Answer 1, 2 or 3; Enter to choose the parts again.", "yellow")


def links_step(pw: PlainWalk, step: Step) -> None:
    try:
        link_step(pw, step)
    except _Moved:
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
