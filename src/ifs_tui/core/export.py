"""Export a map: Markdown, JSON, TOML, Graphviz DOT, Mermaid, HTML and SVG.

Every format is built from the same PartsMap; `--redact` runs `redact()` first,
so no format can let a name or a free-text field through. Each format escapes
text for its own grammar, so a name that looks like syntax shows as typed.
Terminal escapes and bidi overrides (core/textsafe.py) are shown as <U+XXXX>
in the formats meant for reading, and written as \\uXXXX in JSON and TOML.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from . import services
from .atomic import atomic_write
from .codec import map_to_dict, to_jsonable
from .errors import InvalidInput
from .export_over_time import OverTime, html_lines, json_part, markdown_lines
from .fileerrors import file_error
from .model import LIST_FIELDS, ROLES, Part, PartsMap
from .partwords import LABELS, earlier_statuses, feel_toward_line, status_line
from .redact import redact
from .reflections import (
    LEFT_ROUTE,
    UNFINISHED,
    Reflection,
    answer_text,
    item_heading,
    on_path,
)
from .storage import dump_map
from .support import Contact, contact_line, support_dict
from .svg import ROLE_NAME, ROW_TITLE, render_svg
from .textsafe import u_escaped, visible
from .tomlwrite import _section

FORMATS = ("markdown", "json", "toml", "dot", "mermaid", "html", "svg")
SUFFIX = {"markdown": ".md", "json": ".json", "toml": ".toml", "dot": ".dot",
          "mermaid": ".mmd", "html": ".html", "svg": ".svg"}
CARE = ("Made with ifs-tui, a reflection aid: not therapy, diagnosis or medical advice. "
        "In a crisis, contact your local emergency services.")
SUMMARY_FIELDS = [(key, LABELS[key]) for key in (
    "job", "intent", "fears", "protects", "triggers", "age", "first_appeared", "body",
    "emotions", "burdens", "needs", "feel_toward", "notes")]


def _summary_value(part: Part, key: str) -> str | list[str]:
    value: str | list[str] = getattr(part, key)
    return feel_toward_line(part) if key == "feel_toward" else value


def _link_lines(pmap: PartsMap, part: Part) -> list[str]:
    """Each link in words, and under a polarized one what each side fears."""
    lines = []
    for rel in pmap.relationships_of(part.id):
        lines.append(services.describe_from(pmap, part.id, rel))
        lines += [f"  {fear}" for fear in services.link_fears(rel, pmap)]
    return lines


def export(pmap: PartsMap, fmt: str, records: list[Reflection] | None = None,
           recent: int = 0, redacted: bool = False,
           contacts: list[Contact] | None = None, over: OverTime | None = None) -> str:
    """`contacts`: the person's support contacts, only when they asked for them.
    `over`: moments and journeys, for markdown, json and html (counts when redacted)."""
    if redacted and contacts:
        raise InvalidInput("--with-support: support contacts are never part of a redacted "
                           "export; leave out one of the two")
    named = pmap
    if redacted:
        pmap, records = redact(pmap), []  # reflections are free text: never in a redacted export
    records = sorted(records or [], key=lambda r: r.started)[-recent:] if recent else []
    contacts = contacts or []
    # The map's own names are needed to name the parts of moments and journeys.
    later = over or OverTime()
    if fmt == "markdown":
        lines = markdown_lines(later, named, redacted)
        text = markdown(pmap, records)
        text += "\n" + "\n".join(lines).rstrip() + "\n" if lines else ""
        return text + support_markdown(contacts)
    if fmt == "json":
        doc = map_to_dict(pmap)
        if over is not None:
            doc.update(json_part(over, redacted))
        if contacts:
            doc["support"] = [support_dict(c) for c in contacts]
        dumped = json.dumps(to_jsonable(doc), ensure_ascii=False, indent=2)
        return u_escaped(dumped) + "\n"
    if fmt == "toml":
        text = dump_map(pmap).decode("utf-8")
        if contacts:
            text += "".join("\n" + _section("[[support]]", "support", support_dict(c))
                            for c in contacts)
        return u_escaped(text)
    if fmt == "dot":
        return dot(pmap)
    if fmt == "mermaid":
        return mermaid(pmap)
    if fmt == "html":
        return html(pmap, records, contacts, html_lines(later, named, redacted))
    if fmt == "svg":
        return render_svg(pmap)
    raise ValueError(fmt)


def _by_role(pmap: PartsMap) -> list[tuple[str, list[Part]]]:
    return [(role, [p for p in pmap.parts if p.role == role]) for role in ROLES
            if any(p.role == role for p in pmap.parts)]


# --- Markdown ----------------------------------------------------------------------

# Characters with an inline meaning somewhere in CommonMark or GitHub Markdown
# (emphasis, code, links, raw HTML, entities, tables, strikethrough).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|&~])")
# What opens a block at the start of a line: a list item, a rule, a setext
# underline ("=" / "-"), a heading, a quote or a fence (the last three are
# escaped anywhere by _MD_INLINE).
_MD_LINE_START = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)]))")


def _md_line(line: str) -> str:
    body = line.strip()
    start = len(line) - len(line.lstrip())
    lead, trail = line[:start], line[start + len(body):]
    body = _MD_INLINE.sub(r"\\\1", body)
    number = _MD_LINE_START.match(body)
    if number and number.group()[0].isdigit():
        body = number.group() + "\\" + body[number.end():]
    elif number:
        body = "\\" + body
    # Spaces at either end would be dropped or read as indentation: keep them as
    # character references, which Markdown shows but never parses as structure.
    edge = "".join(f"&#{ord(ch)};" for ch in lead), "".join(f"&#{ord(ch)};" for ch in trail)
    return edge[0] + body + edge[1]


def md(text: str, heading: bool = False) -> str:
    """Text as typed, safe inside Markdown (CommonMark): it renders as written.

    Line breaks become hard breaks (a backslash at the end of the line), so a
    line that looks like a list, a rule or a fence stays text; the next line is
    indented two spaces to stay inside a list item. A heading is one line, so
    there line breaks show as spaces.
    """
    lines = visible(text).split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()  # blank lines at the end show as nothing anyway
    if heading:
        return _md_line(" ".join(lines))
    return "\\\n  ".join(_md_line(line) for line in lines)


def markdown(pmap: PartsMap, records: list[Reflection]) -> str:
    out = [f"# {md(pmap.title or 'Parts map', heading=True)}", "", f"_{CARE}_", ""]
    if pmap.self_notes.notes:
        out += ["## Self", "", md(pmap.self_notes.notes), ""]
    for role, parts in _by_role(pmap):
        out += [f"## {ROW_TITLE[role]} ({len(parts)})", ""]
        for part in parts:
            out += [f"### {md(part.name, heading=True)}", "",
                    f"- **Role:** {ROLE_NAME[part.role]} · {md(status_line(part))}"]
            earlier = earlier_statuses(part)
            if earlier:
                out.append("- **Earlier:**")
                out += [f"  - {md(line)}" for line in earlier]
            for key, label in SUMMARY_FIELDS:
                value = _summary_value(part, key)
                if key in LIST_FIELDS and value:
                    out.append(f"- **{label}:**")
                    out += [f"  - {md(item)}" for item in value]
                elif isinstance(value, str) and value:
                    out.append(f"- **{label}:** {md(value)}")
            links = pmap.relationships_of(part.id)
            if links:
                out.append("- **Links:**")
                for rel in links:
                    out.append(f"  - {md(services.describe_from(pmap, part.id, rel))}")
                    out += [f"    - {md(fear)}" for fear in services.link_fears(rel, pmap)]
            out.append("")
    if records:
        out += ["## Recent reflections", ""]
        for rec in reversed(records):
            chosen = pmap.part(rec.part) if rec.part else None
            who = f" · {md(chosen.name, heading=True)}" if chosen else ""
            out += [f"### {rec.started:%Y-%m-%d} · {md(rec.pack_title, heading=True)} "
                    f"({md(rec.status, heading=True)}){who}", ""]
            taken, left = on_path(rec)
            shown = taken + left
            for i, answer in enumerate(shown):
                if left and i == len(taken):  # kept, but apart from the route taken
                    out += [f"_{LEFT_ROUTE}_", ""]
                if heading := item_heading(shown, i):
                    out += [f"#### {md(heading, heading=True)}", ""]
                out.append(f"**{md(answer.ask)}**  ")
                out.append(f"_{answer_text(answer)}_" if answer.skipped
                           else md(answer_text(answer, pmap)))
                out.append("")
            if rec.draft is not None and rec.draft.text.strip():
                out += [f"_{UNFINISHED}_  ", md(rec.draft.text), ""]
    return "\n".join(out).rstrip() + "\n"


SUPPORT_HEADING = "Support contacts"
WITH_SUPPORT = ("markdown", "json", "toml", "html")  # the formats that can hold them
WITH_OVER_TIME = ("markdown", "json", "html")  # ... moments and journeys


def support_markdown(contacts: list[Contact]) -> str:
    if not contacts:
        return ""
    out = ["", f"## {SUPPORT_HEADING}", ""]
    for contact in contacts:
        line = f"- {md(contact_line(contact))}"
        # The note on a line of its own in the same item (a hard break).
        out.append(f"{line}\\\n  {md(contact.note)}" if contact.note else line)
    return "\n".join(out) + "\n"


# --- Graphviz DOT --------------------------------------------------------------------

DOT_EDGE = {
    "protects": '[label="protects"]',
    "polarized": '[label="polarized", dir=both, arrowhead=tee, arrowtail=tee, '
                 'style=dashed, color="#b0675f"]',
    "allied": '[label="allied", dir=none, style=dotted, color="#6a8a5a"]',
}
DOT_FILL = {"manager": "#dbe7e8", "firefighter": "#f3e6d3", "exile": "#f0dde4",
            "unknown": "#e6e6e6"}


def _dq(text: str) -> str:
    """A DOT quoted string shown as typed: Graphviz reads backslash escapes (\\N is
    the node's name) and HTML entities (&amp;) in labels, so both are escaped."""
    text = visible(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + text.replace("\n", "\\n") + '"'


def dot(pmap: PartsMap) -> str:
    out = ["digraph parts {",
           f"  graph [rankdir=TB, labelloc=t, label={_dq(pmap.title or 'Parts map')}];",
           '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
           '  edge [fontname="sans-serif", fontsize=10];',
           '  self [label="Self", shape=ellipse, fillcolor="#fffdf4"];']
    for role, parts in _by_role(pmap):
        out.append(f"  subgraph cluster_{role} {{")
        out.append(f"    label={_dq(ROW_TITLE[role])}; style=dashed; color=\"#bbbbbb\";")
        for part in parts:
            out.append(f"    {_dq(part.id)} [label={_dq(part.name)}, "
                       f"fillcolor=\"{DOT_FILL[role]}\"];")
        out.append("  }")
    for rel in pmap.relationships:
        out.append(f"  {_dq(rel.source)} -> {_dq(rel.target)} {DOT_EDGE[rel.kind]};")
    out.append("}")
    return "\n".join(out) + "\n"


# --- Mermaid -------------------------------------------------------------------------

MERMAID_EDGE = {"protects": "-->|protects|", "polarized": "x--x|polarized|",
                "allied": "---|allied|"}


# Mermaid reads "%%" as a comment or a directive (%%{init}%%) anywhere in the
# text, "#name;" and "#35;" as entity codes, a backtick as the start of a
# Markdown label, and its own placeholders for entities ("\ufb02°" and "¶ß"
# start them). <, > and & would reach the HTML label. Each of them is written as a
# numeric entity code (#37; for %), which Mermaid turns back into the character.
_MERMAID_SPECIAL = re.compile("[%#\"&<>`\ufb02\u00b6]")


def _mq(text: str) -> str:
    text = _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", visible(text))
    return '"' + text.replace("\n", " ") + '"'


def mermaid(pmap: PartsMap) -> str:
    ids = {part.id: f"p{i}" for i, part in enumerate(pmap.parts)}
    out = ["flowchart TB"]
    for role, fill in DOT_FILL.items():
        out.append(f"  classDef {role} fill:{fill},stroke:#666,color:#222")
    out.append('  self(["Self"])')
    for role, parts in _by_role(pmap):
        out.append(f"  subgraph {role}s [{_mq(ROW_TITLE[role])}]")
        for part in parts:
            out.append(f"    {ids[part.id]}[{_mq(part.name)}]:::{role}")
        out.append("  end")
    for rel in pmap.relationships:
        if rel.source in ids and rel.target in ids:
            out.append(f"  {ids[rel.source]} {MERMAID_EDGE[rel.kind]} {ids[rel.target]}")
    return "\n".join(out) + "\n"


# --- HTML ----------------------------------------------------------------------------

HTML_STYLE = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #2b2b2b; background: #fbfaf7; line-height: 1.5; }
h1 { font-weight: normal; } h2 { border-bottom: 1px solid #ddd; margin-top: 2rem; }
.care { color: #666; font-style: italic; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
dt { font-weight: bold; } dd { margin: 0 0 0.5rem 1rem; white-space: pre-wrap; }
.part { border-left: 4px solid #ccc; padding-left: 1rem; margin: 1rem 0; }
.manager { border-color: #5f8587; } .firefighter { border-color: #a07d4b; }
.exile { border-color: #9a6677; } .unknown { border-color: #7a7a7a; }
.journey { border-left: 4px solid #b9a46a; padding-left: 1rem; margin: 1rem 0; }
"""


def _h(text: str) -> str:
    return escape(visible(text), quote=True)


def html(pmap: PartsMap, records: list[Reflection], contacts: list[Contact] | None = None,
         later: list[str] | None = None) -> str:
    """`later`: the moments and journeys, as html_lines() gives them."""
    title = _h(pmap.title or "Parts map")
    out = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           # Nothing may be fetched from anywhere: the file is complete on its own.
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           "style-src 'unsafe-inline'; img-src data:\">",
           f"<title>{title}</title>", f"<style>{HTML_STYLE}</style>", "</head>", "<body>",
           f"<h1>{title}</h1>", f'<p class="care">{_h(CARE)}</p>',
           f"<figure>{render_svg(pmap)}</figure>"]
    if pmap.self_notes.notes:
        out += ["<h2>Self</h2>", f"<p>{_h(pmap.self_notes.notes)}</p>"]
    for role, parts in _by_role(pmap):
        out.append(f"<h2>{ROW_TITLE[role]} ({len(parts)})</h2>")
        for part in parts:
            out += [f'<section class="part {role}">', f"<h3>{_h(part.name)}</h3>", "<dl>",
                    f"<dt>Role</dt><dd>{ROLE_NAME[part.role]} · {_h(status_line(part))}</dd>"]
            earlier = earlier_statuses(part)
            if earlier:
                out.append(f"<dt>Earlier</dt><dd>{_h(chr(10).join(earlier))}</dd>")
            for key, label in SUMMARY_FIELDS:
                value = _summary_value(part, key)
                if value:
                    shown = "\n".join(value) if isinstance(value, list) else value
                    out.append(f"<dt>{label}</dt><dd>{_h(shown)}</dd>")
            links = _link_lines(pmap, part)
            if links:
                out.append(f"<dt>Links</dt><dd>{_h(chr(10).join(links))}</dd>")
            out += ["</dl>", "</section>"]
    if records:
        out.append("<h2>Recent reflections</h2>")
        for rec in reversed(records):
            out += [f"<h3>{rec.started:%Y-%m-%d} · {_h(rec.pack_title)} ({_h(rec.status)})</h3>",
                    "<dl>"]
            taken, left = on_path(rec)
            for i, answer in enumerate(taken):
                if heading := item_heading(taken, i):
                    out.append(f"</dl><h4>{_h(heading)}</h4><dl>")
                out.append(f"<dt>{_h(answer.ask)}</dt>"
                           f"<dd>{_h(answer_text(answer, pmap))}</dd>")
            out.append("</dl>")
            if left:
                out += [f'<p class="care">{_h(LEFT_ROUTE)}</p>', "<dl>"]
                out += [f"<dt>{_h(a.ask)}</dt><dd>{_h(answer_text(a, pmap))}</dd>"
                        for a in left]
                out.append("</dl>")
            if rec.draft is not None and rec.draft.text.strip():
                out.append(f'<p class="care">{_h(UNFINISHED)}</p><p>{_h(rec.draft.text)}</p>')
    out += later or []
    if contacts:
        out.append(f"<h2>{SUPPORT_HEADING}</h2>")
        out += [f"<p>{_h(contact_line(c))}" + (f"<br>{_h(c.note)}" if c.note else "") + "</p>"
                for c in contacts]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_export(text: str, path: Path, force: bool = False) -> None:
    """Write an export privately (0600), never over an existing file unless forced."""
    try:
        if path.exists() and not force:
            raise InvalidInput(f"{path} exists already; add --force to replace it")
        if not path.parent.is_dir():
            raise InvalidInput(f"there is no folder {path.parent}")
        atomic_write(path, text.encode("utf-8"))
    except OSError as err:
        raise file_error("write", path, err) from None


def write_into_folder(text: str, folder: Path, stem: str, suffix: str) -> Path:
    """Write an export into `folder` under a free name; every file-system error is worded."""
    try:
        if not folder.is_dir():
            raise InvalidInput(f"there is no folder {folder}")
        path = free_name(folder, stem, suffix)
    except OSError as err:  # a name too long, a folder that cannot be looked into
        raise file_error("write into", folder, err) from None
    write_export(text, path)
    return path


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """`stem.suffix` in `folder`, or `stem-2.suffix` and so on if that is taken."""
    path, n = folder / f"{stem}{suffix}", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path
