"""Every shipped demo map (examples/demos.toml): whole, clean, made of real packs, and
leaking nothing in a redacted export; `ifs demo NAME` and `ifs demo --list`."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from ifs_tui.core import export_over_time, history, journeys, moments, reflections, trends
from ifs_tui.core.check import check_folder
from ifs_tui.core.demo import demo_listing, demo_names, make_demo_copy
from ifs_tui.core.errors import InvalidInput
from ifs_tui.core.export import FORMATS, export
from ifs_tui.core.packs import load_packs
from ifs_tui.core.storage import MapStore

from .hostile import TERMINAL_HAZARDS, TEXTS
from .test_demo_over_time import MEDICAL
from .test_export import private_texts

NAMES = [name for name, _ in demo_names()]
BUILT_IN = load_packs(Path("/nonexistent"))


def test_the_index_names_the_three_demo_maps_with_a_line_each() -> None:
    assert NAMES == ["demo", "polarized", "kap-journey"]
    assert all(about.strip() and "\n" not in about for _, about in demo_names())


@pytest.fixture(params=NAMES)
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> MapStore:
    _, folder = make_demo_copy(tmp_path, name=request.param)
    return MapStore(folder)


def test_each_demo_map_loads_whole_and_check_finds_nothing(demo: MapStore) -> None:
    assert check_folder(demo.folder) == []
    pmap = demo.load()
    assert pmap.title.startswith("Demo:") and "fictional" in pmap.title
    found, problems = moments.list_all(demo)
    records, unreadable = reflections.list_all(demo)
    trips, more = journeys.list_all(demo)
    assert problems == unreadable == more == []
    # Each view of the app has something to show.
    assert len(pmap.parts) >= 4 and pmap.relationships and pmap.self_notes.notes
    assert {p.role for p in pmap.parts} >= {"manager", "firefighter", "exile"}
    assert len(found) >= 4 and len(records) >= 3
    assert {m.part for m in found if m.part} <= {p.id for p in pmap.parts}
    assert len(history.entries(demo)) >= 4  # the timeline shows change
    assert any(p.status_history for p in pmap.parts)


def test_each_demo_reflection_uses_a_real_pack_step_by_step(demo: MapStore) -> None:
    pmap = demo.load()
    records, _ = reflections.list_all(demo)
    for rec in records:
        pack = BUILT_IN.get(rec.pack)
        assert pack is not None, rec.id
        steps = {s.id: s for s in pack.steps}
        assert rec.pack_title == pack.title
        for answer in rec.answers:
            step = steps[answer.step]
            assert answer.kind == step.kind, (rec.id, answer.step)
            if answer.skipped or answer.value is None:
                continue
            if step.kind == "part":
                assert pmap.part(str(answer.value)), (rec.id, answer.step)
            elif step.kind == "choice" and not step.other:
                chosen = answer.value if isinstance(answer.value, list) else [answer.value]
                assert set(chosen) <= set(step.options), (rec.id, answer.step)
            elif step.kind == "scale":
                assert isinstance(answer.value, int)
                assert step.min <= answer.value <= step.max
            if answer.added_to:  # what the walk filed into the part is there
                part_id, _, field = answer.added_to.rpartition(".")
                part = pmap.part(part_id)
                if field == "status":  # changed since, perhaps: its history says so
                    assert any(c.by == rec.id for c in part.status_history), rec.id
                    continue
                if field == "feel_toward":  # each answer replaces it: noted then or later
                    assert part.feel_toward_noted and part.feel_toward_noted >= rec.started
                    continue
                held = getattr(part, field)
                held = held if isinstance(held, list) else held.split("\n")
                assert reflections.answer_text(answer, pmap) in held, (rec.id, answer.step)


def test_each_demo_speaks_of_no_dose_drug_or_medication(demo: MapStore) -> None:
    for path in demo.folder.rglob("*.toml"):
        assert not MEDICAL.search(path.read_text()), path.name


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_redacted_export_of_each_demo_map_leaks_no_free_text(demo: MapStore, fmt: str) -> None:
    pmap = demo.load()
    over, _ = export_over_time.load(demo)
    records, _ = reflections.list_all(demo)
    text = export(pmap, fmt, records, recent=5, over=over, redacted=True)
    assert [t for t in private_texts(pmap) if t in text] == []
    words = [m.text for m in over.moments] + [m.shift for m in over.moments if m.shift]
    words += [t for j in over.journeys for t in (j.title, j.notes) if t]
    words += [a.value for r in records for a in r.answers
              if isinstance(a.value, str) and len(a.value) >= 8]
    assert [w for w in words if w in text] == []


def test_the_polarized_map_shows_two_protectors_guarding_one_exile(tmp_path: Path) -> None:
    _, folder = make_demo_copy(tmp_path, name="polarized")
    pmap = MapStore(folder).load()
    (rel,) = [r for r in pmap.relationships if r.kind == "polarized"]
    assert rel.from_fears.strip() and rel.to_fears.strip() and rel.note.strip()
    roles = {pmap.part(rel.source).role, pmap.part(rel.target).role}
    assert roles == {"manager", "firefighter"}
    guarded = [{r.target for r in pmap.relationships if r.kind == "protects" and r.source == side}
               for side in (rel.source, rel.target)]
    shared = guarded[0] & guarded[1]
    assert shared and all(pmap.part(p).role == "exile" for p in shared)
    # The unblending walk: a part with feelings about the Off Switch stepped back.
    records = {r.id: r for r in reflections.list_all(MapStore(folder))[0]}
    assert any(a.step == "step-back" for r in records.values() for a in r.answers)


def test_the_kap_journey_ties_preparation_session_integration_and_moments(
        tmp_path: Path) -> None:
    _, folder = make_demo_copy(tmp_path, name="kap-journey")
    store = MapStore(folder)
    (trip,) = journeys.list_all(store)[0]
    records = {r.id: r for r in reflections.list_all(store)[0]}
    found = {m.id: m for m in moments.list_all(store)[0]}
    pmap = store.load()
    assert [records[r].pack for r in trip.preparation] == ["kap-preparation"] * 2
    assert [records[r].pack for r in trip.integration] == ["kap-integration"] * 3
    assert all(records[r].started < trip.session for r in trip.preparation)
    assert all(records[r].started > trip.session for r in trip.integration)
    assert len(trip.moments) >= 4
    assert all(found[m].when > trip.session and pmap.part(found[m].part) for m in trip.moments)
    # The weeks after: the last moment is three weeks or more past the session.
    assert max(found[m].when for m in trip.moments) - trip.session >= timedelta(days=21)
    assert trip.notes.strip() and trip.extra == {}
    assert trip.parts and all(pmap.part(p) for p in trip.parts)
    # The parts a preparation names: the sceptic, the scared one, the hopeful one, the
    # one that does not trust letting go.
    assert {"the-sceptic", "the-scared-one", "the-hopeful-one",
            "the-hand-on-the-brake"} <= {p.id for p in pmap.parts}


def test_the_kap_journey_has_self_energy_trends(tmp_path: Path) -> None:
    _, folder = make_demo_copy(tmp_path, name="kap-journey")
    found = trends.series(MapStore(folder))
    assert found.checkins >= 6 and found.problems == []
    calm = next(s for s in found.series if s.step == "calm")
    assert len(calm.values) >= 6 and calm.values[-1] > calm.values[0]


def test_make_demo_copy_copies_every_demo_map_privately(tmp_path: Path) -> None:
    temp, folder = make_demo_copy(tmp_path, name="polarized")
    assert folder == temp / "maps" / "polarized"
    assert sorted(os.listdir(temp / "maps")) == sorted(NAMES)
    for path in [temp, *temp.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    for name in NAMES:  # history/ ships as history/ and becomes .history/
        assert (temp / "maps" / name / ".history").is_dir()
        assert not (temp / "maps" / name / "history").exists()


def test_an_unknown_demo_name_lists_the_names_and_makes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        make_demo_copy(tmp_path, name="nope")
    assert all(name in str(err.value) for name in NAMES)
    assert list(tmp_path.iterdir()) == []


def test_ifs_demo_list_says_name_title_parts_and_about(cli) -> None:
    run = cli("demo", "--list")
    assert run.exit_code == 0, run
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "parts", "about"]
    for info, line in zip(demo_listing(), lines[1:], strict=True):
        assert line.startswith(info.name) and info.title in line and info.about in line
        assert f" {info.parts} " in line


def test_ifs_demo_with_an_unknown_name_says_so_in_one_line(cli) -> None:
    run = cli("demo", "NOPE")
    assert run.exit_code == 1
    (line,) = run.stderr.strip().splitlines()
    assert "'NOPE'" in line and all(name in line for name in NAMES)
    assert "Traceback" not in run.stderr


def test_ifs_demo_never_echoes_a_hostile_name_raw(cli) -> None:
    for text in [t for t in TEXTS if not t.startswith("-")]:  # "-x" is an option: exit 2
        run = cli("demo", text)
        assert run.exit_code == 1, repr(text[:40])
        (line,) = run.stderr.strip().splitlines()
        assert len(line) < 300 and not any(h in line for h in TERMINAL_HAZARDS)
