"""Every test is hermetic: its own data root and config folder, no colour."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ifs_tui.cli.main import app


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("IFS_TUI_HOME", str(home))
    monkeypatch.setenv("IFS_TUI_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("IFS_TUI_DEBUG", raising=False)
    monkeypatch.delenv("IFS_TUI_PASSPHRASE", raising=False)
    monkeypatch.delenv("IFS_TUI_NEW_PASSPHRASE", raising=False)
    # Encrypted maps: scrypt at a test's cost (ms, not 0.4 s); no key outlives a test.
    from ifs_tui.core import sealed, sealed_index

    monkeypatch.setattr(sealed, "DEFAULT_COST", sealed.TEST_COST)
    yield home
    sealed.forget()
    sealed.set_asker(None)
    sealed_index.forget()


PASSPHRASE = "quiet river stones"


@pytest.fixture
def sealed_map(ready: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The `ready` map, encrypted with PASSPHRASE (given in IFS_TUI_PASSPHRASE)."""
    from ifs_tui.core import sealed, sealing

    sealing.seal_map(ready, PASSPHRASE)
    sealed.forget()
    monkeypatch.setenv("IFS_TUI_PASSPHRASE", PASSPHRASE)
    return ready


@pytest.fixture
def map_folder(hermetic: Path) -> Path:
    return hermetic / "maps" / "default"


class Run:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"Run({self.exit_code}, out={self.stdout!r}, err={self.stderr!r})"


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run `ifs ARGS` in-process, as the console script would."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def ready(cli: Callable[..., Run], map_folder: Path) -> Path:
    """A default map with three parts and two links."""
    assert cli("init", "--title", "Test map").exit_code == 0
    assert cli("part", "add", "Inner Critic", "--role", "manager", "--fear", "being laughed at",
               "--job", "checks everything twice").exit_code == 0
    assert cli("part", "add", "Little One", "--role", "exile", "--age", "six").exit_code == 0
    assert cli("part", "add", "Numbing", "--role", "firefighter").exit_code == 0
    assert cli("link", "inner-critic", "little-one", "--kind", "protects").exit_code == 0
    assert cli("link", "numbing", "inner-critic", "--kind", "polarized").exit_code == 0
    return map_folder


@pytest.fixture
def as_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ifs reflect` as on a terminal, where a line not taken is asked again (from a
    pipe the walk stops there instead: the next line belongs to the next question)."""
    from ifs_tui.cli import plainwalk

    monkeypatch.setattr(plainwalk, "_stdin_is_terminal", lambda: True)


@pytest.fixture
def index_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test writes are seconds old, and the reflection index trusts an unchanged
    stat key only once a file is 2 s older than its reading (RACY_NS): trust at once."""
    from ifs_tui.core import reflect_index

    monkeypatch.setattr(reflect_index, "RACY_NS", 0)
