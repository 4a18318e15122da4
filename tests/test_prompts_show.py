"""`ifs prompts show` says where a branching pack goes; `prompts new` explains the keys."""

from __future__ import annotations

import re
from pathlib import Path

import tomli_w

from ifs_tui.cli.prompts import find_pack
from ifs_tui.core.pack_routes import plain_route
from ifs_tui.core.packs import _KIND_KEYS as KIND_KEYS
from ifs_tui.core.packs import _STEP_KEYS as STEP_KEYS
from ifs_tui.core.packs import ADDS_TO as ADDS_TO_FIELDS
from ifs_tui.core.packs import load_pack_file, load_packs
from ifs_tui.core.textsafe import visible

from .hostile import TERMINAL_HAZARDS

ODD = "\u202egnitset\u202c [bold red]Loud[/bold red]"  # an option a file may hold

# Off the plain route: "aside" sits in the middle of the file, "low" after the end.
PACK = {
    "schema": 1, "id": "routes", "title": "Routes",
    "steps": [
        {"id": "start", "kind": "choice", "ask": "How is it?", "options": ["calm", ODD],
         "other": True, "goto": "how-close",
         "branches": [{"answers": [ODD, "calm"], "goto": "aside"},
                      {"own_words": True, "goto": "aside"}]},
        {"id": "aside", "kind": "text", "ask": "Say more?", "goto": "close"},
        {"id": "how-close", "kind": "scale", "ask": "How close?", "min": 0, "max": 5,
         "not_there": "aside", "branches": [{"from": 0, "to": 3, "goto": "low"}]},
        {"id": "close", "kind": "note", "ask": "Thank you.", "end": True},
        {"id": "low", "kind": "note", "ask": "Gently now.", "end": True},
    ],
}


def step_text(out: str, step_id: str) -> str:
    """The lines of one step in `prompts show`, from its heading to the next blank line."""
    start = out.index(f" · {step_id}] ")
    end = out.find("\n\n", start)
    return out[start:end if end != -1 else len(out)]


def test_show_says_where_each_branch_goes(cli, hermetic: Path) -> None:
    folder = hermetic / "prompts"
    folder.mkdir(parents=True)
    (folder / "routes.toml").write_text(tomli_w.dumps(PACK), encoding="utf-8")
    run = cli("prompts", "show", "routes")
    assert run.exit_code == 0, run
    out = run.stdout
    start = step_text(out, "start")
    assert f"if '{visible(ODD)}' or 'calm' → aside" in start
    assert "own words → aside" in start and "otherwise → how-close" in start
    scale = step_text(out, "how-close")
    assert "0 to 3 → low" in scale
    assert "'a part of me doesn't want to go there' → aside" in scale
    assert "otherwise → close" in scale
    assert "the walk ends here" in step_text(out, "close")
    assert "then → close" in step_text(out, "aside")  # "low" is listed next, not "close"
    assert "the walk ends here" in step_text(out, "low")
    # The plain route first, then the steps only a branch leads to, under a heading.
    order = [out.index(f" · {sid}] ") for sid in ("start", "how-close", "close", "aside", "low")]
    assert order == sorted(order)
    heading = out.index("Reached only by a branch:")
    assert order[2] < heading < order[3]
    assert not any(ch in out for ch in TERMINAL_HAZARDS)


def test_show_marks_the_branch_only_steps_of_a_built_in_pack(cli, hermetic: Path) -> None:
    # Ids are read from the pack, so rewording the built-in pack keeps this test true.
    pack = find_pack(load_packs(hermetic / "prompts"), "meet-a-protector")
    plain = plain_route(pack)
    out = cli("prompts", "show", "meet-a-protector").stdout
    heading = out.index("Reached only by a branch:")
    for step in pack.steps:
        assert (out.index(f" · {step.id}] ") < heading) == (step.id in plain), step.id
    assert len(plain) < len(pack.steps)
    assert out.count(" → ") >= sum(len(s.branches) + bool(s.not_there) for s in pack.steps)


def test_a_plain_pack_reads_as_before(cli, hermetic: Path) -> None:
    folder = hermetic / "prompts"
    folder.mkdir(parents=True)
    steps = [{"id": f"s{i}", "kind": "text", "ask": f"Question {i}?"} for i in range(3)]
    plain = {"schema": 1, "id": "plain", "title": "Plain", "steps": steps}
    (folder / "plain.toml").write_text(tomli_w.dumps(plain), encoding="utf-8")
    out = cli("prompts", "show", "plain").stdout
    assert "3. [text · s2] Question 2?" in out
    assert "Reached only by a branch" not in out and "→" not in out
    assert "the walk ends here" not in out  # the last step needs no words


EXAMPLE_LINE = re.compile(r"^# (?=(\[\[steps\]\]|(id|kind|ask|goto|end|not_there|branches) =|"
                          r"    \{|\]$))")


def test_the_starter_names_every_field_and_its_branching_example_works(
        cli, hermetic: Path) -> None:
    assert cli("prompts", "new", "my-evening").exit_code == 0
    path = hermetic / "prompts" / "my-evening.toml"
    text = path.read_text(encoding="utf-8")
    assert load_pack_file(path, "user").id == "my-evening"  # valid as written
    comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for key in set().union(*KIND_KEYS.values(), STEP_KEYS):  # every step key the reader knows
        assert re.search(rf"^#? *{key} = ", text, re.MULTILINE), key
    comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for name in (*ADDS_TO_FIELDS, "answers", "own_words", "from = N", "to = N",
                 "support = true", "doesn't want to go there", "docs/prompt-packs.md",
                 "ifs prompts show"):
        assert name in comments, name
    # Taking the "# " off the example lines gives a pack that branches and still checks out.
    tried = hermetic.parent / "tried.toml"
    tried.write_text("\n".join(EXAMPLE_LINE.sub("", line) for line in text.splitlines()),
                     encoding="utf-8")
    assert cli("prompts", "validate", str(tried)).exit_code == 0
    pack = load_pack_file(tried, "user")
    steps = {s.id: s for s in pack.steps}
    assert len(steps["feelings"].branches) == 2 and steps["feelings"].branches[1].own_words
    assert (steps["calm"].branches[0].low, steps["calm"].branches[0].high) == (0, 3)
    assert steps["its-job"].not_there == "rest" and steps["close"].end
    assert steps["worry-here"].goto == "calm"


def test_show_tells_what_repeats_what_is_made_and_what_is_linked(cli) -> None:
    out = cli("prompts", "show", "first-map").stdout
    pack = find_pack(load_packs(Path("/nonexistent")), "first-map")
    for step in pack.steps:
        repeats = "repeated for each option chosen at patterns" in step_text(out, step.id)
        assert repeats == bool(step.for_each), step.id
    assert "{item} is that option" in step_text(out, "make")
    make = step_text(out, "make")
    assert "makes a part for the option, only if the person agrees" in make
    for option, name in pack.step("make").names.items():  # type: ignore[union-attr]
        assert f"  {option} → {name}" in make
    assert "own words → The part behind “{item}”" in make
    assert "the option goes into the new part's job" in make
    assert "offers a role to choose; it stays 'not sure yet' unless one is chosen" in make
    assert "adds to the part's fears" in step_text(out, "fear")
    assert "lists the parts made in this walk" in step_text(out, "made")
    assert "offers to link any two of the parts made in this walk" in step_text(out, "links")


MAKER = {
    "schema": 1, "id": "maker", "title": "Maker",
    "steps": [
        {"id": "which", "kind": "choice", "ask": "Which?", "options": [ODD, "plain"],
         "multiple": True},
        {"id": "make", "kind": "make_part", "for_each": "which", "ask": "Make {item}?",
         "names": {ODD: f"The one who {ODD}"}},
        {"id": "note", "kind": "note", "ask": "Here they are.", "shows": "made_parts"},
        {"id": "alone", "kind": "make_part", "ask": "One more?", "name": "The helper"},
    ],
}


def test_show_names_what_a_pack_of_ones_own_makes_without_steering_the_terminal(
        cli, hermetic: Path) -> None:
    folder = hermetic / "prompts"
    folder.mkdir(parents=True)
    (folder / "maker.toml").write_text(tomli_w.dumps(MAKER), encoding="utf-8")
    run = cli("prompts", "show", "maker")
    assert run.exit_code == 0, run
    make = step_text(run.stdout, "make")
    assert f"  {visible(ODD)} → The one who {visible(ODD)}" in make
    assert "  plain → plain" in make  # no name given: the option itself is offered
    assert "own words" not in make  # the choice takes none
    assert "made with the role 'not sure yet'" in make
    assert "the option goes into" not in make
    alone = step_text(run.stdout, "alone")
    assert "makes the walk's part, only if the person agrees" in alone
    assert "name offered: The helper" in alone and "repeated" not in alone
    assert "lists the parts made in this walk" in step_text(run.stdout, "note")
    assert not any(ch in run.stdout for ch in TERMINAL_HAZARDS)


def test_the_starter_explains_the_steps_that_make_and_link_parts(cli, hermetic: Path) -> None:
    assert cli("prompts", "new", "my-map").exit_code == 0
    text = (hermetic / "prompts" / "my-map.toml").read_text(encoding="utf-8")
    comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for words in ('kind = "make_part"', '"link"', 'shows = "made_parts"', "{item}",
                  "not sure yet", "item_to", "ask_role", "names", "(prototype)"):
        assert (words in comments) == (words != "(prototype)"), words
