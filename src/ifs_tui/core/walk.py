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
    name_key,
    now,
    slugify,
)
from .pack_routes import default_next, group_exit, next_id
from .packs import Pack, Step
from .reflections import Answer, Draft, Reflection, Value, parse_ref, step_ref
from .storage import MapStore
from .walk_making import MakingSteps

PAUSE_TEXT = (
    "Let's take a pause. Notice your feet on the floor and the weight of your body "
    "where you sit. Look around and name three things you can see. Let your breath be "
    "as it is. There is no hurry: carry on when you are ready, or stop here."
)


_SENTENCE_START = re.compile(r"(^|[.!?]\s+)\{part\}")


class Walk(MakingSteps):
    def __init__(self, pack: Pack, record: Reflection, store: MapStore) -> None:
        self.pack = pack
        self.record = record
        self.store = store
        self._part_cache: tuple[str, Part | None] = ("", None)
        # A part chosen before a walk-through whose part step comes later: offered
        # first (highlighted) when that step is shown, never answered for the person.
        self.suggested = ""
        # Names of parts made here that went again with the option they were made for
        # (the choice answered anew): the app and `ifs reflect` say so, then empty it.
        self.let_go: list[str] = []
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
            record.at = next((s.id for s in pack.steps
                              if not s.for_each and record.answer_for(s.id) is None), "")
            record.round = 0
        if not record.path and record.at:  # kept before paths were: back goes in file order
            record.path = [s.id for s in pack.steps[:pack.index(record.at)]]
        record.status = "in-progress"
        walk._check_round()
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
        left, rnd = 0, self.record.round
        seen = {(step.id, rnd)}
        target, rnd = self._route(step, rnd, default_next(self.pack, step))
        while target and (target, rnd) not in seen:
            seen.add((target, rnd))
            found = self.pack.step(target)
            if found is None:
                break
            left += not self._skipped(found, rnd) and not self._idle_ahead(found)
            target, rnd = self._route(found, rnd, default_next(self.pack, found))
        return number, number + left

    def part(self) -> Part | None:
        """The part this step is about (the walk's part, or in a for_each group with a
        make_part step the part of the round), read once per choice."""
        part_id = self._part_id()
        if self._part_cache[0] != part_id or not part_id:
            found = None
            if part_id:
                try:
                    found = self.store.load().part(part_id)
                except IfsError:  # a broken map must not stop a person from reading on
                    found = None
            self._part_cache = (part_id, found)
        return self._part_cache[1]

    def _part_id(self, step: Step | None = None, rnd: int | None = None) -> str:
        step = step or self.step
        maker = None if step is None or not step.for_each else next(
            (s for s in self.pack.group(step.id) if s.kind == "make_part"), None)
        if maker is None:
            return self.record.part
        prior = self._prior(maker, rnd)
        return str(prior.value) if prior and not prior.skipped and prior.value else ""

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
        return self._fill_step(step, step.ask) if step else ""

    def hint(self, step: Step | None = None) -> str:
        step = step or self.step
        return self._fill_step(step, step.hint) if step else ""

    def _fill_step(self, step: Step, text: str) -> str:
        """{part} as in fill(), and in a for_each group {item}: the round's option
        (never read as {part}, nor a part's name as {item})."""
        if not step.for_each:
            return self.fill(text)
        return self.item(step).join(self.fill(piece) for piece in text.split("{item}"))

    def previous(self, step: Step | None = None) -> Answer | None:
        step = step or self.step
        return self._prior(step) if step else None

    @property
    def round(self) -> int:
        """The round of the current step in its for_each group (from 1); 0 outside one."""
        return self.record.round

    def items(self, step: Step | None = None) -> list[str]:
        """The options chosen at the step `step`'s group repeats for ([] outside a group)."""
        step = step or self.step
        if step is None or not step.for_each:
            return []
        chosen = self.record.answer_for(step.for_each, "")
        if chosen is None or chosen.skipped:
            return []
        value = chosen.value
        if isinstance(value, str):
            return [value] if value.strip() else []
        if not isinstance(value, list):
            return []
        # In the order the pack lists them (own words last), whatever order they were
        # ticked in: the rounds then follow the list the person chose from.
        options = self.pack.step(step.for_each)
        order = options.options if options is not None else []
        picked = [v for v in value if v.strip()]
        return sorted(picked, key=lambda v: order.index(v) if v in order else len(order))

    def item(self, step: Step | None = None, rnd: int | None = None) -> str:
        """The option of round `rnd` (default: the current one) of `step`'s group."""
        step = step or self.step
        rnd = self.record.round if rnd is None else rnd
        items = self.items(step)
        return items[rnd - 1] if step and 1 <= rnd <= len(items) else ""

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
        if step.kind == "make_part":
            raise InvalidInput("make the part with make_part(), or use one with use_part()")
        if not step.answers:
            raise InvalidInput("this step has no answer; go on with advance()")
        clean = _check_value(step, value)
        self._record(step, self._answer(step, value=clean))

    def keep(self) -> None:
        """Go on past a step answered before (after going back), keeping that answer."""
        step = self._current()
        prior = self._prior(step)
        if prior is None or prior.skipped:
            raise InvalidInput("this step has no earlier answer to keep")
        if step.kind == "make_part" and self.made_part(step) is None:
            raise InvalidInput("that part is no longer in the map; give it a name again")
        prior.round = self.record.round if step.for_each else 0
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
        if words.strip() and step.kind != "link":  # a link step keeps its links instead
            self._put(self._answer(step, value=services.check_text(words, "answer")))
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
                                  new_part=True, name=part.name))
        return part

    def skip(self) -> None:
        """*Not now*: recorded as skipped, and not asked again in this walk-through."""
        step = self._current()
        self._skip(step, not_there=False)
        group = self.pack.group(step.id)
        if step.kind == "make_part" and group:  # no part for this option: on to the next
            self._leave(step, group_exit(self.pack, group))
        else:
            self._leave(step, next_id(self.pack, step))
        self._save()

    def skip_item(self) -> None:
        """*Not now* for this whole option: this step is recorded as skipped and the
        walk goes on to the next option's round (or past the group after the last)."""
        step = self._current()
        group = self.pack.group(step.id)
        if not group:
            raise InvalidInput("this step is not repeated for each option; choose 'not now'")
        self._skip(step, not_there=False)
        self._leave(step, group_exit(self.pack, group))
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
        target, rnd = None, 0
        while self.record.path and target is None:  # a step the pack no longer has: past it
            step_id, rnd = parse_ref(self.record.path.pop())
            target = self.pack.step(step_id)
        if target is None:
            return False
        self.record.at = target.id
        self.record.round = rnd if target.for_each else 0
        self.record.status = "in-progress"
        self.record.finished = None
        self._check_round()
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
            self.record.draft = Draft(self._ref(step), clean_text(text))
        elif self.draft_for(step):
            self.record.draft = None
        else:
            return
        if save:
            self._save()

    def draft_for(self, step: Step | None = None) -> str:
        step = step or self.step
        draft = self.record.draft
        return draft.text if step and draft and draft.step == self._ref(step) else ""

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

    def _ref(self, step: Step, rnd: int | None = None) -> str:
        rnd = self.record.round if rnd is None else rnd
        return step_ref(step.id, rnd if step.for_each else 0)

    def _prior(self, step: Step, rnd: int | None = None) -> Answer | None:
        """The answer kept for `step` (in a group: for the option of round `rnd`)."""
        if not step.for_each:
            return self.record.answer_for(step.id, "")
        return self.record.answer_for(step.id, self.item(step, rnd))

    def _answer(self, step: Step, **values: object) -> Answer:
        answer = Answer(step.id, step.kind, self.question(step), **values)  # type: ignore[arg-type]
        if step.for_each:
            answer.round, answer.item = self.record.round, self.item(step)
        return answer

    def _renumber(self, step: Step) -> None:
        """After the choice a group repeats for is answered again: each answer given
        for an option takes that option's round now, or round 0 when it is no longer
        chosen (kept in the file, off the route, like words on a branch later left)."""
        repeated = {s.id for s in self.pack.steps if s.for_each == step.id}
        if not repeated:
            return
        items = self.items(self.pack.step(next(iter(repeated))))
        for answer in self.record.answers:
            if answer.step in repeated:
                answer.round = items.index(answer.item) + 1 if answer.item in items else 0
        self._release_unchosen(step)

    def _check_round(self) -> None:
        """After resume or Back: a round that no longer fits the options chosen (the
        file edited, the pack changed) becomes the nearest one that does."""
        step = self.step
        if step is None or not step.for_each:
            self.record.round = 0
            return
        count = len(self.items(step))
        if count:
            self.record.round = min(max(self.record.round, 1), count)
        else:  # nothing to repeat for: on past the group
            self.record.at, self.record.round = self._route(None, 0, step.id)
            if not self.record.at:
                self._finish()

    def _route(self, origin: Step | None, rnd: int, target: str) -> tuple[str, int]:
        """Where a route from `origin` (in round `rnd`) to `target` lands, with its round.

        Leaving a group starts its next round while options are left; entering a
        group starts round 1, or passes over it when nothing was chosen.
        """
        group = self.pack.group(origin.id) if origin is not None else []
        if group:
            if target in {s.id for s in group}:
                return target, rnd
            if rnd < len(self.items(group[0])):
                return group[0].id, rnd + 1
        seen: set[str] = set()
        while target and target not in seen:
            seen.add(target)
            entered = self.pack.group(target)
            if not entered:
                return target, 0
            if self.items(entered[0]):
                return target, 1
            target = group_exit(self.pack, entered)
        return target, 0

    def _record(self, step: Step, answer: Answer) -> None:
        self._undo_addition(self._prior(step))
        part_id = self._part_id(step)
        if step.adds_to and part_id:
            answer.added_to = filing.add_to_part(self.store, self.record, step.adds_to,
                                                 answer.value, answer, part_id)
        self._put(answer)
        self._renumber(step)
        self._drop_draft(step)
        self._leave(step, next_id(self.pack, step, answer.value))
        self._save()

    def _put(self, answer: Answer) -> None:
        answers = [a for a in self.record.answers
                   if not (a.step == answer.step and a.item == answer.item)]
        answers.append(answer)
        order = {s.id: i for i, s in enumerate(self.pack.steps)}
        answers.sort(key=lambda a: (order.get(a.step, len(order)), a.round))
        self.record.answers = answers

    def _skip(self, step: Step, not_there: bool) -> None:
        self._undo_addition(self._prior(step))
        if step.kind == "part":
            self._release_made_part(step, "")
            if self.record.part == self._part_of(step):
                self.record.part = ""
        elif step.kind == "make_part":
            self._release_here(step, "")
            if not step.for_each and self.record.part == self._part_of(step):
                self.record.part = ""
        elif step.kind == "link":
            self._take_back_links(step)
        self._put(self._answer(step, skipped=True, not_there=not_there))
        self._renumber(step)
        self._drop_draft(step)

    def _leave(self, step: Step, target: str) -> None:
        """From `step` (shown) on to `target` ("" = the end), passing over the steps
        not asked again; those follow their default route."""
        self.record.path.append(self._ref(step))
        seen: set[tuple[str, int]] = set()
        target, rnd = self._route(step, self.record.round, target)
        while target:
            candidate = self.pack.step(target)
            if candidate is None:  # a checked pack never names a missing step
                break
            idle = self._idle(candidate)
            if (not idle and not self._passed_over(candidate, rnd)) or (target, rnd) in seen:
                self.record.at, self.record.round = target, rnd  # (or a loop)
                return
            seen.add((target, rnd))
            if not idle and not self._skipped(candidate, rnd):  # Back still reaches it
                self.record.path.append(self._ref(candidate, rnd))
            target, rnd = self._route(candidate, rnd, default_next(self.pack, candidate))
        self._finish()

    def _passed_over(self, step: Step, rnd: int | None = None) -> bool:
        """Skipped with *not now*, or answered by --part: not asked in this walk-through."""
        prior = self._prior(step, rnd)
        return prior is not None and (prior.skipped or prior.preset)

    def _skipped(self, step: Step, rnd: int | None = None) -> bool:
        prior = self._prior(step, rnd)
        return prior is not None and prior.skipped

    def _drop_draft(self, step: Step) -> None:
        if self.record.draft is not None and self.record.draft.step == self._ref(step):
            self.record.draft = None

    def _part_of(self, step: Step) -> str:
        prior = self.record.answer_for(step.id)
        return str(prior.value) if prior and not prior.skipped and prior.value else ""

    def _release_made_part(self, step: Step, keep_id: str) -> None:
        filing.release_made_part(self.store, self.record, step, keep_id)

    def _finish(self) -> None:
        self.record.at, self.record.round = "", 0
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
    key = name_key(text)
    if not key:
        return None, []
    slug = slugify(text)
    tests = (lambda p: name_key(p.name) == key,
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


def names_holding(parts: list[Part], text: str) -> list[Part]:
    """Parts whose name holds `text` (any case, spaces collapsed); names that start
    with it first: how a long list of parts is narrowed by typing part of a name."""
    key = name_key(text)
    if not key:
        return []
    folded = [(name_key(p.name), p) for p in parts]
    return ([p for name, p in folded if name.startswith(key)]
            + [p for name, p in folded if key in name and not name.startswith(key)])


def says_not_there(text: str) -> bool:
    """"A part of me doesn't want to go there", written out as an answer: understood as
    that choice (the app's ctrl+t, `/notthere` in `ifs reflect`), not filed as words."""
    words = "".join(ch for ch in text.casefold().replace("\u2019", "'")
                    if ch.isalnum() or ch == " ")
    return " ".join(words.split()) in ("a part of me doesnt want to go there",
                                       "part of me doesnt want to go there",
                                       "a part of me does not want to go there",
                                       "part of me does not want to go there")
