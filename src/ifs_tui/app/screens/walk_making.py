"""A walk-through's `make_part` step in the app, and the parts made so far.

The name offered is in an Input the person may change; an unchanged offer is not
taken for words they typed (nothing to keep as a draft, nothing to ask about).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioSet, Static

from ifs_tui.core.errors import IfsError, NameTaken
from ifs_tui.core.model import LIST_FIELDS, ROLE_NAMES, Part
from ifs_tui.core.packs import Step
from ifs_tui.core.partwords import LABELS, ROLE_CHOICES
from ifs_tui.core.walk import Walk

from ..text import plain, visible
from ..widgets.ticks import TickRadio
from .dialogs import ConfirmScreen

if TYPE_CHECKING:
    from .walk import WalkScreen

# The core's plain words ("not sure yet" first), starting a line as a label does.
ROLES = [(key, words[:1].upper() + words[1:]) for key, words in ROLE_CHOICES]


class NameInput(Input):
    """The part's name. `offered` is what was put there for the person."""

    def __init__(self, offered: str) -> None:
        super().__init__(offered, id="make-name")
        self.offered = offered

    @property
    def changed(self) -> bool:
        return self.value.strip() != self.offered.strip()


def confirm_words(walk: Walk, step: Step) -> str:
    """What the Next button says at a make_part step: the part is made when pressed."""
    return "Keep this part" if walk.made_part(step) is not None else "Make this part"


class MakePartPanel(Vertical):
    """Name (and role) of the part to make; after Back, the part made here. The Next
    button, named "Make this part" (or "Keep this part"), confirms it."""

    def __init__(self, walk: Walk, step: Step) -> None:
        super().__init__(id="make-part-answer")
        self.walk, self.step = walk, step
        self.made = walk.made_part(step)
        prior = walk.previous(step)
        # An existing part chosen here (its name was taken): kept, or another name.
        self.used = self.made is not None and prior is not None and not prior.new_part

    def compose(self) -> ComposeResult:
        made = self.made
        if made is not None:
            what = ("You chose " if self.used else "You made ") + visible(made.name)
            yield Static(Text.assemble(
                (what, "bold"), " here. Keep it, give it another name, or choose Not now "
                + ("to leave it out." if self.used else "to take it off the map again.")),
                id="made-note")
        yield Label("Name", classes="field-label")
        yield NameInput(visible(made.name if made is not None
                                else self.walk.proposed_name(self.step)))
        if self.step.ask_role and not self.used:
            role = made.role if made is not None else "unknown"
            yield Label("Role, if you have a sense of it (it can wait)", classes="field-label")
            yield RadioSet(*[TickRadio(plain(words), value=key == role) for key, words in ROLES],
                           id="make-role")
        yield Static("Not now (ctrl+o) leaves this one without a part.", classes="hint",
                     id="keys-hint")

    def chosen(self) -> tuple[str, str]:
        """(name, role) as given now."""
        name = self.query_one(NameInput).value
        roles = self.query(RadioSet)
        index = roles.first().pressed_index if roles else -1
        role = ROLES[index][0] if index >= 0 else (
            self.made.role if self.made is not None else "unknown")
        return name, role

    def unchanged(self) -> bool:
        """True after Back when name and role are as the part made here has them."""
        if self.made is None:
            return False
        name, role = self.chosen()
        return not self.query_one(NameInput).changed and (self.used or role == self.made.role)


def made_parts_text(walk: Walk) -> Text:
    """The parts made in this walk-through: name, role in words, and what was filed."""
    parts = walk.made_parts()
    if not parts:
        return Text("No parts were made in this walk-through.")
    lines = Text()
    for part in parts:
        if lines:
            lines.append("\n\n")
        lines.append(visible(part.name), "bold")
        lines.append(f"  ·  {ROLE_NAMES.get(part.role, part.role)}", "dim")
        for label, value in _filed(walk, part):
            lines.append(f"\n  {label}: ", "dim")
            lines.append(visible(value))
    return lines


def _filed(walk: Walk, part: Part) -> list[tuple[str, str]]:
    fields = ["job"] + [ref.rpartition(".")[2] for ref in walk.record.changed
                        if ref.rpartition(".")[0] == part.id]
    shown = []
    for field in dict.fromkeys(fields):
        value = getattr(part, field, "")
        text = "; ".join(value) if field in LIST_FIELDS and isinstance(value, list) else (
            value if isinstance(value, str) else "")
        if text.strip():
            shown.append((LABELS.get(field, field), text))
    return shown


# --- acting on it (for WalkScreen) ---------------------------------------------------------

def make_here(screen: WalkScreen) -> bool:
    """Make the part named at this step (after Back: keep it, or rename it / change its
    role). False when a dialog asks first."""
    panel = screen.query_one(MakePartPanel)
    name, role = panel.chosen()
    if not name.strip():
        raise IfsError("Give the part a name, or choose Not now (ctrl+o) for no part here.")
    if panel.unchanged():
        screen.walk.keep()
        return True
    try:
        screen.walk.make_part(name, role)
    except NameTaken as err:
        _ask_taken(screen, name, err.part_id)
        return False
    return True


def _ask_taken(screen: WalkScreen, name: str, part_id: str) -> None:
    """The map has a part of that name: that part stands for this one, or another name."""

    async def answer(use: bool | None) -> None:
        if not use:
            field = screen.query_one(NameInput)
            field.focus()
            field.select_all()
            return
        try:
            screen.walk.use_part(part_id)
        except IfsError as err:
            screen.say(str(err))
            return
        await screen.show_step()

    try:  # named as the map has it ("Part 3"), not as typed ("part  3")
        there = screen.walk.store.load().part(part_id)
    except IfsError:
        there = None
    name = there.name if there is not None else name
    screen.app.push_screen(ConfirmScreen(
        "That name is taken", f"A part called {' '.join(name.split())} is in your map "
        "already: use that part, or give this one another name?",
        yes="Use that part", no="Give this one another name", danger=False), answer)
