"""Add or edit a part. Problems are shown beside the field they concern."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Input, Label, Select, Static, TextArea

from ifs_tui.core import services
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import ROLE_NAMES, ROLES, STATUSES, Part, PartsMap
from ifs_tui.core.partwords import day, status_words

from ..text import plain, visible
from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from .base import OnMap
from .dialogs import ask_before_leaving, quit_app_asking

# (field, label, kind): kind is "line", "text" (several lines) or "items" (one per line)
ESSENTIAL = [
    ("job", "Its job: what it does for you", "text"),
    ("fears", "What it fears would happen if it stopped (one per line)", "items"),
    ("protects", "What it protects (one per line)", "items"),
    ("body", "Where you feel it in the body", "line"),
]
MORE = [
    ("triggers", "When it takes over (one per line)", "items"),
    ("age", "How old it feels", "line"),
    ("emotions", "Feelings it carries or keeps away (one per line)", "items"),
    ("needs", "What it needs", "text"),
    ("notes", "Notes", "text"),
]
# How you and the part relate: a section of its own, so "More about it" stays short.
RELATING = [
    ("feel_toward", "How you feel toward it now", "text"),
    ("intent", "What it wants for you: its positive intent", "text"),
    ("first_appeared", "When it first appeared or took on its job, in your words", "line"),
    ("burdens", "Burdens it carries: beliefs or feelings (one per line)", "items"),
]
FOLDED = {"more": MORE, "relating": RELATING}


class PartFormScreen(OnMap, ModalScreen[str | None]):
    HELP_TITLE = "part form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+q", "quit_app", "Quit", show=False, id="form.quit",
                tooltip="Quit ifs-tui; asks first if something here is not saved"),
        HELP_KEY,
    ]

    def __init__(self, part: Part | None, role: str | None = None) -> None:
        super().__init__()
        self.part = part
        self.role = part.role if part else (role or "unknown")
        self._untouched: dict[str, str] = {}  # key -> the shown text of a field with hazards

    def _shown(self, key: str, text: str) -> str:
        """`text` as the field shows it. Control characters from a file are shown as
        <U+XXXX>; a field left as shown keeps its stored value on save."""
        shown = visible(text)
        if shown != text:
            self._untouched[key] = shown
        return shown

    def _field(self, key: str, label: str, kind: str) -> ComposeResult:
        value = getattr(self.part, key) if self.part else ("" if kind != "items" else [])
        if key == "feel_toward" and self.part and self.part.feel_toward_noted and value:
            label += f" (noted {day(self.part.feel_toward_noted)})"
        yield Label(label, classes="field-label")
        text = self._shown(key, "\n".join(value) if isinstance(value, list) else str(value))
        if kind == "line":
            yield Input(text, id=f"f-{key}", compact=True)
        else:
            yield TextArea(text, id=f"f-{key}", soft_wrap=True, show_line_numbers=False,
                           classes="field-text")
        yield Static("", id=f"e-{key}", classes="error", markup=False)

    def compose(self) -> ComposeResult:
        title = f"Edit {self.part.name}" if self.part else "A new part"
        with Vertical(classes="dialog wide", id="part-form"):
            yield Static(plain(title), classes="dialog-title")
            with VerticalScroll(id="form-body"):
                yield Label("Name: what you call this part", classes="field-label")
                yield Input(self._shown("name", self.part.name) if self.part else "",
                            id="f-name", compact=True,
                            placeholder="for example: the one who keeps watch")
                yield Static("", id="e-name", classes="error", markup=False)
                yield Label("Role", classes="field-label")
                yield Select([(ROLE_NAMES[r], r) for r in ROLES], value=self.role,
                             allow_blank=False,
                             id="f-role", compact=True)
                for key, label, kind in ESSENTIAL:
                    yield from self._field(key, label, kind)
                with Collapsible(title="More about it", collapsed=self.part is None,
                                 id="more"):
                    for key, label, kind in MORE:
                        yield from self._field(key, label, kind)
                    yield Label("Status: how well you know it", classes="field-label")
                    yield Select([(status_words(s), s) for s in STATUSES], allow_blank=False,
                                 value=self.part.status if self.part else "noticed",
                                 id="f-status", compact=True)
                    yield Label("Tags (separated by commas)", classes="field-label")
                    yield Input(self._shown("tags", ", ".join(self.part.tags)) if self.part
                                else "", id="f-tags", compact=True)
                    yield Static("", id="e-tags", classes="error", markup=False)
                with Collapsible(title="How you relate to it", id="relating",
                                 collapsed=not (self.part and any(
                                     getattr(self.part, k) for k, _, _ in RELATING))):
                    for key, label, kind in RELATING:
                        yield from self._field(key, label, kind)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()
        self._initial = self._values()

    # --- reading the form ------------------------------------------------------

    def _text(self, key: str) -> str:
        widget: Widget = self.query_one(f"#f-{key}")
        return widget.text if isinstance(widget, TextArea) else cast(Input, widget).value

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {"name": self._text("name"),
                                     "role": self.query_one("#f-role", Select).value,
                                     "status": self.query_one("#f-status", Select).value,
                                     "tags": self._text("tags")}
        for key, _, _ in ESSENTIAL + MORE + RELATING:
            values[key] = self._text(key)
        return values

    def _unchanged(self, key: str) -> bool:
        return key in self._untouched and self._text(key) == self._untouched[key]

    def _changes(self, errors: dict[str, str]) -> services.PartChanges:
        changes = services.PartChanges(role=str(self.query_one("#f-role", Select).value),
                                       status=str(self.query_one("#f-status", Select).value))
        for key, _, kind in ESSENTIAL + MORE + RELATING:
            raw = self._text(key)
            if self._unchanged(key):
                continue  # left as it is on disk
            try:
                if kind == "items":
                    changes.clear.append(key)
                    items = [line.strip() for line in raw.splitlines() if line.strip()]
                    changes.add[key] = [services.check_item(i, key) for i in items]
                else:
                    changes.text[key] = services.check_text(raw.strip() if kind == "line"
                                                            else raw.rstrip(), key)
            except IfsError as err:
                errors[key] = str(err)
        tags = [t.strip() for t in self._text("tags").split(",") if t.strip()]
        if self._unchanged("tags"):
            return changes
        try:
            changes.clear.append("tags")
            changes.add["tags"] = [services.check_item(t, "tags") for t in tags]
        except IfsError as err:
            errors["tags"] = str(err)
        return changes

    # --- saving ------------------------------------------------------------------

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        name = self._text("name")
        if self._unchanged("name") and self.part is not None:
            name = self.part.name
        try:
            name = services.check_name(name)
            assert self.ifs.pmap is not None
            services.check_name_free(self.ifs.pmap, name, skip=self._live_part())
        except IfsError as err:
            errors["name"] = str(err)
        changes = self._changes(errors)
        for error in self.query(".error"):
            show_error(cast(Static, error), "")
        if errors:
            for key, message in errors.items():
                for fold, fields in FOLDED.items():
                    if key in {k for k, _, _ in fields} | ({"tags"} if fold == "more" else set()):
                        self.query_one(f"#{fold}", Collapsible).collapsed = False
                show_error(self.query_one(f"#e-{key}", Static), message)
            self.query_one(f"#f-{next(iter(errors))}").focus()
            return
        outcome = self.ifs.change(self._operation(name, changes), self._saved)
        if outcome != "failed":
            self.dismiss(self._saved_id)

    def _live_part(self) -> Part | None:
        return self.ifs.pmap.part(self.part.id) if self.part and self.ifs.pmap else None

    def _operation(self, name: str, changes: services.PartChanges):  # type: ignore[no-untyped-def]
        part_id = self.part.id if self.part else None

        def op(pmap: PartsMap) -> Part:
            if part_id is None:
                return services.add_part(pmap, name, changes)
            target = pmap.part(part_id)
            if target is None:
                raise IfsError("that part is no longer on the map")
            services.rename_part(pmap, target, name)
            services.apply_changes(target, changes)
            return target

        return op

    _saved_id: str | None = None

    def _saved(self, part: Part) -> None:
        self._saved_id = part.id

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        ask_before_leaving(self, self._values() != self._initial, lambda: self.dismiss(None))

    def action_quit_app(self) -> None:
        quit_app_asking(self, self._values() != self._initial)
