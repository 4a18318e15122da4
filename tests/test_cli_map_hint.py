"""`--map` after the command is a usage error that says where --map goes."""

from __future__ import annotations

import pytest

from tests.hostile import TERMINAL_HAZARDS


@pytest.mark.parametrize(("args", "hint"), [
    (("part", "list", "--map", "work"), "ifs --map work part list"),
    (("init", "--map", "work"), "ifs --map work init"),
    (("init", "-m", "work"), "ifs --map work init"),
    (("part", "list", "--map=work"), "ifs --map work part list"),
    (("journal", "list", "--map", "my maps/x"), "ifs --map 'my maps/x' journal list"),
])
def test_map_after_the_command_hints_where_it_goes(cli, args, hint) -> None:
    run = cli(*args)
    assert run.exit_code == 2
    lines = [line for line in run.stderr.splitlines() if "--map goes before" in line]
    assert len(lines) == 1
    assert lines[0].strip().rstrip(".").endswith(f"--map goes before the command: {hint}")


def test_map_hint_never_echoes_terminal_control(cli) -> None:
    for hazard in TERMINAL_HAZARDS:
        run = cli("part", "list", "--map", hazard)
        assert run.exit_code == 2
        assert "--map goes before the command: ifs --map NAME part list" in run.stderr
        assert "\x1b" not in run.stderr


def test_other_unknown_options_get_no_map_hint(cli) -> None:
    run = cli("part", "list", "--mapp", "work")
    assert run.exit_code == 2 and "--map goes before" not in run.stderr
