"""The ifs-tui app: holds the open map and routes every change through the core."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from rich.console import RenderableType
from textual import events, work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.keys import format_key
from textual.notifications import Notify, SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from ifs_tui.core import crash, map_open, moment_index, reflect_index, sealed
from ifs_tui.core.config import Config, load_config, save_config
from ifs_tui.core.errors import IfsError, MapConflict, MapFormatError, MapNotFound, Problem
from ifs_tui.core.maps import MapsPlace
from ifs_tui.core.model import Part, PartsMap, Relationship
from ifs_tui.core.moments import Moment
from ifs_tui.core.reflect_index import Header
from ifs_tui.core.storage import MapStore

from .commands import IfsCommands
from .hiding import Hider, done_at_once
from .text import visible
from .themes import CALM, OUR_THEMES

if TYPE_CHECKING:
    from .screens.moment_add import Draft

T = TypeVar("T")
Outcome = Literal["saved", "conflict", "failed"]
KEEP_TOASTS = 3  # notifications on screen at once, newest kept


class IfsApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "ifs-tui"
    COMMANDS = App.COMMANDS | {IfsCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help-key"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
        # Priority: reached while typing, and over dialogs (a modal hides other app keys).
        # Not in the footer (no room at 80 columns): help, the palette and every place
        # that shows support name it.
        Binding("f2", "support", "Support", id="app.support", priority=True, show=False,
                tooltip="Support: people you can reach"),
        # Priority too: a moment is jotted from any screen, the walk and dialogs included.
        Binding("f3", "jot_moment", "Jot a moment", id="moment.jot", priority=True,
                show=False, tooltip="Jot down a moment where something shifted"),
        # Not in the footer (no room at 80 columns); help and the palette name it. Works
        # from the walk, the broken-map and no-map screens too: another map is always
        # reachable. A function key, as f1-f3: no screen has another use for it.
        Binding("f4", "pick_map", "Maps", id="maps.pick", show=False,
                tooltip="Open another map (or make a new one)"),
        # From every screen, while typing and over dialogs: everything hidden at once.
        Binding("f5", "hide_screen", "Hide", id="screen.hide", priority=True, show=False,
                tooltip="Hide the screen at once"),
    ]

    def __init__(self, folder: Path, config: Config | None = None, demo: bool = False,
                 place: MapsPlace | None = None) -> None:
        super().__init__()
        # Never the terminal prompt of the CLI inside the app: its own screen asks.
        sealed.set_asker(None)
        self.store = MapStore(folder)
        self.config = config if config is not None else load_config()
        self.demo = demo
        # The data root whose maps the picker (f4) lists; a demo's temporary one.
        self.place = place if place is not None else self._place_of(folder, demo)
        self._clear_map_state()
        # Deletions in maps left since (f4): their undo comes back with the map.
        self._undo_kept: dict[Path, list[tuple[Part, list[Relationship], int]]] = {}
        self.crashed = False
        self.crash_report: Path | None = None
        self._crash_message = ""
        self.hider = Hider(self, self.config.hide_after_minutes)
        self._hangup_before: Any = None
        # Before the stylesheet is first read: a theme set after mounting reads it again.
        self._known_theme = self._set_theme()

    @staticmethod
    def _place_of(folder: Path, demo: bool) -> MapsPlace:
        if not demo:
            return MapsPlace.here()
        # A demo never lists (or makes maps in) the person's own data: its temporary
        # folder is the data root (<temp>/maps/<name>, or <temp>/<name> as before).
        folder = folder.absolute()
        return MapsPlace(folder.parent.parent if folder.parent.name == "maps" else folder.parent)

    def _clear_map_state(self) -> None:
        """Everything that belongs to the open map: emptied before another one opens."""
        self.pmap: PartsMap | None = None
        # Each reflection's header, oldest first, from the index: a whole reflection is
        # read (reflections.load) only when it is shown or resumed.
        self.headers: list[Header] = []
        self._by_part: tuple[list[Header], dict[str, list[Header]]] | None = None
        self.index_seen: tuple[int, int, int, int] | None = None  # before the last listing
        self.unreadable: list[Problem] = []  # reflection files that would not load
        self.moments: list[Moment] = []  # oldest first, from the index (see moments_of)
        self.moment_draft: Draft | None = None  # typed into f3 and left: offered back
        # Parts deleted in this session, newest last, so they can be put back.
        self.undo_stack: list[tuple[Part, list[Relationship], int]] = []
        self._quit_anyway = False  # keeping a draft failed once: the next quit goes
        self._landing: Callable[[], None] | None = None  # a load done under another screen

    # --- an unexpected error ------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual ends the app (return code 1) and prints a traceback with local
        # variables, which can hold a person's writing. Keep its ending; put the
        # traceback (no locals) in a private file, and say one calm line instead.
        if not self.crashed:  # later errors follow from the first
            self.crashed = True
            try:
                self.crash_report = crash.write_report(error)
            except Exception:  # the handler itself must never fail
                self.crash_report = None
            self._crash_message = crash.stopped_message(self.crash_report, error)
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def exit(self, result: None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        # A quit that races with the ending after a crash must not turn its 1 into 0.
        super().exit(result, 1 if self.crashed else return_code, message)

    def on_unmount(self) -> None:
        # However the app ends (quit, a crash, a test's run_test): the map is not open here.
        map_open.unmark(self.store.folder)
        if self._hangup_before is not None:
            signal.signal(signal.SIGHUP, self._hangup_before)

    def _watch_hangup(self) -> None:
        """The terminal closed (SIGHUP): keep a walk's typed words, as quitting does, then
        go (through `ifs demo`'s own clean-up when there is one). Without this the process
        ended at once, and the words typed and not yet sent went with it."""
        if hasattr(signal, "SIGHUP") and self._hangup_before is None:
            with contextlib.suppress(ValueError):  # not the main thread (some tests)
                self._hangup_before = signal.signal(signal.SIGHUP, self.hung_up)

    def hung_up(self, signum: int, frame: object) -> None:
        with contextlib.suppress(Exception):  # the terminal is gone: no word can be shown
            self.keep_typed("")
        before = self._hangup_before
        if callable(before):
            before(signum, frame)
        os._exit(128 + signum)

    async def action_quit(self) -> None:
        from .screens.map_dialogs import MomentDraftScreen

        if not (self._quit_anyway or self.keep_typed("Press ctrl+q again to quit anyway.")):
            self._quit_anyway = True
            return
        draft = self.moment_draft
        if draft is not None and not draft.empty():
            # f3's words set aside live only in memory: asked about, as before another map.
            if not isinstance(self.screen, MomentDraftScreen):
                self.push_screen(MomentDraftScreen(draft, quitting=True),
                                 lambda go: self.exit() if go else None)
            return
        await super().action_quit()

    def keep_typed(self, then: str) -> bool:
        """Before the app goes or another map opens: a walk-through keeps what is typed
        but not yet sent. False (and said, with `then`) when it could not be kept."""
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_before_quit", None)
            if keep is not None:
                try:
                    keep()
                except IfsError as err:
                    self.notify(f"{err}. {then}", severity="error", markup=False)
                    return False
        return True

    def _print_error_renderables(self) -> None:
        # Textual calls this once the terminal is restored.
        if not self.crashed:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        if self._crash_message:
            # Soft-wrapped, so the report's path is never folded or cut.
            self.error_console.print(self._crash_message, soft_wrap=True, markup=False,
                                     highlight=False)
            self._crash_message = ""  # said once

    # --- start ----------------------------------------------------------------

    def _set_theme(self) -> bool:
        """The theme from the settings (the calm one if there is none by that name);
        False when there was none."""
        for theme in OUR_THEMES:
            self.register_theme(theme)
        known_theme = self.config.theme in self.available_themes
        name = self.config.theme if known_theme else CALM.name
        # Quietly, before the stylesheet is first read, so that first reading uses it:
        # setting `theme` the usual way reads every style sheet again once running.
        # What Textual's own watcher does, less that second reading:
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark,
                             "-light-mode": not dark}, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())  # not read yet
        return known_theme

    def on_mount(self) -> None:
        known_theme = self._known_theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if not known_theme:
            self.notify(f"Settings: there is no theme {self.config.theme!r}; the calm one is "
                        "used (choose another with Theme: switch in the palette).",
                        severity="warning", timeout=10)
        if self.config.keymap:
            from .keymap import checked

            usable, left_out = checked(self.config.keymap)
            self.set_keymap(usable)
            if left_out:
                self.notify("Settings: some keys in [keymap] were left out, so the usual keys "
                            "stay: " + "; ".join(left_out), severity="warning", timeout=15)
        if self.config.broken:
            self.notify(f"Settings not read: {self.config.broken}", severity="warning",
                        timeout=10)
        for ignored in self.config.ignored:
            self.notify(f"Settings: {ignored}.", severity="warning", timeout=10)
        self.hider.start()
        self._watch_hangup()
        self.sub_title = self.map_label()
        from .screens.loading import LoadingScreen

        self.push_screen(LoadingScreen())
        self.load_map()

    def map_label(self, title: str = "") -> str:
        """The title and the map's folder name, as the title bar and the terminal say it."""
        label = f"{title or 'My parts map'} · map: {self.store.folder.name}"
        if self.demo:  # short: the whole line fits 80 columns with the demo maps' titles
            label += " · demo (temporary)"
        return visible(label)

    @work(thread=True, exclusive=True, group="load")
    def load_map(self) -> None:
        # A large map takes a moment to parse: off the UI thread, so the first paint is quick.
        # Nothing is set on the app here: another map may have been opened meanwhile.
        store = self.store
        # An encrypted map's passphrase: asked on its own screen, never on the terminal.
        if (sealed.is_sealed(store.folder) and not sealed.is_unlocked(store.folder)
                and sealed.ENV not in os.environ):
            self.call_from_thread(self._still_open, store, self._ask_passphrase)
            return
        try:
            pmap = store.load(freeze=False)  # frozen before the first change
            # Moments first: their first listing may write the index the stamp is of.
            moments = moment_index.listing(store)[0]
            seen = reflect_index.stamp(store)
            headers, problems = reflect_index.listing(store)
        except IfsError as err:
            self.call_from_thread(self._still_open, store, self._load_failed, err)
        else:
            self.call_from_thread(self._still_open, store, self._loaded, pmap, headers,
                                  problems, moments, seen)

    def _still_open(self, store: MapStore, then: Callable[..., None], *args: Any) -> None:
        from .screens.loading import LoadingScreen

        if store is not self.store:
            return  # a load for a map left since (f4) never lands on the one open now
        if isinstance(self.screen, LoadingScreen):
            then(*args)
        else:  # the maps (f4) or help are over the loading screen: shown once closed
            self._landing = lambda: then(*args)

    def land_waiting(self) -> None:
        """The loading screen is on top again: show the map that finished loading."""
        landing, self._landing = self._landing, None
        if landing is not None:
            landing()

    def _loaded(self, pmap: PartsMap, headers: list[Header],
                problems: list[Problem] | None = None, moments: list[Moment] | None = None,
                seen: tuple[int, int, int, int] | None = None) -> None:
        from .screens.main import MainScreen

        self.pmap, self.headers, self.unreadable = pmap, headers, problems or []
        self.moments, self.index_seen = moments or [], seen
        map_open.mark(self.store.folder)  # `ifs maps rename/remove` then leave it be
        self.sub_title = self.map_label(pmap.title)
        self.switch_screen(MainScreen())
        if not self.config.welcome_seen and not self.demo:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), self._welcomed)
        if sealed.is_sealed(self.store.folder):
            from ifs_tui.core.paths import ifs_for_folder
            from ifs_tui.core.sealing import stopped_words

            if said := stopped_words(self.store.folder, ifs_for_folder(self.store.folder)):
                self.notify(said, severity="warning", timeout=15, markup=False)
        if self.unreadable:
            count = len(self.unreadable)
            self.notify(f"{count} reflection file{'s' if count > 1 else ''} could not be "
                        "read; the journal (j) lists which and why. The others are fine.",
                        severity="warning", timeout=10, markup=False)

    def _ask_passphrase(self) -> None:
        from .screens.unlock import UnlockScreen

        self.switch_screen(UnlockScreen())

    def _load_failed(self, err: IfsError) -> None:
        from .screens.broken import BrokenMapScreen, NoMapScreen

        if isinstance(err, MapNotFound):
            self.switch_screen(NoMapScreen(self.store.folder))
        else:
            problems = err.problems if isinstance(err, MapFormatError) else []
            self.switch_screen(BrokenMapScreen(str(err), [str(p) for p in problems]))

    def _welcomed(self, _: Any = None) -> None:
        self.config.welcome_seen = True
        self._save_config()

    def create_map(self) -> None:
        try:
            self.store.create()
        except IfsError as err:
            self.notify(str(err), severity="error")
            return
        from .screens.loading import LoadingScreen

        self.switch_screen(LoadingScreen())
        self.load_map()

    # --- another map (f4) -------------------------------------------------------

    def action_pick_map(self) -> None:
        from .screens.maps import MapsScreen

        if isinstance(self.screen, MapsScreen):
            return
        if isinstance(self.screen, ModalScreen):  # reached here from the palette
            self.notify("Close this dialog first (esc); then f4 lists the maps.", timeout=4)
            return
        self.push_screen(MapsScreen())

    def open_map(self, folder: Path) -> None:
        """Leave the open map, keeping what is typed in it, and open the one at `folder`."""
        if not self.keep_typed("This map stays open."):
            return
        draft = self.moment_draft
        if draft is None or draft.empty():
            self._open(folder)
            return
        from .screens.map_dialogs import MomentDraftScreen

        def answer(go: bool | None) -> None:
            if go:
                self._open(folder)

        self.push_screen(MomentDraftScreen(draft), answer)

    def reopen_renamed(self, folder: Path) -> None:
        """The open map was renamed (its typed words kept before): open it where it is now.
        The same map, so a waiting f3 moment and the undo of a deletion stay."""
        self._open(folder, same_map=True)

    def _open(self, folder: Path, same_map: bool = False) -> None:
        from .screens.loading import LoadingScreen

        map_open.unmark(self.store.folder)
        if not same_map and sealed.is_unlocked(self.store.folder):
            # An encrypted map left is locked again: coming back to it asks again (a
            # therapist switching maps in front of someone).
            from ifs_tui.core import sealed_index

            sealed.forget(self.store.folder)
            sealed_index.forget(self.store.folder)
        draft, undo = self.moment_draft, self.undo_stack
        if undo and not same_map:  # a deletion stays undoable until the app closes
            self._undo_kept[self.store.folder] = undo
        self._clear_map_state()
        if same_map:
            self.moment_draft, self.undo_stack = draft, undo
        else:
            self.undo_stack = self._undo_kept.pop(folder, [])
        self.clear_notifications()  # "press u to undo" and the like were about the other
        self.store = MapStore(folder)  # a load still running for the old one is ignored
        self.sub_title = self.map_label()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoadingScreen())
        self.load_map()

    def _new_map(self) -> None:
        from .screens.maps import MapsScreen

        def then() -> None:
            if isinstance(self.screen, MapsScreen):
                self.screen.action_new()

        self.action_pick_map()
        self.call_after_refresh(then)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        # Messages carry part names, file paths and error text: always shown as written,
        # never read as markup (`[/]` in a name would crash the app after a save).
        super().notify(visible(message), title=title, severity=severity, timeout=timeout,
                       markup=False)

    def _on_notify(self, event: Notify) -> None:
        if self.hider.hidden:  # nothing shows over the hidden screen, nor is kept for later
            event.prevent_default()  # Textual calls App's own handler too, after this one
            return
        # The same message again replaces the old one, and only the newest few stay,
        # so toasts never pile up over the work. (Textual adds them here, not in notify.)
        message = event.notification.message
        others = [n for n in self._notifications if n.message != message]
        for old in [n for n in self._notifications if n.message == message] + others[
                :max(0, len(others) - (KEEP_TOASTS - 1))]:
            self._unnotify(old, refresh=False)
        super()._on_notify(event)

    # --- hiding the screen (f5; hiding.py) ------------------------------------------

    def action_hide_screen(self) -> None:
        self.hider.hide()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While hidden the app's keys (f1-f4, the palette, quit) do nothing; the
        # neutral screen's own keys bring the app back.
        return False if self.hider.hidden else super().check_action(action, parameters)

    def validate_sub_title(self, sub_title: str) -> str:
        hider = getattr(self, "hider", None)  # Textual sets it before __init__ is done
        return sub_title if hider is None else hider.keep_title(sub_title)

    async def on_event(self, event: events.Event) -> None:
        self.hider.pressed(event)  # idle time starts again
        await super().on_event(event)

    # While hidden, a screen pushed, switched to or closed by a task that ends meanwhile
    # (a restore to confirm, a conflict, a map done loading) waits for the return.

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        later = lambda: App.push_screen(self, screen, *args, **kwargs)  # noqa: E731
        if not kwargs.get("wait_for_dismiss") and self.hider.holds(screen, later):
            return done_at_once()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> AwaitComplete:
        if self.hider.holds(screen, lambda: App.switch_screen(self, screen)):
            return done_at_once()
        return super().switch_screen(screen)

    def pop_screen(self) -> AwaitComplete:
        if self.hider.holds(None, lambda: App.pop_screen(self)):
            return done_at_once()
        return super().pop_screen()

    # --- changes ----------------------------------------------------------------

    def change(self, op: Callable[[PartsMap], T],
               done: Callable[[T], None] | None = None) -> Outcome:
        """Apply `op` to the map and save at once. Input errors propagate to the caller."""
        assert self.pmap is not None
        self.store.freeze(self.pmap)  # as it is before this change, for history's words
        result = op(self.pmap)
        try:
            self.store.save(self.pmap)
        except MapConflict:
            from .screens.dialogs import ConflictScreen

            def resolve(reapply: bool) -> None:
                self.reload_map()
                if reapply:
                    try:
                        self.change(op, done)
                    except IfsError as err:
                        self.notify(f"Your change could not be applied again: {err}",
                                    severity="error", timeout=10)

            # Pushed after the dialog that asked for the change has closed; the screen
            # calls `resolve` itself, as no screen below it is sure to outlive it.
            self.call_after_refresh(self.push_screen, ConflictScreen(resolve))
            return "conflict"
        except IfsError as err:
            self.notify(str(err), severity="error", timeout=10)
            self.reload_map()
            return "failed"
        if done is not None:
            done(result)
        self.map_changed()
        return "saved"

    def reload_map(self) -> None:
        """Read the map again from disk (after a conflict, a walk-through, or on request)."""
        try:
            self.pmap = self.store.load(freeze=False)
            self.moments = moment_index.listing(self.store)[0]
            self.index_seen = reflect_index.stamp(self.store)
            self.headers, self.unreadable = reflect_index.listing(self.store)
        except IfsError as err:
            self.notify(str(err), severity="error", timeout=10)
            return
        self.map_changed()

    def moments_of(self, part_id: str) -> list[Moment]:
        """The moments naming a part, oldest first."""
        return [m for m in self.moments if m.part == part_id]

    def moments_changed(self) -> None:
        """A moment was kept or removed: list them again, and show them anew."""
        from .screens.main import MainScreen
        from .screens.moments import MomentsScreen

        self.moments = moment_index.listing(self.store)[0]
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.show_current()
            elif isinstance(screen, MomentsScreen):
                screen.relist()

    def action_jot_moment(self) -> None:
        from .screens.main import MainScreen
        from .screens.moment_add import MomentAddScreen

        if self.pmap is None:  # no map open yet (loading, or none at this place)
            self.notify("Open a map first; then f3 jots down a moment.", timeout=4)
            return
        from .screens.map_dialogs import MomentDraftScreen

        # Already open, or being asked about (keep, let go, stay): one at a time.
        if any(isinstance(s, MomentAddScreen | MomentDraftScreen) for s in self.screen_stack):
            return
        part = self.screen.current_part() if isinstance(self.screen, MainScreen) else None

        def kept(moment: Moment | None) -> None:
            if moment is not None:
                self.moment_draft = None
                self.moments_changed()
                from .screens.moments import MomentsScreen

                where = ("" if isinstance(self.screen, MomentsScreen)
                         else " The moments list (o) shows them all.")
                self.notify("Moment kept." + where, timeout=4)

        self.push_screen(MomentAddScreen(self.moment_draft, part), kept)

    def reflections_of(self, part_id: str) -> list[Header]:
        """The reflections about a part or that changed it, oldest first; grouped once
        per listing, so moving through the tree does not scan every reflection."""
        if self._by_part is None or self._by_part[0] is not self.headers:
            groups: dict[str, list[Header]] = {}
            for header in self.headers:
                ids = {header.part} | {c.rpartition(".")[0] for c in header.changed}
                for key in ids - {""}:
                    groups.setdefault(key, []).append(header)
            self._by_part = (self.headers, groups)
        return self._by_part[1].get(part_id, [])

    def map_changed(self) -> None:
        from .screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.refresh_map()

    # --- settings -----------------------------------------------------------------

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.config.theme:
            self.config.theme = theme.name
            self._save_config()

    def _save_config(self) -> None:
        if self.demo:
            return  # a demo leaves the person's settings alone
        try:
            save_config(self.config)
        except OSError as err:
            self.notify(f"Settings not saved ({err.strerror})", severity="warning")

    # --- help and palette ---------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_support(self) -> None:
        from .screens.support import SupportScreen

        if not any(isinstance(s, SupportScreen) for s in self.screen_stack):
            self.push_screen(SupportScreen())

    def get_key_display(self, binding: Binding) -> str:
        # One notation everywhere (footer, help, hints): "ctrl+s", never "^s".
        # Keys come from the person's keymap file: shown, never sent to the terminal raw.
        if binding.key_display:
            return visible(binding.key_display)
        modifiers, key = binding.parse_key()
        shown = "enter" if key == "enter" else format_key(key)  # a word, as hints say it
        return visible("+".join([*modifiers, shown]))

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        # Not Textual's "Screenshot": it would write private text into the current folder.
        # Nor its "Theme" and "Keys": "Theme: switch" and "Help: ..." below do the same.
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                yield SystemCommand("Quit", "Close ifs-tui; everything is already saved",
                                    command.callback)
        yield SystemCommand("Help: keys of this screen", "What each key does here",
                            self.action_help)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        def on_main(action: str) -> Callable[[], object]:
            return lambda: self._run_on_main(action)

        return [
            ("Support: people I can reach", "Your own support contacts, and the crisis line",
             self.action_support),
            ("Screen: hide", "Hide everything at once; Enter brings it back (f5)",
             self.action_hide_screen),
            ("Map: open another map", "The maps beside this one: open, new, copy, rename "
             "(f4)", self.action_pick_map),
            ("Map: new", "Make a new, empty map beside this one", self._new_map),
            ("Part: add", "Add a part to the map", on_main("add_part")),
            ("Part: edit", "Edit the chosen part", on_main("edit_part")),
            ("Part: rename", "Rename the chosen part", on_main("rename_part")),
            ("Part: delete", "Delete the chosen part (can be undone)", on_main("delete_part")),
            ("Part: undo delete", "Put back the last deleted part", on_main("undo")),
            ("Part: link", "Link the chosen part to another", on_main("link")),
            ("Reflect: start a pack", "A guided walk-through", on_main("reflect")),
            ("Journal: open", "Past reflections", on_main("journal")),
            ("Search: parts and reflections", "Find text anywhere", on_main("search")),
            ("Map: drawn view", "See the parts and their links as a picture",
             on_main("map_view")),
            ("Export: the map to a file", "Markdown, JSON, TOML, DOT, Mermaid, HTML or SVG",
             on_main("export")),
            ("Theme: switch", "Choose a theme, including the calm ones", self.search_themes),
            ("Map: title and Self's notes", "Change the map's title or what you note about Self",
             on_main("edit_map")),
            ("Map: reload", "Read the map again from disk", self.reload_map),
            ("Journeys: list and open", "A medicine session with its preparation and "
             "integration", on_main("journeys")),
            ("Moment: jot one down", "A few words about a moment where something shifted (f3)",
             self.action_jot_moment),
            ("Moments: list", "Every moment you jotted down, newest first",
             on_main("moments")),
            ("Map: history and restore", "Earlier versions, what changed, bring one back",
             on_main("history")),
            ("Part: timeline", "The chosen part's changes, reflections and moments over time",
             on_main("part_timeline")),
            ("Trends: Self-energy over time", "A line per quality of the Self-energy check-in",
             on_main("trends")),
        ]

    def _run_on_main(self, action: str) -> None:
        from .screens.main import MainScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
            self.pop_screen()
        if isinstance(self.screen, MainScreen):
            self.call_later(self.screen.run_action, action)
