"""Printing for the CLI: Rich for people, plain JSON for programs.

Everything a person wrote goes through `text()`: a rich.text.Text, never
markup, so a part named "[bold]" prints as typed, and with terminal escapes
and bidi overrides shown as <U+XXXX> (core/textsafe.py), so a file cannot
steer the terminal. JSON keeps the data and writes such characters as \\uXXXX.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from ifs_tui.core.codec import part_to_dict, to_jsonable
from ifs_tui.core.model import LIST_FIELDS, Part, PartsMap
from ifs_tui.core.services import describe_from
from ifs_tui.core.textsafe import u_escaped, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ifs_tui.core.packs import Pack
    from ifs_tui.core.reflections import Reflection

ROLE_STYLE = {"manager": "cyan", "firefighter": "yellow", "exile": "magenta", "unknown": "dim"}
# Essential fields first, so a new part never reads like a long form.
SHOW_ORDER = ("job", "fears", "protects", "body", "triggers", "age", "emotions", "needs",
              "notes", "tags")


def console(stderr: bool = False) -> Console:
    """Word-wrapped for a terminal; unwrapped into a pipe, so lines stay whole."""
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False)
    out.soft_wrap = not out.is_terminal
    return out


def text(value: str, style: str = "") -> Text:
    """Text from a person or a file, ready for Rich: no markup, hazards shown."""
    from rich.text import Text

    return Text(visible(value), style=style)


def say(message: str) -> None:
    """A short human message on stdout, printed as plain text."""
    console().print(text(message))


def note(message: str) -> None:
    """A message that must not mix with data: stderr."""
    console(stderr=True).print(text(message))


def print_json(data: Any) -> None:
    dumped = json.dumps(to_jsonable(data), ensure_ascii=False, indent=2)
    sys.stdout.write(u_escaped(dumped) + "\n")


def first_line(text: str, width: int = 50) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def parts_table(parts: list[Part]) -> None:
    from rich.table import Table
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "name", "role", "status", "job"):
        table.add_column(column, overflow="fold")
    for part in parts:
        table.add_row(
            text(part.id),
            text(part.name),
            text(part.role, style=ROLE_STYLE.get(part.role, "")),
            text(part.status),
            text(first_line(part.job)),
        )
    console().print(table)


def part_panel(pmap: PartsMap, part: Part) -> None:
    from rich.panel import Panel
    from rich.table import Table
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("id", text(part.id))
    role = text(part.role, style=ROLE_STYLE.get(part.role, ""))
    grid.add_row("role", role.append(visible(f" · {part.status}"), style="dim"))
    for key in SHOW_ORDER:
        value = getattr(part, key)
        if not value:
            continue
        if key in LIST_FIELDS:
            grid.add_row(key, text("\n".join(f"• {item}" for item in value)))
        else:
            grid.add_row(key, text(value))
    links = pmap.relationships_of(part.id)
    if links:
        lines = [describe_from(pmap, part.id, r) for r in links]
        grid.add_row("links", text("\n".join(lines)))
    stamps = [f"{k} {v:%Y-%m-%d %H:%M}" for k, v in
              (("added", part.created), ("changed", part.updated)) if v]
    if stamps:
        grid.add_row("", text(" · ".join(stamps), style="dim"))
    console().print(Panel(grid, title=text(part.name), title_align="left", expand=False))


def part_json(part: Part) -> dict[str, Any]:
    return part_to_dict(part)


def packs_table(packs: list[Pack], overridden: dict[str, list[str]]) -> None:
    from rich.table import Table
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "title", "phase", "min", "from"):
        table.add_column(column, overflow="fold")
    for pack in packs:
        source = pack.source
        if pack.id in overridden:
            source += f" (over {', '.join(overridden[pack.id])})"
        table.add_row(text(pack.id), text(pack.title), text(pack.phase),
                      text(str(pack.minutes or "")), text(source))
    console().print(table)


def pack_details(pack: Pack) -> None:
    from ifs_tui.core.packs import reflow

    out = console()
    out.print(text(pack.title, style="bold"))
    out.print(text(f"{pack.id} · {pack.phase} · about {pack.minutes} min · {pack.source}: "
                   f"{pack.path}", style="dim"))
    if pack.summary:
        out.print(text(pack.summary))
    if pack.care_note.strip():
        out.print()
        out.print(text(reflow(pack.care_note), style="italic"))
    for number, step in enumerate(pack.steps, start=1):
        out.print()
        line = text(f"{number}. ", style="bold").append(visible(f"[{step.kind}] "), style="dim")
        out.print(line.append(visible(step.ask)))
        if step.hint:
            out.print(text(f"   {step.hint}", style="dim"))
        for option in step.options:
            out.print(text(f"   - {option}"))
        if step.kind == "scale":
            out.print(text(f"   {step.min} {step.min_label} … {step.max} {step.max_label}",
                           style="dim"))
        if step.adds_to:
            out.print(text(f"   adds to the part's {step.adds_to}", style="dim"))


def journal_table(records: list[Reflection], pmap: PartsMap | None) -> None:
    from rich.table import Table
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("pack", overflow="fold")
    table.add_column("part", overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("id", no_wrap=True)
    for rec in records:
        table.add_row(text(f"{rec.started:%Y-%m-%d %H:%M}"), text(rec.pack_title),
                      text(part_label(pmap, rec.part)), text(rec.status), text(rec.id))
    console().print(table)


def part_label(pmap: PartsMap | None, part_id: str) -> str:
    if not part_id:
        return ""
    part = pmap.part(part_id) if pmap else None
    return part.name if part else part_id


def reflection_details(rec: Reflection, pmap: PartsMap | None) -> None:
    from ifs_tui.core.reflections import answer_text

    out = console()
    out.print(text(rec.pack_title, style="bold"))
    meta = f"{rec.started:%Y-%m-%d %H:%M} · {rec.status}"
    if rec.part:
        meta += f" · {part_label(pmap, rec.part)}"
    out.print(text(meta + f" · {rec.id}", style="dim"))
    for answer in rec.answers:
        out.print()
        out.print(text(answer.ask, style="bold"))
        shown = answer_text(answer, pmap)
        out.print(text(shown, style="dim italic" if answer.skipped else ""))
        if answer.added_to:
            part_id, _, field = answer.added_to.rpartition(".")
            out.print(text(f"added to {part_label(pmap, part_id)}: {field}", style="dim"))
