"""The floor for CLI rows: a minimal Typer + Rich app that prints the same rows as ifs.

`python benchmarks/floor_cli.py ROWS.json` reads one of
  {"columns": [...], "rows": [[...], ...]}  -> those rows, one line each, or
  {"lines": [...]}                           -> those lines
(written once by run.py from ifs's own output) and prints them as a small hand-written
tool doing the same job would: into a pipe, plain lines with the columns aligned (cell
widths from Rich, so wide characters line up); on a terminal, a Rich table. The
benchmark always runs it into a pipe, as it runs ifs.

It also does the file work the command needs, the plain way: "read" lists the TOML files
to parse with tomllib (the map, the reflections listed, the packs), and "write" [source,
target] parses source, adds a part and writes target as a careful tool would (tomli-w,
temp file, fsync, replace). Kept minimal on purpose: no project imports.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from pathlib import Path

import tomli_w
import typer
from rich.cells import cell_len
from rich.console import Console

app = typer.Typer(add_completion=False)


def aligned(columns: list[str], rows: list[list[str]]) -> list[str]:
    table = [columns, *rows]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(columns))]
    return ["  ".join(cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths,
                                                                           strict=True))
            .rstrip() for row in table]


def write(source: str, target: str) -> None:
    with open(source, "rb") as src:
        doc = tomllib.load(src)
    doc.setdefault("parts", []).append({"id": "floor", "name": "Floor", "role": "unknown"})
    tmp = f"{target}.tmp"
    with open(tmp, "wb") as out:
        out.write(tomli_w.dumps(doc).encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)


@app.command()
def show(rows_file: Path) -> None:
    data = json.loads(rows_file.read_text(encoding="utf-8"))
    for name in data.get("read", []):
        with open(name, "rb") as src:
            tomllib.load(src)
    if data.get("write"):
        write(*data["write"])
    console = Console()
    if "lines" in data:  # a command whose output is a few lines, e.g. "no problems found"
        lines = data["lines"]
    elif console.is_terminal:  # not used by the benchmark; what the tool would do
        from rich.table import Table

        table = Table(*data["columns"], box=None)
        for row in data["rows"]:
            table.add_row(*row)
        console.print(table, markup=False)
        return
    else:
        lines = aligned(data["columns"], data["rows"])
    sys.stdout.write("".join(line + "\n" for line in lines))


if __name__ == "__main__":
    app()
