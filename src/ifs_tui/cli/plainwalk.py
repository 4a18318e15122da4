"""The plain walk-through behind `ifs reflect`: one line per answer.

Works with screen readers, over ssh, and with answers piped in on standard
input. Besides an answer, a line can be one of the COMMANDS below; an empty
line means *not now* (or, on a step answered before, keeps that answer).
End of input (or ctrl+c) stops the walk-through, saved, to be resumed later;
a line typed but not yet sent is kept as a draft and offered again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from ifs_tui.core import support
from ifs_tui.core.errors import IfsError
from ifs_tui.core.packs import Step, reflow
from ifs_tui.core.partwords import added_lines
from ifs_tui.core.textsafe import visible
from ifs_tui.core.walk import Walk, says_not_there

from . import plainlinks, plainmaking, plainparts
from .plainline import Stopped, no_offer, no_pending

COMMANDS = {
    "/notnow": "not now: skip this step (an empty line does the same)",
    "/next": "not now for this whole option: on to the next one (at questions asked "
             "once for each option chosen)",
    "/notthere": "a part of me doesn't want to go there (at steps that offer it)",
    "/back": "go back to the previous step",
    "/pause": "a short grounding pause",
    "/stop": "stop here; everything is saved and can be resumed",
    "/help": "show these commands",
}
ALIASES = {"/n": "/notnow", "/nn": "/notnow", "/skip": "/notnow", "/b": "/back",
           "/p": "/pause", "/s": "/stop", "/nt": "/notthere", "/q": "/stop", "/quit": "/stop",
           "/h": "/help", "/?": "/help"}


class PlainWalk:
    ifs = "ifs"  # how to call ifs again in hints, with --map when one was given

    def __init__(self, walk: Walk, console: Console, read: Callable[[str], str],
                 pending: Callable[[], str] = no_pending,
                 offer: Callable[[str], None] = no_offer) -> None:
        self.walk = walk
        self.out = console
        self.read = read
        self.pending = pending  # the unfinished line when ctrl+c comes
        self.offer = offer  # puts a kept draft into the line being read, where it can
        self.prefill = ""
        # Answers from a pipe: a line not taken stops the walk (see refuse()).
        self.piped = not _stdin_is_terminal()
        self.refused = False
        self.interrupted = False  # ended by ctrl+c or the end of the input, not /stop

    def refuse(self, message: str, keep: str = "") -> None:
        """Say why a line was not taken, for it to be given again. From a pipe, stop
        here instead: the lines that follow were written for the questions after this
        one, and taken here they would be filed under the wrong question. `keep` is
        kept as the unfinished answer."""
        self.say(message, "yellow")
        if self.piped:
            self.say("The answers come from a pipe, so the walk stops here rather than "
                     "take the next line as an answer to this question.", "yellow")
            self.refused = True
            raise Stopped(keep)

    def say(self, text: str, style: str = "") -> None:
        # Pack texts and part names come from files: hazards shown, never sent raw.
        self.out.print(Text(visible(text), style=style), soft_wrap=not self.out.is_terminal)

    def ask(self, prompt: str = "> ", draft: str = "") -> str | None:
        """One line from the person; a command name, or None for an empty line.

        `prompt` is plain text (a name in it is shown, never read as markup); `draft`
        is what to keep if the input ends here (words typed at an earlier prompt)."""
        if self.prefill:
            self.offer(self.prefill)
        try:
            line = self.read(visible(prompt))
        except (EOFError, OSError):  # ctrl+d on an empty line; or the terminal closed
            self.interrupted = True
            raise Stopped(self.pending() or draft) from None
        except KeyboardInterrupt:  # ctrl+c; or SIGHUP, SIGTERM (cli/altscreen.py)
            self.interrupted = True
            kept = self.pending() or draft
            with contextlib.suppress(OSError):  # a terminal closed: the words still kept
                self.say("")
            raise Stopped(kept) from None
        finally:
            self.prefill = ""
        word = line.strip()
        command = ALIASES.get(word.casefold(), word.casefold())
        if command in COMMANDS:
            return command
        return line.rstrip("\r\n") if word else None

    def intro(self, fresh: bool) -> None:
        pack = self.walk.pack
        self.say(pack.title, "bold")
        if fresh and pack.care_note.strip():
            self.say("")
            self.say(reflow(pack.care_note), "italic")
        if fresh and pack.support:
            self.say_support(support.for_pack(pack))
        part = self.walk.part()
        offered = self.walk.store.load().part(self.walk.suggested) if self.walk.suggested else None
        if fresh and part is not None:  # chosen with --part: its step is answered
            self.say("")
            self.say(f"With {part.name}.")
        elif fresh and offered is not None:  # its step comes later: offered there
            self.say("")
            self.say(f"When it asks which part, {offered.name} is offered first.")
        self.say("")
        self.say("Type your answer and press Enter. An empty line means not now. "
                 "You can also type /back, /pause, /stop or /help.", "dim")

    def run(self) -> None:
        try:
            while (step := self.walk.step) is not None:
                self.show(step)
                self.handle(step)
        except Stopped as stop:
            draft = stop.args[0] if stop.args else ""
            if self.walk.step is not None and self.walk.step.kind == "link":
                draft = ""  # a part's number half typed: nothing to keep
            self.walk.stop(draft=draft)
            self.say("")
            if not self.walk.saved:
                self.say("Stopped before any answer; nothing was saved.")
                return
            self.say("Stopped. Everything so far is saved"
                     + (", with the answer you were typing." if draft.strip() else "."))
            self.say(f"Go on later with: {self.ifs} reflect --resume {self.walk.record.id}")
            return
        self.finish()

    def show(self, step: Step) -> None:
        number, total = self.walk.position()
        self.say("")
        self.say(f"Step {number} of {total}", "dim")
        if step.for_each and self.walk.round:  # which option this round is about
            count = len(self.walk.items(step))
            self.say(f"About “{self.walk.item(step)}” ({self.walk.round} of {count})", "dim")
        self.say(self.walk.question(step), "bold")
        hint = self.walk.hint(step)
        if hint:
            self.say(hint, "dim")
        prior = self.walk.previous(step)
        if step.kind in ("make_part", "link"):
            prior = None  # told in words under the question (plainmaking.py, plainlinks.py)
        if prior is not None and not prior.skipped and prior.value is not None:
            shown = prior.value if not isinstance(prior.value, list) else ", ".join(prior.value)
            if step.kind == "part":
                part = self.walk.part()
                shown = part.name if part else shown
            self.say(f"Before: {shown}  (an empty line keeps it)", "dim")
        offered = self.walk.suggestion(step)
        if offered is not None:
            self.say(f"An empty line chooses {offered.name}; /notnow for not now.", "dim")
        draft = self.walk.draft_for(step)
        if draft:
            self.say("Your unfinished answer was kept:", "dim")
            self.say(draft)
            if self.offer is no_offer:
                self.say("An empty line goes on with it as your answer; /notnow leaves it "
                         "out.", "dim")
            else:  # put into the line itself, to finish or change
                self.say("It is in the line below: finish or change it, and press Enter; "
                         "/notnow leaves it out.", "dim")
            self.prefill = draft.replace("\n", " ")

    def handle(self, step: Step) -> None:
        self.how_to_answer(step)
        if step.kind == "make_part":
            plainmaking.make_part_step(self, step)
            return
        if step.kind == "link":
            plainlinks.links_step(self, step)
            return
        while True:
            line = self.ask()
            if self.aside(step, line):
                continue
            if self.answer_line(step, line):
                return

    def aside(self, step: Step, line: str | None, draft: str = "") -> bool:
        """/stop, /help, /pause (and /next where it does not fit), at any prompt of a
        step; True when the line was one of them and the prompt is to be asked again."""
        if line == "/stop":
            raise Stopped(draft)
        if line == "/help":
            for name, what in COMMANDS.items():
                self.say(f"  {name:<9} {what}", "dim")
            self.show(step)  # the question and its options again, ready to answer
            self.how_to_answer(step)
            return True
        if line == "/pause":
            self.say("")
            self.say(self.walk.pause(), "italic")
            self.say_support(support.at_hand())
            self.say("Press Enter when you are ready to go on.", "dim")
            self.ask(draft=draft)
            self.show(step)
            self.how_to_answer(step)
            return True
        if line == "/next" and not (step.for_each and self.walk.round):
            self.say("/next is for questions asked once for each option chosen; here, "
                     "/notnow says not now.", "dim")
            return True
        return False

    def how_to_answer(self, step: Step) -> None:
        if step.kind == "part":
            plainparts.list_parts(self)
        elif step.kind == "choice":
            for number, option in enumerate(step.options, start=1):
                self.say(f"  {number}. {option}")
            how = "numbers or words, separated by commas" if step.multiple else "a number"
            self.say(f"Answer with {how}" + (", or your own words." if step.other else "."),
                     "dim")
        elif step.kind == "scale":
            self.say(f"A number from {step.min} ({step.min_label or 'least'}) to "
                     f"{step.max} ({step.max_label or 'most'}).", "dim")
        elif step.kind == "make_part":
            plainmaking.how_to_make(self, step)
        elif step.kind == "link":
            plainlinks.how_to_link(self, step)
        elif step.kind == "grounding":
            self.say_support(support.at_hand())
            self.say("Take as long as you like, then press Enter.", "dim")
        else:
            if step.kind == "note":
                if step.shows == "made_parts":
                    plainlinks.say_made_parts(self)
                    self.say("")
                if step.support:
                    self.say_support(support.at_hand())
                self.say("Press Enter to go on.", "dim")
        if self.walk.offers_not_there(step):
            self.say("If a part of you doesn't want to go there, type /notthere (or /nt).",
                     "dim")
        if step.for_each and self.walk.round and step.kind != "make_part":  # there: /notnow
            self.say("/next: not now for the rest of this option.", "dim")

    def answer_line(self, step: Step, line: str | None) -> bool:
        """Act on one line; False when the same step is asked again."""
        offered = self.walk.offers_not_there(step)
        if line == "/notthere" or (line is not None and offered and says_not_there(line)):
            if not offered:
                # Still a "no", and honoured as one: this question waits.
                self.walk.skip()
                self.say("That's fine. This question can wait: taken as not now.", "dim")
                return True
            self.walk.not_there()
            self.say("A part of you doesn't want to go there. That's fine.", "dim")
            return True
        if line == "/next":
            item = self.walk.item(step)
            self.walk.skip_item()
            self.say(f"Not now for “{item}”. That's fine.", "dim")
            return True
        if line == "/back":
            if not self.walk.back():
                self.say("This is the first step.", "dim")
                return False
            return True
        try:
            self.act(step, line)
        except IfsError as err:
            message = str(err)
            self.refuse(f"{message[:1].upper()}{message[1:]}. Try again, or press Enter for "
                        "not now.", keep=line or "")
            return False
        self.say_let_go()
        return True

    def say_let_go(self) -> None:
        """Parts made for options no longer chosen, gone again: said, never silent."""
        for name in self.walk.let_go:
            self.say(f"“{name}” went from your map with its pattern; what you wrote about "
                     "it stays in this reflection.", "dim")
        self.walk.let_go.clear()

    def act(self, step: Step, line: str | None) -> None:
        if not step.answers:
            words = "" if line in (None, "/notnow") else line
            self.walk.advance(words)
            if words.strip():
                self.say("Kept with this step.", "dim")
            return
        prior = self.walk.previous(step)
        offered = self.walk.suggestion(step)
        draft = self.walk.draft_for(step)
        if line is None and draft:  # kept words are never dropped by a bare Enter
            line = draft
            self.say("Going on with the words you kept.", "dim")
        if line is None and prior is not None and not prior.skipped:
            self.walk.keep()
        elif line is None and offered is not None:
            self.walk.choose_part(offered.id)
            self.say(f"With {offered.name}.", "dim")
        elif line in (None, "/notnow"):
            self.walk.skip()
            self.say("Not now. That's fine.", "dim")
        elif step.kind == "text":
            self.walk.answer(line)
        elif step.kind == "scale":
            try:
                value = int(line.strip())
            except ValueError:
                raise IfsError(f"give a number from {step.min} to {step.max}") from None
            self.walk.answer(value)
        elif step.kind == "choice":
            self.walk.answer(self.choices(step, line))
        elif step.kind == "part":
            plainparts.pick_part(self, step, line)

    def choices(self, step: Step, line: str) -> list[str]:
        """Option numbers or words, separated by commas; the rest is one answer of the
        person's own, commas and all ("I said no, and the sky didn't fall")."""
        numbers = [p.strip() for p in line.split(",") if p.strip().isdigit()]
        if any(not 1 <= int(n) <= len(step.options) for n in numbers):
            raise IfsError(f"the options are numbered 1 to {len(step.options)}")
        if not step.multiple:
            piece = line.strip()
            if piece.isdigit():
                return [step.options[int(piece) - 1]]
            same = [o for o in step.options if o.casefold() == piece.casefold()]
            return [same[0] if same else piece]
        whole = [o for o in step.options if o.casefold() == line.strip().casefold()]
        if whole:  # an option that holds a comma itself, typed out
            return whole
        picked: list[str] = []
        own: list[str] = []
        for piece in (p.strip() for p in line.split(",")):
            same = [o for o in step.options if o.casefold() == piece.casefold()]
            if piece.isdigit() and 1 <= int(piece) <= len(step.options):
                picked.append(step.options[int(piece) - 1])
            elif same:
                picked.append(same[0])
            elif piece:
                own.append(piece)
        return picked + ([", ".join(own)] if own else [])

    def finish(self) -> None:
        rec = self.walk.record
        self.say("")
        self.say("Finished. Thank you for taking this time.", "bold")
        self.say(f"Saved as {rec.id}; read it again with: {self.ifs} journal show {rec.id}")
        if rec.changed:
            for line in added_lines(rec.changed, self.walk.store.load()):
                self.say(line)
        new = {str(a.value) for a in rec.answers if a.kind == "make_part" and a.new_part}
        made = [p for p in self.walk.made_parts() if p.id in new]
        if made:  # where to meet them next
            count = "1 new part" if len(made) == 1 else f"{len(made)} new parts"
            them = "it" if len(made) == 1 else "them"
            self.say(f"{count} on your map. See {them} with: {self.ifs} part list, or in the "
                     f"app: {self.ifs}")
        if self.walk.pack.support:
            self.say_support(support.for_pack(self.walk.pack))
        from .journey_offer import offer_journey

        offer_journey(self)

    def say_support(self, lines: list[str]) -> None:
        """The person's support contacts, or the general line (core/support.py)."""
        self.say("")
        for line in lines:
            self.say(line)


def _stdin_is_terminal() -> bool:
    import sys

    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced
        return False
