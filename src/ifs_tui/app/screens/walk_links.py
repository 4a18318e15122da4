"""A walk-through's `link` step in the app: link any two of the parts made, see the
links made here, take one back; Next goes on, Not now takes them all back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, Static

from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import Part
from ifs_tui.core.packs import Step
from ifs_tui.core.walk import Walk

from ..text import visible
from ..widgets.feedback import show_error
from .dialogs import ConfirmScreen

if TYPE_CHECKING:
    from .walk import WalkScreen

# The kinds in plain words, with the word the map itself uses.
KIND_CHOICES = [
    ("works together with (allied)", "allied"),
    ("pulls against (polarized)", "polarized"),
    ("looks out for (protects)", "protects"),
]
KIND_WORDS = {kind: words for words, kind in KIND_CHOICES}


def link_text(a: Part, kind: str, b: Part) -> Text:
    return Text.assemble((visible(a.name), "bold"), f" {KIND_WORDS.get(kind, kind)} ",
                         (visible(b.name), "bold"))


def links_lines(walk: Walk) -> list[str]:
    """The links this walk-through made and the map still has, one line each."""
    return [f"Linked: {a.name} {KIND_WORDS.get(kind, kind)} {b.name}"
            for step in walk.pack.steps if step.kind == "link"
            for a, kind, b in walk.links_made(step)]


class LinkPanel(Vertical):
    def __init__(self, walk: Walk, step: Step) -> None:
        super().__init__(id="link-answer")
        self.walk, self.step = walk, step

    def compose(self) -> ComposeResult:
        parts = [(Text(visible(p.name)), p.id) for p in self.walk.made_parts()]
        with Horizontal(classes="link-row"):
            yield Label("One part", classes="link-label")
            yield Select(parts, prompt="choose a part", id="link-a", compact=True)
        with Horizontal(classes="link-row"):
            yield Label("How", classes="link-label")
            yield Select(KIND_CHOICES, value="allied", allow_blank=False, id="link-kind",
                         compact=True)
        with Horizontal(classes="link-row"):
            yield Label("The other", classes="link-label")
            yield Select(parts, prompt="choose a part", id="link-b", compact=True)
        yield Button("Add link", id="add-link")
        yield Static("", id="link-error", classes="error", markup=False)
        yield Label("Links made here", classes="field-label")
        yield Vertical(id="links-made")
        yield Static("Next (ctrl+n) goes on with these links; Not now takes them back.",
                     classes="hint", id="keys-hint")

    async def on_mount(self) -> None:
        await self.show_links()

    async def show_links(self) -> None:
        box = self.query_one("#links-made", Vertical)
        await box.remove_children()
        links = self.walk.links_made(self.step)
        rows: list[Static | Horizontal] = [
            Horizontal(Static(link_text(a, kind, b), classes="link-words"),
                       Button("Take back", id=f"take-back-{i}", classes="take-back"),
                       classes="link-made")
            for i, (a, kind, b) in enumerate(links)]
        await box.mount_all(rows or [Static("None yet.", classes="hint")])

    def pending(self) -> bool:
        """Two different parts chosen and not yet added as a link (one part on both sides
        is no link to offer: its message stands, and Next goes on)."""
        a, b = (self.query_one(f"#link-{end}", Select).value for end in ("a", "b"))
        return isinstance(a, str) and isinstance(b, str) and a != b

    async def add(self) -> bool:
        error = self.query_one("#link-error", Static)
        a, b = (self.query_one(f"#link-{end}", Select).value for end in ("a", "b"))
        if not isinstance(a, str) or not isinstance(b, str):
            show_error(error, "Choose two parts to link.")
            return False
        kind = str(self.query_one("#link-kind", Select).value)
        try:
            self.walk.add_link(a, b, kind)
        except IfsError as err:
            show_error(error, str(err))
            return False
        show_error(error, "")
        for end in ("a", "b"):
            self.query_one(f"#link-{end}", Select).clear()
        await self.show_links()
        return True

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "add-link":
            event.stop()
            if await self.add():
                self.query_one("#link-a", Select).focus()
        elif button.startswith("take-back-"):
            event.stop()
            try:
                self.walk.remove_link(int(button.removeprefix("take-back-")))
            except IfsError as err:
                show_error(self.query_one("#link-error", Static), str(err))
            await self.show_links()
            # On to the next link to take back, or to choosing a pair again: never
            # left where Tab reaches Back next.
            left = list(self.query(".take-back"))
            (left[0] if left else self.query_one("#link-a", Select)).focus()


def ask_pending_link(screen: WalkScreen) -> None:
    """Two parts chosen but the link not added, and Next: add it, or go on without."""

    async def answer(add: bool | None) -> None:
        if add and not await screen.query_one(LinkPanel).add():
            return
        try:
            screen.walk.advance()
        except IfsError as err:
            screen.say(str(err))
            return
        await screen.show_step()

    screen.app.push_screen(ConfirmScreen(
        "Add this link?", "Two parts are chosen, but the link is not added yet.",
        yes="Add it and go on", no="Go on without it", danger=False), answer)
