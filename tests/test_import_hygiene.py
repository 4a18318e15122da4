"""The core and the plain CLI never import Textual (start-up time matters)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORE_MODULES = ["model", "codec", "storage", "paths", "services", "check", "atomic", "errors",
                "tomlwrite", "crash", "support"]

PROBE = """
import sys
sys.argv = ["ifs", *{args!r}]
from ifs_tui.cli.main import app
try:
    app()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] == "textual" or m.startswith("ifs_tui.app"))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


def _heavy(args: list[str], home: Path, stdin: str = "") -> str:
    env = {**os.environ, "IFS_TUI_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], env=env,
                            input=stdin, capture_output=True, text=True, timeout=60)
    line = [x for x in result.stderr.splitlines() if x.startswith("HEAVY:")]
    assert line, result.stderr
    return line[0].removeprefix("HEAVY:")


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
