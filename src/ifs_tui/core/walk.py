"""The walk-through engine: one pack, one step at a time, saved after every step.

Both `ifs reflect` and the app drive this class. Every step allows back,
*not now* (skipped, recorded, not asked again in this walk-through), a
grounding pause and stop; nothing here ever insists on an answer.
"""

from __future__ import annotations

import re

from . import filing, reflections, services
from .errors import IfsError, InvalidInput
from .model import (
    Part,
    PartsMap,
    clean_text,
    now,
    slugify,
)
from .pack_routes import default_next, next_id, steps_left
from .packs import Pack, Step
from .reflections import Answer, Draft, Reflection, Value
from .storage import MapStore

PAUSE_TEXT = (
    "Let's take a pause. Notice your feet on the floor and the weight of your body "
    "where you sit. Look around and name three things you can see. Let your breath be "
    "as it is. There is no hurry: carry on when you are ready, or stop here."
)


_SENTENCE_START = re.compile(r"(^|[.!?]\s+)\{part\}")


class Walk:
    def __init__(self, pack: Pack, record: Reflection, store: MapStore) -> None:
        self.pack = pack
        self.record = record
        self.store = store
        self._part_cache: tuple[str, Part | None] = ("", None)
        # A part chosen before a walk-through whose part step comes later: offered
        # first (highlighted) when that step is shown, never answered for the person.
        self.suggested = ""
        # Nothing is written until there is something to keep (see _worth_keeping).
        self.saved = (reflections.folder_of(store) / f"{record.id}.toml").exists()

    # --- starting -----------------------------------------------------------

    @classmethod
    def start(cls, pack: Pack, store: MapStore, part_ref: str | None = None) -> Walk:
        pmap = store.load()  # the map must exist and be readable before we write anything
        reflections.ready_folder(store)  # and the folder usable, before a word is typed
        part = services.find_part(pmap, part_ref) if part_ref else None
        stamp = now()
        record = Reflection(id=reflections.new_id(store, pack.id, stamp), pack=pack.id,
                            pack_title=pack.title, started=stamp, updated=stamp,
                            at=pack.steps[0].id)
        walk = cls(pack, record, store)
        first_part_step = next((s for s in pack.steps if s.kind == "part"), None)
        if part is not None and first_part_step is not None and not part_first(pack):
            walk.suggested = part.id
        elif part is not None and first_part_step is not None:
            # Chosen before the walk began, and the first thing it asks: answered
            # already (Back still reaches it, shown like any answered step).
            record.part = part.id
            record.answers.append(Answer(first_part_step.id, "part",
                                         walk.question(first_part_step), value=part.id,
                                         preset=True))
            if record.at == first_part_step.id:
                walk._leave(first_part_step, default_next(pack, first_part_step))
        walk._save()
        return walk

    @classmethod
    def resume(cls, pack: Pack, store: MapStore, record: Reflection) -> Walk:
        if record.status == "finished":
            raise InvalidInput(f"the reflection {record.id} is finished already")
        walk = cls(pack, record, store)
        if pack.step(record.at) is None:  # the pack changed since: first step not yet seen
            record.at = next((s.id for s in pack.steps if record.answer_for(s.id) is None), "")
        if not record.path and record.at:  # kept before paths were: back goes in file order
            record.path = [s.id for s in pack.steps[:pack.index(record.at)]]
        record.status = "in-progress"
        if not record.at:
            walk._finish()
        walk._save()
        return walk

    # --- where we are -------------------------------------------------------

    @property
    def step(self) -> Step | None:
        """The step to show now, or None when the walk-through is over."""
        if self.record.status != "in-progress" or not self.record.at:
            return None
        return self.pack.step(self.record.at)

    @property
    def done(self) -> bool:
        return self.record.status == "finished"

    def position(self) -> tuple[int, int]:
        """(number of the current step, counting from 1; that + the steps left).

        The steps left follow the default route (no branches) from here, so
        the total can change after a branch. When finished: the steps shown.
        """
        number = len(self.record.path) + 1
        step = self.step
        if step is None:
            return number - 1, number - 1
        left = steps_left(self.pack, step, lambda s: not self._skipped(s))
        return number, number + left

    def part(self) -> Part | None:
        """The part chosen in this walk-through, read once per choice."""
        if self._part_cache[0] != self.record.part:
            found = None
            if self.record.part:
                try:
                    found = self.store.load().part(self.record.part)
                except IfsError:  # a broken map must not stop a person from reading on
                    found = None
            self._part_cache = (self.record.part, found)
        return self._part_cache[1]

    def fill(self, text: str) -> str:
        """Put the chosen part's name where a pack wrote {part}."""
        part = self.part()
        if part is not None:
            return text.replace("{part}", part.name)
        # No part chosen (or skipped): "this part", capitalised to start a sentence.
        text = _SENTENCE_START.sub(lambda m: m.group(1) + "This part", text)
        return text.replace("{part}", "this part")

    def question(self, step: Step | None = None) -> str:
        step = step or self.step
        return self.fill(step.ask) if step else ""

    def hint(self, step: Step | None = None) -> str:
        step = step or self.step
        return self.fill(step.hint) if step else ""

    def previous(self, step: Step | None = None) -> Answer | None:
        step = step or self.step
        return self.record.answer_for(step.id) if step else None

    def suggestion(self, step: Step | None = None) -> Part | None:
        """The part offered first at this part step, when nothing is chosen there yet."""
        step = step or self.step
        if not self.suggested or step is None or step.kind != "part" or self.previous(step):
            return None
        try:
            return self.store.load().part(self.suggested)
        except IfsError:
            return None

    # --- moving ---------------------------------------------------------------

    def answer(self, value: Value) -> None:
        """Answer a text, choice or scale step."""
        step = self._current()
        if step.kind == "part":
            raise InvalidInput("choose a part with choose_part() or new_part()")
        if not step.answers:
            raise InvalidInput("this step has no answer; go on with advance()")
        clean = _check_value(step, value)
        self._record(step, Answer(step.id, step.kind, self.question(step), value=clean))

    def keep(self) -> None:
        """Go on past a step answered before (after going back), keeping that answer."""
        step = self._current()
        prior = self.record.answer_for(step.id)
        if prior is None or prior.skipped:
            raise InvalidInput("this step has no earlier answer to keep")
        prior.preset = False  # seen and confirmed: from now on an answer like any other
        self._leave(step, next_id(self.pack, step, prior.value))
        self._save()

    def advance(self, words: str = "") -> None:
        """Go on from a note or grounding step.

        Words written there anyway (in the plain terminal, someone may simply
        type what is going on) are kept with the step, never dropped.
        """
        step = self._current()
        if step.answers:
            raise InvalidInput("this step asks for an answer, or 'not now'")
        if words.strip():
            self._put(Answer(step.id, step.kind, self.question(step),
                             value=services.check_text(words, "answer")))
        self._leave(step, next_id(self.pack, step))
        self._save()

    def choose_part(self, ref: str) -> Part:
        step = self._current()
        if step.kind != "part":
            raise InvalidInput("this step does not ask for a part")
        part = services.find_part(self.store.load(), ref)
        self._release_made_part(step, part.id)
        self.record.part = part.id
        self._part_cache = (part.id, part)
        self._record(step, Answer(step.id, "part", self.question(step), value=part.id))
        return part

    def new_part(self, name: str) -> Part:
        step = self._current()
        if step.kind != "part" or not step.allow_new:
            raise InvalidInput("this step does not take a new part")
        self._release_made_part(step, "")
        with self.store.edit() as pmap:
            part = services.add_part(pmap, name, services.PartChanges(role=step.new_role))
            self.store.save(pmap)
        self.record.part = part.id
        self._part_cache = (part.id, part)
        self._record(step, Answer(step.id, "part", self.question(step), value=part.id,
                                  new_part=True))
        return part

    def skip(self) -> None:
        """*Not now*: recorded as skipped, and not asked again in this walk-through."""
        step = self._current()
        self._skip(step, not_there=False)
        self._leave(step, next_id(self.pack, step))
        self._save()

    def not_there(self) -> None:
        """"A part of me doesn't want to go there": recorded as skipped (and why), and
        on to the step the pack names for it (`not_there`), which meets that part."""
        step = self._current()
        if not step.not_there:
            raise InvalidInput("this step does not offer that; choose 'not now' instead")
        self._skip(step, not_there=True)
        self._leave(step, step.not_there)
        self._save()

    def offers_not_there(self, step: Step | None = None) -> bool:
        """True when the step offers "a part of me doesn't want to go there"."""
        step = step or self.step
        return step is not None and bool(step.not_there)

    def back(self) -> bool:
        """Go to the step shown just before, skipped or not; False when there is none.

        Follows the path actually taken (kept in the reflection, so also after a
        resume). A part step answered before the walk began is reached too.
        """
        target = None
        while self.record.path and target is None:  # a step the pack no longer has: past it
            target = self.pack.step(self.record.path.pop())
        if target is None:
            return False
        self.record.at = target.id
        self.record.status = "in-progress"
        self.record.finished = None
        self._save()
        return True

    def pause(self) -> str:
        """A grounding pause, possible at any step: text to rest with. Nothing moves."""
        return PAUSE_TEXT

    def stop(self, draft: str = "") -> None:
        """Stop here; everything so far (and a typed, unsent answer) is saved.

        Before a first answer, a skip or a draft there is nothing to save: then
        nothing is written and `saved` stays False.
        """
        if draft:
            self.keep_draft(draft, save=False)
        if self.record.status == "in-progress":
            self.record.status = "stopped"
            self._save()

    # --- an answer typed but not yet given ---------------------------------------

    def keep_draft(self, text: str, save: bool = True) -> None:
        """Keep what is typed at the current step, to be offered when it is shown again."""
        step = self.step
        if step is None:
            return
        if text.strip():
            self.record.draft = Draft(step.id, clean_text(text))
        elif self.draft_for(step):
            self.record.draft = None
        else:
            return
        if save:
            self._save()

    def draft_for(self, step: Step | None = None) -> str:
        step = step or self.step
        draft = self.record.draft
        return draft.text if step and draft and draft.step == step.id else ""

    # --- which part -----------------------------------------------------------------

    def part_matches(self, text: str) -> tuple[Part | None, list[Part]]:
        """The part that `text` names exactly, else the nearest ones to offer."""
        return part_matches(self.store.load(), text)

    # --- inside ---------------------------------------------------------------

    def _current(self) -> Step:
        step = self.step
        if step is None:
            raise InvalidInput("this walk-through has no step waiting")
        return step

    def _record(self, step: Step, answer: Answer) -> None:
        self._undo_addition(self.record.answer_for(step.id))
        if step.adds_to and self.record.part:
            answer.added_to = self._add_to_part(step.adds_to, answer.value, answer)
        self._put(answer)
        self._drop_draft(step)
        self._leave(step, next_id(self.pack, step, answer.value))
        self._save()

    def _put(self, answer: Answer) -> None:
        answers = [a for a in self.record.answers if a.step != answer.step]
        answers.append(answer)
        order = {s.id: i for i, s in enumerate(self.pack.steps)}
        answers.sort(key=lambda a: order.get(a.step, len(order)))
        self.record.answers = answers

    def _skip(self, step: Step, not_there: bool) -> None:
        self._undo_addition(self.record.answer_for(step.id))
        if step.kind == "part":
            self._release_made_part(step, "")
            if self.record.part == self._part_of(step):
                self.record.part = ""
        self._put(Answer(step.id, step.kind, self.question(step), skipped=True,
                         not_there=not_there))
        self._drop_draft(step)

    def _leave(self, step: Step, target: str) -> None:
        """From `step` (shown) on to `target` ("" = the end), passing over the steps
        not asked again; those follow their default route."""
        self.record.path.append(step.id)
        seen: set[str] = set()
        while target:
            candidate = self.pack.step(target)
            if candidate is None:  # a checked pack never names a missing step
                break
            if not self._passed_over(candidate) or target in seen:  # a loop: ask again
                self.record.at = target
                return
            seen.add(target)
            if not self._skipped(candidate):  # answered before: Back still reaches it
                self.record.path.append(target)
            target = default_next(self.pack, candidate)
        self._finish()

    def _passed_over(self, step: Step) -> bool:
        """Skipped with *not now*, or answered by --part: not asked in this walk-through."""
        prior = self.record.answer_for(step.id)
        return prior is not None and (prior.skipped or prior.preset)

    def _skipped(self, step: Step) -> bool:
        prior = self.record.answer_for(step.id)
        return prior is not None and prior.skipped

    def _drop_draft(self, step: Step) -> None:
        if self.record.draft is not None and self.record.draft.step == step.id:
            self.record.draft = None

    def _part_of(self, step: Step) -> str:
        prior = self.record.answer_for(step.id)
        return str(prior.value) if prior and not prior.skipped and prior.value else ""

    def _release_made_part(self, step: Step, keep_id: str) -> None:
        filing.release_made_part(self.store, self.record, step, keep_id)

    def _finish(self) -> None:
        self.record.at = ""
        self.record.status = "finished"
        self.record.finished = now()

    def _save(self) -> None:
        if not self.saved and not self._worth_keeping():
            return
        if not self.saved and (reflections.folder_of(self.store)
                               / f"{self.record.id}.toml").exists():
            # Another walk-through of this pack began in the same second.
            self.record.id = reflections.new_id(self.store, self.pack.id, self.record.started)
        self.record.updated = now()
        reflections.save(self.store, self.record)
        self.saved = True

    def _worth_keeping(self) -> bool:
        """A first answer, a skip or a draft: until then there is nothing to save."""
        return self.record.draft is not None or any(not a.preset for a in self.record.answers)

    def _add_to_part(self, field: str, value: Value | None, answer: Answer) -> str:
        return filing.add_to_part(self.store, self.record, field, value, answer)

    def _undo_addition(self, prior: Answer | None) -> None:
        filing.undo_addition(self.store, self.record, prior)


def part_first(pack: Pack) -> bool:
    """True when the first thing `pack` asks is which part: a part chosen before
    the walk-through begins answers that step; otherwise it is only offered first."""
    first_asking = next((s for s in pack.steps if s.answers), None)
    return first_asking is not None and first_asking.kind == "part"


def _check_value(step: Step, value: Value) -> Value:
    if step.kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput("an answer cannot be empty; choose 'not now' to skip")
        return services.check_text(value, "answer")
    if step.kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"give a whole number from {step.min} to {step.max}")
        if not step.min <= value <= step.max:
            raise InvalidInput(f"give a number from {step.min} to {step.max}")
        return value
    # choice
    picked = [value] if isinstance(value, str) else value
    if not isinstance(picked, list) or not picked:
        raise InvalidInput("choose at least one option, or 'not now'")
    picked = [services.check_item(p, "answer") for p in picked]
    if not step.multiple and len(picked) > 1:
        raise InvalidInput("this step takes one option")
    for item in picked:
        if item not in step.options and not step.other:
            raise InvalidInput("that is not one of the options")
    return list(dict.fromkeys(picked))


def part_matches(pmap: PartsMap, text: str, limit: int = 5) -> tuple[Part | None, list[Part]]:
    """The part `text` names exactly (id or name, any case), else the nearest ones.

    Nearest: names that start with or contain what was typed (or the other way
    round), then close spellings, so a typo is offered its part, never a new one.
    """
    key = " ".join(text.split()).casefold()
    if not key:
        return None, []
    slug = slugify(text)
    tests = (lambda p: " ".join(p.name.split()).casefold() == key,
             lambda p: p.id.casefold() == key, lambda p: p.id == slug)
    for test in tests:  # a name first: "[/]" and "Part" must not meet at the id "part"
        hits = [p for p in pmap.parts if test(p)]
        if len(hits) == 1:
            return hits[0], []
    near: list[Part] = []
    for part in pmap.parts:
        name = part.name.casefold()
        if len(key) >= 2 and (name.startswith(key) or key in name or name in key):
            near.append(part)
    for part_id in services.nearest(pmap, text, n=limit):
        close = pmap.part(part_id)
        if close is not None and close not in near:
            near.append(close)
    return None, near[:limit]


def says_not_there(text: str) -> bool:
    """"A part of me doesn't want to go there", written out as an answer: understood as
    that choice (the app's ctrl+t, `/notthere` in `ifs reflect`), not filed as words."""
    words = "".join(ch for ch in text.casefold().replace("\u2019", "'")
                    if ch.isalnum() or ch == " ")
    return " ".join(words.split()) in ("a part of me doesnt want to go there",
                                       "part of me doesnt want to go there",
                                       "a part of me does not want to go there",
                                       "part of me does not want to go there")
