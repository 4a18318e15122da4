"""Tables for the CLI as plain aligned lines: one line per row, always.

On a terminal a table fits its width: ids, dates and other short fixed
columns are never cut or wrapped; long text is cut with "…"; when even that
does not fit, whole columns are dropped, in the order each table gives
(output.part_columns and the other tables). A column kept `whole` (a part's name) is not cut
while another column can still be dropped: its values up to two thirds of
the line (or 30 cells) stay whole; longer ones are cut with "…". Into a pipe
nothing is cut or dropped: each row is one whole line, columns padded to a
common width (a cell far longer than the others runs on instead of pushing
every row to its width).

Rich tables measure every cell and fold text into pieces; this is cheaper
and keeps a 10,000-character name on one line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size

from ifs_tui.core.textsafe import visible

if TYPE_CHECKING:
    from rich.console import Console

GAP = "  "
PIPE_ALIGN = 40  # into a pipe, cells longer than this are not used to align the column
WHOLE_MIN = 30  # a `whole` column's values this short stay whole on any line this wide
FLEX_MIN = 10  # a cut column keeps at least this many cells (or its whole text if shorter)
_SPACES = re.compile(r"\s*[\n\r\t\v\f]\s*")


@dataclass
class Column:
    name: str
    cut: bool = False  # long text: may be cut with "…" to fit
    drop: int = 0  # 0: never dropped; 1 is dropped first, then 2, ...
    styles: dict[str, str] | None = None  # on a terminal: a style for some values
    whole: bool = False  # cut only when nothing else can be dropped (with `cut`)


def cell(value: str) -> str:
    """Text from a person or a file as one line of a table: hazards shown, breaks as spaces."""
    return _SPACES.sub(" ", visible(value)).strip()


def cut(value: str, width: int) -> str:
    """`value` in at most `width` cells, ending in "…" when something was left out."""
    if cell_len(value) <= width:
        return value
    kept, used = [], 0
    for ch in value:
        size = get_character_cell_size(ch)
        if used + size > width - 1:
            break
        kept.append(ch)
        used += size
    return "".join(kept) + "…"


def pad(value: str, width: int) -> str:
    return value + " " * max(0, width - cell_len(value))


def layout(columns: list[Column], rows: list[list[str]], width: int | None) -> list[int | None]:
    """Each column's width, or None for a dropped column. `width` None: no limit (a pipe)."""
    if width is None:
        return [max([cell_len(c.name)] + [n for r in rows if (n := cell_len(r[i])) <= PIPE_ALIGN])
                for i, c in enumerate(columns)]
    natural = [max([cell_len(c.name)] + [cell_len(r[i]) for r in rows])
               for i, c in enumerate(columns)]
    shown = list(range(len(columns)))

    # A `whole` column asks for its longest value up to 2/3 of the line (or 30 cells).
    most = max(width * 2 // 3, min(width, WHOLE_MIN))
    whole = {i: max([cell_len(c.name)] + [n for r in rows if (n := cell_len(r[i])) <= most])
             for i, c in enumerate(columns) if c.whole}

    def least(i: int) -> int:
        if not columns[i].cut:
            return natural[i]
        if i in whole:
            return whole[i]
        return min(natural[i], max(FLEX_MIN, cell_len(columns[i].name)))

    def too_wide() -> bool:
        return sum(least(i) for i in shown) + len(GAP) * (len(shown) - 1) > width

    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop)
    dropped = []
    while droppable and too_wide():
        dropped.append(droppable.pop(0)[1])
        shown.remove(dropped[-1])
    if too_wide():
        whole.clear()  # nothing more can go: names are cut after all
    elif whole and dropped:
        # Dropped for a whole name's sake (the id, say): what fits again comes back,
        # the more important first (role before status before job).
        for i in reversed(dropped[:-1]):
            shown.append(i)
            shown.sort()
            if too_wide():
                shown.remove(i)
                break
    sizes: list[int | None] = [None] * len(columns)
    room = width - len(GAP) * (len(shown) - 1)
    flex = []
    for i in shown:
        if columns[i].cut:
            flex.append(i)
        else:
            sizes[i] = natural[i]
            room -= natural[i]
    # Share what is left: narrow columns take what they need, the rest split evenly.
    for n, i in enumerate(sorted(flex, key=lambda i: (i not in whole, natural[i]))):
        share = max(least(i), whole.get(i, 0), room // (len(flex) - n))
        sizes[i] = min(natural[i], share)
        room -= sizes[i] or 0
    return sizes


def fitted(columns: list[Column], rows: list[list[str]],
           width: int | None) -> list[list[tuple[str, str]]]:
    """Header and rows as (shown text, original value) pairs, dropped columns left out."""
    sizes = layout(columns, rows, width)
    return [[(pad(cut(value, size) if width is not None else value, size), value)
             for value, size in zip(row, sizes, strict=True) if size is not None]
            for row in [[c.name for c in columns], *rows]]


def render(columns: list[Column], rows: list[list[str]], width: int | None) -> list[str]:
    """The table's lines, header first, each without trailing spaces."""
    return [GAP.join(shown for shown, _ in row).rstrip() for row in fitted(columns, rows, width)]


def print_table(columns: list[Column], rows: list[list[str]], out: Console | None = None) -> None:
    """Print to the terminal at its width, or whole lines into a pipe."""
    if out is None:
        from .output import is_terminal

        if not is_terminal(sys.stdout):  # into a pipe Rich is not even loaded
            sys.stdout.write("".join(line + "\n" for line in render(columns, rows, None)))
            return
        from rich.console import Console

        out = Console(highlight=False)
    if not out.is_terminal:
        sys.stdout.write("".join(line + "\n" for line in render(columns, rows, None)))
        return
    from rich.text import Text

    table = fitted(columns, rows, out.width)
    shown_names = {name for _, name in table[0]}
    kept = [c for c in columns if c.name in shown_names]
    out.print(Text(GAP.join(shown for shown, _ in table[0]).rstrip(), style="bold"),
              soft_wrap=True)
    for row in table[1:]:
        line = Text()
        for n, ((shown, value), column) in enumerate(zip(row, kept, strict=True)):
            if n:
                line.append(GAP)
            line.append(shown.rstrip() if n == len(row) - 1 else shown,
                        style=(column.styles or {}).get(value, ""))
        out.print(line, soft_wrap=True)
