"""Link a part to another (protects, polarized, allied) or remove a link."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import PartsMap, Relationship

from ..text import plain, visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap
from .dialogs import ask_before_leaving

# What the person picks, and how it becomes (from, to, kind).
KIND_CHOICES = [
    ("protects …", "protects"),
    ("is protected by …", "protected-by"),
    ("is polarized with …", "polarized"),
    ("is allied with …", "allied"),
]


class LinkScreen(OnMap, ModalScreen[None]):
    HELP_TITLE = "links"
    BINDINGS = [
        Binding("escape", "close", "Close", id="links.close"),
        Binding("ctrl+s", "link", "Add link", id="links.add", tooltip="Add the new link"),
        Binding("x", "unlink", "Remove link", id="links.remove",
                tooltip="Remove the link chosen in the list"),
        HELP_KEY,
    ]

    def __init__(self, part_id: str) -> None:
        super().__init__()
        self.part_id = part_id

    def compose(self) -> ComposeResult:
        part = self.pmap.part(self.part_id)
        name = part.name if part else self.part_id
        others = [(Text(visible(p.name)), p.id) for p in self.pmap.parts if p.id != self.part_id]
        with Vertical(classes="dialog wide", id="links"):
            yield Static(plain(f"Links of {name}"), classes="dialog-title")
            yield Label("Its links now (choose one and press x to remove it)")
            yield OptionList(id="current")
            yield Label(plain(f"New link: {name} …"), classes="field-label")
            yield Select(KIND_CHOICES, value="protects", allow_blank=False, id="kind", compact=True)
            yield Select(others, prompt="choose the other part", id="other", compact=True)
            yield Input(placeholder="a note about the link (optional)", id="note", compact=True)
            # Polarized only: what each side fears the other would do if it eased off.
            yield Input(placeholder="what this part fears the other would do if it eased off "
                        "(optional)", id="my-fears", compact=True, classes="fears")
            yield Input(placeholder="what the other part fears this one would do if it eased "
                        "off (optional)", id="their-fears", compact=True, classes="fears")
            yield Static("", id="link-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add the link", id="add", variant="primary")
                yield Button("Close", id="close")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill()
        self._show_fears()
        self.query_one("#kind", Select).focus()

    def _show_fears(self) -> None:
        polarized = self.query_one("#kind", Select).value == "polarized"
        for box in self.query(".fears"):
            box.display = polarized

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self._show_fears()

    def _typed(self) -> dict[str, str]:
        return {key: self.query_one(f"#{key}", Input).value
                for key in ("note", "my-fears", "their-fears")}

    def _links(self) -> list[Relationship]:
        return self.pmap.relationships_of(self.part_id)

    def _fill(self) -> None:
        listing = self.query_one("#current", OptionList)
        listing.clear_options()
        links = self._links()
        for i, rel in enumerate(links):
            words = services.describe(rel, self.pmap) + (f" — {rel.note}" if rel.note else "")
            fears = "".join(f"\n  {fear}" for fear in services.link_fears(rel, self.pmap))
            listing.add_option(Option(plain(words + fears), id=str(i)))
        if not links:
            listing.add_option(Option("no links yet", id="none", disabled=True))

    def action_link(self) -> None:
        error = self.query_one("#link-error", Static)
        other = self.query_one("#other", Select).value
        if other is Select.NULL or not isinstance(other, str):
            show_error(error, "Choose the other part.")
            return
        choice = str(self.query_one("#kind", Select).value)
        source, target = self.part_id, other
        if choice == "protected-by":
            source, target, choice = other, self.part_id, "protects"
        typed = self._typed()
        note = typed["note"]
        mine, theirs = ((typed["my-fears"], typed["their-fears"]) if choice == "polarized"
                        else ("", ""))

        def op(pmap: PartsMap) -> Relationship:
            a, b = pmap.part(source), pmap.part(target)
            if a is None or b is None:
                raise IfsError("one of these parts is no longer on the map")
            known = next((r for r in pmap.relationships
                          if r.kind == "polarized" == choice and r.joins(a.id, b.id)), None)
            if known is not None and (mine.strip() or theirs.strip()) and not note.strip():
                # Already polarized: the fears typed are added to the link.
                ends = (mine, theirs) if known.source == a.id else (theirs, mine)
                services.set_link_fears(known, *(t if t.strip() else None for t in ends))
                return known
            return services.link(pmap, a, b, choice, note, mine, theirs)

        try:
            outcome = self.ifs.change(op)
        except IfsError as err:
            show_error(error, str(err))
            return
        show_error(error, "")
        if outcome == "saved":
            for key in self._typed():
                self.query_one(f"#{key}", Input).value = ""
            self.query_one("#other", Select).clear()
            self._fill()

    def action_unlink(self) -> None:
        listing = self.query_one("#current", OptionList)
        if listing.highlighted is None or not self._links():
            self.notify("Choose a link in the list first.", timeout=3)
            return
        rel = self._links()[listing.highlighted]

        def op(pmap: PartsMap) -> list[Relationship]:
            a, b = pmap.part(rel.source), pmap.part(rel.target)
            if a is None or b is None:
                raise IfsError("one of these parts is no longer on the map")
            return services.unlink(pmap, a, b, rel.kind)

        try:
            if self.ifs.change(op) == "saved":
                self.notify(f"Removed: {services.describe(rel, self.pmap)}", timeout=4)
        except IfsError as err:
            show_error(self.query_one("#link-error", Static), str(err))
        self._fill()

    def on_input_submitted(self) -> None:
        # Enter in the note field adds the link, as the button does.
        self.action_link()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self.action_link()
        else:
            self.action_close()

    def action_close(self) -> None:
        # A typed note is the person's words: never dropped without asking, as in the form.
        ask_before_leaving(self, any(t.strip() for t in self._typed().values()),
                           lambda: self.dismiss(None), title="Leave without adding the link?",
                           message="What you typed has not been saved.")
