"""`ifs reflect` and `ifs journal`, driven through standard input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.helpers import mode

EVERY_KIND = """\
schema = 1
id = "every-kind"
title = "Every kind"
phase = "anytime"
minutes = 3
care_note = "Take your time."

[[steps]]
id = "arrive"
kind = "grounding"
ask = "Notice the room."

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
id = "feel"
kind = "choice"
ask = "Which feelings?"
options = ["worry", "hope", "calm"]
multiple = true
other = true
adds_to = "emotions"

[[steps]]
id = "room"
kind = "scale"
ask = "How much room?"
min = 0
max = 10

[[steps]]
id = "end"
kind = "note"
ask = "Thank {part}."
"""


@pytest.fixture
def mapped(cli, map_folder: Path) -> Path:
    cli("init")
    cli("part", "add", "Critic", "--role", "manager")
    (map_folder / "prompts").mkdir()
    (map_folder / "prompts" / "every-kind.toml").write_text(EVERY_KIND)
    return map_folder


def only_reflection(folder: Path) -> dict:
    (path,) = (folder / "reflections").glob("*.toml")
    return tomllib.loads(path.read_text())


def test_every_kind_from_start_to_end(as_terminal, cli, mapped: Path) -> None:
    lines = ["", "The Watcher", "y", "being seen", "1, 3, restless", "11", "six", "6", ""]
    run = cli("reflect", "every-kind", input="\n".join(lines) + "\n")
    assert run.exit_code == 0, run
    assert "Take your time." in run.stdout
    assert "Step 6 of 6" in run.stdout and "Thank The Watcher." in run.stdout
    assert "Added The Watcher to your map" in run.stdout
    assert run.stdout.count("Give a number from 0 to 10. Try again") == 2  # asked again
    assert "Finished" in run.stdout
    data = only_reflection(mapped)
    assert data["status"] == "finished"
    answers = {a["step"]: a.get("answer") for a in data["answers"]}
    assert answers == {"who": "the-watcher", "fear": "being seen",
                       "feel": ["worry", "calm", "restless"], "room": 6}
    part = json.loads(cli("part", "show", "watcher", "--json").stdout)
    assert part["fears"] == ["being seen"]
    assert part["emotions"] == ["worry", "calm", "restless"]


def test_not_now_back_pause_and_commands(cli, mapped: Path) -> None:
    lines = ["", "critic", "/notnow", "/back", "/pause", "", "/help", "", "hope", "/b", "",
             "5", "/stop"]
    run = cli("reflect", "every-kind", input="\n".join(lines) + "\n")
    assert run.exit_code == 0, run
    assert "Let's take a pause" in run.stdout
    assert "/back" in run.stdout and "go back to the previous step" in run.stdout
    assert "Before: hope" in run.stdout
    assert "ifs reflect --resume" in run.stdout
    data = only_reflection(mapped)
    assert data["status"] == "stopped" and data["at"] == "end"
    answers = {a["step"]: a for a in data["answers"]}
    assert answers["fear"]["skipped"] is True
    assert answers["feel"]["answer"] == ["hope"] and answers["room"]["answer"] == 5


def test_end_of_input_stops_and_resume_goes_on(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", "--part", "critic", input="\nfailing\n")
    assert run.exit_code == 0 and "Stopped" in run.stdout
    assert "Which part?" not in run.stdout  # --part answered it
    assert "With Critic." in run.stdout  # and says so
    first = only_reflection(mapped)
    assert first["status"] == "stopped" and first["at"] == "feel"
    run = cli("reflect", "--resume", input="2\n\n\n")
    assert run.exit_code == 0 and "Finished" in run.stdout
    assert "Take your time." not in run.stdout  # the care note was read at the start
    data = only_reflection(mapped)
    assert data["status"] == "finished"
    assert [a["step"] for a in data["answers"]] == ["who", "fear", "feel", "room"]
    assert cli("reflect", "--resume").exit_code == 1  # nothing left to resume


def test_walking_a_builtin_pack(cli, mapped: Path) -> None:
    # meet-a-protector as Self: "curious about it" goes straight on to befriend
    answers = ["critic", "in my jaw", "checks every email twice", "about twelve", "1",
               "", "to keep me safe", "that people would see me fail", "some credit", "2", ""]
    run = cli("reflect", "meet-a-protector", input="\n".join(answers) + "\n")
    assert run.exit_code == 0 and "Finished" in run.stdout, run
    assert "another part is here" not in run.stdout
    part = json.loads(cli("part", "show", "critic", "--json").stdout)
    assert part.get("body", "") == "" and part["age"] == "about twelve"  # "where" is not body
    assert part["job"] == "checks every email twice"
    assert part["fears"] == ["that people would see me fail"]
    assert part["needs"] == "some credit"
    assert part["intent"] == "to keep me safe" and part["feel_toward"] == "curious about it"
    assert part["status"] == "getting-to-know"
    assert only_reflection(mapped)["path"] == [
        "find", "focus", "flesh-out", "age", "feel-toward", "befriend", "intent", "fears",
        "needs", "where-now", "close"]


def test_meet_a_protector_when_another_part_wants_it_gone(cli, mapped: Path) -> None:
    answers = ["critic", "", "", "", "wanting it gone", "", "1", "", "curious about it",
               "it is tired", ""]
    run = cli("reflect", "meet-a-protector", input="\n".join(answers) + "\n/stop\n")
    assert run.exit_code == 0, run
    assert "another part is here too" in run.stdout
    assert "Thank that part for making some room" in run.stdout
    record = only_reflection(mapped)
    assert record["path"] == ["find", "focus", "flesh-out", "age", "feel-toward",
                              "another-part", "step-back", "eased-back", "feel-toward-again",
                              "befriend", "intent"]
    answers_by_step = {a["step"]: a.get("answer") for a in record["answers"]}
    assert answers_by_step["step-back"] == ["yes, it has eased back a little"]
    assert answers_by_step["befriend"] == "it is tired"
    part = json.loads(cli("part", "show", "critic", "--json").stdout)
    assert part["feel_toward"] == "curious about it"  # asked again once there was room
    assert answers_by_step["feel-toward"] == ["wanting it gone"]  # and the first kept


def test_journal_list_and_show(cli, mapped: Path) -> None:
    assert "No reflections yet" in cli("journal", "list").stdout
    cli("reflect", "every-kind", input="\ncritic\na fear\n")
    cli("reflect", "self-energy-check-in", input="\n" + "7\n" * 8 + "a good day\n\n")
    listed = json.loads(cli("journal", "list", "--json").stdout)
    assert [(r["pack"], r["status"]) for r in listed] == [
        ("every-kind", "stopped"), ("self-energy-check-in", "finished")]
    assert listed[0]["part"] == "critic"
    table = cli("journal", "list").stdout
    assert "Self-energy check-in" in table and "Critic" in table
    shown = cli("journal", "show", "every-kind")
    assert shown.exit_code == 0
    assert "What does Critic fear?" in shown.stdout and "a fear" in shown.stdout
    assert "added to Critic: fears" in shown.stdout
    data = json.loads(cli("journal", "show", listed[1]["id"], "--json").stdout)
    assert data["answers"][0]["answer"] == 7
    assert cli("journal", "show", "nothing-like-this").exit_code == 1


def test_reflection_files_are_0600_under_umask_022(cli, mapped: Path) -> None:
    old = os.umask(0o022)
    try:
        cli("reflect", "every-kind", input="\ncritic\n")
    finally:
        os.umask(old)
    (path,) = (mapped / "reflections").glob("*.toml")
    assert mode(path) == 0o600


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["reflect", "no-such-pack"], "no prompt pack"),
        (["reflect"], "name a pack"),
        (["reflect", "--resume", "--part", "x"], "--part"),
        (["reflect", "every-kind", "--part", "nobody"], "no part matches"),
        (["reflect", "--resume", "nothing"], "no reflection matches"),
    ],
)
def test_reflect_bad_input(cli, mapped: Path, args, fragment) -> None:
    run = cli(*args)
    assert run.exit_code == 1 and fragment in run.stderr, run
    assert not list((mapped / "reflections").glob("*.toml"))


def test_reflect_without_a_map(cli) -> None:
    run = cli("reflect", "meet-a-protector")
    assert run.exit_code == 1 and "ifs init" in run.stderr


def test_killed_half_way_keeps_its_answers(cli, mapped: Path, hermetic: Path) -> None:
    env = {**os.environ, "IFS_TUI_HOME": str(hermetic)}
    proc = subprocess.Popen([sys.executable, "-m", "ifs_tui", "reflect", "every-kind"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    assert proc.stdin is not None
    proc.stdin.write(b"\ncritic\nkept through a crash\n")
    proc.stdin.flush()
    folder = mapped / "reflections"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        files = list(folder.glob("*.toml"))
        if files and "kept through a crash" in files[0].read_text():
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    data = only_reflection(mapped)
    assert data["status"] == "in-progress"
    assert data["answers"][-1]["answer"] == "kept through a crash"
    assert not list(mapped.rglob("*.ifs-tmp"))
    run = cli("reflect", "--resume", input="worry\n4\n\n")
    assert run.exit_code == 0 and "Finished" in run.stdout
    assert only_reflection(mapped)["status"] == "finished"


# --- issue 9 ----------------------------------------------------------------------


def test_empty_standard_input_saves_nothing(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input="")
    assert run.exit_code == 0, run
    assert "nothing was saved" in run.stdout and "--resume" not in run.stdout
    assert not list((mapped / "reflections").glob("*.toml"))
    # Past the grounding step, still nothing of the person's: nothing saved.
    run = cli("reflect", "every-kind", input="\n")
    assert not list((mapped / "reflections").glob("*.toml"))


def test_a_typo_at_the_part_step_offers_the_nearest_part(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input="\ncritc\n1\n/stop\n")
    assert run.exit_code == 0, run
    assert "No part is named 'critc'. Did you mean:" in run.stdout
    assert "1. Critic (manager)" in run.stdout
    assert "2. Create a new part named 'critc'" in run.stdout
    assert "With Critic." in run.stdout
    assert only_reflection(mapped)["part"] == "critic"
    listed = json.loads(cli("part", "list", "--json").stdout)
    assert [p["id"] for p in listed] == ["critic"]


def test_a_new_part_only_when_the_person_says_so(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input="\nThe Watcher\n\n/stop\n")
    assert "Add it to your map as a new part? (y/N)" in run.stdout
    assert "Added" not in run.stdout
    assert [p["id"] for p in json.loads(cli("part", "list", "--json").stdout)] == ["critic"]
    run = cli("reflect", "every-kind", input="\ncritc\n2\n/stop\n")
    assert "Added critc to your map." in run.stdout


def test_back_after_not_now_lands_on_the_skipped_step(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input="\ncritic\n/notnow\n/back\nafraid\n/stop\n")
    assert run.stdout.count("What does Critic fear?") == 2
    answers = {a["step"]: a for a in only_reflection(mapped)["answers"]}
    assert answers["fear"]["answer"] == "afraid"


def test_ctrl_c_keeps_the_half_typed_line(mapped: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from ifs_tui.cli.plainwalk import PlainWalk
    from ifs_tui.core import reflections
    from ifs_tui.core.packs import load_pack_file
    from ifs_tui.core.storage import MapStore
    from ifs_tui.core.walk import Walk

    pack = load_pack_file(mapped / "prompts" / "every-kind.toml", "map")
    store = MapStore(mapped)
    lines = iter(["", "critic"])

    def read(prompt: str) -> str:
        for line in lines:
            return line
        raise KeyboardInterrupt

    out = StringIO()
    PlainWalk(Walk.start(pack, store), Console(file=out), read,
              pending=lambda: "being laughed a").run()
    assert "Everything so far is saved, with the answer you were typing." in out.getvalue()
    record = only_reflection(mapped)
    assert record["draft"] == {"step": "fear", "text": "being laughed a"}
    offered: list[str] = []
    again = Walk.resume(pack, store, reflections.load(store, next(
        (mapped / "reflections").glob("*.toml")).stem))
    out = StringIO()
    answers = iter(["being laughed at"])

    def read_again(prompt: str) -> str:
        for line in answers:
            return line
        raise EOFError

    PlainWalk(again, Console(file=out), read_again, offer=offered.append).run()
    assert "Your unfinished answer was kept:" in out.getvalue()
    assert offered == ["being laughed a"]
    record = only_reflection(mapped)
    assert "draft" not in record
    assert {a["step"]: a.get("answer") for a in record["answers"]}["fear"] == "being laughed at"


def test_back_reaches_a_part_step_answered_by_part(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", "--part", "critic", input="\n/back\n\nfailing\n")
    assert run.exit_code == 0
    assert run.stdout.count("Which part?") == 1  # shown after /back, not before
    assert "Before: Critic" in run.stdout
    answers = {a["step"]: a for a in only_reflection(mapped)["answers"]}
    assert answers["who"]["answer"] == "critic" and answers["fear"]["answer"] == "failing"


def test_a_later_part_step_offers_the_part_given_with_part(cli, mapped: Path) -> None:
    run = cli("reflect", "unblending-check-in", "--part", "critic",
              input="\nstuck\n\n\n/back\n\n")  # Enter: its grounding
    assert run.exit_code == 0
    assert "When it asks which part, Critic is offered first." in run.stdout
    assert run.stdout.count("An empty line chooses Critic") == 1
    assert run.stdout.count("Is this a part you already know") == 2  # /back reached it
    answers = {a["step"]: a for a in only_reflection(mapped)["answers"]}
    assert answers["which-part"]["answer"] == "critic"
    assert answers["a-part-of-me"]["skipped"] is True
