"""`ifs encrypt`, `ifs decrypt`, `ifs passphrase`, and every command on an encrypted map."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ifs_tui.cli import output
from ifs_tui.core import sealed
from ifs_tui.core.storage import MapStore

from .conftest import PASSPHRASE, Run
from .test_sealed import stopped_walk

MARK = "Zephyrine"  # a word found nowhere but in what the person wrote


def _clear_anywhere(root: Path) -> list[str]:
    """Every file under `root` holding MARK as plain bytes (UTF-8, in JSON's \\u form too)."""
    found = []
    needles = [MARK.encode(), json.dumps(MARK).strip('"').encode()]
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(str(path.relative_to(root)))
    return found


def test_nothing_of_the_words_is_on_disk_in_the_clear(
        cli: Callable[..., Run], ready: Path, hermetic: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, index_settled: None) -> None:
    """Words put everywhere words go, before and after encrypting, then every command
    that reads or writes the map: no file in the data root holds them in the clear."""
    def words(where: str) -> None:
        assert cli("part", "add", f"{MARK} {where}", "--job", f"{MARK} job").exit_code == 0
        assert cli("part", "edit", "inner-critic", "--note", f"{MARK} notes {where}"
                   ).exit_code == 0
        assert cli("moment", "add", f"{MARK} moment {where}", "--part", "little-one"
                   ).exit_code == 0
        assert cli("journey", "new", "--title", f"{MARK} journey {where}", "--notes",
                   f"{MARK} session notes").exit_code == 0
        stopped_walk(MapStore(ready), f"{MARK} typed in a walk {where}")
        for _ in range(2):  # list everything: indexes, caches and summaries get written
            assert cli("journal", "list").exit_code == 0
            assert cli("moment", "list").exit_code == 0
            assert cli("journey", "list").exit_code == 0
            assert cli("history").exit_code == 0
            assert cli("maps").exit_code == 0
            assert cli("check").exit_code in (0, 1)
            assert cli("part", "list").exit_code == 0

    words("before")
    assert _clear_anywhere(hermetic)  # the test sees words where they are
    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    run = cli("encrypt")
    assert run.exit_code == 0, run
    assert "Encrypted 'default'" in run.stdout
    assert _clear_anywhere(hermetic) == []
    words("after")
    out = tmp_path / "out"
    out.mkdir()
    run = cli("export", "-f", "markdown", "-o", str(out / "map.md"))
    assert "the export is plain text" in run.stderr
    assert MARK in (out / "map.md").read_text()  # an export is plain: said so above
    assert _clear_anywhere(hermetic) == []
    assert not (ready / ".cache" / "reflections.sqlite").exists()
    assert cli("journal", "list").stdout.count("unblending") == 2


def test_commands_on_an_encrypted_map_need_its_passphrase(
        cli: Callable[..., Run], sealed_map: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sealed.ENV)
    run = cli("part", "list")
    assert run.exit_code == 1
    assert "is encrypted" in run.stderr and "IFS_TUI_PASSPHRASE" in run.stderr
    assert "Inner Critic" not in run.stdout + run.stderr
    monkeypatch.setenv(sealed.ENV, "a wrong passphrase")
    run = cli("part", "list")
    assert run.exit_code == 1
    assert run.stderr == ("ifs: the passphrase in IFS_TUI_PASSPHRASE does not open this map; "
                          "nothing was changed\n")
    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    run = cli("part", "list")
    assert run.exit_code == 0 and "Inner Critic" in run.stdout


def test_the_prompt_is_hidden_and_asks_three_times(
        cli: Callable[..., Run], sealed_map: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.delenv(sealed.ENV)
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    asked: list[str] = []

    def hidden(prompt: str, stream: object = None) -> str:
        asked.append(prompt)
        return PASSPHRASE if len(asked) == 3 else "not it at all"

    monkeypatch.setattr(getpass, "getpass", hidden)
    run = cli("part", "list")
    assert run.exit_code == 0 and "Inner Critic" in run.stdout
    assert asked == ["Passphrase for the map 'default': "] * 3
    assert run.stderr.count("does not open this map. Try again.") == 2
    sealed.forget()  # a new run
    monkeypatch.setattr(getpass, "getpass", lambda prompt, stream=None: "never right")
    run = cli("part", "list")
    assert run.exit_code == 1 and "does not open this map" in run.stderr


def test_encrypt_asks_a_new_passphrase_twice(
        cli: Callable[..., Run], ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    answers = iter(["short", "one good phrase", "one good frase", "one good phrase",
                    "one good phrase"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt, stream=None: next(answers))
    run = cli("encrypt")
    assert run.exit_code == 0, run
    assert "at least 8 characters" in run.stderr and "did not match" in run.stderr
    assert "no one can recover it" in run.stdout
    assert sealed.check_passphrase(ready, "one good phrase")


def test_encrypt_from_a_pipe_without_a_passphrase_changes_nothing(
        cli: Callable[..., Run], ready: Path) -> None:
    before = (ready / "map.toml").read_bytes()
    run = cli("encrypt")
    assert run.exit_code == 1
    assert "IFS_TUI_PASSPHRASE" in run.stderr
    assert (ready / "map.toml").read_bytes() == before and not sealed.is_sealed(ready)
    assert cli("encrypt", "--passphrase", "x").exit_code == 2  # never in argv


def test_encrypt_refuses_a_map_open_in_the_app(
        cli: Callable[..., Run], ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    (ready / ".cache").mkdir(exist_ok=True)
    (ready / ".cache" / f"open-{os.getppid()}").write_text(platform.node())
    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    run = cli("encrypt")
    assert run.exit_code == 1 and "is open in the ifs-tui app" in run.stderr
    assert not sealed.is_sealed(ready)


def test_decrypt_asks_first_and_gives_plain_files_back(
        cli: Callable[..., Run], sealed_map: Path) -> None:
    run = cli("decrypt")  # from a pipe, without --yes
    assert run.exit_code == 1 and "decrypt --yes" in run.stderr
    assert sealed.is_sealed(sealed_map)
    run = cli("decrypt", "--yes")
    assert run.exit_code == 0, run
    assert "plain text again" in run.stdout
    assert not sealed.is_sealed(sealed_map)
    assert b"Inner Critic" in (sealed_map / "map.toml").read_bytes()
    assert cli("decrypt").stdout.startswith("'default' is not encrypted")


def test_a_new_passphrase_from_the_environment(
        cli: Callable[..., Run], sealed_map: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IFS_TUI_NEW_PASSPHRASE", "the second phrase")
    run = cli("passphrase")
    assert run.exit_code == 0 and "is changed" in run.stdout
    sealed.forget()
    assert cli("part", "list").exit_code == 1  # the old one, still in IFS_TUI_PASSPHRASE
    monkeypatch.setenv(sealed.ENV, "the second phrase")
    assert "Inner Critic" in cli("part", "list").stdout


def test_maps_lists_an_encrypted_map_without_its_title(
        cli: Callable[..., Run], sealed_map: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sealed.ENV)
    run = cli("maps")
    assert run.exit_code == 0 and "(encrypted)" in run.stdout and "Test map" not in run.stdout
    (info,) = json.loads(cli("maps", "--json").stdout)["maps"]
    assert info["encrypted"] is True and info["title"] == "" and info["parts"] is None
    assert not (sealed_map / ".cache" / "summary.json").exists()


def test_a_copy_of_an_encrypted_map_is_encrypted_with_the_same_passphrase(
        cli: Callable[..., Run], sealed_map: Path) -> None:
    assert cli("maps", "copy", "default", "twin").exit_code == 0
    twin = sealed_map.parent / "twin"
    assert (twin / "map.toml").read_bytes().startswith(sealed.HEADER)
    assert "Inner Critic" in cli("--map", "twin", "part", "list").stdout


def test_redacted_exports_of_an_encrypted_map_are_not_warned_about(
        cli: Callable[..., Run], sealed_map: Path) -> None:
    run = cli("export", "-f", "json", "--redact")
    assert run.exit_code == 0 and "plain text" not in run.stderr


def _modules_after(args: list[str], env: dict[str, str]) -> set[str]:
    code = ("import sys\nfrom ifs_tui.cli.main import app\n"
            f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60)
    return set(done.stderr.split())


def test_cryptography_is_loaded_only_for_an_encrypted_map(sealed_map: Path) -> None:
    env = dict(os.environ)
    plain = sealed_map.parent / "plain"
    MapStore(plain).create("Plain")
    loaded = _modules_after(["--map", "plain", "part", "list"], env)
    assert "ifs_tui.core.storage" in loaded
    assert not {m for m in loaded if m.startswith("cryptography")}
    loaded = _modules_after(["part", "list"], env)
    assert "cryptography.hazmat.primitives.ciphers.aead" in loaded


def test_a_crash_report_leaves_the_message_out_when_a_map_is_encrypted(
        sealed_map: Path) -> None:
    from ifs_tui.core import crash

    try:
        raise KeyError(" ".join(["Inner Critic", "said", "something", "private"]))
    except KeyError as err:
        plain_text = crash.report_text(err, crash.datetime.now(crash.UTC))
        sealed.unlock(sealed_map, PASSPHRASE)
        sealed_text = crash.report_text(err, crash.datetime.now(crash.UTC))
    assert "said something private" in plain_text
    assert "said something private" not in sealed_text
    assert "KeyError" in sealed_text and "test_sealed_cli.py" in sealed_text


def test_a_journey_in_an_encrypted_map_is_named_without_its_title(
        cli: Callable[..., Run], sealed_map: Path) -> None:
    run = cli("journey", "new", "--title", f"{MARK} session", "--date", "2026-03-02")
    assert run.exit_code == 0, run
    assert [p.name for p in (sealed_map / "journeys").iterdir()] == ["20260302-journey.toml"]
    run = cli("journey", "new", "--title", f"{MARK} again", "--date", "2026-03-02")
    assert sorted(p.name for p in (sealed_map / "journeys").iterdir()) == [
        "20260302-journey-2.toml", "20260302-journey.toml"]


def test_the_app_sends_nothing_to_textual_devtools_or_its_log(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ifs_tui.cli.main import _textual_kept_quiet

    monkeypatch.setenv("TEXTUAL", "devtools,debug")
    monkeypatch.setenv("TEXTUAL_LOG", "/tmp/where-keys-would-go.log")
    _textual_kept_quiet()
    assert os.environ["TEXTUAL"] == "debug" and "TEXTUAL_LOG" not in os.environ
    monkeypatch.setenv("TEXTUAL", "devtools")
    _textual_kept_quiet()
    assert "TEXTUAL" not in os.environ
    monkeypatch.setenv("TEXTUAL", "devtools")
    monkeypatch.setenv("IFS_TUI_DEBUG", "1")  # a developer asking for it keeps it
    _textual_kept_quiet()
    assert os.environ["TEXTUAL"] == "devtools"


def test_a_map_only_copy_of_an_encrypted_map_takes_its_key_along(
        cli: Callable[..., Run], sealed_map: Path) -> None:
    assert cli("maps", "copy", "default", "template", "--map-only").exit_code == 0
    template = sealed_map.parent / "template"
    assert (template / sealed.KEY_FILE).exists()
    assert "Inner Critic" in cli("--map", "template", "part", "list").stdout


def test_encrypt_stops_after_three_tries_without_promising_a_fourth(
        cli: Callable[..., Run], ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    answers = iter(["one good phrase", "not the same"] * 3)
    monkeypatch.setattr(getpass, "getpass", lambda prompt, stream=None: next(answers))
    run = cli("encrypt")
    assert run.exit_code == 1 and not sealed.is_sealed(ready)
    assert run.stderr.count("The two did not match. Once more:") == 2
    assert run.stderr.count("The two did not match.") == 3
    assert "Nothing was changed" in run.stdout


def test_a_conversion_stopped_with_ctrl_c_says_how_to_finish(
        cli: Callable[..., Run], ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ifs_tui.core import sealing

    real = sealing._turn

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setenv(sealed.ENV, PASSPHRASE)
    monkeypatch.setattr(sealing, "_turn", interrupted)
    run = cli("encrypt")
    assert run.exit_code == 130
    assert "Stopped part way" in run.stderr and "`ifs encrypt` finishes" in run.stderr
    monkeypatch.setattr(sealing, "_turn", real)
    sealed.forget()
    run = cli("part", "list")  # it opens, and says what is left to do
    assert run.exit_code == 0 and "Inner Critic" in run.stdout
    assert "encryption stopped part way" in run.stderr and "`ifs encrypt`" in run.stderr
    run = cli("check")
    assert "run `ifs encrypt` to encrypt them" in run.stdout
    assert cli("encrypt").exit_code == 0
    assert "stopped part way" not in cli("part", "list").stderr


def test_a_damaged_encrypted_map_toml_is_named_and_can_be_restored_over(
        cli: Callable[..., Run], sealed_map: Path) -> None:
    path = sealed_map / "map.toml"
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1  # one bit of the tag: the file no longer opens
    path.write_bytes(bytes(raw))
    run = cli("part", "list")
    assert run.exit_code == 1 and "map.toml: is encrypted but does not open" in run.stderr
    versions = json.loads(cli("history", "--json").stdout)
    newest = next(v["id"] for v in versions if v["id"] != "current")
    run = cli("restore", newest, "--over-broken", "--yes")
    assert run.exit_code == 0, run
    assert path.read_bytes().startswith(sealed.HEADER)
    assert cli("part", "list").exit_code == 0
    kept = [p.read_bytes() for p in (sealed_map / ".history").iterdir()]
    assert bytes(raw) in kept  # the damaged file is kept as it was, never lost
