"""`hide_after_minutes` in config.toml (issue 15) and the idle watch behind it."""

from __future__ import annotations

import tomllib

import pytest

from ifs_tui.core.config import config_file, load_config, save_config
from ifs_tui.core.idle import IdleWatch


def write(text: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_whole_number_of_minutes_is_read_and_kept() -> None:
    write("theme = \"ifs-calm\"\nhide_after_minutes = 10\n")
    config = load_config()
    assert config.hide_after_minutes == 10 and not config.ignored
    assert "hide_after_minutes" not in config.extra
    config.welcome_seen = True
    save_config(config)
    assert tomllib.loads(config_file().read_text())["hide_after_minutes"] == 10
    assert load_config().hide_after_minutes == 10


def test_off_by_default() -> None:
    assert load_config().hide_after_minutes is None
    write("theme = \"ifs-calm\"\n")
    config = load_config()
    assert config.hide_after_minutes is None and not config.ignored
    save_config(config)
    assert "hide_after_minutes" not in config_file().read_text()


@pytest.mark.parametrize("value", ['"ten"', "0", "-5", "1.5", "true", "1000000000",
                                   "[10]", '{ minutes = 10 }', '""'])
def test_a_bad_value_is_kept_as_written_ignored_and_named(value: str) -> None:
    write(f"theme = \"ifs-calm\"\nhide_after_minutes = {value}\n")
    written = tomllib.loads(config_file().read_text())["hide_after_minutes"]
    config = load_config()
    assert config.hide_after_minutes is None and not config.broken
    assert config.extra["hide_after_minutes"] == written
    (said,) = config.ignored
    assert str(config_file()) in said and "hide_after_minutes" in said
    assert "\n" not in said
    config.welcome_seen = True  # a later save keeps it as the person wrote it
    save_config(config)
    assert tomllib.loads(config_file().read_text())["hide_after_minutes"] == written


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_the_idle_watch_counts_from_the_last_press() -> None:
    clock = Clock()
    idle = IdleWatch(2, clock)
    clock.now += 119
    assert not idle.due()
    idle.touched()
    clock.now += 119
    assert not idle.due()
    clock.now += 1
    assert idle.due()
    assert not IdleWatch(None, clock).due()
