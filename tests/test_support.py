"""Support contacts: support.toml, `ifs support`, packs with support = true, exports."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from ifs_tui.core import packs, support
from ifs_tui.core.atomic import LinkRefused
from ifs_tui.core.errors import IfsError, MapFormatError
from ifs_tui.core.export import FORMATS
from ifs_tui.core.support import Contact, SupportFileError

from .hostile import NAMES, TERMINAL_HAZARDS, TEXTS

PACKS = Path(__file__).parent / "packs"
DISTINCT = "Zephyrine Quillfeather"  # found nowhere else in an export


def support_path(home: Path) -> Path:
    return home / "support.toml"


# --- core -------------------------------------------------------------------------

def test_round_trip_and_private_modes(hermetic: Path) -> None:
    old = os.umask(0o022)
    try:
        support.add("Dr Lee", "therapist", "555 0100\nTuesdays", "call before five")
        support.add("Sam", "trusted person")
    finally:
        os.umask(old)
    path = support_path(hermetic)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(hermetic.stat().st_mode) == 0o700
    book = support.load()
    assert book.contacts == [Contact("Dr Lee", "therapist", "555 0100\nTuesdays",
                                     "call before five"), Contact("Sam", "trusted-person")]
    data = tomllib.loads(path.read_text())
    assert data["schema"] == 1 and data["contacts"][1] == {"name": "Sam",
                                                           "kind": "trusted-person"}
    assert path.read_text().count("[[contacts]]") == 2  # one block each, never inline


def test_unknown_keys_are_kept(hermetic: Path) -> None:
    hermetic.mkdir()
    path = support_path(hermetic)
    path.write_text('schema = 1\nfuture = "kept"\n\n[[contacts]]\nname = "Ana"\n'
                    'pager = 7\n\n[contacts.hours]\nmon = "9-5"\n')
    support.add("Ben")
    old = support.load().contacts[0]
    support.edit(old, Contact("Ana B", "other", "555", ""))
    data = tomllib.loads(path.read_text())
    assert data["future"] == "kept"
    assert data["contacts"][0] == {"name": "Ana B", "kind": "other", "reach": "555",
                                   "pager": 7, "hours": {"mon": "9-5"}}
    assert data["contacts"][1] == {"name": "Ben"}


@pytest.mark.parametrize("content, line, fragment", [
    ('schema = 1\n[[contacts]]\nname = "A"\nreach = \n', 4, "TOML syntax"),
    ('schema = 1\n\n[[contacts]]\nname = "A"\n\n[[contacts]]\nkind = "therapist"\n', 6,
     "needs a name"),
    ('schema = 1\n[[contacts]]\nname = "A"\nnote = 3\n', 4, "text in quotes"),
    ('schema = "one"\n', 1, "whole number"),
    ('contacts = "everyone"\n', 1, "[[contacts]]"),
])
def test_a_broken_file_is_named_and_never_written_over(hermetic: Path, content: str,
                                                       line: int, fragment: str) -> None:
    hermetic.mkdir()
    path = support_path(hermetic)
    path.write_text(content)
    with pytest.raises(SupportFileError) as err:
        support.load()
    assert f"support.toml:{line}" in str(err.value) and fragment in str(err.value)
    for change in (lambda: support.add("B"), lambda: support.remove("1")):
        with pytest.raises(IfsError):
            change()
    assert path.read_text() == content
    # Every place that shows support still shows the general line, and says why not more.
    shown = support.at_hand()
    assert shown[0] == support.GENERAL and "support.toml" in shown[1]


def test_an_unreadable_file_is_named(hermetic: Path) -> None:
    support_path(hermetic).mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(IfsError, match="cannot read .*support.toml"):
        support.load()
    assert support.at_hand()[0] == support.GENERAL


def test_a_link_is_never_written_through(hermetic: Path, tmp_path: Path) -> None:
    hermetic.mkdir()
    target = tmp_path / "elsewhere.toml"
    target.write_text('schema = 1\n')
    support_path(hermetic).symlink_to(target)
    with pytest.raises(LinkRefused):
        support.add("A")
    assert target.read_text() == 'schema = 1\n' and support_path(hermetic).is_symlink()


def test_a_newer_file_is_read_but_not_changed(hermetic: Path) -> None:
    hermetic.mkdir()
    support_path(hermetic).write_text('schema = 2\n[[contacts]]\nname = "A"\n')
    assert support.load().contacts[0].name == "A"
    with pytest.raises(SupportFileError, match="newer"):
        support.add("B")


@pytest.mark.parametrize("fields, fragment", [
    (("", "", "", ""), "cannot be empty"),
    (("A\nB", "", "", ""), "control characters"),
    (("A", "doctor", "", ""), "--kind"),
    (("A", "", "a\x1bb", ""), "reach: control"),
    (("A", "", "", "x" * 100_001), "note: at most"),
])
def test_input_is_checked(hermetic: Path, fields: tuple[str, str, str, str],
                          fragment: str) -> None:
    with pytest.raises(IfsError, match=fragment):
        support.add(*fields)
    assert not support_path(hermetic).exists()


def test_hostile_names_round_trip(hermetic: Path) -> None:
    for name in NAMES:
        support.add(name)
    assert [c.name for c in support.load().contacts] == [n.strip() for n in NAMES]


def test_remove_and_find(hermetic: Path) -> None:
    for name in ("Ana", "Ben", "ana"):
        support.add(name)
    with pytest.raises(IfsError, match="more than one"):
        support.remove("ANA")
    assert support.remove("2").name == "Ben"
    assert support.remove(Contact("ana")).name == "ana"
    with pytest.raises(IfsError, match="changed or removed elsewhere"):
        support.remove(Contact("ana"))
    with pytest.raises(IfsError, match="from 1 to 1"):
        support.remove("Zed")
    assert [c.name for c in support.load().contacts] == ["Ana"]


def test_what_to_show() -> None:
    none = support.what_to_show([])
    assert none == [support.GENERAL, support.HOW_TO_ADD[False]]
    assert "ifs support add" in none[1] and "F2" in support.what_to_show([], in_app=True)[1]
    some = support.what_to_show([Contact("Dr Lee", "therapist", "555\n0100", "kind\n  words"),
                                 Contact("Line", "other")])
    # The crisis line first, so a small dialog never hides it below the fold.
    assert some == [support.GENERAL, support.HEADING, "  Dr Lee (therapist): 555; 0100",
                    "    kind words", "  Line"]


def test_pack_key_support() -> None:
    pack = packs.load_pack_file(PACKS / "with-support.toml", "user")
    assert pack.support is True
    assert packs.load_pack_file(PACKS / "plain-grounding.toml", "user").support is False
    raw = (PACKS / "with-support.toml").read_bytes().replace(b"support = true",
                                                             b'support = "yes"')
    with pytest.raises(MapFormatError) as err:
        packs.parse_pack(raw, "x.toml")
    assert "x.toml:6: support: should be true or false" in str(err.value)


# --- ifs support ------------------------------------------------------------------

def test_cli_list_add_remove(cli, hermetic: Path) -> None:
    empty = cli("support", "list")
    assert empty.exit_code == 0
    assert support.GENERAL in empty.stdout and "ifs support add NAME" in empty.stdout
    added = cli("support", "add", "Dr Lee", "--kind", "therapist", "--reach", "555 0100",
                "--note", "Tuesdays")
    assert added.exit_code == 0 and "Added Dr Lee (therapist): 555 0100." in added.stdout
    assert cli("support", "add", "Sam", "-k", "trusted-person").exit_code == 0
    listed = cli("support", "list")
    assert "1. Dr Lee (therapist): 555 0100\n   Tuesdays\n2. Sam (trusted person)" in (
        listed.stdout)
    as_json = json.loads(cli("support", "list", "--json").stdout)
    assert as_json == [{"number": 1, "name": "Dr Lee", "kind": "therapist",
                        "reach": "555 0100", "note": "Tuesdays"},
                       {"number": 2, "name": "Sam", "kind": "trusted-person"}]
    kept = cli("support", "remove", "sam", input="n\n")
    assert kept.exit_code == 0 and "Nothing was removed" in kept.stdout
    assert len(support.load().contacts) == 2
    gone = cli("support", "remove", "1", input="y\n")
    assert gone.exit_code == 0 and "Removed Dr Lee." in gone.stdout
    assert cli("support", "remove", "Sam", "--yes").exit_code == 0
    assert support.load().contacts == []


def test_cli_edit(cli, hermetic: Path) -> None:
    cli("support", "add", "Ana", "--reach", "555")
    result = cli("support", "edit", "ana", "--kind", "crisis-line", "--note", "nights")
    assert result.exit_code == 0
    assert support.load().contacts == [Contact("Ana", "crisis-line", "555", "nights")]


@pytest.mark.parametrize("args, code, fragment", [
    (["support", "add", " "], 1, "a name cannot be empty"),
    (["support", "add", "A", "--kind", "doctor"], 1, "--kind: give one of therapist"),
    (["support", "add"], 2, "Missing argument"),
    (["support", "add", "A", "--colour", "red"], 2, "No such option"),
    (["support", "remove", "Nobody", "--yes"], 1, "no support contact has that name"),
    (["support", "remove", "3", "--yes"], 1, "no support contact"),
    (["support", "edit", "Nobody", "--note", "x"], 1, "no support contact"),
])
def test_cli_bad_input(cli, hermetic: Path, args: list[str], code: int,
                       fragment: str) -> None:
    result = cli(*args)
    assert result.exit_code == code, result
    assert fragment in result.stderr
    if code == 1:
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_cli_broken_file(cli, hermetic: Path) -> None:
    hermetic.mkdir()
    path = support_path(hermetic)
    path.write_text('schema = 1\n[[contacts]]\nname = \n')
    for args in (["support", "list"], ["support", "add", "B"], ["support", "remove", "1"]):
        result = cli(*args)
        assert result.exit_code == 1 and "support.toml:3" in result.stderr
        assert result.stderr.count("\n") == 1
    assert path.read_text() == 'schema = 1\n[[contacts]]\nname = \n'


def test_cli_shows_hostile_text_safely(cli, hermetic: Path) -> None:
    hermetic.mkdir()
    lines = ["schema = 1"]
    for text in TEXTS:
        lines += ["[[contacts]]", f"name = {json.dumps(text)}", f"reach = {json.dumps(text)}",
                  f"note = {json.dumps(text)}"]
    support_path(hermetic).write_text("\n".join(lines) + "\n")
    for args in (["support", "list"], ["support", "list", "--json"]):
        result = cli(*args)
        assert result.exit_code == 0
        for hazard in TERMINAL_HAZARDS:
            assert hazard not in result.stdout, (args, hazard)
    assert "[bold red]Loud[/bold red]" in cli("support", "list").stdout  # as typed
    data = json.loads(cli("support", "list", "--json").stdout)
    assert [c["name"] for c in data] == TEXTS  # the data kept whole


def test_ifs_help_names_support(cli) -> None:
    text = cli("--help").stdout
    assert "support" in text and "ifs support add" in " ".join(text.split())
    sub = cli("support", "--help").stdout
    for command in ("list", "add", "remove", "edit"):
        assert command in sub
    assert "--with-support" in " ".join(cli("export", "--help").stdout.split())


# --- walk-throughs in the plain terminal --------------------------------------------

@pytest.fixture
def with_packs(cli, map_folder: Path) -> Path:
    assert cli("init").exit_code == 0
    shutil.copytree(PACKS, map_folder / "prompts")
    return map_folder


def test_reflect_shows_support_at_start_and_end(cli, with_packs: Path) -> None:
    out = cli("reflect", "held-test", input="one\ntwo\n").stdout
    start, _, end = out.partition("What is here?")
    for part in (start, end.split("Finished")[1]):
        assert support.GENERAL in part and "ifs support add NAME" in part
    cli("support", "add", DISTINCT, "--kind", "therapist", "--reach", "555 0100")
    out = cli("reflect", "held-test", input="one\ntwo\n").stdout
    start, _, end = out.partition("What is here?")
    line = f"{DISTINCT} (therapist): 555 0100"
    assert "Go gently." in start and line in start and line in end.split("Finished")[1]
    assert out.count(line) == 2  # not at every step


def test_prompts_show_says_so(cli, with_packs: Path) -> None:
    assert "support contacts" in cli("prompts", "show", "held-test").stdout
    assert "support contacts" not in cli("prompts", "show", "plain-test").stdout


def test_reflect_shows_support_in_the_pause_and_grounding(cli, with_packs: Path) -> None:
    cli("support", "add", DISTINCT)
    out = cli("reflect", "plain-test", input="\n/pause\n\nan answer\n").stdout
    assert out.count(DISTINCT) == 2  # the grounding step and the pause; no start or end
    pause = out.split("Let's take a pause")[1]
    assert DISTINCT in pause.split("Press Enter when you are ready")[0]


# --- exports ------------------------------------------------------------------------

@pytest.fixture
def exported(cli, ready: Path) -> None:
    assert cli("support", "add", DISTINCT, "--kind", "therapist", "--reach", "555 0100",
               "--note", "Tuesdays").exit_code == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_default_exports_leave_support_out(cli, exported: None, fmt: str) -> None:
    for args in ([], ["--redact"], ["--reflections", "5"]):
        result = cli("export", "--format", fmt, *args)
        assert result.exit_code == 0
        assert DISTINCT not in result.stdout and "555 0100" not in result.stdout


def test_with_support_adds_them(cli, exported: None, tmp_path: Path) -> None:
    markdown = cli("export", "-f", "markdown", "--with-support").stdout
    assert f"## Support contacts\n\n- {DISTINCT} (therapist): 555 0100\\\n  Tuesdays" in (
        markdown)
    data = json.loads(cli("export", "-f", "json", "--with-support").stdout)
    assert data["support"] == [{"name": DISTINCT, "kind": "therapist", "reach": "555 0100",
                                "note": "Tuesdays"}]
    toml_text = cli("export", "-f", "toml", "--with-support").stdout
    assert tomllib.loads(toml_text)["support"] == data["support"]
    assert DISTINCT in cli("export", "-f", "html", "--with-support").stdout
    svg = cli("export", "-f", "svg", "--with-support")
    assert DISTINCT not in svg.stdout and "holds the map only" in svg.stderr
    # Read back in, they stay out of the map (and so out of its later exports).
    out = tmp_path / "with.toml"
    out.write_text(toml_text)
    assert cli("import", str(out), "--replace", "--yes").exit_code == 0
    assert DISTINCT not in cli("export", "-f", "toml").stdout


def test_with_support_and_redact_is_refused(cli, exported: None, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    result = cli("export", "-f", "json", "--redact", "--with-support", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert "never part of a redacted export" in result.stderr and not out.exists()


def test_a_crisis_line_the_person_chose_comes_first() -> None:
    shown = support.what_to_show([Contact("Dr Lee", "therapist"), Contact("Sam", "trusted-person"),
                                  Contact("Night line", "crisis-line", "0800 000")])
    assert shown[:3] == [support.GENERAL, support.HEADING, "  Night line (crisis line): 0800 000"]
    assert shown[3:] == ["  Dr Lee (therapist)", "  Sam (trusted person)"]
