from __future__ import annotations

import json
from pathlib import Path

import pytest

from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.packs import builtin_pack_files, load_pack_file, load_packs, parse_pack

GOOD = """\
schema = 1
id = "tiny"
title = "Tiny"
summary = "s"
phase = "anytime"
minutes = 2

[[steps]]
id = "who"
kind = "part"
ask = "Which part?"

[[steps]]
id = "fear"
kind = "text"
ask = "What does {part} fear?"
adds_to = "fears"

[[steps]]
id = "how-much"
kind = "scale"
ask = "How much?"
min = 0
max = 10

[[steps]]
id = "pick"
kind = "choice"
ask = "Pick"
options = ["a", "b"]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(MapFormatError) as info:
        parse_pack(text.encode(), "pack.toml")
    return [str(p) for p in info.value.problems]


def test_every_builtin_pack_validates() -> None:
    files = builtin_pack_files()
    assert len(files) >= 8
    ids = {load_pack_file(f, "built-in").id for f in files}
    assert ids >= {"first-map", "meet-a-protector", "unblending-check-in", "after-a-hard-moment",
                   "kap-preparation", "kap-integration", "shifts-in-ordinary-moments",
                   "self-energy-check-in"}


def test_builtin_packs_cover_what_they_promise() -> None:
    packs = load_packs(Path("/nonexistent")).packs
    meet = packs["meet-a-protector"]
    assert {s.adds_to for s in meet.steps} >= {"job", "age", "fears", "needs"}
    selfcheck = packs["self-energy-check-in"]
    scales = [s.id for s in selfcheck.steps if s.kind == "scale"]
    assert scales == ["calm", "curiosity", "compassion", "confidence", "courage", "clarity",
                      "creativity", "connectedness"]
    assert all((s.min, s.max) == (0, 10) for s in selfcheck.steps if s.kind == "scale")
    assert "replaces none of it" in packs["kap-preparation"].care_note
    assert packs["kap-preparation"].phase == "preparation"
    assert packs["kap-integration"].phase == "integration"
    shifts = packs["shifts-in-ordinary-moments"].steps[0]
    assert shifts.kind == "choice" and shifts.other and len(shifts.options) == 6


def test_builtin_packs_hold_no_medical_advice() -> None:
    words = ("dose", "dosage", "mg", "milligram", "take your medication", "prescri")
    for path in builtin_pack_files():
        text = path.read_text().casefold()
        for word in words:
            assert f" {word}" not in text, (path.name, word)


def test_adds_to_takes_the_new_part_fields() -> None:
    for field in ("intent", "first_appeared", "burdens", "feel_toward"):
        pack = parse_pack(GOOD.replace('adds_to = "fears"', f'adds_to = "{field}"').encode(),
                          "pack.toml")
        assert pack.steps[1].adds_to == field
    text = GOOD.replace('options = ["a", "b"]', 'options = ["Getting to know", '
                        '"BEFRIENDED", "un-burdened", "noticed"]\nadds_to = "status"')
    assert parse_pack(text.encode(), "pack.toml").steps[3].adds_to == "status"


def test_good_pack() -> None:
    pack = parse_pack(GOOD.encode(), "pack.toml")
    assert [s.kind for s in pack.steps] == ["part", "text", "scale", "choice"]
    assert pack.steps[1].adds_to == "fears"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('title = "Tiny"\n', 'title = "Tiny\n'), "pack.toml:3:"),
        (lambda t: t.replace('ask = "Which part?"\n', ""),
         "pack.toml:8: steps[0].ask (id 'who'): missing"),
        (lambda t: t.replace('kind = "scale"', 'kind = "slider"'),
         "steps[2].kind (id 'how-much'): 'slider' is not one of"),
        (lambda t: t.replace('id = "pick"', 'id = "fear"'),
         "steps[3].id (id 'fear'): another step already uses this id"),
        (lambda t: t.replace('adds_to = "fears"', 'adds_to = "fear"'),
         "steps[1].adds_to (id 'fear'): 'fear' is not one of"),
        (lambda t: t.replace("max = 10", 'max = 10\nadds_to = "fears"'),
         "steps[2].adds_to (id 'how-much'): only text and choice steps"),
        (lambda t: t.replace('kind = "part"', 'kind = "note"'),
         "steps[1].adds_to (id 'fear'): needs a part step earlier"),
        (lambda t: t.replace('options = ["a", "b"]', "options = []"),
         "steps[3].options (id 'pick'): a choice needs a list of one or more options"),
        (lambda t: t.replace('options = ["a", "b"]\n', ""),
         "steps[3].options (id 'pick'): missing"),
        (lambda t: t.replace("min = 0", "min = 10"),
         "steps[2].min (id 'how-much'): the minimum (10) must be below the maximum (10)"),
        (lambda t: t.replace('id = "tiny"', 'id = "Tiny Pack"'), "id: use lower-case"),
        (lambda t: t.replace("anytime", "someday"), "phase: 'someday' is not one of"),
        (lambda t: t.replace("min = 0", 'min = "zero"'), "steps[2].min (id 'how-much'): should be"),
        (lambda t: t.replace("max = 10", "max = 10\ncolour = 3"),
         "steps[2].colour (id 'how-much'): is not a key of a scale step"),
        # Values of the right type that the code still cannot use.
        (lambda t: t.replace('ask = "Which part?"', 'ask = "Which part?"\nnew_role = "boss"'),
         "pack.toml:12: steps[0].new_role (id 'who'): 'boss' is not one of manager"),
        (lambda t: t.replace("schema = 1", "schema = -1"), "pack.toml:1: schema: missing or"),
        (lambda t: t.replace("schema = 1", "schema = 0"), "pack.toml:1: schema: missing or"),
        (lambda t: t.replace("minutes = 2", "minutes = -5"), "pack.toml:6: minutes: should be 0"),
        (lambda t: t + '\n[[steps]]\nid = "rest"\nkind = "grounding"\nask = "Rest."\n'
         "seconds = -30\n", "steps[4].seconds (id 'rest'): should be 0 or more"),
        (lambda t: t.replace("max = 10", "max = 1000000000"),
         "steps[2].max (id 'how-much'): a scale can span at most 100"),
        # adds_to = "status": a choice of one whose options each name a status.
        (lambda t: t.replace('options = ["a", "b"]', 'options = ["noticed", "a"]\n'
                             'adds_to = "status"'),
         "steps[3].adds_to (id 'pick'): each option of a step that sets the status names"),
        (lambda t: t.replace('options = ["a", "b"]', 'options = ["Befriended"]\n'
                             'adds_to = "status"\nother = true'),
         "steps[3].adds_to (id 'pick'): a step that sets the status is a choice of one"),
        (lambda t: t.replace('options = ["a", "b"]', 'options = ["Befriended"]\n'
                             'adds_to = "status"\nmultiple = true'),
         "steps[3].adds_to (id 'pick'): a step that sets the status is a choice of one"),
        (lambda t: t.replace('adds_to = "fears"', 'adds_to = "status"'),
         "steps[1].adds_to (id 'fear'): a step that sets the status is a choice of one"),
        (lambda t: t.replace('adds_to = "fears"', 'adds_to = "tags"'),
         "steps[1].adds_to (id 'fear'): 'tags' is not one of"),
    ],
)
def test_broken_packs_name_file_step_and_problem(change, expected) -> None:
    found = problems(change(GOOD))
    assert any(expected in p for p in found), found
    assert all(p.startswith("pack.toml") for p in found)


def test_line_numbers_point_at_the_step(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "scale"', 'kind = "slider"')
    (message,) = problems(text)
    line = int(message.split(":")[1])
    assert text.splitlines()[line - 1] == 'kind = "slider"'


def test_broken_pack_does_not_stop_the_others(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "broken.toml").write_text(GOOD.replace('kind = "scale"', 'kind = "slider"'))
    (user / "fine.toml").write_text(GOOD)
    found = load_packs(user, None)
    assert "tiny" in found.packs and "meet-a-protector" in found.packs
    assert len(found.problems) == 1 and "broken.toml" in found.problems[0].file


def test_later_places_override_earlier_ones(tmp_path: Path) -> None:
    user, mapdir = tmp_path / "user", tmp_path / "map"
    user.mkdir()
    mapdir.mkdir()
    (user / "x.toml").write_text(GOOD.replace('id = "tiny"', 'id = "meet-a-protector"'))
    (mapdir / "y.toml").write_text(GOOD)
    (user / "z.toml").write_text(GOOD.replace('title = "Tiny"', 'title = "User tiny"'))
    found = load_packs(user, mapdir)
    assert found.packs["meet-a-protector"].source == "user"
    assert found.overridden["meet-a-protector"] == ["built-in"]
    assert found.packs["tiny"].source == "map" and found.packs["tiny"].title == "Tiny"


# --- the CLI ----------------------------------------------------------------


def test_prompts_list_shows_sources(cli, hermetic: Path) -> None:
    user = hermetic / "prompts"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text(GOOD)
    (user / "broken.toml").write_text("not toml at all [")
    run = cli("prompts", "list", "--json")
    assert run.exit_code == 0
    data = {p["id"]: p for p in json.loads(run.stdout)}
    assert data["tiny"]["source"] == "user" and data["meet-a-protector"]["source"] == "built-in"
    assert data["tiny"]["origin"] == "yours" and data["meet-a-protector"]["origin"] == "built-in"
    assert "broken.toml" in run.stderr
    table = cli("prompts", "list").stdout
    assert "Meet a protector" in table and "yours" in table


def test_prompts_show(cli) -> None:
    run = cli("prompts", "show", "kap-preparation")
    assert run.exit_code == 0
    assert "replaces none of it" in run.stdout
    assert "adds to the part's needs" in run.stdout
    run = cli("prompts", "show", "nothing-like-it")
    assert run.exit_code == 1 and "meet-a-protector" in run.stderr


def test_prompts_validate(cli, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(GOOD)
    bad.write_text(GOOD.replace("min = 0", "min = 11"))
    run = cli("prompts", "validate", str(good))
    assert run.exit_code == 0 and "ok:" in run.stdout
    run = cli("prompts", "validate", str(good), str(bad))
    assert run.exit_code == 1
    assert f"{bad}:" in run.stdout and "(id 'how-much')" in run.stdout
    assert cli("prompts", "validate", str(tmp_path / "missing.toml")).exit_code == 1
    for path in builtin_pack_files():
        assert cli("prompts", "validate", str(path)).exit_code == 0


def test_prompts_new_writes_a_valid_commented_starter(cli, hermetic: Path) -> None:
    run = cli("prompts", "new", "my-evening")
    assert run.exit_code == 0
    path = hermetic / "prompts" / "my-evening.toml"
    text = path.read_text()
    assert text.count("#") > 10
    pack = load_pack_file(path, "user")
    assert pack.id == "my-evening"
    assert {s.kind for s in pack.steps} == {"grounding", "part", "text", "choice", "scale",
                                            "note"}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert cli("prompts", "new", "my-evening").exit_code == 1
    assert cli("prompts", "new", "Bad Id").exit_code == 1
    assert "my-evening" in cli("prompts", "list").stdout


def test_the_documented_example_is_valid() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "prompt-packs.md").read_text()
    example = doc.split("## A complete example")[1].split("```toml\n")[1].split("```")[0]
    pack = parse_pack(example.encode(), "example.toml")
    assert {s.kind for s in pack.steps} == {"grounding", "part", "text", "choice", "scale",
                                            "note"}


def test_the_documented_for_each_make_part_and_link_examples_are_valid() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "prompt-packs.md").read_text()
    section = doc.split("## Steps repeated for each option chosen")[1].split(
        "## Walking a pack")[0]
    groups, make, links, made = [b.split("```")[0] for b in section.split("```toml\n")[1:5]]
    head = 'schema = 1\nid = "doc"\ntitle = "Doc"\n'
    pack = parse_pack((head + groups).encode(), "doc.toml")
    assert [s.id for s in pack.group("when")] == ["when", "help"]
    choice = groups.split("[[steps]]")[1]
    pack = parse_pack((head + "[[steps]]" + choice + make + made + links).encode(), "doc.toml")
    step = pack.step("make")
    assert step is not None and step.kind == "make_part" and step.item_to == "job"
    assert set(step.names) == set(pack.steps[0].options)
    assert [s.kind for s in pack.steps] == ["choice", "make_part", "text", "note", "link"]
    assert pack.step("made").shows == "made_parts"  # type: ignore[union-attr]


# Reviewed one by one (issue 9): an answer reaches a part's field only when it is
# plainly that field's content. "How old did you feel then?" is not the part's age;
# "What needs to go slower?" is not its needs; "a voice, an image" is not its body.
FILED = {
    ("meet-a-protector", "flesh-out"): "job",
    ("meet-a-protector", "age"): "age",
    ("meet-a-protector", "feel-toward"): "feel_toward",
    ("meet-a-protector", "feel-toward-again"): "feel_toward",
    ("meet-a-protector", "intent"): "intent",
    ("meet-a-protector", "where-now"): "status",
    ("meet-a-protector", "fears"): "fears",
    ("meet-a-protector", "needs"): "needs",
    ("unblending-check-in", "feeling"): "emotions",
    ("after-a-hard-moment", "trigger"): "triggers",
    ("after-a-hard-moment", "fear"): "fears",
    ("kap-preparation", "its-needs"): "needs",
    ("kap-integration", "daily-life"): "triggers",
    ("shifts-in-ordinary-moments", "noticed"): "notes",
    # Into the part made in each round: its fears, how old it seems, what would help.
    ("first-map", "fear"): "fears",
    ("first-map", "age"): "age",
    ("first-map", "safer"): "needs",
}
# The option chosen, put into the part made for it (make_part's item_to): the pattern
# is what the part does.
ITEM_TO = {("first-map", "make"): "job"}


def test_builtin_packs_file_answers_only_where_they_fit() -> None:
    packs = load_packs(Path("/nonexistent")).packs
    filed = {(p.id, s.id): s.adds_to for p in packs.values() for s in p.steps if s.adds_to}
    assert filed == FILED
    item_to = {(p.id, s.id): s.item_to for p in packs.values() for s in p.steps
               if s.kind == "make_part"}
    assert item_to == ITEM_TO
