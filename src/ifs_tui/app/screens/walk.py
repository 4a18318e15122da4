"""Guided reflection in the app, one step at a time (the pack picker: pack_picker.py).

Drives the same engine as `ifs reflect` (ifs_tui.core.walk). Every step offers
back, not now, a grounding pause and stop; the engine saves after each step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    OptionList,
    ProgressBar,
    Static,
)

from ifs_tui.core import support
from ifs_tui.core.errors import IfsError
from ifs_tui.core.model import Part
from ifs_tui.core.packs import Step
from ifs_tui.core.partwords import added_lines
from ifs_tui.core.textwidth import fit_cells
from ifs_tui.core.walk import Walk, says_not_there

from ..text import plain, visible
from ..widgets.feedback import show_error
from ..widgets.footer import KeyFooter
from ..widgets.scale import ScaleInput
from .dialogs import ConfirmScreen
from .pack_picker import PackPickerScreen  # noqa: F401  (its old home; tests import it here)
from .walk_answers import answer_widgets, put_typed, read_value, typed_text, written_words
from .walk_dialogs import CareNoteScreen, PauseScreen
from .walk_links import LinkPanel, ask_pending_link, links_lines
from .walk_making import confirm_words, make_here
from .walk_parts import NEW, NearPartsScreen

__all__ = ["CareNoteScreen", "PackPickerScreen", "PauseScreen", "WalkScreen"]

if TYPE_CHECKING:
    from ..app import IfsApp


NOT_THERE = "A part of me doesn't want to go there"
SKIP_ITEM = "Not now for this one"


class WalkScreen(Screen[None]):
    """One step at a time. The walk has its own MapStore: the app reloads the map after."""

    HELP_TITLE = "a walk-through"
    BINDINGS = [
        Binding("ctrl+n", "next", "Next", id="walk.next"),
        Binding("ctrl+b", "back", "Back", id="walk.back"),
        Binding("ctrl+o", "not_now", "Not now", id="walk.not-now"),
        # Only at steps whose pack offers it (see check_action).
        # Not in the footer (no room at 80 columns): its button names the key.
        Binding("ctrl+t", "not_there", "Not there", id="walk.not-there", show=False,
                tooltip="A part of me doesn't want to go there"),
        # Only in a group of steps repeated for each option chosen: the rest of this
        # option's round is passed over. Not in the footer either: the round line names it.
        Binding("ctrl+l", "skip_item", "Not now for this one", id="walk.skip-item",
                show=False,
                tooltip="Not now for this one: its other questions wait; on to the next"),
        Binding("ctrl+g", "pause", "Pause", id="walk.pause"),
        # A long step (the parts made, the end) read with the keys, also while a button
        # has the focus: fields and lists that use these keys get them first.
        Binding("down", "read(1)", "Read on", id="walk.read-down", show=False),
        Binding("up", "read(-1)", "Read back", id="walk.read-up", show=False),
        Binding("pagedown", "read(10)", "Read a page on", id="walk.page-down", show=False),
        Binding("pageup", "read(-10)", "Read a page back", id="walk.page-up", show=False),
        Binding("escape", "stop", "Stop", id="walk.stop"),
        # Shown instead of all the above once the walk-through is finished.
        Binding("escape", "leave", "Back to the map", id="walk.leave"),
    ]

    def __init__(self, walk: Walk) -> None:
        super().__init__()
        self.walk = walk

    def compose(self) -> ComposeResult:
        with Vertical(id="walk"):
            yield Static(plain(self.walk.pack.title), id="walk-title", classes="screen-title")
            with Horizontal(id="walk-progress-row"):
                yield Static("", id="walk-progress")
                yield ProgressBar(total=len(self.walk.pack.steps), show_eta=False,
                                  show_percentage=False, id="walk-bar")
            # In a group repeated for each option chosen: which option, and how far.
            with Horizontal(id="walk-round-row"):
                yield Static("", id="walk-round", markup=False)
                yield Static("", id="walk-round-key", markup=False)
            # The question stays in sight above what scrolls (80x24 and smaller).
            yield Static("", id="question", markup=False)
            with VerticalScroll(id="walk-body"):
                yield Static("", id="hint", markup=False)
                yield Static("", id="draft-note", classes="hint", markup=False)
                yield Vertical(id="answer")
                yield Button(NOT_THERE, id="not-there")
                yield Button(SKIP_ITEM, id="skip-item")
                yield Static("", id="walk-error", classes="error", markup=False)
            with Horizontal(classes="buttons", id="walk-buttons"):
                yield Button("Back", id="back")
                yield Button("Not now", id="not-now")
                yield Button("Pause", id="pause")
                yield Button("Stop", id="stop")
                yield Button("Next", id="next", variant="primary")
        yield KeyFooter()

    async def on_mount(self) -> None:
        for action, button, words in (("not_there", "#not-there", NOT_THERE),
                                      ("skip_item", "#skip-item", SKIP_ITEM)):
            key = self._key_of(action)
            if key:
                self.query_one(button, Button).label = f"{words} ({key})"
        key = self._key_of("skip_item")
        self.query_one("#walk-round-key", Static).update(
            f"{key}: not now for this one" if key else "")
        await self.show_step()

    def _key_of(self, action: str) -> str:
        """The key that runs `action` here, as the person's keymap has it."""
        return next((self.app.get_key_display(b) for bindings in
                     self._bindings.key_to_bindings.values() for b in bindings
                     if b.action == action), "")

    # --- drawing a step ---------------------------------------------------------

    async def show_step(self) -> None:
        step = self.walk.step
        show_error(self.query_one("#walk-error", Static), "")
        answer = self.query_one("#answer", Vertical)
        await answer.remove_children()
        if step is None:
            self._show_end()
            return
        number, total = self.walk.position()
        part = self.walk.part()
        # Cut to leave the bar room at 80 columns; the questions name the part in full.
        name = "".join(fit_cells(visible(part.name), 32)) if part is not None else ""
        with_part = f" · with {name}" if part is not None else ""
        self.query_one("#walk-progress", Static).update(
            plain(f"Step {number} of {total}{with_part}"))
        self.query_one("#walk-bar", ProgressBar).update(total=total, progress=number - 1)
        self.query_one("#not-there", Button).display = self.walk.offers_not_there(step)
        self._show_round(step)
        self.refresh_bindings()  # the not-there and not-now-for-this-one keys come and go
        self.query_one("#question", Static).update(plain(self.walk.question(step)))
        hint = self.walk.hint(step)
        self.query_one("#hint", Static).update(plain(hint))
        self.query_one("#hint", Static).display = bool(hint)
        prior = self.walk.previous(step)
        before = prior.value if prior is not None and not prior.skipped else None
        widgets = answer_widgets(self.walk, step, before)
        go_on = self.query_one("#next", Button)
        go_on.label = confirm_words(self.walk, step) if step.kind == "make_part" else "Next"
        go_on.refresh(layout=True)  # a longer label needs a wider button
        await answer.mount_all(widgets)
        draft = self.walk.draft_for(step)
        note = self.query_one("#draft-note", Static)
        note.display = bool(draft) and put_typed(self, draft)
        note.update("Your unfinished answer was kept." if note.display else "")
        # A new step is read from its top (the last one may have been scrolled down).
        self.query_one("#walk-body", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._focus_answer, widgets)

    def _show_round(self, step: Step | None) -> None:
        """Which option this round is about, and round 2 of 3, quietly; none outside."""
        grouped = step is not None and self._in_group(step)
        self.query_one("#walk-round-row").display = grouped
        # At a make_part step "Not now" already passes the option over: one way, not two.
        whole = grouped and step is not None and step.kind != "make_part"
        self.query_one("#skip-item", Button).display = whole
        self.query_one("#walk-round-key", Static).display = whole
        if grouped:
            count = len(self.walk.items(step))
            self.query_one("#walk-round", Static).update(
                plain(f"Round {self.walk.round} of {count}: {self.walk.item(step)}"))

    def _in_group(self, step: Step | None = None) -> bool:
        step = step or self.walk.step
        return step is not None and bool(step.for_each) and self.walk.round > 0

    def _focus_answer(self, widgets: list[object]) -> None:
        for widget in widgets:  # the first field, also inside a step's own panel
            inside = list(widget.query("*")) if isinstance(widget, Widget) else []
            for candidate in [widget, *inside]:
                if getattr(candidate, "can_focus", False) and getattr(candidate, "display", 1):
                    cast(Input, candidate).focus()
                    return
        self.query_one("#next", Button).focus()

    def _show_end(self) -> None:
        record = self.walk.record
        self.query_one("#walk-progress", Static).update("Finished")
        bar = self.query_one("#walk-bar", ProgressBar)
        bar.update(progress=bar.total or 0)  # full, whatever the route's length came to
        self._show_round(None)
        self.query_one("#question", Static).update("Thank you for taking this time.")
        lines = ["Your answers are saved in the journal."]
        lines += added_lines(record.changed, self.walk.store.load())
        lines += links_lines(self.walk)
        if self.walk.pack.support:
            lines += ["", *support.for_pack(self.walk.pack, in_app=True)]
        self.query_one("#hint", Static).update(plain("\n".join(lines)))
        self.query_one("#hint", Static).display = True
        for button in self.query("#walk-buttons Button"):
            button.display = button.id == "stop"
        stop = self.query_one("#stop", Button)
        stop.label = "Back to the map"
        stop.focus()
        self.refresh_bindings()  # the footer shows only what works here
        from .walk_journey import show_offer

        self.call_later(show_offer, self)  # preparation and integration packs only

    # --- actions ---------------------------------------------------------------------

    def action_read(self, lines: int) -> None:
        self.query_one("#walk-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    async def action_next(self) -> None:
        step = self.walk.step
        if step is None:
            self.action_stop()
            return
        try:
            if not self._go_on(step):
                return
        except IfsError as err:
            self.say(str(err))
            return
        await self.show_step()

    def _go_on(self, step: Step) -> bool:
        """Act on the answer given; False when a dialog asks first."""
        if step.kind == "make_part":
            return make_here(self)
        if step.kind == "link" and self.query(LinkPanel) and self.query_one(LinkPanel).pending():
            ask_pending_link(self)
            return False
        if not step.answers:
            self.walk.advance()
            return True
        value = read_value(self, self.walk, step)
        prior = self.walk.previous(step)
        before = prior.value if prior is not None and not prior.skipped else None
        if value is None and step.kind == "part":
            raise IfsError("Choose a part, or Not now (ctrl+o).")
        if value is None:
            self.walk.skip()
        elif isinstance(value, tuple):  # a part: ("new", name) or ("existing", id)
            how, what = cast(tuple[str, str], value)
            if how == "new":
                exact, near = self.walk.part_matches(what)
                if exact is None:
                    self._ask_which(step, what, near)
                    return False
                what = exact.id
            if what == before:
                self.walk.keep()
            else:
                self.walk.choose_part(what)
        elif (step.kind == "text" and isinstance(value, str) and says_not_there(value)
              and self.walk.offers_not_there(step)):
            self.walk.not_there()  # the words themselves, as ctrl+t
        elif value == before or (isinstance(before, str) and value == visible(before)):
            self.walk.keep()  # unchanged after going back: nothing is added twice
        else:
            self.walk.answer(cast("str | int | list[str]", value))
        for name in self.walk.let_go:  # parts made for options no longer chosen
            self.app.notify(f"“{name}” went from your map with its pattern; what you wrote "
                            "about it stays in this reflection.", timeout=8)
        self.walk.let_go.clear()
        return True

    def say(self, message: str) -> None:
        """A message under the answer, scrolled into sight on a small terminal."""
        error = self.query_one("#walk-error", Static)
        show_error(error, message)
        self.call_after_refresh(error.scroll_visible)

    def _ask_which(self, step: Step, name: str, near: list[Part]) -> None:
        """A name no part has: the nearest parts, or a new one only when chosen."""

        async def chosen(choice: str | None) -> None:
            if choice is None:
                self.query_one("#new-part", Input).focus()
                return
            try:
                if choice == NEW:
                    self.walk.new_part(name)
                else:
                    self.walk.choose_part(choice)
            except IfsError as err:
                self.say(str(err))
                return
            await self.show_step()

        self.app.push_screen(NearPartsScreen(name, near, step.allow_new), chosen)

    def action_not_now(self) -> None:
        if self.walk.step is not None:
            self._unless_words_kept(self._not_now)

    async def _not_now(self) -> None:
        self.walk.skip()
        self.notify("Not now. That's fine.", timeout=2)
        await self.show_step()

    def action_not_there(self) -> None:
        """The step is skipped (noted why) and the pack's own step for that part follows."""
        if self.walk.offers_not_there():
            self._unless_words_kept(self._not_there)

    def action_skip_item(self) -> None:
        """Not now for this whole option: on to the next option's round."""
        if self._in_group():
            self._unless_words_kept(self._skip_item)

    async def _skip_item(self) -> None:
        self.walk.skip_item()
        self.notify("Not now for this one. That's fine.", timeout=2)
        await self.show_step()

    async def _not_there(self) -> None:
        self.walk.not_there()
        await self.show_step()

    def _unless_words_kept(self, go: Callable[[], Awaitable[None]]) -> None:
        """Words in the answer field are never dropped without the person choosing it."""
        if not written_words(self).strip():
            self.call_later(go)
            return

        def answer(leave_out: bool | None) -> None:
            if leave_out:
                self.call_later(go)

        self.app.push_screen(ConfirmScreen(
            "Leave these words out?", "What is written here will not be kept with this "
            "step. To keep it, choose Keep writing and then Next.",
            yes="Leave them out", no="Keep writing"), answer)

    async def action_back(self) -> None:
        if self.walk.done:
            return
        # Offered again when it comes back.
        self.walk.keep_draft(typed_text(self, self.walk), save=False)
        if not self.walk.back():
            self.notify("This is the first step.", timeout=2)
        await self.show_step()

    def action_pause(self) -> None:
        self.app.push_screen(PauseScreen(self.walk.pause()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The finished screen only goes back to the map.
        if action == "leave":
            return self.walk.done
        if action == "not_there":
            return self.walk.offers_not_there()  # no step (done) offers it either
        if action == "skip_item":
            return self._in_group()
        return not (self.walk.done and action in ("next", "back", "not_now", "pause", "stop"))

    def action_leave(self) -> None:
        self.action_stop()

    def action_stop(self) -> None:
        finished = self.walk.done
        draft = "" if finished else typed_text(self, self.walk)
        try:
            self.walk.stop(draft=draft)
        except IfsError as err:  # the typed answer could not be kept: stay with it
            self.say(str(err))
            return
        app = cast("IfsApp", self.app)
        app.pop_screen()
        app.reload_map()
        if finished:
            return
        if not self.walk.saved:
            app.notify("Stopped. Nothing was written yet.", timeout=4)
            return
        kept = ", with the answer you were typing" if draft.strip() else ""
        app.notify(f"Stopped. Everything so far is saved{kept}; go on later from Reflect "
                   "(w) or the journal (j).", timeout=6)

    def keep_before_quit(self) -> None:
        """The app is quitting: keep what is typed, as when stopping."""
        if not self.walk.done:
            self.walk.stop(draft=typed_text(self, self.walk))

    def on_screen_resume(self) -> None:
        # Back from the Support screen (F2): show the contacts as they are now.
        for shown in self.query("#grounding-support"):
            cast(Static, shown).update(plain("\n".join(support.at_hand(in_app=True))))
        if self.walk.done:
            self._show_end()

    def on_screen_suspend(self) -> None:
        # Another screen (a pause, help, the hidden screen of f5) comes on top: keep what
        # is typed so far. Hidden, the terminal may be closed before the return.
        if not self.walk.done:
            try:
                self.walk.keep_draft(typed_text(self, self.walk))
            except IfsError as err:
                self.notify(str(err), severity="error")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if self.walk.done:
            self.action_leave()
            return
        actions = {"not-now": "not_now", "not-there": "not_there", "skip-item": "skip_item"}
        await self.run_action(actions.get(event.button.id or "next", event.button.id or "next"))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        await self.action_next()

    async def on_scale_input_submitted(self, event: ScaleInput.Submitted) -> None:
        await self.action_next()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "journey-offer":
            from .walk_journey import chosen

            chosen(self, event.option.id or "")
            return
        await self.action_next()
