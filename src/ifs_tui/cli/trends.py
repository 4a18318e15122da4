"""`ifs trends`: a pack's scale answers over time (core/trends.py).

On a terminal, a sparkline per quality; into a pipe, plain lines: one per
check-in (or week) with its numbers, "-" where a scale was skipped.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from . import output
from .context import session

if TYPE_CHECKING:
    from ifs_tui.core.trends import Trends

SELF_ENERGY = "self-energy-check-in"  # core/trends.py SELF_ENERGY; not imported for --help


def trends_command(
    ctx: typer.Context,
    pack: Annotated[str, typer.Argument(
        metavar="PACK", help="The pack whose scales to chart (see: ifs prompts list).")
    ] = SELF_ENERGY,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Only check-ins from this date on, e.g. 2026-01-31.")
    ] = None,
    by: Annotated[str, typer.Option(
        "--by", metavar="checkin|week", help="One point per check-in, or per week (its mean).")
    ] = "checkin",
    as_json: Annotated[bool, typer.Option("--json", help="Print the points as JSON.")] = False,
) -> None:
    """Show how the scale answers of check-ins change over time (Self-energy by default).

    Any pack with scale steps can be named. A skipped scale is shown as a gap, never as
    a low number.
    """
    from ifs_tui.core import trend_words, trends
    from ifs_tui.core.dates import parse_when

    sess = session(ctx)
    store = sess.store()
    if not store.exists():
        sess.load()  # says there is no map here, and how to make one
    # The map itself is not read: trends need only the reflections (and a year of parts
    # would cost more than the chart).
    start = parse_when(since, "--since", day_start=True) if since is not None else None
    found = trends.series(store, pack, since=start, by=by.strip().casefold())
    if as_json:
        output.print_json(trends.json_dict(found))
    else:
        empty = trend_words.empty_words(found)
        if empty:
            for line in empty:
                output.say(line)
            if found.has_scales and found.since is None:
                output.say(f"Start one with: {sess.ifs} reflect {found.pack}")
            elif not found.has_scales:
                from ifs_tui.core.trends import all_packs, scale_packs

                known = ", ".join(p.id for p in scale_packs(all_packs(store)))
                output.say(f"Packs with scales: {known or 'none yet'}.")
        elif output.is_terminal(sys.stdout):
            _sparklines(found)
        else:
            _plain(found)
    if found.problems:
        output.note(f"Could not read {len(found.problems)} check-in file(s); the others are "
                    f"shown. {sess.ifs} check says why, and where.")


def _sparklines(found: Trends) -> None:
    from rich.text import Text

    from ifs_tui.core import trend_words
    from ifs_tui.core.trends import SKIPPED_MARK

    out = output.console()
    out.print(output.text(found.title, style="bold"))
    out.print(output.text(trend_words.summary(found), style="dim"))
    chart = trend_words.chart(found, out.width)
    label_w = chart.label_width
    if chart.scale:
        out.print(Text(" " * (label_w + 2)) + output.text(chart.scale, style="dim"))
    for row in chart.rows:
        out.print(output.text(row.label) + Text("  ") + Text(row.spark, style="cyan")
                  + Text("  ") + output.text(row.stats, style="dim"), no_wrap=True,
                  overflow="ellipsis")
    out.print(Text(" " * (label_w + 2)) + output.text(chart.span, style="dim"))
    notes = [trend_words.one_note(found), trend_words.shown_note(chart)]
    if any(SKIPPED_MARK in row.spark for row in chart.rows):
        notes.append(trend_words.SKIPPED_WORDS + ".")
    if chart.total > chart.end - chart.start:
        notes.append("See further back with --since DATE" + (
            "." if found.by == "week" else ", or --by week."))
    notes.append(trend_words.NOT_A_SCORE)
    for note in filter(None, notes):
        out.print(output.text(note, style="dim"))


def _plain(found: Trends) -> None:
    """A compact table: the date, then one column per scale step, "-" where skipped."""
    from ifs_tui.core.partwords import day
    from ifs_tui.core.textsafe import visible
    from ifs_tui.core.trend_words import summary
    from ifs_tui.core.trends import number

    lines = [" ".join(visible(found.title).split()), summary(found)]
    head = ["week of" if found.by == "week" else "date"] + [s.step for s in found.series]
    rows = [head]
    for i, point in enumerate(found.series[0].points):
        when = point.when  # as written, as the journal shows it (a week: its local Monday)
        shown = day(when) if found.by == "week" else f"{when:%Y-%m-%d %H:%M}"
        rows.append([shown] + [number(s.points[i].value) for s in found.series])
    widths = [max(len(r[c]) for r in rows) for c in range(len(head))]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    sys.stdout.write("\n".join(lines) + "\n")
