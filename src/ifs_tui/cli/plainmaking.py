"""`ifs reflect`: a step that makes a part (`make_part`), for the option of the round.

It asks for a name (Enter takes the one proposed), then, when the pack offers
it, a role as a numbered list (Enter: not sure yet). Every prompt takes /back,
/notnow, /next, /pause, /help and /stop; the end of input stops the
walk-through, keeping a name typed but not yet used. (The link step and the
parts made: plainlinks.py.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError, NameTaken
from ifs_tui.core.model import name_problem
from ifs_tui.core.partwords import ROLE_CHOICES

if TYPE_CHECKING:
    from ifs_tui.core.model import Part
    from ifs_tui.core.packs import Step

    from .plainwalk import PlainWalk

ROLE_WORDS = dict(ROLE_CHOICES)
# Lines that leave the step the way they do at any other step.
MOVES = ("/back", "/notnow", "/next", "/notthere")


class Moved(Exception):
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
    """A role in a few words, for lists: "a manager" ("a manager: steps in ..." is
    for choosing), "not sure yet"."""
    return ROLE_WORDS.get(role, role).partition(":")[0]


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
        if kept and name_problem(kept.strip()):
            kept = ""  # a name that cannot be (too long...): shown above, not the default
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
            there = pmap.part(taken.part_id)
            answer = name_taken(pw, step, there.name if there is not None else name, name)
            if answer is None:
                return None
            if answer == "":
                use(pw, taken.part_id)
                return ""
            name = answer
        except IfsError as err:
            message = str(err)
            pw.refuse(f"{message[:1].upper()}{message[1:]}. Try another name, or /notnow.",
                      keep=name)
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
    listed = False
    while True:
        if not listed:  # again after /help or /pause
            pw.say(f"What role might {quoted(name)} have, if you have a sense of it?")
            for number, (_, words) in enumerate(ROLE_CHOICES, start=1):
                pw.say(f"  {number}. {words}")
            listed = True
        line = pw.ask(f"Role (number; Enter for {role_words(current)}): ", draft=typed)
        if pw.aside(step, line, draft=typed):
            listed = False
            continue
        if line == "/back":
            return None
        if line == "/notnow":  # the role can wait; the part stays, with its name
            pw.say("Not sure yet, then. That's fine.", "dim")
            return "unknown"
        if line in MOVES:
            move(pw, step, line)
            raise Moved
        if line is None:
            return current
        picked = line.strip().casefold()
        for number, (role, words) in enumerate(ROLE_CHOICES, start=1):
            if picked in (str(number), role, words.casefold(), role_words(role).casefold()):
                return role
        pw.refuse(f"The roles are numbered 1 to {len(ROLE_CHOICES)}; Enter for "
                  f"{role_words(current)}.", keep=typed)


def make_named(pw: PlainWalk, step: Step, name: str, role: str) -> bool:
    """Make the part (or use one already there); False to ask the name again."""
    walk = pw.walk
    while True:
        try:
            part = walk.make_part(name, role)
        except NameTaken as taken:  # given a part of that name since it was checked
            there = walk.store.load().part(taken.part_id)
            answer = name_taken(pw, step, there.name if there is not None else name, name)
            if answer is None:
                return False
            if answer == "":
                use(pw, taken.part_id)
                return True
            name = answer
            continue
        except IfsError as err:
            message = str(err)
            pw.refuse(f"{message[:1].upper()}{message[1:]}. Try another name, or /notnow.",
                      keep=name)
            return False
        pw.say(f"{quoted(part.name)} is on your map now ({role_words(part.role)}).", "dim")
        return True


def name_taken(pw: PlainWalk, step: Step, name: str, typed: str) -> str | None:
    """"" to use the part there (`name`), another name to try, None to ask the name
    again. From a pipe the walk stops here: which to do was not written for it."""
    while True:
        question = (f"A part called {quoted(name)} is in your map already. Use that part (u), "
                    "or give this one another name?")
        if pw.piped:
            pw.refuse(question, keep=typed)
        pw.say(question)
        pw.say("Enter: the name again; /notnow: no part for this now.", "dim")
        line = pw.ask("Another name, or u: ", draft=typed)
        if pw.aside(step, line, draft=typed):
            continue
        if line == "/back":
            return None
        if line in MOVES:
            move(pw, step, line)
            raise Moved
        if line is None:
            return None
        if line.strip().casefold() in ("u", "use", "use that part"):
            return ""
        return line.strip()


def make_part_step(pw: PlainWalk, step: Step) -> None:
    try:
        make_part(pw, step)
    except Moved:
        return
