"""An unexpected error ends the app with code 1, prints one calm line and writes a report
that holds no local variables (they can hold a person's writing)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ifs_tui.app.app import IfsApp
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.core import paths, reflect_index
from ifs_tui.core.storage import MapStore

from .conftest import ready

SECRET = "the letter I never sent to my sister"
CALM = "ifs-tui stopped because of an unexpected problem"


def _crash_with_a_secret_local(*_: Any) -> None:
    private_answer = SECRET  # a local, as a person's text would be in real code
    raise RuntimeError(f"could not go on after {len(private_answer)} characters")


def _only_report() -> Path:
    reports = list(paths.crash_reports_dir().iterdir())
    assert len(reports) == 1, reports
    return reports[0]


def _check_report(report: Path, *expected: str) -> str:
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text(encoding="utf-8")
    for words in (*expected, "RuntimeError", "_crash_with_a_secret_local", "Traceback"):
        assert words in text
    assert SECRET not in text
    return text


async def test_a_crash_in_a_handler_exits_1_and_keeps_locals_out(
        make_app: Callable[..., IfsApp], store: MapStore, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(MainScreen, "action_journal", _crash_with_a_secret_local)
    app = make_app()
    with pytest.raises(RuntimeError):  # run_test hands the error on, for test runners
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("j")
            await pilot.pause()
    assert app.return_code == 1
    printed = "".join(capfd.readouterr())
    assert CALM in printed
    assert "everything saved so far is kept" in printed
    assert f"a report was written to {app.crash_report}" in printed
    assert SECRET not in printed
    assert "Traceback" not in printed and "private_answer" not in printed
    assert app.crash_report == _only_report()
    _check_report(app.crash_report)
    # The map is as it was: the crash changed nothing on disk.
    assert [p.name for p in store.load().parts] == ["Inner Critic", "Little One", "Numbing"]


async def test_a_crash_in_the_loading_worker_reports_the_error_inside_it(
        make_app: Callable[..., IfsApp], store: MapStore, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(reflect_index, "listing", _crash_with_a_secret_local)
    app = make_app()
    with pytest.raises(Exception):  # noqa: B017 - Textual wraps it in WorkerFailed
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert app.return_code == 1
    printed = "".join(capfd.readouterr())
    assert f"{CALM} (RuntimeError)" in printed and SECRET not in printed
    _check_report(_only_report(), "The error inside it")


async def test_no_report_can_be_written_the_app_still_says_so_and_exits_1(
        make_app: Callable[..., IfsApp], store: MapStore, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # A plain file where the reports folder should be: the folder cannot be made.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(paths, "crash_reports_dir", lambda: blocker / "crash-reports")
    monkeypatch.setattr(MainScreen, "action_journal", _crash_with_a_secret_local)
    app = make_app()
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("j")
            await pilot.pause()
    assert app.return_code == 1 and app.crash_report is None
    printed = "".join(capfd.readouterr())
    assert "no report could be written" in printed and SECRET not in printed


@pytest.mark.parametrize("args", [[], ["demo"]])
def test_ifs_and_ifs_demo_exit_1_when_the_app_crashes(
        args: list[str], cli: Callable[..., Any], store: MapStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The main screen fails as it opens: the same for `ifs` and `ifs demo`.
    monkeypatch.setattr(MainScreen, "refresh_map", _crash_with_a_secret_local)
    run = IfsApp.run

    async def wait_then_quit(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.exit()  # the ending an uncrashed app would have: the test then fails

    monkeypatch.setattr(IfsApp, "run", lambda self, **_: run(
        self, headless=True, size=(100, 30), auto_pilot=wait_then_quit))
    result = cli(*args)
    assert result.exit_code == 1, result
    assert CALM in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    _check_report(_only_report())


async def test_a_missing_stylesheet_is_said_once_and_reported(
        map_folder: Path, store: MapStore, capfd: pytest.CaptureFixture[str]) -> None:
    # What a wheel without app.tcss did: a traceback with locals, then exit 0.
    class NoStyles(IfsApp):
        CSS_PATH = "not-shipped.tcss"

    app = NoStyles(map_folder)
    with pytest.raises(Exception, match="not-shipped.tcss"):
        async with app.run_test(size=(100, 30)):
            pass
    assert app.return_code == 1
    printed = "".join(capfd.readouterr())
    assert printed.count(CALM) == 1 and "(StylesheetError)" in printed
    assert "Traceback" not in printed
    assert "not-shipped.tcss" in _only_report().read_text(encoding="utf-8")
