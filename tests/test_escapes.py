"""Text from files never steers the terminal, and every export shows it as written.

The hostile corpus (tests/hostile.py) goes into map.toml, a reflection, a moment
and a pack; every CLI command that prints is run over it, and every export is
read back with its own grammar (CommonMark, Mermaid entity codes, DOT, HTML, SVG).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ifs_tui.core import reflections, services
from ifs_tui.core.check import check_folder
from ifs_tui.core.export import export
from ifs_tui.core.model import PartsMap, Relationship, StatusChange
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore
from ifs_tui.core.svg import ROLE_NAME
from ifs_tui.core.textsafe import hazard_fields, u_escaped, visible

from .hostile import ESC, NAMES, TERMINAL_HAZARDS, TEXTS

RLO_NAME = "Right\u202eto-left override"
TEXT_FIELDS = ("job", "age", "body", "needs", "notes", "intent", "first_appeared",
               "feel_toward")
LIST_FIELDS = ("fears", "protects", "triggers", "emotions", "tags", "burdens")


def raw_hazards(out: str) -> list[str]:
    return [repr(h) for h in TERMINAL_HAZARDS if h in out]


# --- the one rule --------------------------------------------------------------------


def test_visible_shows_each_hazard_and_keeps_lines() -> None:
    assert visible(f"a{ESC}[2Jb") == "a<U+001B>[2Jb"
    assert visible("x\u202ey\u2069") == "x<U+202E>y<U+2069>"
    assert visible("one\ntwo\tthree\r\nfour\rfive") == "one\ntwo\tthree\nfour<U+000D>five"
    assert visible("c1\x9b nul\x00 del\x7f") == "c1<U+009B> nul<U+0000> del<U+007F>"
    assert visible("plain [b] \u200b Ω") == "plain [b] \u200b Ω"
    for text in TEXTS:
        assert not raw_hazards(visible(text))


def test_json_and_toml_keep_the_data_and_escape_the_rest() -> None:
    for text in TEXTS:
        dumped = u_escaped(json.dumps({"k": text}, ensure_ascii=False))
        assert not raw_hazards(dumped)
        assert json.loads(dumped) == {"k": text}


# --- a map folder full of hostile text ---------------------------------------------------


def hostile_map(folder: Path) -> PartsMap:
    """Every NAME as a part; every TEXT in the fields, a reflection, a moment and a pack."""
    store = MapStore(folder)
    pmap = store.create("Title\n" + TEXTS[-3])
    for name in NAMES:
        services.add_part(pmap, name)
    for i, part in enumerate(pmap.parts):
        for j, key in enumerate(TEXT_FIELDS):
            setattr(part, key, TEXTS[(i + j) % len(TEXTS)])
        for j, key in enumerate(LIST_FIELDS):
            setattr(part, key, [TEXTS[(i + j + 3) % len(TEXTS)], "plain"])
        part.feel_toward_noted = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        part.status_history = [StatusChange("befriended", part.feel_toward_noted,
                                            TEXTS[i % len(TEXTS)])]
    pmap.self_notes.notes = "\n".join(TEXTS[-10:-1])
    ids = [p.id for p in pmap.parts]
    pmap.relationships = [Relationship(ids[i], ids[i + 1], "protects", TEXTS[i])
                          for i in range(0, len(ids) - 1, 2)]
    pmap.relationships += [Relationship(ids[i], ids[i + 1], "polarized", TEXTS[i],
                                        from_fears=TEXTS[-i - 1], to_fears=TEXTS[i])
                           for i in range(1, len(ids) - 1, 2)]
    store.save(pmap)
    when = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    answers = [Answer(step=f"s{i}", kind="text", ask=text, value=text)
               for i, text in enumerate(TEXTS)]
    rlo = ids[NAMES.index(RLO_NAME)]
    answers.append(Answer(step="p", kind="part", ask=TEXTS[-5], value=rlo))
    reflections.save(store, Reflection(id="20261101-200000-hostile", pack="hostile",
                                       pack_title=TEXTS[-4], started=when, updated=when,
                                       part=rlo, answers=answers))
    (folder / "moments").mkdir(exist_ok=True)
    (folder / "moments" / "2026-11.toml").write_text(tomli_w.dumps(
        {"schema": 1, "moments": [{"at": when, "text": TEXTS[-4]}]}), encoding="utf-8")
    (folder / "prompts").mkdir(exist_ok=True)
    (folder / "prompts" / "hostile.toml").write_text(tomli_w.dumps(hostile_pack()),
                                                     encoding="utf-8")
    return store.load()


def hostile_pack() -> dict[str, object]:
    steps: list[dict[str, object]] = [
        {"id": f"t{i}", "kind": "text", "ask": text, "hint": TEXTS[-i - 1]}
        for i, text in enumerate(TEXTS[-8:])
    ]
    steps.append({"id": "c", "kind": "choice", "ask": "Pick", "options": TEXTS[-8:-1]})
    steps.append({"id": "s", "kind": "scale", "ask": "How much?", "min": 0, "max": 3,
                  "min_label": TEXTS[-6], "max_label": TEXTS[-7]})
    return {"schema": 1, "id": "hostile", "title": "Hostile " + TEXTS[-6], "phase": "anytime",
            "summary": TEXTS[-5], "care_note": TEXTS[-4], "minutes": 5, "steps": steps}


@pytest.fixture
def hostile(map_folder: Path) -> PartsMap:
    return hostile_map(map_folder)


def test_every_printing_command_shows_hazards_escaped(cli: Callable, hostile: PartsMap,
                                                      map_folder: Path) -> None:
    ids = [p.id for p in hostile.parts]
    rlo = ids[NAMES.index(RLO_NAME)]
    runs = {
        "part list": cli("part", "list"),
        "journal list": cli("journal", "list"),
        "journal show": cli("journal", "show", "hostile"),
        "check": cli("check"),
        "prompts list": cli("prompts", "list"),
        "prompts show": cli("prompts", "show", "hostile"),
        "link": cli("link", ids[1], ids[2], "--kind", "allied", "--note", "n"),
        "unlink": cli("unlink", ids[1], ids[2]),
        "part edit": cli("part", "edit", ids[3], "--age", "seven"),
        "part remove": cli("part", "remove", ids[4], "--yes"),
        "remove asks": cli("part", "remove", rlo, input="n\n"),
        "no such part": cli("part", "show", rlo[:-1] + "q"),
        "reflect": cli("reflect", "hostile", "--part", rlo, input="an answer\n"),
    }
    for i in range(len(ids)):
        if i != 4:
            runs[f"part show {i}"] = cli("part", "show", ids[i])
    for fmt in ("markdown", "json", "toml", "dot", "mermaid", "html", "svg"):
        runs[f"export {fmt}"] = cli("export", "--format", fmt, "--reflections", "3")
    for what, run in runs.items():
        assert run.exit_code in (0, 1), (what, run)
        assert not raw_hazards(run.stdout + run.stderr), what
    # Each command did show the hostile text, visibly.
    assert "<U+202E>" in runs["part list"].stdout
    assert "<U+001B>[2J" in "".join(r.stdout for w, r in runs.items() if "part show" in w)
    assert "<U+202E>" in runs["journal show"].stdout
    assert "<U+001B>" in runs["prompts show"].stdout
    assert "<U+202E>" in runs["remove asks"].stdout
    assert "<U+202E>" in runs["reflect"].stdout
    assert "U+001B" in runs["export markdown"].stdout


def test_json_output_keeps_the_text_and_escapes_it(cli: Callable, hostile: PartsMap) -> None:
    for args in (("part", "list", "--json"), ("journal", "list", "--json"),
                 ("journal", "show", "hostile", "--json"), ("check", "--json"),
                 ("prompts", "list", "--json"), ("export", "-f", "json")):
        run = cli(*args)
        assert not raw_hazards(run.stdout + run.stderr), args
        json.loads(run.stdout)
    parts = json.loads(cli("part", "list", "--json").stdout)
    assert [p["name"] for p in parts] == [p.name for p in hostile.parts]
    assert [p["notes"] for p in parts] == [p.notes for p in hostile.parts]


def test_error_messages_quoting_a_path_show_hazards(cli: Callable, tmp_path: Path) -> None:
    odd = tmp_path / f"odd\u202eharm{ESC}[2J"
    run = cli("--map", str(odd), "part", "list")
    assert run.exit_code == 1
    assert "odd<U+202E>harm<U+001B>[2J" in run.stderr
    assert not raw_hazards(run.stdout + run.stderr)


def test_a_broken_pack_with_an_odd_file_name_is_named_visibly(cli: Callable, ready: Path
                                                              ) -> None:
    (ready / "prompts").mkdir(exist_ok=True)
    (ready / "prompts" / f"bad{ESC}]52;c;eA==\u0007.toml").write_text("schema = [", "utf-8")
    run = cli("prompts", "list")
    assert "bad<U+001B>]52;c;eA==<U+0007>.toml" in run.stderr
    assert not raw_hazards(run.stdout + run.stderr)


# --- ifs check ---------------------------------------------------------------------------


def test_check_warns_about_hazards_naming_file_and_field(hostile: PartsMap, map_folder: Path
                                                         ) -> None:
    warnings = [p for p in check_folder(map_folder) if "reorder text" in p.message]
    assert all(p.severity == "warning" for p in warnings)
    where = {(Path(p.file).name, p.field) for p in warnings}
    assert ("map.toml", "parts[0].notes") not in where  # "[/]": nothing hostile for a terminal
    escaped = next((i, k) for i, p in enumerate(hostile.parts) for k in TEXT_FIELDS
                   if ESC in getattr(p, k))
    assert ("map.toml", "parts[{}].{}".format(*escaped)) in where
    assert ("map.toml", "title") in where
    fears = next(i for i, r in enumerate(hostile.relationships) if ESC in r.from_fears)
    assert ("map.toml", f"relationships[{fears}].from_fears") in where
    assert any(f.startswith("parts[") and f.endswith(".feel_toward") for _, f in where)
    assert any(f.endswith("status_history[0].by") for _, f in where)
    assert ("20261101-200000-hostile.toml", "pack_title") in where
    assert ("2026-11.toml", "moments[0].text") in where
    assert ("hostile.toml", "care_note") in where
    names = [p for p in warnings if p.field.endswith(".name")]
    assert {p.field for p in names} == {f"parts[{NAMES.index(RLO_NAME)}].name"}
    assert all("U+" in p.message for p in warnings)
    # The warning names the characters, never the text around them.
    assert not any("screen" in p.message or "gnitset" in p.message for p in warnings)


def test_check_says_nothing_about_crlf_line_endings() -> None:
    assert list(hazard_fields({"notes": "one\r\ntwo", "x": ["ok"]})) == []
    assert list(hazard_fields({"a": [{"b": "lone\rreturn"}]})) == [("a[0].b", ["U+000D"])]


# --- exports read back with their own grammar ----------------------------------------------


def shown(text: str) -> str:
    """What a reader should see: hazards visible, blank lines at the end dropped."""
    lines = visible(text).split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def md_inlines(source: str) -> list[str]:
    """The text of each paragraph, heading and list item as CommonMark renders it."""
    found = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type != "inline":
            continue
        text = ""
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                text += child.content
            elif child.type in ("softbreak", "hardbreak"):
                text += "\n"
            else:
                assert child.type.endswith(("_open", "_close")), child.type
                assert child.tag in ("strong", "em"), source  # only our own labels
        found.append(text)
    return found


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_markdown_renders_every_text_as_written(text: str) -> None:
    pmap = PartsMap(title=text)
    part = services.add_part(pmap, "Plain")
    part.notes = text
    part.fears = [text]
    pmap.self_notes.notes = text
    source = export(pmap, "markdown")
    assert not raw_hazards(source)
    inlines = md_inlines(source)
    assert inlines[0] == shown(text).replace("\n", " ")  # a heading stays one line
    assert inlines[3] == shown(text)  # the Self notes
    assert shown(text) in inlines[5:]  # the fear
    assert "Notes: " + shown(text) in inlines


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_markdown_headings_keep_names(name: str) -> None:
    pmap = PartsMap()
    part = services.add_part(pmap, name)
    assert md_inlines(export(pmap, "markdown"))[3] == visible(part.name)


def _map_of_names() -> PartsMap:
    pmap = PartsMap(title="A\n" + "\n".join(TEXTS[-10:]))
    for name in NAMES:
        services.add_part(pmap, name)
    return pmap


def test_mermaid_labels_decode_to_the_names() -> None:
    pmap = _map_of_names()
    text = export(pmap, "mermaid")
    assert "%%" not in text and not raw_hazards(text)
    labels = re.findall(r'^    p\d+\["([^"\n]*)"\]:::\w+$', text, re.MULTILINE)
    assert len(labels) == len(NAMES)
    by_id = {f"p{i}": p.name for i, p in enumerate(pmap.parts)}
    for line in text.splitlines():
        match = re.fullmatch(r'    (p\d+)\["([^"]*)"\]:::\w+', line)
        if match:
            label = match.group(2)
            # Nothing Mermaid reads as syntax is left in the label, only entity codes.
            assert not re.search(r"[%\"<>&`\ufb02\u00b6]|#(?!\d+;)", label), label
            decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)
            assert decoded == visible(by_id[match.group(1)])


def _dot_string(quoted: str) -> str:
    inner = quoted[1:-1]
    out = re.sub(r'\\(["\\n])', lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), inner)
    return out.replace("&amp;", "&")


def test_dot_labels_decode_to_the_names() -> None:
    pmap = _map_of_names()
    text = export(pmap, "dot")
    assert not raw_hazards(text)
    labels = re.findall(r'\[label=("(?:[^"\\]|\\.)*"), fillcolor', text)
    assert [_dot_string(q) for q in labels] == [visible(p.name) for p in sorted(
        pmap.parts, key=lambda p: ("manager", "firefighter", "exile", "unknown").index(p.role))]
    title = re.search(r'graph \[rankdir=TB, labelloc=t, label=("(?:[^"\\]|\\.)*")\]', text)
    assert title and _dot_string(title.group(1)) == visible(pmap.title)
    assert "&amp;amp;" in text  # "&amp;" in a name stays "&amp;" once Graphviz reads it


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tag, self.found = "", []  # type: tuple[str, list[tuple[str, str]]]

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tag = tag

    def handle_data(self, data: str) -> None:
        if data != "\n":
            self.found.append((self.tag, data))


def test_html_and_svg_show_the_text_as_written() -> None:
    pmap = _map_of_names()
    for part, text in zip(pmap.parts, TEXTS, strict=False):
        part.notes = text
    page = export(pmap, "html")
    assert not raw_hazards(page)
    reader = _Texts()
    reader.feed(page)
    assert [d for t, d in reader.found if t == "h3"] == [visible(p.name) for p in sorted(
        pmap.parts, key=lambda p: ("manager", "firefighter", "exile", "unknown").index(p.role))]
    notes = [d for t, d in reader.found if t == "dd"]
    for part in pmap.parts:
        assert visible(part.notes) in notes
    svg = export(pmap, "svg")
    assert not raw_hazards(svg)
    tree = ElementTree.fromstring(svg)  # well-formed XML: no control characters inside
    titles = [el.text for el in tree.iter("{http://www.w3.org/2000/svg}title")]
    assert titles[0] == visible(pmap.title)
    # The hover title names the role in the app's words ("Not sure yet", not "unknown").
    assert sorted(titles[1:]) == sorted(f"{visible(p.name)} ({ROLE_NAME[p.role]})"
                                        for p in pmap.parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab 1.-+=#>*_`~[]()<>&;!|\\\t\n\r\u3000\u202e\x1b", "&amp;",
                                 "&#35;", "1. ", "---", "```", "\n\n", "    "]),
                max_size=30).map("".join))
def test_markdown_renders_any_text_as_written(text: str) -> None:
    pmap = PartsMap()
    services.add_part(pmap, "Plain").notes = text
    pmap.self_notes.notes = text
    inlines = md_inlines(export(pmap, "markdown"))
    want = shown(text)
    if want.strip():
        assert inlines[3] == want
        assert "Notes: " + want in inlines


def test_text_that_looks_empty_shows_its_invisible_characters() -> None:
    from ifs_tui.core.textsafe import visible

    assert visible("\u200b") == "<U+200B>"
    assert visible("\u200b \u200d") == "<U+200B> <U+200D>"
    assert visible("\u3000") == "<U+3000>"
    # Ordinary text, blank lines and text with a visible letter stay as written.
    assert visible("a\u200b") == "a\u200b"
    assert visible("   ") == "   "
    assert visible(" \n ") == " \n "


def test_a_name_of_one_zero_width_space_is_listed_visibly(cli, map_folder) -> None:
    assert cli("init").exit_code == 0
    assert cli("part", "add", "\u200b").exit_code == 0
    listing = cli("part", "list").stdout
    assert "<U+200B>" in listing
