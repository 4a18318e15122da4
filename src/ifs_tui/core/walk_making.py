"""The walk-through's `make_part` and `link` steps (mixed into core.walk.Walk).

At a make_part step the person confirms (and may rename) a part proposed for
the option of the round; the steps after it in that round are about that part.
At a link step they may link any two of the parts made in this walk-through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import filing, making, services
from .errors import IfsError, InvalidInput
from .model import Part
from .pack_routes import next_id
from .packs import NAME_MAX, Step
from .reflections import Answer, Reflection, parse_link
from .storage import MapStore

if TYPE_CHECKING:
    from .packs import Pack


class MakingSteps:
    pack: Pack
    record: Reflection
    store: MapStore
    let_go: list[str]
    _part_cache: tuple[str, Part | None]

    if TYPE_CHECKING:  # provided by Walk
        @property
        def step(self) -> Step | None: ...
        def _current(self) -> Step: ...
        def _prior(self, step: Step, rnd: int | None = None) -> Answer | None: ...
        def _answer(self, step: Step, **values: object) -> Answer: ...
        def _put(self, answer: Answer) -> None: ...
        def _leave(self, step: Step, target: str) -> None: ...
        def _drop_draft(self, step: Step) -> None: ...
        def _save(self) -> None: ...
        def item(self, step: Step | None = None, rnd: int | None = None) -> str: ...
        def items(self, step: Step | None = None) -> list[str]: ...

    # --- make_part ------------------------------------------------------------

    def proposed_name(self, step: Step | None = None) -> str:
        """The name offered at a make_part step: the pack's name for this option, else
        its `name` with {item} filled, else the option itself."""
        step = step or self.step
        if step is None or step.kind != "make_part":
            return ""
        item = self.item(step) if step.for_each else ""
        name = step.names.get(item) or (step.name.replace("{item}", _short(item)) if step.name
                                         else item)
        name = " ".join(name.split()) or "A new part"
        return name if len(name) <= NAME_MAX else name[:NAME_MAX - 1].rstrip() + "…"

    def make_part(self, name: str, role: str = "unknown") -> Part:
        """Make the part proposed here (after the person confirmed it), named `name`.

        Answered again after Back: the part made before is renamed and its role set,
        never made twice. A name the map has already raises NameTaken (then
        use_part() or another name)."""
        step = self._making_step()
        role = services.check_role(role or "unknown")
        prior = self._prior(step)
        if prior is not None and not prior.skipped and prior.new_part and prior.value:
            part = making.remake(self.store, str(prior.value), name, role)
            if part is not None:
                self._settle(step, self._answer(step, value=part.id, new_part=True, role=role,
                                                name=part.name, added_to=prior.added_to))
                return part
        item = self.item(step) if step.for_each else ""
        part = making.make(self.store, name, role, item, step.item_to)
        filed = f"{part.id}.{step.item_to}" if item.strip() and step.item_to else ""
        self._release_here(step, part.id)
        self._settle(step, self._answer(step, value=part.id, new_part=True, role=role,
                                        name=part.name, added_to=filed))
        return part

    def use_part(self, ref: str) -> Part:
        """An existing part stands for this option instead of a new one."""
        step = self._making_step()
        part = services.find_part(self.store.load(), ref)
        self._release_here(step, part.id)
        answer = self._answer(step, value=part.id)
        item = self.item(step) if step.for_each else ""
        if item.strip() and step.item_to:  # the option goes to it, as to a part made here
            answer.added_to = filing.add_to_part(self.store, self.record, step.item_to, item,
                                                 answer, part.id)
        self._settle(step, answer)
        return part

    def made_part(self, step: Step | None = None) -> Part | None:
        """The part made (or used) at this make_part step for this round, if any."""
        step = step or self.step
        if step is None or step.kind != "make_part":
            return None
        prior = self._prior(step)
        if prior is None or prior.skipped or not prior.value:
            return None
        try:
            return self.store.load().part(str(prior.value))
        except IfsError:
            return None

    def made_parts(self) -> list[Part]:
        """The parts made or used at make_part steps on this walk's route, in order (in a
        pack without make_part steps: the walk's part)."""
        try:
            pmap = self.store.load()
        except IfsError:
            return []
        ids: list[str] = []
        for answer in self.record.answers:
            if answer.kind != "make_part" or answer.skipped or not answer.value:
                continue
            step = self.pack.step(answer.step)
            if step is not None and (answer.round or not step.for_each) \
                    and str(answer.value) not in ids:
                ids.append(str(answer.value))
        if not ids and self.record.part and \
                not any(s.kind == "make_part" for s in self.pack.steps):
            ids = [self.record.part]
        return [p for p in (pmap.part(i) for i in ids) if p is not None]

    def _making_step(self) -> Step:
        step = self._current()
        if step.kind != "make_part":
            raise InvalidInput("this step does not make a part")
        return step

    def _release_here(self, step: Step, keep_id: str) -> None:
        """Before this step is answered again: a part made here goes (while unused), and
        the option filed into a part used here is taken out of it again."""
        prior = self._prior(step)
        if prior is not None and not prior.new_part and prior.added_to:
            filing.undo_addition(self.store, self.record, Answer(
                step.id, "text", "", value=prior.item, added_to=prior.added_to))
            prior.added_to = ""
        filing.release_made_part(self.store, self.record, step, keep_id,
                                 self.item(step) if step.for_each else None)

    def _settle(self, step: Step, answer: Answer) -> None:
        self._put(answer)
        if not step.for_each:
            self.record.part = str(answer.value)
        self._part_cache = ("", None)
        self._drop_draft(step)
        self._leave(step, next_id(self.pack, step))
        self._save()

    def _release_unchosen(self, choice: Step) -> None:
        """After the choice a group repeats for is answered again: a part made for an
        option no longer chosen is removed while nothing else uses it (its answer goes
        too); a part something else uses stays, its answer kept off the route."""
        makers = [s for s in self.pack.steps
                  if s.for_each == choice.id and s.kind == "make_part"]
        for maker in makers:
            for answer in [a for a in self.record.answers if a.step == maker.id]:
                if answer.round or answer.skipped or not answer.new_part:
                    continue
                name = answer.name or str(answer.value)
                if filing.release_made_part(self.store, self.record, maker, "", answer.item):
                    self.record.answers.remove(answer)
                    self._part_cache = ("", None)
                    self.let_go.append(name)

    # --- link -----------------------------------------------------------------

    def add_link(self, a_ref: str, b_ref: str, kind: str) -> None:
        """Link two parts now; the link step stays, for more links or to go on."""
        step = self._linking_step()
        a, kind, b = making.add_link(self.store, a_ref, b_ref, kind)
        values = self._link_values(step) + [making.link_value(a, kind, b)]
        self._put(self._answer(step, value=values))
        self._save()

    def remove_link(self, index: int) -> None:
        """Take back the link added here as number `index` (from 0)."""
        step = self._linking_step()
        values = self._link_values(step)
        if not 0 <= index < len(values):
            raise InvalidInput("there is no such link here")
        making.remove_link(self.store, values.pop(index))
        if values:
            self._put(self._answer(step, value=values))
        else:
            self.record.answers = [a for a in self.record.answers if a.step != step.id]
        self._save()

    def links_made(self, step: Step | None = None) -> list[tuple[Part, str, Part]]:
        """The links added at this link step that are still in the map."""
        step = step or self.step
        if step is None or step.kind != "link":
            return []
        try:
            pmap = self.store.load()
        except IfsError:
            return []
        found = []
        for value in self._link_values(step):
            parsed = parse_link(value)
            a, b = (pmap.part(parsed[0]), pmap.part(parsed[2])) if parsed else (None, None)
            if parsed and a is not None and b is not None:
                found.append((a, parsed[1], b))
        return found

    def _linking_step(self) -> Step:
        step = self._current()
        if step.kind != "link":
            raise InvalidInput("this step does not link parts")
        return step

    def _link_values(self, step: Step) -> list[str]:
        prior = self._prior(step)
        if prior is None or prior.skipped or not isinstance(prior.value, list):
            return []
        return list(prior.value)

    def _take_back_links(self, step: Step) -> None:
        for value in self._link_values(step):
            making.remove_link(self.store, value)

    def _idle(self, step: Step) -> bool:
        """A link step with fewer than two parts to link: passed over."""
        return step.kind == "link" and len(self.made_parts()) < 2

    def _idle_ahead(self, step: Step) -> bool:
        """For the count of steps to come: a link step counts once two parts could be
        there by the time it comes (made, or options still to be offered a part)."""
        if step.kind != "link":
            return False
        could = len(self.made_parts())
        for maker in (s for s in self.pack.steps if s.kind == "make_part" and s.for_each):
            could += sum(self._prior(maker, rnd) is None
                         for rnd in range(1, len(self.items(maker)) + 1))
        return could < 2


def _short(words: str, most: int = 40) -> str:
    """Own words as part of a name offered: cut between words, so the name stays short
    enough to read in the tree and the map (the person can write it out in full)."""
    words = " ".join(words.split())
    if len(words) <= most:
        return words
    cut = words[:most].rsplit(" ", 1)[0] if " " in words[:most] else words[:most - 1]
    return cut.rstrip(",;:.") + "…"
