"""Moments and journeys in `ifs export` (markdown, json, html), redacted to counts."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifs_tui.core import export_over_time, journeys, moments, services
from ifs_tui.core.export import FORMATS, export
from ifs_tui.core.importer import read_export_bytes
from ifs_tui.core.model import PartsMap
from ifs_tui.core.storage import MapStore

from .hostile import NAMES, TERMINAL_HAZARDS, TEXTS
from .test_escapes import md_inlines, shown

SCHEMA = json.loads((resources.files("ifs_tui") / "schema" / "map.schema.json").read_text())
PLUS_ONE = timezone(timedelta(hours=1))
SESSION = datetime(2026, 11, 5, 10, 0, tzinfo=PLUS_ONE)

PREPARED = """schema = 1
pack = "kap-preparation"
pack_title = "Preparing for a KAP session"
status = "finished"
started = 2026-11-01T19:00:00+01:00
updated = 2026-11-01T19:20:00+01:00

[[answers]]
step = "intention"
kind = "text"
ask = "What is your intention for the session, in your own words?"
answer = "QZXanswer: to be curious"
"""


def make(folder: Path, text: str = "QZXmoment: paused before saying sorry",
         title: str = "QZXtitle", notes: str = "QZXnotes", name: str = "QZX Critic",
         ) -> tuple[MapStore, PartsMap]:
    store = MapStore(folder)
    pmap = store.create("QZXmap")
    part = services.add_part(pmap, name)
    store.save(pmap)
    first = moments.add(store, text, SESSION + timedelta(days=2), part.id, "QZXshift")
    moments.add(store, "QZXsecond", SESSION + timedelta(days=9))
    (store.folder / "reflections").mkdir(exist_ok=True)
    (store.folder / "reflections" / "20261101-190000-kap-preparation.toml").write_text(PREPARED)
    trip = journeys.new(store, title, SESSION, notes)
    journeys.attach(store, trip.id, part=part.id)
    journeys.attach(store, trip.id, reflection="20261101-190000-kap-preparation",
                    phase="preparation")
    journeys.attach(store, trip.id, reflection="20261110-gone", phase="integration")
    journeys.attach(store, trip.id, moment=first.id)
    journeys.attach(store, trip.id, moment="20261120-090000")  # removed since
    path = journeys.path_of(store, trip.id)
    path.write_text(path.read_text() + 'dose = "QZXdose"\n')  # by hand: kept, never shown
    return store, store.load()


@pytest.fixture
def made(map_folder: Path) -> tuple[MapStore, PartsMap, export_over_time.OverTime]:
    store, pmap = make(map_folder)
    over, problems = export_over_time.load(store)
    assert problems == []
    return store, pmap, over


def test_markdown_has_moments_then_journeys_after_the_reflections(made) -> None:
    store, pmap, over = made
    from ifs_tui.core import reflections

    records, _ = reflections.list_all(store)
    text = export(pmap, "markdown", records, recent=5, over=over)
    order = [text.index(h) for h in ("## Recent reflections", "## Moments (2)",
                                     "## Journeys (1)")]
    assert order == sorted(order)
    inlines = md_inlines(text)
    assert "2026-11-07 10:00 · QZX Critic · QZXshift\nQZXmoment: paused before saying sorry" \
        in inlines
    assert "2026-11-14 10:00\nQZXsecond" in inlines
    assert "Session: 2026-11-05" in inlines and "Notes: QZXnotes" in inlines
    assert "2026-11-01 · Preparing for a KAP session" in inlines  # the reflection, by name
    assert "a reflection no longer in the map" in inlines
    assert "a moment no longer in the map" in inlines
    assert "QZX Critic" in inlines  # the part prepared for, by name
    assert "no medical guidance" in text
    assert "QZXdose" not in text and "dose" not in text


def test_a_removed_part_is_named_as_gone(made) -> None:
    store, pmap, over = made
    pmap.parts.clear()
    text = export(pmap, "markdown", over=over)
    assert "a part no longer in the map" in text and "QZX Critic" not in text


def test_json_holds_moments_and_journeys_as_the_schema_says(made) -> None:
    _, pmap, over = made
    data = json.loads(export(pmap, "json", over=over))
    jsonschema.validate(data, SCHEMA)
    assert [m["text"] for m in data["moments"]] == [m.text for m in over.moments]
    assert data["moments"][0]["part"] == "qzx-critic"
    (trip,) = data["journeys"]
    assert list(trip) == ["id", "schema", "title", "session", "notes", "parts", "preparation",
                          "integration", "moments", "created", "changed"]
    assert trip["session"] == "2026-11-05T10:00:00+01:00"
    assert trip["integration"] == ["20261110-gone"]  # dangling ids kept as data
    assert "dose" not in trip and "QZXdose" not in json.dumps(data)


def test_an_import_of_the_json_leaves_moments_out_of_the_map(made) -> None:
    _, pmap, over = made
    back = read_export_bytes(export(pmap, "json", over=over).encode(), "x.json")
    assert back == pmap and "moments" not in back.extra and "journeys" not in back.extra
    redacted = read_export_bytes(export(pmap, "json", over=over, redacted=True).encode(),
                                 "r.json")
    assert "moment_count" not in redacted.extra


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def html_text(source: str) -> _Text:
    parser = _Text()
    parser.feed(source)
    parser.close()
    return parser


def test_html_has_a_section_for_each(made) -> None:
    _, pmap, over = made
    page = html_text(export(pmap, "html", over=over))
    assert "Moments (2)" in page.text and "Journeys (1)" in page.text
    assert "QZXmoment: paused before saying sorry" in page.text
    assert "Preparing for a KAP session" in page.text and "QZXnotes" in page.text
    assert "QZXdose" not in page.text and "script" not in page.tags


@pytest.mark.parametrize("fmt", FORMATS)
def test_redacted_exports_keep_only_counts(made, fmt: str) -> None:
    _, pmap, over = made
    assert "QZX" in export(pmap, fmt, over=over)  # the markers do show unredacted
    text = export(pmap, fmt, over=over, redacted=True)
    assert "QZX" not in text and "2026-11" not in text  # no words, titles, notes or dates
    if fmt in ("markdown", "html"):
        assert "2 moments (a redacted export" in text and "1 journey (a" in text
    if fmt == "json":
        data = json.loads(text)
        jsonschema.validate(data, SCHEMA)
        assert data["moment_count"] == 2 and data["journey_count"] == 1
        assert "moments" not in data and "journeys" not in data


def test_without_moments_or_journeys_nothing_is_added(map_folder: Path) -> None:
    store = MapStore(map_folder)
    pmap = store.create("Plain")
    over, _ = export_over_time.load(store)
    for fmt in ("markdown", "html"):
        assert export(pmap, fmt, over=over) == export(pmap, fmt)
        assert export(pmap, fmt, over=over, redacted=True) == export(pmap, fmt, redacted=True)
    data = json.loads(export(pmap, "json", over=over))
    assert data["moments"] == [] and data["journeys"] == []


odd_texts = st.sampled_from(TEXTS) | st.text(min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=odd_texts, title=st.sampled_from(NAMES), name=st.sampled_from(NAMES))
def test_odd_texts_show_as_written_in_every_format(tmp_path_factory, text: str, title: str,
                                                   name: str) -> None:
    from ifs_tui.core.errors import InvalidInput

    folder = tmp_path_factory.mktemp("map")
    try:
        moments.check_text(text)
    except InvalidInput:  # the core refuses it (control characters): write it by hand
        text = "plain words"
    store, pmap = make(folder, text=text, title=title, notes=text, name=name)
    over, problems = export_over_time.load(store)
    assert problems == []
    source = export(pmap, "markdown", over=over)
    inlines = md_inlines(source)
    part = pmap.parts[0].name
    shift = f"2026-11-07 10:00 · {shown(part)} · QZXshift"
    assert f"{shift}\n{shown(text)}" in inlines
    assert shown(over.journeys[0].shown_title).replace("\n", " ") in inlines
    assert f"Notes: {shown(text)}" in inlines
    data = json.loads(export(pmap, "json", over=over))
    assert data["moments"][0]["text"] == text and data["journeys"][0]["notes"] == text
    page = html_text(export(pmap, "html", over=over))
    assert shown(text) in page.text.replace("\r\n", "\n")
    for fmt in ("markdown", "json", "html"):
        out = export(pmap, fmt, over=over)
        assert not [h for h in TERMINAL_HAZARDS if h in out and h != "\r"]


# --- the command line ----------------------------------------------------------------


def test_cli_export_includes_them_and_names_an_unreadable_file(
        cli: Callable, map_folder: Path) -> None:
    make(map_folder)
    broken = map_folder / "moments" / "20261201-090000.toml"
    broken.write_text('schema = 1\ntext = "QZXbroken"\n')  # no `when`
    run = cli("export", "-f", "markdown")
    assert run.exit_code == 0, run
    assert "## Moments (2)" in run.stdout and "## Journeys (1)" in run.stdout
    assert "QZXbroken" not in run.stdout + run.stderr
    assert "20261201-090000.toml" in run.stderr and "left out of the export" in run.stderr
    run = cli("export", "-f", "json", "--redact")
    assert run.exit_code == 0 and json.loads(run.stdout)["moment_count"] == 2
    run = cli("export", "-f", "toml")  # the map only, as before
    assert run.exit_code == 0 and "QZXmoment" not in run.stdout
    assert "moments" not in tomllib.loads(run.stdout)


def test_cli_import_replace_of_a_json_export_keeps_map_toml_clean(
        cli: Callable, map_folder: Path, tmp_path: Path) -> None:
    make(map_folder)
    out = tmp_path / "all.json"
    assert cli("export", "-f", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["moments"]
    run = cli("import", str(out), "--replace", "--yes")
    assert run.exit_code == 0, run
    raw = (map_folder / "map.toml").read_text()
    assert "QZXmoment" not in raw and "journeys" not in raw
    assert len(list((map_folder / "moments").glob("*.toml"))) == 2  # untouched


def test_cli_import_names_a_malformed_moment(cli: Callable, map_folder: Path,
                                             tmp_path: Path) -> None:
    cli("init")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": 1, "moments": [{"id": "a", "text": "x"}]}))
    run = cli("import", str(bad), "--merge")
    assert run.exit_code == 1 and "moments[0].when" in run.stderr


def test_hand_added_times_and_dates_export_as_text(map_folder: Path, cli: Callable) -> None:
    """TOML has local times and dates, JSON has neither: they go out as ISO text."""
    store, _ = make(map_folder)
    path = store.folder / "moments" / "20261104-100000.toml"
    path.write_text('schema = 1\nwhen = 2026-11-04T10:00:00Z\ntext = "x"\n'
                    "at = 10:30:00\nday = 2026-11-04\n")
    run = cli("export", "-f", "json")
    assert run.exit_code == 0, run
    data = json.loads(run.stdout)
    jsonschema.validate(data, SCHEMA)
    (moment,) = (m for m in data["moments"] if m["id"] == "20261104-100000")
    assert moment["at"] == "10:30:00" and moment["day"] == "2026-11-04"
