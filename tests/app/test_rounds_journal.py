"""The app's journal heads each option's answers (a for_each group) with the option."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ifs_tui.app.screens.journal import reflection_view
from ifs_tui.core.storage import MapStore
from tests.test_rounds_shown import two_rounds


def test_the_reading_pane_heads_each_option_and_keeps_a_round_draft(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "map")
    store.create()
    walk = two_rounds(store)
    walk.back()  # to the fear step of round 2, where a few words are typed and kept
    walk.stop(draft="judged, and left")
    console = Console(width=80, record=True)
    console.print(reflection_view(walk.record, store.load()))
    shown = console.export_text()
    assert shown.index("About “freezing in conflict”") < shown.index("a fight") \
        < shown.index("About “expecting criticism”") < shown.index("judged, and left")
    # the draft stands under its own round's question (its step is "fear#2")
    assert shown.index("If Watcher stopped") < shown.index("Not yet answered") \
        < shown.index("judged, and left")
    assert shown.count("If Watcher stopped") == 1
    assert "being judged" not in shown  # the newer, unfinished words stand in its place
