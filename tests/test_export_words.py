"""What a person reads in an export uses the app's words for roles; data keeps its keys."""

from __future__ import annotations

import json
import re

import pytest

from ifs_tui.core import services
from ifs_tui.core.export import export
from ifs_tui.core.model import PartsMap
from ifs_tui.core.services import PartChanges
from ifs_tui.core.storage import MapStore

WORDS = {"manager": "Manager", "firefighter": "Firefighter", "exile": "Exile",
         "unknown": "Not sure yet"}


@pytest.fixture
def pmap(tmp_path) -> PartsMap:
    store = MapStore(tmp_path / "map")
    made = store.create("Roles")
    for role in WORDS:
        services.add_part(made, f"A {role} part", PartChanges(role=role))
    store.save(made)
    return store.load()


def test_markdown_names_each_role_as_the_app_does(pmap) -> None:
    text = export(pmap, "markdown")
    for role, word in WORDS.items():
        assert f"- **Role:** {word} · " in text
        assert f"- **Role:** {role} " not in text
    assert "unknown" not in text.replace("A unknown part", "")


def test_html_names_each_role_as_the_app_does(pmap) -> None:
    text = export(pmap, "html")
    for word in WORDS.values():
        assert f"<dt>Role</dt><dd>{word} · " in text
    assert "<dd>unknown" not in text


def test_svg_hover_titles_name_each_role_as_the_app_does(pmap) -> None:
    text = export(pmap, "svg")
    titles = re.findall(r"<title>([^<]*)</title>", text)
    for role, word in WORDS.items():
        assert f"A {role} part ({word})" in titles


def test_data_exports_keep_the_role_keys(pmap) -> None:
    data = json.loads(export(pmap, "json"))
    assert sorted(p["role"] for p in data["parts"]) == sorted(WORDS)
