"""`ifs trends`: sparklines on a terminal, a compact table into a pipe, --json, and calm
words for 0 check-ins, one check-in and a pack without scales."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from .trend_data import START, checkin, many, write


def test_no_check_ins_says_how_to_start_one(cli, ready: Path) -> None:
    run = cli("trends")
    assert run.exit_code == 0, run
    assert "No Self-energy check-ins yet." in run.stdout
    assert "Start one with: ifs reflect self-energy-check-in" in run.stdout


def test_the_map_named_goes_into_the_hint(cli, tmp_path: Path) -> None:
    folder = tmp_path / "other"
    assert cli("--map", str(folder), "init").exit_code == 0
    run = cli("--map", str(folder), "trends")
    assert f"Start one with: ifs --map {folder} reflect self-energy-check-in" in run.stdout


def test_into_a_pipe_one_line_per_check_in(cli, ready: Path) -> None:
    write(ready, [checkin(START, {"calm": 4, "curiosity": None}),
                  checkin(START + timedelta(days=1), {"calm": 6, "curiosity": 8})])
    run = cli("trends")
    assert run.exit_code == 0, run
    lines = run.stdout.splitlines()
    assert lines[0] == "Self-energy check-in"
    assert lines[1] == "2 check-ins from 5 Jan 2026 to 6 Jan 2026; by check-in"
    assert lines[2].split() == ["date", "calm", "curiosity", "compassion", "confidence",
                                "courage", "clarity", "creativity", "connectedness"]
    assert lines[3].split()[2:] == ["4"] + ["-"] * 7
    assert lines[4].split()[2:4] == ["6", "8"]
    assert not any(ch in run.stdout for ch in "▁▂▃▄▅▆▇█")  # numbers, for a screen reader


def test_by_week_in_a_pipe(cli, ready: Path) -> None:
    write(ready, many(14))
    run = cli("trends", "--by", "week")
    lines = run.stdout.splitlines()
    assert "14 check-ins" in lines[1] and "by week (2 weeks, each its mean)" in lines[1]
    assert lines[2].startswith("week of") and lines[3].startswith("5 Jan 2026")
    assert len(lines) == 5


def test_on_a_terminal_sparklines_without_colour(cli, ready: Path, monkeypatch) -> None:
    write(ready, many(200))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", "80")
    run = cli("trends")
    assert run.exit_code == 0, run
    assert "\x1b[36m" not in run.stdout  # NO_COLOR (the hermetic fixture): bold, no colour
    calm = next(line for line in run.stdout.splitlines() if line.startswith("Calm"))
    assert "▁" in calm or "█" in calm
    assert "latest" in calm and "average" in calm
    shown = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout)
    assert all(len(line) <= 80 for line in shown.splitlines())
    assert "The newest" in run.stdout and "--since DATE, or --by week" in run.stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[36m" in cli("trends").stdout  # the sparklines in colour when allowed


def test_one_check_in_on_a_terminal(cli, ready: Path, monkeypatch) -> None:
    write(ready, [checkin(START, {"calm": 4})])
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    out = cli("trends").stdout
    assert "One check-in so far" in out
    assert "· skipped or not reached that time." in out


def test_json_has_every_point(cli, ready: Path) -> None:
    write(ready, many(500))
    run = cli("trends", "--json")
    data = json.loads(run.stdout)
    assert data["checkins"] == 500 and data["by"] == "checkin"
    calm = data["series"][0]
    assert calm["step"] == "calm" and calm["low"] == 0 and calm["high"] == 10
    assert len(calm["points"]) == 500
    assert calm["points"][0] == {"when": "2026-01-05T12:00:00+01:00", "value": 0,
                                 "reflection": "20260105-120000-self-energy-check-in"}
    assert calm["points"][3]["value"] is None
    weekly = json.loads(cli("trends", "--json", "--by", "week").stdout)
    assert sum(p["checkins"] for p in weekly["series"][0]["points"]) == 500


def test_since(cli, ready: Path) -> None:
    write(ready, many(10))
    data = json.loads(cli("trends", "--json", "--since", "2026-01-12").stdout)
    assert data["checkins"] == 3 and data["since"].startswith("2026-01-12T00:00:00")
    run = cli("trends", "--since", "2027-01-01")
    assert run.exit_code == 0 and "No Self-energy check-ins since 1 Jan 2027" in run.stdout


def test_another_pack_and_one_without_scales(cli, ready: Path) -> None:
    write(ready, [checkin(START, {"room": 6}, pack="unblending-check-in")])
    out = cli("trends", "unblending-check-in").stdout
    assert "1 check-in on 5 Jan 2026" in out and out.splitlines()[2].split() == ["date", "room"]
    assert cli("trends", "unblending").stdout == out  # a part of the id that only one holds
    run = cli("trends", "kap-preparation")
    assert run.exit_code == 0
    assert "has no scale steps" in run.stdout
    assert "Packs with scales: " in run.stdout and "self-energy-check-in" in run.stdout


@pytest.mark.parametrize("args, words", [
    (["nope"], "no prompt pack 'nope'"),
    (["--by", "month"], "--by: 'month' is not one of: checkin, week"),
    (["--since", "soon"], "--since: 'soon' is not a date"),
])
def test_mistakes_are_one_line_and_exit_1(cli, ready: Path, args: list[str], words: str) -> None:
    run = cli("trends", *args)
    assert run.exit_code == 1
    assert words in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_an_unreadable_check_in_is_noted_on_stderr(cli, ready: Path) -> None:
    write(ready, many(2))
    (ready / "reflections" / "20260301-120000-self-energy-check-in.toml").write_text(
        "pack = \n", encoding="utf-8")
    run = cli("trends")
    assert run.exit_code == 0 and "2 check-ins" in run.stdout
    assert "Could not read 1 check-in file(s)" in run.stderr and "ifs check" in run.stderr


def test_no_map_says_how_to_make_one(cli, tmp_path: Path) -> None:
    run = cli("--map", str(tmp_path / "nothing"), "trends")
    assert run.exit_code == 1 and "there is no map at" in run.stderr
    assert f"ifs --map {tmp_path / 'nothing'} init" in run.stderr


def test_a_map_file_that_will_not_load_does_not_hide_the_check_ins(cli, ready: Path) -> None:
    write(ready, many(3))
    (ready / "map.toml").write_text("schema = 1\n[[parts]\n", encoding="utf-8")
    run = cli("trends")
    assert run.exit_code == 0 and "3 check-ins" in run.stdout


def test_a_pack_title_with_terminal_escapes_never_reaches_the_terminal(cli, ready: Path,
                                                                      monkeypatch) -> None:
    from .hostile import TERMINAL_HAZARDS

    folder = ready / "prompts"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'schema = 1\nid = "mine"\ntitle = "Mine \\u001b]52;c;aGk=\\u0007 \\u202e[/]"\n'
        '[[steps]]\nid = "calm"\nkind = "scale"\nask = "Calm \\u001b[31m: how much?"\n',
        encoding="utf-8")
    write(ready, [checkin(START + timedelta(days=i), {"calm": i}, pack="mine")
                  for i in range(3)])
    piped = cli("trends", "mine").stdout
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    shown = cli("trends", "mine").stdout
    for out in (piped, re.sub(r"\x1b\[[0-9;]*m", "", shown)):  # less Rich's own bold
        assert "3 check-ins" in out and "<U+001B>" in out
        assert not any(ch in out for ch in TERMINAL_HAZARDS)


def test_wide_letters_in_a_label_keep_the_columns_in_line(cli, ready: Path, monkeypatch) -> None:
    from rich.cells import cell_len

    folder = ready / "prompts"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'schema = 1\nid = "mine"\ntitle = "Mine"\n[[steps]]\nid = "calm"\nkind = "scale"\n'
        'ask = "平静平静: how much?"\nmin_label = "low"\nmax_label = "high"\n', encoding="utf-8")
    write(ready, [checkin(START + timedelta(days=i), {"calm": i}, pack="mine")
                  for i in range(5)])
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    lines = re.sub(r"\x1b\[[0-9;]*m", "", cli("trends", "mine").stdout).splitlines()
    scale = next(line for line in lines if line.strip().startswith("0 low"))
    row = next(line for line in lines if line.startswith("平静平静"))
    spark_at = cell_len(row[:row.index(next(ch for ch in row if ch in "▁▂▃▄▅▆▇█"))])
    assert cell_len(scale) - cell_len(scale.lstrip()) == spark_at == 8 + 2
