"""`ifs reflect` on a terminal runs on the alternate screen and leaves it however it
ends, so the person's words do not stay in the scrollback (issue 15)."""

from __future__ import annotations

import io
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ifs_tui.cli.altscreen import ENTER, LEAVE, alternate_screen
from tests.test_reflect_cli import EVERY_KIND

ENTER_B, LEAVE_B = ENTER.encode(), LEAVE.encode()
WORDS = b"quokka-lantern-harbour"  # typed by "the person"; must not outlive the walk
CLOSE = b"Press Enter to close this screen."


@pytest.fixture
def mapped(cli, map_folder: Path) -> Path:
    cli("init")
    cli("part", "add", "Critic", "--role", "manager")
    (map_folder / "prompts").mkdir()
    (map_folder / "prompts" / "every-kind.toml").write_text(EVERY_KIND)
    return map_folder


def converse(args: list[str], script: list[tuple[bytes, bytes]], env: dict[str, str] | None
             = None, then: signal.Signals | None = None) -> tuple[int, bytes]:
    """Run `ifs ARGS` on a real terminal; for each (marker, keys) wait until the marker
    is printed, then type the keys. `then`: a signal sent once the script is typed."""
    import fcntl
    import pty
    import termios

    def own_terminal() -> None:  # as a shell starts it: ctrl+c on the terminal reaches it
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ifs_tui", *args], stdin=follower,
                            stdout=follower, stderr=follower, preexec_fn=own_terminal,
                            env={**os.environ, **(env or {})})
    os.close(follower)
    seen, waiting, sent, last = b"", list(script), 0, b""
    signalled = False
    while True:
        # Typed only at a prompt (or right after words typed there): keys sent earlier
        # would be echoed by the terminal before the program reads them.
        if (waiting and waiting[0][0] in seen[sent:]
                and seen.endswith((b"> ", CLOSE + b" ", waiting[0][0]))):
            last = waiting.pop(0)[1]
            os.write(leader, last)
            sent = len(seen)
            if not waiting and then is not None:
                proc.send_signal(then)
                signalled = True
            continue
        ready, _, _ = select.select([leader], [], [],
                                    5 if last == b"\x03" or signalled else 60)
        if not ready and signalled and proc.poll() is None:
            # The same with a signal that came while readline was still taking keys: it
            # is seen at the next one. Sent again (still a guard, not a timing assertion).
            proc.send_signal(then)  # type: ignore[arg-type]
            signalled = False
            continue
        if not ready and last == b"\x03":
            # Python's readline sees a SIGINT that came while it was still taking the
            # keys before it only at the next key or signal: press ctrl+c again.
            os.write(leader, last)
            last = b""
            continue
        if not ready:  # a guard against hanging, not a timing assertion
            proc.kill()
            raise AssertionError(seen)
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the program ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(leader)
    return proc.returncode, seen


UP_TO_FEAR = [(b"Notice the room", b"\r"), (b"Which part", b"critic\r"),
              (b"What does Critic fear", WORDS)]


def after_leaving(seen: bytes) -> bytes:
    """What is printed after the alternate screen is left: what stays in the scrollback."""
    assert seen.count(ENTER_B) == 1 and seen.count(LEAVE_B) == 1, seen
    enter, leave = seen.index(ENTER_B), seen.index(LEAVE_B)
    assert enter < seen.index(b"Every kind") < seen.index(WORDS) < leave
    assert WORDS not in seen[:enter]
    return seen[leave + len(LEAVE_B):]


@pytest.mark.parametrize(("keys", "said"), [
    ([(WORDS, b"\r/stop\r"), (CLOSE, b"\r")], b"stopped and saved"),  # /stop
    ([(WORDS, b"\x03")], b"stopped and saved"),  # ctrl+c: the half-typed words kept
    ([(WORDS, b"\r\x04")], b"stopped and saved"),  # ctrl+d at the next question
    ([(b"Which part", b"\x04")], b"stopped before any answer"),
])
def test_the_walk_runs_on_its_own_screen_and_leaves_it(mapped: Path, keys: list,
                                                       said: bytes) -> None:
    script = UP_TO_FEAR[:1] + keys if keys[0][0] == b"Which part" else UP_TO_FEAR + keys
    code, seen = converse(["reflect", "every-kind"], script)
    if b"before any answer" in said:
        enter, leave = seen.index(ENTER_B), seen.index(LEAVE_B)
        assert enter < seen.index(b"Which part") < leave and CLOSE not in seen
        assert said in seen[leave:] and not list((mapped / "reflections").glob("*.toml"))
        return
    assert code == 0, seen
    after = after_leaving(seen)
    assert said in after and b"ifs reflect --resume" in after
    assert WORDS not in after and b"Critic" not in after
    assert after.strip().count(b"\n") == 0  # one line
    (record,) = (mapped / "reflections").glob("*.toml")
    assert WORDS.decode() in record.read_text()  # saved, only not left on the screen


def test_a_finished_walk_leaves_one_line(mapped: Path) -> None:
    script = [*UP_TO_FEAR, (WORDS, b"\r"), (b"Which feelings", b"1\r"),
              (b"How much room", b"4\r"), (b"Thank Critic", b"\r"), (CLOSE, b"\x04")]
    code, seen = converse(["reflect", "every-kind"], script)
    assert code == 0, seen
    after = after_leaving(seen)
    assert b"finished and saved as" in after and b"ifs journal show" in after
    assert WORDS not in after and b"Critic" not in after and b"worry" not in after
    # The last words stay up until the person closes the screen (ctrl+d here).
    assert seen.index(b"Finished. Thank you") < seen.index(CLOSE) < seen.index(LEAVE_B)


def test_a_polite_kill_leaves_the_screen_too(mapped: Path) -> None:
    code, seen = converse(["reflect", "every-kind"], [*UP_TO_FEAR, (WORDS, b"\r")],
                          then=signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert seen.index(WORDS) < seen.index(LEAVE_B)
    assert WORDS not in seen[seen.index(LEAVE_B):]


@pytest.mark.parametrize("ended", [signal.SIGHUP, signal.SIGTERM])
def test_a_closed_terminal_keeps_the_words_typed_and_not_sent(mapped: Path,
                                                              ended: signal.Signals) -> None:
    """SIGHUP or a polite kill, with words typed at the prompt and not sent: they are
    kept as the draft, as with ctrl+c. (A terminal window closed outright ends readline's
    line before any signal: that line is lost; docs/privacy.md says so.)"""
    import tomllib

    # Signalled once the words are echoed: readline is then waiting for the next key.
    code, _ = converse(["reflect", "every-kind"], [*UP_TO_FEAR, (WORDS, b"")], then=ended)
    assert code == 128 + ended
    (path,) = (mapped / "reflections").glob("*.toml")
    record = tomllib.loads(path.read_text())
    assert record["draft"]["text"] == WORDS.decode()
    assert record["status"] == "stopped"


def test_keep_screen_and_a_dumb_terminal_stay_in_the_scrollback(mapped: Path) -> None:
    stop = [*UP_TO_FEAR, (WORDS, b"\r/stop\r")]  # nothing to close: no "Press Enter"
    for args, env in ((["reflect", "--keep-screen", "every-kind"], {}),
                      (["reflect", "every-kind"], {"TERM": "dumb"})):
        code, seen = converse(args, stop, env)
        assert code == 0, seen
        assert ENTER_B not in seen and LEAVE_B not in seen
        assert b"Stopped. Everything so far is saved" in seen  # as before


def test_no_color_still_uses_its_own_screen(mapped: Path) -> None:
    code, seen = converse(["reflect", "every-kind"],
                          [*UP_TO_FEAR, (WORDS, b"\r/stop\r"), (CLOSE, b"\r")],
                          {"NO_COLOR": "1"})
    assert code == 0 and b"stopped and saved" in after_leaving(seen)


def test_a_pipe_gets_no_screen_sequences(cli, mapped: Path) -> None:
    run = cli("reflect", "every-kind", input=f"\ncritic\n{WORDS.decode()}\n/stop\n")
    assert run.exit_code == 0
    assert ENTER not in run.stdout and LEAVE not in run.stdout
    assert "Stopped. Everything so far is saved" in run.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_error_inside_leaves_the_screen_before_it_is_reported() -> None:
    out = _Terminal()
    with pytest.raises(RuntimeError), alternate_screen(True, out):
        out.write("words on the screen")
        raise RuntimeError("boom")
    assert out.getvalue() == ENTER + "words on the screen" + LEAVE
    out = _Terminal()
    with alternate_screen(False, out):
        out.write("kept")
    assert out.getvalue() == "kept"
