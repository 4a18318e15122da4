"""The core and the plain CLI never import Textual (start-up time matters)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_imports import modules_after

CORE_MODULES = ["model", "codec", "storage", "paths", "services", "check", "atomic", "errors",
                "tomlwrite", "crash", "support"]


def _heavy(args: list[str], home: Path, stdin: str = "") -> str:
    loaded = modules_after(args, home, stdin)
    return ",".join(sorted(m for m in loaded
                           if m.split(".")[0] == "textual" or m.startswith("ifs_tui.app")))


def test_core_imports_without_textual() -> None:
    code = ("import sys\n" + "".join(f"import ifs_tui.core.{m}\n" for m in CORE_MODULES)
            + "assert 'textual' not in sys.modules, 'textual'\n"
            + "assert 'typer' not in sys.modules and 'rich' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.parametrize("args", [["--help"], ["part", "list"], ["--version"], ["check"],
                                  ["prompts", "list"], ["journal", "list"],
                                  ["reflect", "unblending-check-in"], ["support", "list"],
                                  ["support", "add", "Someone"]])
def test_cli_commands_leave_textual_out(args: list[str], hermetic: Path, cli) -> None:
    cli("init")
    cli("part", "add", "Someone")
    assert _heavy(args, hermetic, stdin="I am tired\n/stop\n") == ""


def test_core_source_never_names_textual() -> None:
    core = Path(__file__).parents[1] / "src" / "ifs_tui" / "core"
    pattern = re.compile(r"^\s*(from|import)\s+textual", re.MULTILINE)
    for path in core.glob("*.py"):
        assert not pattern.search(path.read_text()), path
