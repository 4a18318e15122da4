"""The floor for CLI rows: a minimal Typer + Rich app that prints the same rows as ifs.

`python benchmarks/floor_cli.py ROWS.json` reads {"columns": [...], "rows": [[...], ...]}
(written once by run.py from ifs's own --json output) and prints a Rich table, as a small
hand-written tool doing the same job would. Kept minimal on purpose: no project imports.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

app = typer.Typer(add_completion=False)


@app.command()
def show(rows_file: Path) -> None:
    data = json.loads(rows_file.read_text(encoding="utf-8"))
    if not data["rows"]:  # a command whose output is one line, e.g. "no problems found"
        Console().print(data["columns"][0], markup=False, highlight=False)
        return
    table = Table(box=None, show_edge=False, pad_edge=False)
    for name in data["columns"]:
        table.add_column(name, no_wrap=True)  # one line per row, as ifs into a pipe
    for row in data["rows"]:
        table.add_row(*(Text(cell) for cell in row))  # text, not markup
    Console(width=100_000).print(table)  # a pipe has no width: nothing is cut


if __name__ == "__main__":
    app()
