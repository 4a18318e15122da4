"""The widgets that take an answer at one step of a walk-through, and reading them.

One place per step kind: `answer_widgets` draws them, `read_value` reads the answer
given, and `typed_text` / `put_typed` keep and offer again what is typed but not sent.
"""

from __future__ import annotations

from typing import cast

from textual.dom import DOMNode
from textual.widgets import Input, Label, RadioSet, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from ifs_tui.core import support
from ifs_tui.core.model import LIST_FIELDS, ROLE_NAMES
from ifs_tui.core.packs import Step
from ifs_tui.core.partwords import field_words
from ifs_tui.core.walk import Walk

from ..text import plain, visible
from ..widgets.scale import ScaleInput
from ..widgets.ticks import TickList, TickRadio
from .walk_links import LinkPanel
from .walk_making import MakePartPanel, NameInput, made_parts_text
from .walk_parts import PartList


def answer_widgets(walk: Walk, step: Step, before: object) -> list:  # type: ignore[type-arg]
    """The widgets that take an answer at `step`, holding `before` (an earlier answer)."""
    if step.kind == "text":
        text = visible(before) if isinstance(before, str) else ""
        # Named here too: at 80x24 the not-there button sits below the fold.
        there = (" If a part of you doesn't want to go there: ctrl+t."
                 if walk.offers_not_there(step) else "")
        if step.multiline:
            keys = "Enter adds a new line; ctrl+n goes on."
            if step.adds_to in LIST_FIELDS:  # filed a line at a time: say so before typing
                keys = ("Enter starts a new line, and each line is kept on its own under "
                        f"\"{field_words(step.adds_to)}\"; ctrl+n goes on.")
            return [TextArea(text, id="text-answer", soft_wrap=True, show_line_numbers=False),
                    Static(keys + there, classes="hint", id="keys-hint")]
        # Not selected on focus: a kept or earlier answer would go at the first key.
        return [Input(text, id="text-answer", select_on_focus=False),
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
                        Input(visible(", ".join(own)), id="own-choice",
                              select_on_focus=False)]
        return widgets
    if step.kind == "make_part":
        return [MakePartPanel(walk, step)]
    if step.kind == "link":
        return [LinkPanel(walk, step), *_made_parts(walk, step)]
    if step.kind == "scale":
        return [ScaleInput(step.min, step.max, visible(step.min_label),
                           visible(step.max_label),
                           value=before if isinstance(before, int) else None, id="scale"),
                Static(f"Choose a number with ← and → or by typing it ({step.min} to "
                       f"{step.max}); Enter goes on.", classes="hint", id="keys-hint")]
    note = "Take as long as you like." if step.kind == "grounding" else ""
    shown = [*_made_parts(walk, step),
             Static(note + " Press Next (ctrl+n) to go on.", classes="hint")]
    if step.kind == "grounding" or step.support:  # the person's support, in every pause
        shown.append(Static(plain("\n".join(support.at_hand(in_app=True))),
                            id="grounding-support"))
    return shown


def _made_parts(walk: Walk, step: Step) -> list[Static]:
    if step.shows != "made_parts":
        return []
    return [Static(made_parts_text(walk), id="made-parts")]


# --- reading an answer ----------------------------------------------------------------

TYPED = ("#text-answer", "#own-choice", "#new-part", "#make-name")


def read_value(root: DOMNode, walk: Walk, step: Step) -> object:
    """The answer in the widgets under `root`, or None when nothing was given (= not now)."""
    if step.kind == "text":
        widget = root.query_one("#text-answer")
        text = widget.text if isinstance(widget, TextArea) else cast(Input, widget).value
        return text if text.strip() else None
    if step.kind == "scale":
        return root.query_one("#scale", ScaleInput).value
    if step.kind == "choice":
        chosen: list[str] = []
        choice = root.query_one("#choice")
        if isinstance(choice, SelectionList):
            chosen = [str(v) for v in choice.selected]
        elif isinstance(choice, RadioSet) and choice.pressed_index >= 0:
            chosen = [step.options[choice.pressed_index]]  # as written, not the label
        if step.other:
            own = root.query_one("#own-choice", Input).value.strip()
            chosen += [own] if own else []  # one answer, commas and all
        return chosen or None
    if step.kind == "part":
        return _part_value(root, walk, step)
    return None


def _part_value(root: DOMNode, walk: Walk, step: Step) -> tuple[str, str | None] | None:
    new = root.query("#new-part")
    if new and cast(Input, new.first()).value.strip():
        return ("new", cast(Input, new.first()).value)
    listing = root.query("#part-choice")
    if listing:
        option_list = cast(PartList, listing.first())
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            prior = walk.previous(step)
            kept = prior is not None and not prior.skipped and prior.value == option.id
            offered = walk.suggestion(step)
            kept = kept or (offered is not None and offered.id == option.id)
            # A focused list highlights its first row by itself: not a choice.
            if option_list.touched or kept:
                return ("existing", option.id)
    return None


# --- what is typed but not yet given ----------------------------------------------------

def typed_widget(root: DOMNode) -> Input | TextArea | None:
    """The field where a person writes at this step, if there is one."""
    for selector in TYPED:
        found = root.query(selector)
        if found:
            return cast("Input | TextArea", found.first())
    return None


def typed_text(root: DOMNode, walk: Walk) -> str:
    """What is typed (or a number picked) and not yet given, to keep as a draft."""
    scale = root.query("#scale")
    step = walk.step
    if scale and step is not None:  # a number picked but not yet given: kept too
        value = cast(ScaleInput, scale.first()).value
        prior = walk.previous(step)
        before = prior.value if prior is not None and not prior.skipped else None
        return str(value) if value is not None and value != before else ""
    return written_words(root)


def written_words(root: DOMNode) -> str:
    """The words in the step's field (a name offered and left as it was: none)."""
    widget = typed_widget(root)
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, NameInput) and not widget.changed:
        return ""
    return widget.value if widget is not None else ""


def put_typed(root: DOMNode, text: str) -> bool:
    """Offer a kept draft again in the step's field; False when it does not fit there."""
    scale = root.query("#scale")
    if scale:
        widget_ = cast(ScaleInput, scale.first())
        number = int(text) if text.strip().lstrip("-").isdigit() else None
        if number is None or not widget_.low <= number <= widget_.high:
            return False
        widget_.value = number
        return True
    widget = typed_widget(root)
    if isinstance(widget, TextArea):
        widget.text = visible(text)
        widget.move_cursor(widget.document.end)  # carry on where the typing stopped
    elif widget is not None:
        widget.value = visible(text)
        widget.cursor_position = len(widget.value)  # typing goes on after the kept words
    return widget is not None
