from __future__ import annotations

import pytest

from ifs_tui.core.model import clean_text, has_control, name_problem, slugify, unique_id


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Inner Critic", "inner-critic"),
        ("  The  one who   WAITS ", "the-one-who-waits"),
        ("Élodie's fear", "élodie-s-fear"),
        ("批評家", "批評家"),
        ("🙂🙂", "part"),
        ("---", "part"),
        ("a" * 100, "a" * 48),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_unique_id_counts_up() -> None:
    assert unique_id("Critic", set()) == "critic"
    assert unique_id("Critic", {"critic"}) == "critic-2"
    assert unique_id("critic", {"critic", "critic-2"}) == "critic-3"


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 10_000, "at most 200"),
        ("bell\x07", "control"),
        ("two\nlines", "control"),
        ("esc\x1b[31m", "control"),
    ],
)
def test_bad_names(name: str, fragment: str) -> None:
    problem = name_problem(name)
    assert problem is not None and fragment in problem


def test_good_name() -> None:
    assert name_problem("The one who keeps watch 🌙") is None


def test_clean_text_replaces_lone_surrogates_only() -> None:
    assert clean_text("ok \ud800 ok") == "ok \ufffd ok"
    assert clean_text("emoji 🙂 stays") == "emoji 🙂 stays"


def test_has_control() -> None:
    assert has_control("a\x00b")
    assert not has_control("a\nb\tc", allow_newlines=True)
    assert has_control("a\nb")
