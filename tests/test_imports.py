"""What `ifs --version`, `ifs --help` and `ifs part list` import, pinned.

Start-up is most of a short command's time: each command imports what it uses when
it runs (cli/lazy.py), so a fresh process must not load storage, hashing, Rich's
console, the index (sqlite3) or Textual where the command does not need them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from ifs_tui.cli.main import app

PROBE = """
import sys
sys.argv = ["ifs", *{args!r}]
from ifs_tui.cli.main import app
try:
    app()
except SystemExit:
    pass
print("MODULES:" + ",".join(sorted(sys.modules)), file=sys.stderr)
"""

NEVER = ["textual", "ifs_tui.app", "sqlite3", "ifs_tui.core.reflect_index"]
# Nothing beyond Typer itself: no core module, no file or TOML code, no Rich console.
START_ONLY = [*NEVER, "hashlib", "tempfile", "tomllib", "tomli_w", "json", "rich",
              "platformdirs", "ifs_tui.core.storage", "ifs_tui.core.model",
              "ifs_tui.core.codec", "ifs_tui.core.services", "ifs_tui.core.errors",
              "ifs_tui.core.paths", "ifs_tui.cli.parts", "ifs_tui.cli.share",
              "ifs_tui.cli.journal", "ifs_tui.cli.reflect", "ifs_tui.cli.prompts",
              "ifs_tui.cli.support", "ifs_tui.cli.table"]
FORBIDDEN = {
    ("--version",): START_ONLY,
    ("--help",): START_ONLY,
    ("-h",): START_ONLY,
    # Reading the map, and plain lines into a pipe: no writing, hashing or Rich console.
    ("part", "list"): [*NEVER, "hashlib", "tempfile", "tomli_w", "json", "rich.console",
                       "rich.table", "rich.text", "ifs_tui.core.tomlwrite",
                       "ifs_tui.core.services", "ifs_tui.core.reflections",
                       "ifs_tui.core.packs", "ifs_tui.core.export", "ifs_tui.cli.share",
                       "ifs_tui.cli.journal", "ifs_tui.cli.reflect", "ifs_tui.cli.prompts",
                       "ifs_tui.cli.support"],
    ("part", "show", "Someone"): [*NEVER, "hashlib", "tempfile", "tomli_w",
                                  "ifs_tui.core.reflections", "ifs_tui.cli.share"],
    ("part", "add", "Another"): [*NEVER, "hashlib", "ifs_tui.core.reflections",
                                 "ifs_tui.cli.share", "rich.console"],
    ("prompts", "list"): [*NEVER, "hashlib", "tomli_w", "ifs_tui.cli.parts",
                          "ifs_tui.cli.share"],
}


def modules_after(args: tuple[str, ...] | list[str], home: Path, stdin: str = "") -> set[str]:
    """The modules a fresh process holds after running `ifs ARGS` (shared with
    test_import_hygiene)."""
    env = {**os.environ, "IFS_TUI_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))], env=env,
                            input=stdin, capture_output=True, text=True, timeout=60)
    line = [x for x in result.stderr.splitlines() if x.startswith("MODULES:")]
    assert line, result.stderr
    return set(line[0].removeprefix("MODULES:").split(","))


@pytest.mark.parametrize("args", list(FORBIDDEN))
def test_each_command_imports_only_what_it_uses(args: tuple[str, ...], hermetic: Path,
                                                cli) -> None:  # type: ignore[no-untyped-def]
    cli("init")
    cli("part", "add", "Someone")
    loaded = modules_after(args, hermetic)
    assert "ifs_tui.cli.main" in loaded  # the probe did run ifs
    found = sorted(m for m in loaded for bad in FORBIDDEN[args]
                   if m == bad or m.startswith(bad + "."))
    assert found == [], f"ifs {' '.join(args)} imported {found}"


def test_help_lists_the_commands_as_they_are() -> None:
    """`ifs --help` shows stored summaries; they read exactly as the commands' own help."""
    group = typer.main.get_command(app)
    ctx = group.make_context("ifs", ["--help"], resilient_parsing=True)
    lazy = group.get_help(ctx)
    for name in group.list_commands(ctx):  # build every real command
        assert group.get_command(ctx, name) is not None, name
    assert group.get_help(ctx) == lazy
    assert re.search(r"\n  part +Add, list, show, edit, rename and remove parts\.\n", lazy)
