"""Commands built when they are used, so `ifs part list` loads only what it runs.

Typer turns every command function into a click command at start-up (reading each
signature, option and help text) and the modules holding them import the core. Here
a group keeps, per name, how to build the command, and builds it the first time click
asks for it. `ifs --help` lists the commands from their one-line summaries without
building them (tests/test_imports.py checks that list against the real commands).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

Maker = Callable[[], Any]


class LazyGroup(TyperGroup):
    """A group whose commands are made on first use, in the order they were listed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order: list[str] = list(self.commands)
        self.pending: dict[str, Maker] = {}
        self.summaries: dict[str, str] = {}
        self._listing = False

    def add_lazy(self, name: str, make: Maker, summary: str = "") -> None:
        self.order.append(name)
        self.pending[name] = make
        if summary:
            self.summaries[name] = summary

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.order)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and cmd_name in self.pending and cmd_name in self.summaries:
            # A stand-in with only the summary: the help lists commands, it runs none.
            return TyperCommand(name=cmd_name, help=self.summaries[cmd_name])
        make = self.pending.pop(cmd_name, None)
        if make is not None:
            self.commands[cmd_name] = make()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


def command_maker(module: str, attribute: str, name: str, **settings: Any) -> Maker:
    """How to build the command `name` from `module.attribute` (a Typer or a function)."""

    def make() -> Any:
        target = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            return lazy_typer(target, name, **settings)
        return get_command_from_info(CommandInfo(name=name, callback=target), **_common(settings))

    return make


def _common(settings: dict[str, Any]) -> dict[str, Any]:
    return {"pretty_exceptions_short": settings.get("pretty_exceptions_short", True),
            "rich_markup_mode": settings.get("rich_markup_mode")}


def lazy_typer(sub: typer.Typer, name: str, **settings: Any) -> LazyGroup:
    """The click group for a Typer sub-app, its commands made on first use."""
    commands = sub.registered_commands
    sub.registered_commands = []  # the group itself, without building every command
    try:
        group = get_group_from_info(TyperInfo(sub, name=name, cls=LazyGroup),
                                    suggest_commands=sub.suggest_commands, **_common(settings))
    finally:
        sub.registered_commands = commands
    assert isinstance(group, LazyGroup)
    for info in commands:
        assert info.name, "every sub-command is registered with its name"
        group.add_lazy(info.name, _from_info(info, settings))
    return group


def _from_info(info: CommandInfo, settings: dict[str, Any]) -> Maker:
    return lambda: get_command_from_info(info, **_common(settings))
