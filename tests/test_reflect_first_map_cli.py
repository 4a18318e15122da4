"""`ifs reflect` walking a first map (make_part, link, the parts made), answers piped in
on standard input as a screen reader's helper or a script would send them; asserts on
the map.toml and the reflection file written."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from ifs_tui.core.partwords import ROLE_CHOICES
from ifs_tui.core.services import check_name, check_text
from tests.hostile import NAMES, TERMINAL_HAZARDS

PACK = Path(__file__).parent / "packs" / "first-map-test.toml"
OPTIONS = ["freezing in conflict", "expecting criticism", "going numb near sadness"]
ROLE = dict(ROLE_CHOICES)


@pytest.fixture
def fresh(cli, map_folder: Path) -> Path:
    assert cli("init").exit_code == 0
    (map_folder / "prompts").mkdir()
    shutil.copy(PACK, map_folder / "prompts")
    return map_folder


def walk(cli, *lines: str, resume: bool = False):
    args = ("reflect", "--resume") if resume else ("reflect", "first-map-test")
    run = cli(*args, input="".join(f"{line}\n" for line in lines))
    assert run.exit_code == 0, run
    return run


def parts(folder: Path) -> dict[str, dict]:
    """The map's parts by name."""
    data = tomllib.loads((folder / "map.toml").read_text())
    return {p["name"]: p for p in data.get("parts", [])}


def links(folder: Path) -> list[tuple[str, str, str]]:
    data = tomllib.loads((folder / "map.toml").read_text())
    by_id = {p["id"]: p["name"] for p in data.get("parts", [])}
    return [(by_id[r["from"]], r["kind"], by_id[r["to"]])
            for r in data.get("relationships", [])]


def record(folder: Path) -> dict:
    (path,) = (folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


def answers(folder: Path) -> dict[tuple[str, str], dict]:
    return {(a["step"], a.get("item", "")): a for a in record(folder)["answers"]}


def test_none_chosen_makes_nothing_and_finishes(cli, fresh: Path) -> None:
    run = walk(cli, "", "", "", "")  # intro, no pattern (not now), the parts made, close
    assert "Finished" in run.stdout
    assert "Name (Enter" not in run.stdout and "First part" not in run.stdout
    assert "No parts were made in this walk-through." in run.stdout
    assert "new part" not in run.stdout
    assert parts(fresh) == {}
    assert record(fresh)["status"] == "finished"
    assert answers(fresh)[("patterns", "")]["skipped"] is True


def test_one_pattern_makes_one_part_with_what_was_said(cli, fresh: Path) -> None:
    run = walk(cli, "", "1", "", "", "being hurt", "1", "", "")
    assert "About “freezing in conflict” (1 of 1)" in run.stdout
    assert "Name (Enter for “The one who freezes”):" in run.stdout
    assert "Role (number; Enter for not sure yet):" in run.stdout
    for number, (_, words) in enumerate(ROLE_CHOICES, start=1):
        assert f"  {number}. {words}" in run.stdout
    assert "What might The one who freezes be afraid would happen" in run.stdout
    # The parts made, listed under the note: name, role words, what was filed.
    assert f"  The one who freezes · {ROLE['unknown']}" in run.stdout
    assert "    Job: freezing in conflict" in run.stdout
    assert "    Fears: being hurt" in run.stdout
    assert "    Feels this old: a small child" in run.stdout
    assert "First part" not in run.stdout  # one part: nothing to link
    assert "Finished" in run.stdout and "1 new part on your map." in run.stdout
    part = parts(fresh)["The one who freezes"]
    assert (part["role"], part["job"], part["fears"], part["age"]) == (
        "unknown", "freezing in conflict", ["being hurt"], "a small child")
    made = answers(fresh)[("make", "freezing in conflict")]
    assert (made["answer"], made["new_part"], made["round"]) == (part["id"], True, 1)
    assert answers(fresh)[("fear", "freezing in conflict")]["added_to"] == f"{part['id']}.fears"


def test_several_and_own_words_with_roles_and_links(cli, fresh: Path) -> None:
    lines = ["", "1, 3, biting my tongue",
             "", "2", "", "",  # freezing: the name offered, a manager; no fear, no age
             "Numb one", "3", "", "",  # numb: a name of my own, a firefighter
             "", "", "being told off", "teenager",  # own words: the name made from them
             "",  # the parts made
             "1", "2", "1", "2", "3", "polarized", "",  # two links, then on
             ""]
    run = walk(cli, *lines)
    assert "Finished" in run.stdout
    # A name with quotes of its own is not quoted again.
    assert "Name (Enter for The part behind “biting my tongue”):" in run.stdout
    assert "How are they linked? 1 protects  2 polarized  3 allied" in run.stdout
    assert "Linked: The one who freezes protects Numb one." in run.stdout
    assert "  1. The one who freezes (a manager)" in run.stdout  # the role in a few words
    assert {name: p["role"] for name, p in parts(fresh).items()} == {
        "The one who freezes": "manager", "Numb one": "firefighter",
        "The part behind “biting my tongue”": "unknown"}
    assert parts(fresh)["The part behind “biting my tongue”"]["job"] == "biting my tongue"
    assert parts(fresh)["The part behind “biting my tongue”"]["age"] == "teenager"
    assert links(fresh) == [("The one who freezes", "protects", "Numb one"),
                            ("Numb one", "polarized", "The part behind “biting my tongue”")]
    assert "3 new parts on your map. See them with: ifs part list, or in the app: ifs" \
        in run.stdout
    kept = answers(fresh)[("links", "")]["answer"]
    assert len(kept) == 2 and all(len(v.split(" ")) == 3 for v in kept)


def test_not_now_and_next_inside_the_repetition(cli, fresh: Path) -> None:
    lines = ["", "1, 2, 3",
             "/nn",  # no part for freezing
             "", "", "/next",  # braces: made, then not now for the rest of it
             "", "", "/notnow", "2",  # numb: made, no fear, an age
             "", "", ""]
    run = walk(cli, *lines)
    assert "Not now: no part for “freezing in conflict”. That's fine." in run.stdout
    assert "Not now for “expecting criticism”. That's fine." in run.stdout
    assert "Finished" in run.stdout
    made = parts(fresh)
    assert set(made) == {"The one who braces", "The part behind “going numb near sadness”"}
    assert made["The one who braces"].get("fears", []) == []
    assert made["The part behind “going numb near sadness”"]["age"] == "a teenager"
    got = answers(fresh)
    assert got[("make", "freezing in conflict")]["skipped"] is True
    assert ("fear", "freezing in conflict") not in got  # passed over with its option
    assert got[("fear", "expecting criticism")]["skipped"] is True
    assert ("age", "expecting criticism") not in got


def test_back_across_a_round_boundary_keeps_the_part_made(cli, fresh: Path) -> None:
    lines = ["", "1, 2", "", "", "stuck", "",  # round 1: made, a fear, no age
             "/back", "/back", "/back",  # round 2's name -> age -> fear -> round 1's part
             "",  # Enter keeps the part made
             "",  # the fear kept (the age, not now before, is passed over)
             "", "", "criticised"]  # round 2: made, a fear; then the input ends
    run = walk(cli, *lines)
    assert "You made “The one who freezes” (not sure yet) here." in run.stdout
    assert "Name (Enter keeps “The one who freezes”):" in run.stdout
    assert "Kept “The one who freezes”." in run.stdout
    assert "Before: stuck" in run.stdout
    assert "Stopped. Everything so far is saved." in run.stdout
    assert list(parts(fresh)) == ["The one who freezes", "The one who braces"]  # never twice
    assert parts(fresh)["The one who freezes"]["fears"] == ["stuck"]
    assert parts(fresh)["The one who braces"]["fears"] == ["criticised"]
    data = record(fresh)
    assert (data["status"], data["at"], data["round"]) == ("stopped", "age", 2)


def test_back_to_a_part_made_and_a_new_name_renames_it(cli, fresh: Path) -> None:
    walk(cli, "", "1", "", "", "/back", "Frozen one", "4", "/stop")
    made = parts(fresh)
    assert list(made) == ["Frozen one"] and made["Frozen one"]["role"] == "exile"
    assert made["Frozen one"]["id"] == answers(fresh)[("make", "freezing in conflict")]["answer"]


def test_not_now_after_back_removes_the_part_made(cli, fresh: Path) -> None:
    walk(cli, "", "1", "", "", "/back", "/nn", "/stop")
    assert parts(fresh) == {}
    assert answers(fresh)[("make", "freezing in conflict")]["skipped"] is True


def test_stop_in_a_round_and_resume_there(cli, fresh: Path) -> None:
    run = walk(cli, "", "1, 2", "", "", "scared", "/stop")
    assert "Go on later with: ifs reflect --resume" in run.stdout
    data = record(fresh)
    assert (data["status"], data["at"], data["round"]) == ("stopped", "age", 1)
    run = walk(cli, "3", "", "2", resume=True)  # the age, braces made as a manager
    assert "About “freezing in conflict” (1 of 2)" in run.stdout
    assert parts(fresh)["The one who braces"]["role"] == "manager"
    run = walk(cli, "", "", "", "1", "2", "3", "", "", resume=True)
    assert "Linked: The one who freezes is allied with The one who braces." in run.stdout
    assert "Finished" in run.stdout
    assert links(fresh) == [("The one who freezes", "allied", "The one who braces")]


def test_input_ending_at_the_role_keeps_the_name_typed(cli, fresh: Path) -> None:
    run = walk(cli, "", "1", "My own name")  # then the input ends, at the role
    assert "Stopped. Everything so far is saved, with the answer you were typing." in run.stdout
    assert parts(fresh) == {}  # nothing made before the person finished choosing
    assert record(fresh)["draft"] == {"step": "make#1", "text": "My own name"}
    run = walk(cli, "", "", resume=True)  # Enter takes the name kept, Enter: not sure yet
    assert "Name (Enter for “My own name”):" in run.stdout
    assert parts(fresh)["My own name"]["role"] == "unknown"
    assert "draft" not in record(fresh)


def test_a_number_half_typed_at_the_link_step_is_not_kept(fresh: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from ifs_tui.cli.plainwalk import PlainWalk
    from ifs_tui.core.packs import load_pack_file
    from ifs_tui.core.storage import MapStore
    from ifs_tui.core.walk import Walk

    lines = iter(["", "1, 2", "", "", "", "", "", "", "", "", ""])

    def read(prompt: str) -> str:
        for line in lines:
            return line
        raise KeyboardInterrupt  # ctrl+c with "1" typed at "First part"

    walk = Walk.start(load_pack_file(fresh / "prompts" / "first-map-test.toml", "map"),
                      MapStore(fresh))
    PlainWalk(walk, Console(file=StringIO()), read, pending=lambda: "1").run()
    data = record(fresh)
    assert (data["status"], data["at"]) == ("stopped", "links")
    assert "draft" not in data  # a number is no answer to keep


def test_closed_input_before_any_answer_saves_nothing(cli, fresh: Path) -> None:
    run = walk(cli)
    assert "nothing was saved" in run.stdout
    assert not (fresh / "reflections").exists() or not list((fresh / "reflections").iterdir())


def test_a_taken_name_offers_that_part_or_another_name(as_terminal, cli, fresh: Path) -> None:
    assert cli("part", "add", "The one who freezes", "--role", "manager").exit_code == 0
    assert cli("part", "add", "The one who braces").exit_code == 0
    lines = ["", "1, 2",
             "", "u",  # freezing: the name offered is taken: use that part
             "", "",
             "", "the one who BRACES", "Braced", "",  # braces: taken twice, then free
             "", "", ""]
    run = walk(cli, *lines)
    assert ("A part called “The one who freezes” is in your map already. Use that part (u), "
            "or give this one another name?") in run.stdout
    # named as the map has it, whatever the case typed; Enter there asks the name again
    assert run.stdout.count("A part called “The one who braces” is in your map already.") == 2
    assert "With “The one who freezes”, already in your map." in run.stdout
    made = parts(fresh)
    assert list(made) == ["The one who freezes", "The one who braces", "Braced"]
    assert made["The one who freezes"]["role"] == "manager"  # used as it is
    got = answers(fresh)
    used = got[("make", "freezing in conflict")]
    assert used["answer"] == made["The one who freezes"]["id"] and not used.get("new_part")
    assert got[("make", "expecting criticism")]["new_part"] is True


def test_link_step_back_same_part_and_not_now(as_terminal, cli, fresh: Path) -> None:
    lines = ["", "1, 2", "", "", "", "", "", "", "", "",
             "",  # the parts made
             "1", "/back",  # a second thought: the pair again
             "1", "1",  # the same part twice
             "7",  # no such number
             "1", "2", "9", "1",  # a kind that is not offered, then protects
             "/nn"]  # not now after all: the link made here goes again
    run = walk(cli, *lines)
    assert "Those are the same part; choose two different ones." in run.stdout
    assert "The parts are numbered 1 to 2." in run.stdout
    assert "Answer 1, 2 or 3; Enter to choose the parts again." in run.stdout
    assert "Linked: The one who freezes protects The one who braces." in run.stdout
    assert links(fresh) == []
    assert answers(fresh)[("links", "")]["skipped"] is True


def test_commands_at_the_role_prompt_show_the_roles_again(as_terminal, cli, fresh: Path) -> None:
    run = walk(cli, "", "1", "", "/pause", "", "/help", "9", "3", "/stop")
    assert run.stdout.count("  4. " + ROLE["exile"]) == 3
    assert "The roles are numbered 1 to 4; Enter for not sure yet." in run.stdout
    assert parts(fresh)["The one who freezes"]["role"] == "firefighter"


def test_commands_at_the_name_prompt(cli, fresh: Path) -> None:
    run = walk(cli, "", "1", "/help", "/pause", "", "/next", "", "")
    assert "/next" in run.stdout and "not now for this whole option" in run.stdout
    assert "Let's take a pause" in run.stdout
    assert run.stdout.count("Name (Enter for “The one who freezes”):") == 3
    assert "Not now for “freezing in conflict”. That's fine." in run.stdout
    assert parts(fresh) == {}


@pytest.mark.parametrize("start", range(0, len(NAMES), 3))
def test_hostile_names_are_kept_and_shown_as_typed(cli, fresh: Path, start: int) -> None:
    names = NAMES[start:start + 3]
    lines = ["", ", ".join(str(n) for n in range(1, len(names) + 1))]
    for name in names:
        lines += [name, "", name, ""]  # the name, not sure yet, the name as a fear, no age
    run = walk(cli, *lines, "", "1", "2", "1", "")  # the parts made; the first two linked
    assert not any(h in run.stdout for h in TERMINAL_HAZARDS)
    made = parts(fresh)
    assert list(made) == [check_name(n) for n in names]  # as the map keeps any name
    assert links(fresh) == [(check_name(names[0]), "protects", check_name(names[1]))]
    assert "Linked: " in run.stdout and "Finished" not in run.stdout  # the close: not yet
    for name in names:
        assert made[check_name(name)]["fears"] == [check_text(name, "fear")]
        if name.isprintable() and "\u200b" not in name:
            assert f"  {name} · {ROLE['unknown']}" in run.stdout  # as typed, no markup


def test_a_hostile_own_words_option_in_the_name_offered(cli, fresh: Path) -> None:
    own = "[bold red]Loud[/bold red] :smile: \u202eflip"
    run = walk(cli, "", own, "", "", "/stop")
    assert ("Name (Enter for The part behind “[bold red]Loud[/bold red] :smile: <U+202E>flip”):"
            in run.stdout)
    assert "\u202e" not in run.stdout
    assert list(parts(fresh)) == [f"The part behind “{own}”"]


def test_back_from_the_link_step_and_again_keeps_its_links(cli, fresh: Path) -> None:
    lines = ["", "1, 2", "", "", "", "", "", "", "", "", "",
             "1", "2", "3",  # linked as allied
             "/back", "",  # the parts made again, then the link step once more
             "", ""]  # Enter keeps the links and goes on; the close
    run = walk(cli, *lines)
    assert "Linked here:\n  The one who freezes is allied with The one who braces" in run.stdout
    assert "Finished" in run.stdout
    assert links(fresh) == [("The one who freezes", "allied", "The one who braces")]
    assert len(answers(fresh)[("links", "")]["answer"]) == 1


def test_back_then_a_taken_name_and_use_it_lets_the_part_made_go(
        as_terminal, cli, fresh: Path) -> None:
    assert cli("part", "add", "Old friend").exit_code == 0
    run = walk(cli, "", "1", "", "", "/back", "old friend", "u", "/stop")
    assert "A part called “Old friend” is in your map already." in run.stdout
    assert list(parts(fresh)) == ["Old friend"]  # the part made first is gone again
    used = answers(fresh)[("make", "freezing in conflict")]
    assert used["answer"] == "old-friend" and not used.get("new_part")


def test_the_builtin_first_map_from_ifs_init(cli, map_folder: Path) -> None:
    # As a newcomer would: ifs init says what to run; four patterns, every name offered.
    said = cli("init").stdout
    assert "reflect first-map" in said
    from ifs_tui.core.packs import builtin_pack_files, load_pack_file

    (path,) = [f for f in builtin_pack_files() if f.name == "00-first-map.toml"]
    pack = load_pack_file(path, "built-in")
    choice = next(s for s in pack.steps if s.id == "patterns")
    maker = next(s for s in pack.steps if s.kind == "make_part")
    picked = [choice.options[i] for i in (0, 2, 6, 10)]
    lines = [""] * pack.steps.index(choice) + ["1, 3, 7, 11"]
    for _ in picked:  # the name offered, not sure yet, then not now to each question
        lines += ["", ""] + ["/nn"] * (len(pack.group(maker.id)) - 1)
    lines += ["", "1", "2", "1", "", ""]  # the parts made; one link; the close
    run = cli("reflect", "first-map", input="".join(f"{line}\n" for line in lines))
    assert run.exit_code == 0 and "Finished" in run.stdout, run
    assert "4 new parts on your map." in run.stdout
    names = [maker.names[option] for option in picked]
    assert list(parts(map_folder)) == names
    assert [p["job"] for p in parts(map_folder).values()] == picked
    assert links(map_folder) == [(names[0], "protects", names[1])]


def test_from_a_pipe_a_line_not_taken_stops_the_walk_and_files_nothing_wrong(
        cli, fresh: Path) -> None:
    long_name = "n" * 271
    lines = ["", "1, 2", long_name, "", "fear one", "", ""]  # the rest is for what follows
    run = cli("reflect", "first-map-test", input="".join(f"{line}\n" for line in lines))
    assert run.exit_code == 1
    assert "A name can be at most 200 characters" in run.stdout
    assert "the walk stops here rather than take the next line" in run.stdout
    assert parts(fresh) == {}  # no later line made into a name, a role or a fear
    kept = record(fresh)
    assert kept["status"] == "stopped" and kept["draft"]["text"] == long_name
    # Gone on with later, the name is offered to finish, and the walk goes on.
    again = cli("reflect", "--resume", input="The freezer\n\nfear one\n")
    assert "Your unfinished answer was kept:" in again.stdout
    assert parts(fresh)["The freezer"]["fears"] == ["fear one"]


def test_not_now_at_the_role_keeps_the_part_with_its_name(cli, fresh: Path) -> None:
    run = walk(cli, "", "1", "Stillness", "/nn", "/stop")
    assert "Not sure yet, then." in run.stdout
    assert parts(fresh)["Stillness"]["role"] == "unknown"


def test_a_walk_of_the_same_pack_begun_before_is_named_at_the_start(cli, fresh: Path) -> None:
    walk(cli, "", "1", "/stop")
    first = record(fresh)["pack"]
    run = walk(cli, "/stop")
    assert "You also have one of these begun on" in run.stdout
    assert "ifs reflect --resume " in run.stdout and first == "first-map-test"


def test_from_a_pipe_a_taken_name_stops_rather_than_read_a_line_for_it(
        cli, fresh: Path) -> None:
    assert cli("part", "add", "Inner Judge").exit_code == 0
    lines = ["", "1", "inner judge", "", "that I would freeze forever", "", "quiet"]
    run = cli("reflect", "first-map-test", input="".join(f"{line}\n" for line in lines))
    assert run.exit_code == 1
    assert "A part called “Inner Judge” is in your map already." in run.stdout
    assert list(parts(fresh)) == ["Inner Judge"]  # no line taken as a name or a fear
    assert parts(fresh)["Inner Judge"].get("fears") is None
    assert record(fresh)["draft"]["text"] == "inner judge"


def test_a_part_that_goes_with_an_option_unchosen_is_said(cli, fresh: Path) -> None:
    run = walk(cli, "", "1, 2", "Gamma", "", "gamma fear", "/back", "/back", "/back", "2",
               "/stop")
    assert "“Gamma” went from your map with its pattern" in run.stdout
    assert "Gamma" not in parts(fresh)


def test_only_the_packs_own_files_are_read_for_the_waiting_note(cli, fresh: Path) -> None:
    from ifs_tui.core import reflections
    from ifs_tui.core.storage import MapStore

    walk(cli, "", "1", "/stop")
    (kept,) = (fresh / "reflections").glob("*.toml")
    other = fresh / "reflections" / "20200101-000000-another-pack.toml"
    other.write_text("not toml [")  # another pack's file, broken: never opened here
    found = reflections.latest_unfinished(MapStore(fresh), "first-map-test")
    assert found is not None and found.id == kept.stem
    assert reflections.latest_unfinished(MapStore(fresh), "first-map-test", skip=kept.stem) \
        is None
