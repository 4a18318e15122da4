"""`ifs reflect` keeps what a person types, in the shape they typed it (issue 10 trial):
words at a step that needs no answer, own words holding commas, and "a part of me
doesn't want to go there" written out in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from ifs_tui.core import reflections
from ifs_tui.core.reflections import Reflection
from ifs_tui.core.storage import MapStore
from tests.test_reflect_cli import EVERY_KIND, only_reflection


@pytest.fixture
def mapped(cli, map_folder: Path) -> Path:
    cli("init")
    cli("part", "add", "Critic", "--role", "manager")
    (map_folder / "prompts").mkdir()
    (map_folder / "prompts" / "every-kind.toml").write_text(EVERY_KIND)
    return map_folder


def with_draft(cli, folder: Path, words: str) -> Reflection:  # type: ignore[no-untyped-def]
    """A walk stopped at the fear step with words kept there, as the app keeps them."""
    cli("reflect", "every-kind", input="\ncritic\n/stop\n")
    store = MapStore(folder)
    (rec,), _ = reflections.list_all(store)
    rec.draft = reflections.Draft("fear", words)
    reflections.save(store, rec)
    return rec


def answers(folder: Path) -> dict:
    return {a["step"]: a for a in only_reflection(folder)["answers"]}


def test_words_at_a_grounding_step_are_kept_with_it(cli, mapped: Path) -> None:
    run = cli("reflect", "unblending-check-in", input="I am so scared right now\n/stop\n")
    assert run.exit_code == 0
    assert "Kept with this step." in run.stdout and "needs no answer" not in run.stdout
    kept = answers(mapped)["arrive"]
    assert kept["answer"] == "I am so scared right now" and kept["kind"] == "grounding"
    assert only_reflection(mapped)["at"] == "i-am"  # it went on, as Enter does


def test_own_words_keep_their_commas(cli, mapped: Path) -> None:
    own = "I said no, and the sky didn't fall"
    run = cli("reflect", "shifts-in-ordinary-moments", input=f"{own}\n/stop\n")
    assert run.exit_code == 0
    assert answers(mapped)["moments"]["answer"] == [own]


def test_numbers_and_own_words_together(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind",
              input="\ncritic\n/notnow\n2, tired, but hopeful, 3\n/stop\n")
    assert run.exit_code == 0
    assert answers(mapped)["feel"]["answer"] == ["hope", "calm", "tired, but hopeful"]


def test_an_option_holding_a_comma_is_one_choice(cli, mapped: Path) -> None:
    lines = ["critic", "", "", "", "indifferent, nothing much", "/stop"]
    run = cli("reflect", "meet-a-protector", input="\n".join(lines) + "\n")
    assert run.exit_code == 0
    assert answers(mapped)["feel-toward"]["answer"] == ["indifferent, nothing much"]


def test_the_words_themselves_mean_not_there(cli, mapped: Path) -> None:
    run = cli("reflect", "after-a-hard-moment",
              input="\nA part of me doesn’t want to go there.\n/stop\n")
    assert run.exit_code == 0
    skipped = answers(mapped)["what-happened"]
    assert skipped["skipped"] is True and skipped["not_there"] is True
    assert only_reflection(mapped)["at"] == "not-there"


def test_not_there_where_a_step_does_not_offer_it_is_a_gentle_not_now(cli, mapped) -> None:
    run = cli("reflect", "every-kind", input="\ncritic\n/nt\n/stop\n")
    assert run.exit_code == 0
    assert "This question can wait" in run.stdout
    assert answers(mapped)["fear"]["skipped"] is True
    assert only_reflection(mapped)["at"] == "feel"


def test_enter_on_kept_words_goes_on_with_them(cli, mapped: Path) -> None:
    with_draft(cli, mapped, "that I will be found out")  # as the app keeps it
    run = cli("reflect", "--resume", input="\n/stop\n")
    assert run.exit_code == 0
    assert "An empty line goes on with it as your answer" in run.stdout
    fear = answers(mapped)["fear"]
    assert fear["answer"] == "that I will be found out" and "skipped" not in fear
    assert "draft" not in only_reflection(mapped)


def test_pause_and_help_show_the_options_again(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input="\ncritic\n/notnow\n/pause\n\n/help\n2\n/stop\n")
    assert run.exit_code == 0
    assert run.stdout.count("  2. hope") == 3  # shown, after the pause, after help
    assert answers(mapped)["feel"]["answer"] == ["hope"]


def test_journal_show_tells_the_unfinished_answer(cli, mapped: Path) -> None:
    rec = with_draft(cli, mapped, "I asked for help at work")
    shown = cli("journal", "show", rec.id).stdout
    assert "the unfinished answer kept:" in shown and "I asked for help at work" in shown


def test_exports_tell_the_unfinished_answer(cli, mapped: Path) -> None:
    with_draft(cli, mapped, "I asked for help at work")
    for fmt in ("markdown", "html"):
        shown = cli("export", "-f", fmt, "--reflections", "5", "-o", "-").stdout
        assert "the unfinished answer kept:" in shown and "I asked for help at work" in shown
    redacted = cli("export", "-f", "markdown", "--reflections", "5", "--redact", "-o", "-")
    assert "I asked for help" not in redacted.stdout


def test_a_number_not_on_the_list_is_asked_again(as_terminal, cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input="\ncritic\n/notnow\n9\n2\n/stop\n")
    assert run.exit_code == 0
    assert "The options are numbered 1 to 3" in run.stdout
    assert answers(mapped)["feel"]["answer"] == ["hope"]
