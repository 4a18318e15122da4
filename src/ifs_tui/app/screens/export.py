"""Export from the app: pick a format and a folder; files are written 0600."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ifs_tui.core import export_over_time
from ifs_tui.core.errors import IfsError
from ifs_tui.core.export import FORMATS, SUFFIX, WITH_OVER_TIME, export, write_into_folder

from ..widgets.feedback import show_error
from ..widgets.footer import HELP_KEY, KeyFooter
from ..widgets.onoff import OnOffBox

if TYPE_CHECKING:
    from ..app import IfsApp


class ExportScreen(ModalScreen[None]):
    HELP_TITLE = "export"
    BINDINGS = [
        Binding("escape", "close", "Close", id="export.close"),
        Binding("ctrl+s", "export", "Export", id="export.write"),
        HELP_KEY,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Static("Export the map", classes="dialog-title")
            yield Label("Format")
            yield Select([(f, f) for f in FORMATS], value="markdown", allow_blank=False,
                         id="format", compact=True)
            yield OnOffBox("Redact: on — only the shape, no names or free text",
                           "Redact: off — everything, including private text",
                           id="redact", compact=True)
            yield Label("Into the folder", classes="field-label")
            yield Input(str(Path.home()), id="folder", compact=True)
            yield Static("", id="export-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Export", id="go", variant="primary")
                yield Button("Close", id="close")
        yield KeyFooter()

    def action_export(self) -> None:
        app = cast("IfsApp", self.app)
        assert app.pmap is not None
        fmt = str(self.query_one("#format", Select).value)
        redacted = self.query_one("#redact", Checkbox).value
        folder = Path(self.query_one("#folder", Input).value.strip()).expanduser()
        error = self.query_one("#export-error", Static)
        stem = f"{app.store.folder.name}-{date.today():%Y%m%d}" + ("-redacted" if redacted
                                                                   else "")
        try:
            # Moments and journeys too; a file that would not load is left out and counted.
            over, problems = (export_over_time.load(app.store) if fmt in WITH_OVER_TIME
                              else (None, []))
            path = write_into_folder(export(app.pmap, fmt, redacted=redacted, over=over),
                                     folder, stem, SUFFIX[fmt])
        except IfsError as err:
            show_error(error, str(err))
            return
        show_error(error, "")
        left = (f" ({len(problems)} moment or journey file(s) could not be read and were left "
                "out; ifs check names them)" if problems else "")
        from ifs_tui.core.sealed import is_sealed

        if is_sealed(app.store.folder) and not redacted:
            left += (". This map is encrypted, but the export is plain text: keep it "
                     "somewhere private, and delete it when done")
        app.notify(f"Wrote {path}{left}", timeout=10 if left else 6, markup=False)
        self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "go":
            self.action_export()
        else:
            self.action_close()

    def action_close(self) -> None:
        self.dismiss()
