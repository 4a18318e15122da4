"""F2 from anywhere: the people the person can reach (core/support.py).

Needs no map: it opens over a broken map, the loading screen or a dialog too.
A support.toml that cannot be read is named and left alone: nothing here writes it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ifs_tui.core import support
from ifs_tui.core.errors import IfsError
from ifs_tui.core.support import Contact

from ..text import plain, visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .dialogs import ConfirmScreen, ask_before_leaving

ABOUT = ("Your own support contacts: a therapist, a clinical team, someone you trust, a "
         "crisis line you chose. They stay on this computer, are shown in the pause and in "
         "some walk-throughs, and are never exported unless you ask.")


class SupportScreen(ModalScreen[None]):
    HELP_TITLE = "support: people you can reach"
    BINDINGS = [
        Binding("escape", "close", "Close", id="support.close"),
        Binding("a", "add", "Add", id="support.add"),
        Binding("e", "edit", "Edit", id="support.edit"),
        Binding("d,delete", "remove", "Remove", id="support.remove"),
        HELP_KEY,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.contacts: list[Contact] = []
        self.broken = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="support"):
            yield Static("Support: people you can reach", classes="dialog-title")
            yield Static(ABOUT, classes="explain")
            # The crisis line above the list, so it is in sight at 80x24.
            yield Static("", id="support-words", markup=False)
            yield OptionList(id="contacts")
            yield Static("", id="support-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add", id="add", variant="primary")
                yield Button("Edit", id="edit")
                yield Button("Remove", id="remove")
                yield Button("Close", id="close")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self, highlight: int | None = None) -> None:
        try:
            self.contacts, self.broken = support.load().contacts, ""
        except IfsError as err:
            self.contacts, self.broken = [], str(err)
        listing = self.query_one("#contacts", OptionList)
        listing.clear_options()
        for contact in self.contacts:
            label = Text(visible(support.contact_line(contact)), style="bold")
            note = " ".join(contact.note.split())
            if note:
                label.append("\n" + visible(note), style="dim")
            listing.add_option(Option(label))
        listing.display = bool(self.contacts)
        words = self.query_one("#support-words", Static)
        if self.broken:
            words.update(plain(f"{support.GENERAL}\nYour support contacts could not be read: "
                               f"{self.broken}"))
        elif self.contacts:
            words.update(plain(support.GENERAL))
        else:  # already here: how to add is the Add button, not F2
            words.update(plain(f"{support.GENERAL}\nNo one is listed yet. Add someone with "
                               "Add (a) when you like."))
        for name in ("add", "edit", "remove"):
            button = self.query_one(f"#{name}", Button)
            button.display = not self.broken and (name == "add" or bool(self.contacts))
        if self.contacts:
            listing.highlighted = min(highlight or 0, len(self.contacts) - 1)
            listing.focus()
        else:
            self.query_one("#add" if not self.broken else "#close", Button).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add":
            return not self.broken
        if action in ("edit", "remove"):
            return not self.broken and bool(self.contacts)
        return True

    def _chosen(self) -> tuple[int, Contact] | None:
        index = self.query_one("#contacts", OptionList).highlighted
        if index is None or not 0 <= index < len(self.contacts):
            return None
        return index, self.contacts[index]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "close")

    def on_option_list_option_selected(self) -> None:
        self.action_edit()

    def action_close(self) -> None:
        self.dismiss()

    def action_add(self) -> None:
        def added(contact: Contact | None) -> None:
            if contact is not None:
                self.reload(len(self.contacts))
                self.app.notify(f"Added {contact.name}.", timeout=3)

        self.app.push_screen(ContactFormScreen(None), added)

    def action_edit(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        index, _ = chosen

        def edited(contact: Contact | None) -> None:
            if contact is not None:
                self.reload(index)

        self.app.push_screen(ContactFormScreen(chosen[1]), edited)

    def action_remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        index, contact = chosen

        def answer(go: bool | None) -> None:
            if not go:
                return
            try:
                support.remove(contact)
            except IfsError as err:
                show_error(self.query_one("#support-error", Static), str(err))
                return
            self.reload(index)
            self.app.notify(f"Removed {contact.name}.", timeout=3)

        self.app.push_screen(ConfirmScreen(
            "Remove this contact?", f"{contact.name} will no longer be shown here or in "
            "walk-throughs.", yes="Remove", no="Keep"), answer)


class ContactFormScreen(ModalScreen[Contact | None]):
    """Add or change one contact; only the name is needed."""

    HELP_TITLE = "a support contact"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="contact.save"),
        Binding("escape", "cancel", "Cancel", id="contact.cancel",
                tooltip="Close; asks first if something changed"),
        HELP_KEY,
    ]

    def __init__(self, contact: Contact | None) -> None:
        super().__init__()
        self.contact = contact

    def compose(self) -> ComposeResult:
        old = self.contact or Contact("")
        kinds = [(words.capitalize(), key) for key, words in support.KINDS.items()]
        kind = old.kind if old.kind in support.KINDS else Select.NULL
        with Vertical(classes="dialog", id="contact-form"):
            yield Static("Change a contact" if self.contact else "Add someone you can reach",
                         classes="dialog-title")
            yield Label("Name, or the name of a service", classes="field-label")
            yield Input(visible(old.name), id="contact-name", compact=True,
                        placeholder="for example: my therapist, Dr Lee")
            yield Label("Who they are to you (optional)", classes="field-label")
            yield Select(kinds, value=kind, prompt="not said", id="contact-kind",
                         compact=True)
            yield Label("How to reach them: a number, an address, hours", classes="field-label")
            yield Input(visible(old.reach), id="contact-reach", compact=True)
            yield Label("A note (optional)", classes="field-label")
            yield Input(visible(old.note), id="contact-note", compact=True)
            yield Static("", id="contact-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._shown = self._values()
        self.query_one("#contact-name", Input).focus()

    def _values(self) -> Contact:
        kind = self.query_one("#contact-kind", Select).value
        old = self.contact or Contact("")
        values = [self.query_one(f"#contact-{key}", Input).value
                  for key in ("name", "reach", "note")]
        # A field left as shown (hazards shown as <U+XXXX>) keeps what the file holds.
        name, reach, note = [stored if value == visible(stored) else value
                             for value, stored in zip(values, (old.name, old.reach, old.note),
                                                      strict=True)]
        kind_key = str(kind) if kind != Select.NULL else ""
        if not kind_key and old.kind not in support.KINDS:
            kind_key = old.kind  # a kind written by hand stays as it was
        return Contact(name, kind_key, reach, note)

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        new = self._values()
        try:
            saved = (support.edit(self.contact, new) if self.contact is not None
                     else support.add(new.name, new.kind, new.reach, new.note))
        except IfsError as err:
            show_error(self.query_one("#contact-error", Static), str(err).removeprefix("--"))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        ask_before_leaving(self, self._values() != self._shown, lambda: self.dismiss(None))
