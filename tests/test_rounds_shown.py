"""Answers given once per option chosen (a for_each group) are shown under a heading
naming the option, in `ifs journal show`, the Markdown and HTML exports."""

from __future__ import annotations

import shutil
from pathlib import Path

from ifs_tui.core.packs import load_pack_file
from ifs_tui.core.reflections import Answer, item_heading
from ifs_tui.core.storage import MapStore
from ifs_tui.core.walk import Walk

PACK_FILE = Path(__file__).parent / "packs" / "making.toml"


def two_rounds(store: MapStore) -> Walk:
    """Two options chosen, a part made for each, stopped in round 2 after its fear."""
    walk = Walk.start(load_pack_file(PACK_FILE, "map"), store)
    walk.answer(["freezing in conflict", "expecting criticism"])
    walk.make_part("Freezer")
    walk.answer("a fight")
    walk.answer("room to leave")
    walk.make_part("Watcher")
    walk.answer("being judged")
    return walk


def walked(cli, map_folder: Path) -> Walk:  # type: ignore[no-untyped-def]
    assert cli("init").exit_code == 0
    (map_folder / "prompts").mkdir()
    shutil.copy(PACK_FILE, map_folder / "prompts")
    walk = two_rounds(MapStore(map_folder))
    walk.stop()
    return walk


def test_headings_only_where_an_options_answers_begin() -> None:
    answers = [Answer("a", "text", "?"), Answer("b", "text", "?", item="x"),
               Answer("c", "text", "?", item="x"), Answer("b", "text", "?", item="y")]
    assert [item_heading(answers, i) for i in range(4)] == ["", "About “x”", "", "About “y”"]


def test_journal_show_and_exports_head_each_options_answers(cli, map_folder: Path) -> None:
    walk = walked(cli, map_folder)
    out = cli("journal", "show", walk.record.id).stdout
    first = out.index("About “freezing in conflict”")
    second = out.index("About “expecting criticism”")
    assert first < out.index("a fight") < out.index("room to leave") < second \
        < out.index("being judged")
    assert out.count("About “") == 2
    md = cli("export", "--format", "markdown", "--reflections", "5").stdout
    assert "#### About “freezing in conflict”" in md and "#### About “expecting criticism”" in md
    html = cli("export", "--format", "html", "--reflections", "5").stdout
    assert "<h4>About “expecting criticism”</h4>" in html
