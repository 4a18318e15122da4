"""Printing for the CLI: Rich for people, plain JSON for programs.

Everything a person wrote goes through `text()`: a rich.text.Text, never
markup, so a part named "[bold]" prints as typed, and with terminal escapes
and bidi overrides shown as <U+XXXX> (core/textsafe.py), so a file cannot
steer the terminal. JSON keeps the data and writes such characters as \\uXXXX.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Any

from ifs_tui.core.textsafe import u_escaped, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ifs_tui.core.model import Part, PartsMap, Relationship
    from ifs_tui.core.packs import Pack
    from ifs_tui.core.reflect_index import Header
    from ifs_tui.core.reflections import Reflection

    from .table import Column

ROLE_STYLE = {"manager": "cyan", "firefighter": "yellow", "exile": "magenta", "unknown": "dim"}
# Essential fields first, so a new part never reads like a long form.
SHOW_ORDER = ("job", "intent", "fears", "protects", "body", "triggers", "age",
              "first_appeared", "emotions", "burdens", "needs", "feel_toward", "notes", "tags")


def is_terminal(stream: IO[str] | None = None) -> bool:
    """Whether Rich would treat `stream` as a terminal, decided without loading Rich.

    Into a pipe the CLI writes plain lines itself: Rich costs time to import and measure.
    """
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    try:
        return (stream or sys.stdout).isatty()
    except (ValueError, AttributeError):  # closed, or not a real stream
        return False


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
    if is_terminal(sys.stdout):
        console().print(text(message))
    else:
        sys.stdout.write(visible(message) + "\n")


def note(message: str) -> None:
    """A message that must not mix with data: stderr."""
    if is_terminal(sys.stderr):
        console(stderr=True).print(text(message))
    else:
        sys.stderr.write(visible(message) + "\n")


def print_json(data: Any) -> None:
    import json

    from ifs_tui.core.codec import to_jsonable

    dumped = json.dumps(to_jsonable(data), ensure_ascii=False, indent=2)
    sys.stdout.write(u_escaped(dumped) + "\n")


def first_line(text: str) -> str:
    """The first line of a longer text, for a table (which cuts it to fit, if at all)."""
    return text.strip().splitlines()[0] if text.strip() else ""


def part_columns() -> list[Column]:
    from .table import Column

    # Dropped when the terminal is narrow: job first, then status, role and id (README);
    # a name is cut only after that.
    return [Column("id", drop=4), Column("name", cut=True, whole=True),
            Column("role", drop=3, styles=ROLE_STYLE), Column("status", drop=2),
            Column("job", cut=True, drop=1)]


def part_rows(parts: list[Part]) -> list[list[str]]:
    from .table import cell

    return [[cell(p.id), cell(p.name), cell(p.role), cell(p.status), cell(first_line(p.job))]
            for p in parts]


def parts_table(parts: list[Part]) -> None:
    from .table import print_table

    print_table(part_columns(), part_rows(parts))


def part_fields(pmap: PartsMap, part: Part) -> list[tuple[str, str, str]]:
    """What `part show` shows: (label, text, style) rows, the text as written."""
    from ifs_tui.core.model import LIST_FIELDS
    from ifs_tui.core.partwords import earlier_statuses, feel_toward_line, status_line
    from ifs_tui.core.services import describe_from, link_fears

    rows = [("id", part.id, ""), ("role", f"{part.role} · {status_line(part)}", "")]
    earlier = earlier_statuses(part)
    if earlier:
        rows.append(("earlier", "\n".join(earlier), "dim"))
    for key in SHOW_ORDER:
        value = feel_toward_line(part) if key == "feel_toward" else getattr(part, key)
        if not value:
            continue
        label = key.replace("_", " ")
        rows.append((label, "\n".join(f"• {item}" for item in value) if key in LIST_FIELDS
                     else value, ""))
    links = pmap.relationships_of(part.id)
    if links:
        lines = []
        for rel in links:
            lines.append(describe_from(pmap, part.id, rel))
            lines += [f"  {fear}" for fear in link_fears(rel, pmap)]
        rows.append(("links", "\n".join(lines), ""))
    stamps = [f"{k} {v:%Y-%m-%d %H:%M}" for k, v in
              (("added", part.created), ("changed", part.updated)) if v]
    if stamps:
        rows.append(("", " · ".join(stamps), "dim"))
    return rows


def part_panel(pmap: PartsMap, part: Part) -> None:
    """One part: in a frame on a terminal; into a pipe, plain lines, nothing folded."""
    rows = part_fields(pmap, part)
    if not is_terminal(sys.stdout):
        width = max(len(label) for label, _, _ in rows)
        lines = [" ".join(visible(part.name).split("\n"))]
        for label, value, _ in rows:
            first, *more = visible(value).split("\n")
            lines.append(f"  {label:<{width}}  {first}".rstrip())
            lines += [f"  {'':<{width}}  {line}".rstrip() for line in more]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from rich.cells import cell_len
    from rich.panel import Panel
    from rich.table import Table

    out = console()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    # Fold only words longer than the line; never cut: every word stays readable.
    grid.add_column(overflow="fold")
    # A name too long for the frame's title is shown whole inside it instead.
    titled = cell_len(visible(part.name)) + 8 <= out.width and "\n" not in part.name
    if not titled:
        grid.add_row("name", text(part.name))
    for label, value, style in rows:
        if label == "role":  # the role in its colour, the status after it dimmed
            role, _, rest = value.partition(" · ")
            grid.add_row(label, text(role, style=ROLE_STYLE.get(role, ""))
                         .append(visible(f" · {rest}"), style="dim"))
        else:
            grid.add_row(label, text(value, style=style))
    out.print(Panel(grid, title=text(part.name) if titled else None, title_align="left",
                    expand=False))


def part_json(part: Part, pmap: PartsMap | None = None) -> dict[str, Any]:
    """A part for --json: every key present (empty when empty), links when `pmap` is given.

    The shape is documented in docs/json.md; keep the two in step.
    """
    from ifs_tui.core.codec import history_to_dict, part_to_dict
    from ifs_tui.core.model import PART_KEYS

    data: dict[str, Any] = {"id": part.id, "name": part.name, "role": part.role,
                            "status": part.status}
    for key in PART_KEYS[4:]:
        value = getattr(part, key)
        if key == "status_history":
            value = [history_to_dict(h) for h in value]
        data[key] = list(value) if isinstance(value, list) else value or ""
    for key, value in part_to_dict(part).items():
        data.setdefault(key, value)  # keys from a newer version, kept as they are
    if pmap is not None:
        data["links"] = [link_json(pmap, part.id, rel) for rel in pmap.relationships_of(part.id)]
    return data


def link_json(pmap: PartsMap, part_id: str, rel: Relationship) -> dict[str, str]:
    """A link as seen from one part: the other part, the kind, the direction, the note."""
    from ifs_tui.core.model import SYMMETRIC_KINDS

    outgoing = rel.source == part_id
    other_id = rel.target if outgoing else rel.source
    other = pmap.part(other_id)
    direction = "both" if rel.kind in SYMMETRIC_KINDS else "to" if outgoing else "from"
    # Fears seen from this part: its own about the other, and the other's about it.
    mine, theirs = (rel.from_fears, rel.to_fears) if outgoing else (rel.to_fears, rel.from_fears)
    return {"part": other_id, "name": other.name if other else "", "kind": rel.kind,
            "direction": direction, "note": rel.note, "own_fears": mine, "other_fears": theirs}


def packs_table(packs: list[Pack], overridden: dict[str, list[str]]) -> None:
    from ifs_tui.core.pack_files import origin_words

    from .table import Column, cell, print_table

    # Dropped when the terminal is narrow: min first, then phase; titles are cut only
    # when nothing more can go. Where a pack comes from always stays: the command says it.
    columns = [Column("id"), Column("title", cut=True, whole=True), Column("phase", drop=2),
               Column("min", drop=1), Column("from", cut=True)]
    rows = []
    for pack in packs:
        source = origin_words(pack, overridden)
        rows.append([cell(pack.id), cell(pack.title), cell(pack.phase),
                     cell(str(pack.minutes or "")), cell(source)])
    print_table(columns, rows)


def pack_details(pack: Pack) -> None:
    from ifs_tui.core.pack_files import pack_origin
    from ifs_tui.core.pack_routes import plain_route, route_words
    from ifs_tui.core.pack_words import step_words
    from ifs_tui.core.packs import reflow

    out = console()
    out.print(text(pack.title, style="bold"))
    out.print(text(f"{pack.id} · {pack.phase} · about {pack.minutes} min · {pack_origin(pack)}: "
                   f"{pack.path}", style="dim"))
    if pack.summary:
        out.print(text(pack.summary))
    if pack.care_note.strip():
        out.print()
        out.print(text(reflow(pack.care_note), style="italic"))
    if pack.support:
        out.print(text("Your support contacts (ifs support list) are shown at the start and "
                       "at the end.", style="dim"))
    # The plain route first; steps only a branch (or not_there) leads to come after.
    plain = set(plain_route(pack))
    steps = [s for s in pack.steps if s.id in plain] + [s for s in pack.steps
                                                        if s.id not in plain]
    for number, step in enumerate(steps, start=1):
        if step.id not in plain and steps[number - 2].id in plain:
            out.print()
            out.print(text("Reached only by a branch:", style="bold"))
        out.print()
        kind = visible(f"[{step.kind} · {step.id}] ")
        out.print(text(f"{number}. ", style="bold").append(kind, style="dim")
                  .append(visible(step.ask)))
        if step.hint:
            out.print(text(f"   {step.hint}", style="dim"))
        for line in step_words(pack, step):  # for_each, make_part, link, shows
            out.print(text(f"   {line}", style="dim"))
        for option in step.options:
            out.print(text(f"   - {option}"))
        if step.kind == "scale":
            out.print(text(f"   {step.min} {step.min_label} … {step.max} {step.max_label}",
                           style="dim"))
        if step.adds_to:
            out.print(text(f"   adds to the part's {step.adds_to}", style="dim"))
        if step.support:
            out.print(text("   shows your support contacts", style="dim"))
        shown_next = steps[number].id if number < len(steps) else None
        for route in route_words(pack, step, shown_next):
            out.print(text(f"   {route}", style="cyan"))


def journal_table(records: list[Header], pmap: PartsMap | None) -> None:
    from .table import Column, cell, print_table

    # On a narrow terminal the id goes first, then the pack title is cut: date, part
    # and status stay (`ifs reflect --resume` sends people here to find unfinished ones).
    columns = [Column("date"), Column("pack", cut=True), Column("part", cut=True, whole=True),
               Column("status"), Column("id", drop=1)]
    print_table(columns, [[f"{r.started:%Y-%m-%d %H:%M}", cell(r.pack_title),
                           cell(part_label(pmap, r.part)), cell(r.status), cell(r.id)]
                          for r in records])


def part_label(pmap: PartsMap | None, part_id: str) -> str:
    if not part_id:
        return ""
    part = pmap.part(part_id) if pmap else None
    return part.name if part else part_id


def reflection_details(rec: Reflection, pmap: PartsMap | None) -> None:
    from ifs_tui.core.reflections import (
        LEFT_ROUTE,
        UNFINISHED,
        answer_text,
        item_heading,
        on_path,
    )

    out = console()
    out.print(text(rec.pack_title, style="bold"))
    meta = f"{rec.started:%Y-%m-%d %H:%M} · {rec.status}"
    if rec.part:
        meta += f" · {part_label(pmap, rec.part)}"
    out.print(text(meta + f" · {rec.id}", style="dim"))
    taken, left = on_path(rec)
    answers = taken + left
    for i, answer in enumerate(answers):
        if left and i == len(taken):  # words never dropped, but set apart from the walk
            out.print()
            out.print(text(LEFT_ROUTE, style="dim italic"))
        if heading := item_heading(answers, i):
            out.print()
            out.print(text(heading, style="bold underline"))
        out.print()
        out.print(text(answer.ask, style="bold"))
        shown = answer_text(answer, pmap)
        out.print(text(shown, style="dim italic" if answer.skipped else ""))
        if answer.added_to:
            part_id, _, field = answer.added_to.rpartition(".")
            out.print(text(f"added to {part_label(pmap, part_id)}: {field}", style="dim"))
    if rec.draft is not None and rec.draft.text.strip():  # as the app's journal shows it
        out.print()
        out.print(text(UNFINISHED, style="dim italic"))
        out.print(text(rec.draft.text))


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (ValueError, AttributeError):  # closed, or not a real stream
        return False


def asked(question: str, nothing: str, again: str) -> bool:
    """Whether the person said yes to `question`. From a pipe nothing is asked: it says
    `nothing` ("Nothing was moved"), how to do it anyway (`again`), and exits 1."""
    import typer

    if not stdin_is_terminal():
        note(f"{nothing}: there is no terminal to ask. To do it anyway: {again}")
        raise typer.Exit(1)
    if not typer.confirm(question, default=False):
        say(f"{nothing}.")
        return False
    return True
