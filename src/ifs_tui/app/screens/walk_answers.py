"""The widgets that take an answer at one step of a walk-through."""

from __future__ import annotations

from textual.widgets import Input, Label, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from ifs_tui.core import support
from ifs_tui.core.model import ROLE_NAMES
from ifs_tui.core.packs import Step
from ifs_tui.core.walk import Walk

from ..text import plain, visible
from ..widgets.scale import ScaleInput
from ..widgets.ticks import TickList, TickRadio
from .walk_parts import PartList


def answer_widgets(walk: Walk, step: Step, before: object) -> list:  # type: ignore[type-arg]
    """The widgets that take an answer at `step`, holding `before` (an earlier answer)."""
    if step.kind == "text":
        text = visible(before) if isinstance(before, str) else ""
        # Named here too: at 80x24 the not-there button sits below the fold.
        there = (" If a part of you doesn't want to go there: ctrl+t."
                 if walk.offers_not_there(step) else "")
        if step.multiline:
            return [TextArea(text, id="text-answer", soft_wrap=True, show_line_numbers=False),
                    Static("Enter adds a new line; ctrl+n goes on." + there, classes="hint",
                           id="keys-hint")]
        return [Input(text, id="text-answer"),
                *([Static(there.strip(), classes="hint", id="keys-hint")] if there else [])]
    if step.kind == "part":
        parts = walk.store.load().parts
        options = [Option(plain(f"{p.name}  ({ROLE_NAMES[p.role]})"), id=p.id) for p in parts]
        listing = PartList(*options, id="part-choice")
        suggested = walk.suggestion(step)
        if suggested is not None and before is None:
            before = suggested.id  # chosen before the walk began: offered first
        if isinstance(before, str):
            ids = [p.id for p in parts]
            listing.highlighted = ids.index(before) if before in ids else None
        widgets: list[object] = [listing] if parts else [
            Static("There are no parts on the map yet.", classes="hint")]
        if step.allow_new:
            widgets += [Label("Or name a new part:"),
                        Input(placeholder="for example: the one who keeps watch",
                              id="new-part")]
        return widgets
    if step.kind == "choice":
        chosen = before if isinstance(before, list) else []
        if step.multiple:
            widgets = [TickList(*[(plain(o), o, o in chosen)
                                  for o in step.options], id="choice")]
        else:
            widgets = [RadioSet(*[TickRadio(plain(o), value=o in chosen)
                                  for o in step.options], id="choice")]
        if step.other:
            own = [c for c in chosen if c not in step.options]
            widgets += [Label("Or in your own words:"),
                        Input(visible(", ".join(own)), id="own-choice")]
        return widgets
    if step.kind == "scale":
        return [ScaleInput(step.min, step.max, visible(step.min_label),
                           visible(step.max_label),
                           value=before if isinstance(before, int) else None, id="scale"),
                Static(f"Choose a number with ← and → or by typing it ({step.min} to "
                       f"{step.max}); Enter goes on.", classes="hint", id="keys-hint")]
    note = "Take as long as you like." if step.kind == "grounding" else ""
    shown = [Static(note + " Press Next (ctrl+n) to go on.", classes="hint")]
    if step.kind == "grounding" or step.support:  # the person's support, in every pause
        shown.append(Static(plain("\n".join(support.at_hand(in_app=True))),
                            id="grounding-support"))
    return shown
