"""Reading and checking a pack's routes: goto, end, branches, not_there."""

from __future__ import annotations

from pathlib import Path

import pytest

from ifs_tui.core.errors import MapFormatError
from ifs_tui.core.packs import load_pack_file, parse_pack

BRANCHING = (Path(__file__).parent / "packs" / "branching.toml").read_text()

SMALL = """\
schema = 1
id = "small"
title = "Small"

[[steps]]
id = "feel"
kind = "choice"
ask = "How do you feel toward it?"
options = ["curious", "annoyed"]
goto = "befriend"
branches = [{ answers = ["annoyed"], goto = "notice" }]

[[steps]]
id = "notice"
kind = "text"
ask = "What do you notice?"
goto = "close"

[[steps]]
id = "befriend"
kind = "scale"
ask = "How close?"
min = 0
max = 10

[[steps.branches]]
from = 0
to = 3
goto = "close"

[[steps]]
id = "close"
kind = "note"
ask = "Thank you."
end = true
"""


def problems(text: str) -> list[str]:
    with pytest.raises(MapFormatError) as info:
        parse_pack(text.encode(), "pack.toml")
    return [str(p) for p in info.value.problems]


def test_routes_are_read() -> None:
    pack = parse_pack(SMALL.encode(), "pack.toml")
    feel, notice, befriend, close = pack.steps
    assert feel.goto == "befriend" and feel.branches[0].answers == ["annoyed"]
    assert feel.branches[0].goto == "notice"
    assert (befriend.branches[0].low, befriend.branches[0].high) == (0, 3)
    assert close.end and not notice.end
    branching = load_pack_file(Path(__file__).parent / "packs" / "branching.toml", "user")
    assert branching.step("other-part").not_there == "thanks"
    assert branching.step("feel").branches[0].own_words


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('goto = "notice"', 'goto = "noticing"'),
         "pack.toml:11: steps[0].branches[0].goto (id 'feel'): there is no step 'noticing'"),
        (lambda t: t.replace('goto = "befriend"', 'goto = "later"'),
         "pack.toml:10: steps[0].goto (id 'feel'): there is no step 'later'"),
        (lambda t: t.replace('ask = "What do you notice?"',
                             'ask = "What do you notice?"\nnot_there = "away"'),
         "steps[1].not_there (id 'notice'): there is no step 'away'"),
        (lambda t: t.replace('goto = "close"\n\n[[steps]]\nid = "befriend"',
                             'goto = "notice"\n\n[[steps]]\nid = "befriend"'),
         "steps[1].goto (id 'notice'): sends the walk back to this same step with no way on"),
        (lambda t: t.replace('ask = "Thank you."\nend = true', 'ask = "Thank you."\ngoto = "feel"'),
         "steps[0].id (id 'feel'): from here the walk-through can never end"),
        (lambda t: t.replace('goto = "notice"', 'goto = "close"'),
         "pack.toml:14: steps[1].id (id 'notice'): no route reaches this step from the first"),
        (lambda t: t.replace('ask = "What do you notice?"',
                             'ask = "What do you notice?"\nbranches = [{ goto = "close" }]'),
         "steps[1].branches (id 'notice'): only choice and scale steps can branch"),
        (lambda t: t.replace('answers = ["annoyed"]', 'answers = ["cross"]'),
         "steps[0].branches[0].answers (id 'feel'): 'cross' is not one of this step's options"),
        (lambda t: t.replace('answers = ["annoyed"]', "own_words = true"),
         "steps[0].branches[0].own_words (id 'feel'): needs other = true on the step"),
        (lambda t: t.replace('answers = ["annoyed"], ', ""),
         "steps[0].branches[0] (id 'feel'): needs answers = [...] or own_words = true"),
        (lambda t: t.replace("to = 3", "to = 30"),
         "pack.toml:26: steps[2].branches[0].to (id 'befriend'): 30 is outside the scale (0 "
         "to 10)"),
        (lambda t: t.replace("from = 0", "from = 5"),
         "steps[2].branches[0].from (id 'befriend'): from (5) is above to (3)"),
        (lambda t: t.replace("from = 0\nto = 3\n", ""),
         "steps[2].branches[0] (id 'befriend'): needs from = N, to = N or both"),
        (lambda t: t.replace("from = 0", 'answers = ["x"]'),
         "steps[2].branches[0].answers (id 'befriend'): is not a key of a scale step's branch"),
        (lambda t: t.replace('to = 3\ngoto = "close"', "to = 3"),
         "steps[2].branches[0].goto (id 'befriend'): missing; each branch needs goto"),
        (lambda t: t.replace("end = true", 'end = true\ngoto = "feel"'),
         "steps[3].end (id 'close'): give either goto or end = true, not both"),
        (lambda t: t.replace("end = true", 'end = true\nnot_there = "feel"'),
         "steps[3].not_there (id 'close'): only a step that asks for an answer can offer "
         "not_there"),
        (lambda t: t.replace("end = true", 'end = "yes"'),
         "steps[3].end (id 'close'): should be true or false"),
        (lambda t: t.replace('branches = [{ answers = ["annoyed"], goto = "notice" }]',
                             "branches = 3"),
         "steps[0].branches (id 'feel'): should be a list of tables"),
    ],
)
def test_broken_routes_name_file_line_step_and_problem(change, expected) -> None:
    text = change(SMALL)
    found = problems(text)
    assert any(expected in p for p in found), found


def test_a_branch_written_as_a_table_is_located_at_its_header() -> None:
    text = SMALL.replace("to = 3", "to = 30")
    (message,) = problems(text)
    line = int(message.split(":")[1])
    assert text.splitlines()[line - 1] == "[[steps.branches]]"


def test_a_step_only_a_branch_reaches_after_an_end_is_fine() -> None:
    pack = parse_pack(BRANCHING.encode(), "branching.toml")
    assert pack.step("know").goto == "gentle-end"


def test_a_pack_without_routes_still_loads_as_before() -> None:
    text = SMALL.replace('goto = "befriend"\n', "").replace(
        'branches = [{ answers = ["annoyed"], goto = "notice" }]\n', "").replace(
        'goto = "close"\n\n[[steps]]\nid = "befriend"', '\n[[steps]]\nid = "befriend"')
    text = text[: text.index("[[steps.branches]]")] + text[text.index("[[steps]]\nid = \"close\""):]
    pack = parse_pack(text.encode(), "pack.toml")
    assert all(not s.goto and not s.branches for s in pack.steps)


def test_validate_names_a_route_problem(cli, hermetic: Path) -> None:
    folder = hermetic / "prompts"
    folder.mkdir(parents=True)
    (folder / "small.toml").write_text(SMALL.replace('goto = "notice"', 'goto = "nowhere"'))
    run = cli("prompts", "validate", str(folder / "small.toml"))
    assert run.exit_code == 1
    assert "small.toml:11: steps[0].branches[0].goto (id 'feel'): there is no step" in (
        run.stdout + run.stderr)
    assert "Traceback" not in run.stdout + run.stderr


def test_the_documented_branching_examples_are_valid() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "prompt-packs.md").read_text()
    section = doc.split("## Packs that branch")[1].split("## Walking a pack")[0]
    six_fs, not_there = [b.split("```")[0] for b in section.split("```toml\n")[1:3]]
    head = 'schema = 1\nid = "doc"\ntitle = "Doc"\n'
    pack = parse_pack((head + six_fs).encode(), "doc.toml")
    assert pack.step("feel-toward").branches[0].own_words
    rest = '[[steps]]\nid = "rest-here"\nkind = "note"\nask = "Rest."\nend = true\n'
    pack = parse_pack((head + not_there.replace("# ... the pack goes on ...", rest)).encode(),
                      "doc.toml")
    assert pack.step("what-happened").not_there == "thank-it"
    for message in ("there is no step", "no route reaches this step", "can never end",
                    "only choice and scale steps can branch", "own_words", "not both"):
        assert message in section
