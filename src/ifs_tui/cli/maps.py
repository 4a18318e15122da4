"""`ifs maps ...`: the maps in the data folder (core/maps.py).

`--map` does not apply here: these commands look at every map in the data folder.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import output
from .context import HELP, session

if TYPE_CHECKING:
    from ifs_tui.core.maps import ArchivedMap, MapInfo, MapsPlace

maps_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings=HELP)

JSON_HELP = "Print the maps as JSON."


def _place(ctx: typer.Context) -> MapsPlace:
    from ifs_tui.core.maps import MapsPlace

    if session(ctx).map_spec:
        output.note("--map does not apply to `ifs maps`: it works on every map in the data "
                    "folder.")
    return MapsPlace.here()


def _when(info: MapInfo) -> str:
    return f"{info.changed:%Y-%m-%d %H:%M}" if info.changed else ""


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _info_dict(info: MapInfo) -> dict[str, Any]:
    return {"name": info.name, "folder": str(info.folder), "title": info.title,
            "encrypted": info.encrypted,
            "parts": info.parts, "reflections": info.reflections, "moments": info.moments,
            "journeys": info.journeys, "changed": info.changed, "default": info.default,
            "problem": info.problem}


def _archived_dict(item: ArchivedMap) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "archived": item.archived,
            "folder": str(item.folder), "title": item.title, "parts": item.parts}


def _show_list(place: MapsPlace, as_json: bool) -> None:
    from ifs_tui.core import maps
    from ifs_tui.core.errors import IfsError

    infos = maps.list_maps(place)
    archived = maps.list_archived(place)
    try:
        default, settings_problem = maps.default_name(place), ""
    except IfsError as err:
        default, settings_problem = "", str(err)
    if as_json:
        data: dict[str, Any] = {"root": str(place.root), "default": default,
                                "maps": [_info_dict(i) for i in infos],
                                "archived": [_archived_dict(a) for a in archived]}
        if settings_problem:
            data["settings_problem"] = settings_problem
        output.print_json(data)
    elif infos:
        _table(infos)
    else:
        output.say(f"No maps yet in {place.maps}.")
    if not as_json:
        if default and not any(i.name == default for i in infos):
            output.say(f"The default map '{default}' does not exist yet; `ifs init` starts it.")
        if archived:
            output.say(f"{len(archived)} archived: ifs maps restore lists them")
    if settings_problem:
        output.note(settings_problem)


def _table(infos: list[MapInfo]) -> None:
    from .table import Column, cell, print_table

    problems = any(i.problem for i in infos)
    # On a narrow terminal: the date goes first, then the reflections, then the title;
    # a problem is never hidden.
    columns = [Column(""), Column("name", cut=True, whole=True),
               Column("title", cut=True, drop=3), Column("parts"),
               Column("reflections", drop=2), Column("changed", drop=1)]
    if problems:
        columns.append(Column("problem"))
    rows = []
    for info in infos:
        title = "(encrypted)" if info.encrypted and not info.title else info.title
        row = ["*" if info.default else "", cell(info.name), cell(title),
               _count(info.parts), str(info.reflections), _when(info)]
        if problems:
            row.append(cell(_short(info.problem)))
        rows.append(row)
    print_table(columns, rows)
    if problems:
        output.say("For a map with a problem, ifs --map NAME check says what to fix.")


def _short(problem: str) -> str:
    """A problem in a few words for the table: "map.toml will not load, line 2"."""
    import re

    match = re.match(r"(map\.toml (?:will not load|cannot be read))(?:: line (\d+))?", problem)
    if not match:
        return problem
    return f"{match[1]}, line {match[2]}" if match[2] else match[1]


@maps_app.callback()
def maps_main(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """List your maps, and copy, rename, remove (to the archive), restore or choose the
    default one.

    With no command: the list of maps (* marks the default, the one `ifs` opens).
    """
    if ctx.invoked_subcommand is None:
        _show_list(_place(ctx), as_json)


@maps_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """List your maps: * marks the default, the one `ifs` opens."""
    _show_list(_place(ctx), as_json)


@maps_app.command("copy")
def copy_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The map to copy.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The name of the copy.")],
    only_map: Annotated[bool, typer.Option(
        "--map-only", "--only-map", help="Copy map.toml and prompts/ only, without "
        "reflections, moments or journeys: a fresh start from the same parts.")] = False,
) -> None:
    """Copy a map under a new name; the original stays as it is."""
    from ifs_tui.core import maps

    place = _place(ctx)
    report = maps.CopyReport()
    folder = maps.copy_map(place, name, new, only_map=only_map, report=report)
    what = "Its parts and prompts" if only_map else "Everything"
    output.say(f"Copied '{name}' to '{new}' ({folder}). {what} came along.")
    for skipped in report.skipped:
        output.note(f"Left out {skipped}: a link or a special file, not a plain file.")
    output.say(f"Open it with: ifs --map {new}")


@maps_app.command("rename")
def rename_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The map to rename.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.")],
) -> None:
    """Give a map a new name; if it is the default, it stays the default."""
    from ifs_tui.core import maps

    place = _place(ctx)
    folder = maps.rename_map(place, name, new)
    output.say(f"Renamed '{name}' to '{new}' ({folder}).")
    if maps.default_name(place) == new:
        output.say("It is still your default map.")



@maps_app.command("remove")
def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The map to remove.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Move a map to the archive; nothing is deleted, and `ifs maps restore` brings it back."""
    from ifs_tui.core import maps

    place = _place(ctx)
    info = maps.map_info(place, name)
    if not yes:
        output.say(f"This moves the map '{name}' ({info.folder}) to {place.archive}. "
                   "Nothing is deleted; ifs maps restore brings it back.")
        if not output.asked("Move it to the archive?", "Nothing was moved",
                            f"ifs maps remove {shlex.quote(name)} --yes"):
            return
    archived = maps.archive_map(place, name)
    output.say(f"Moved '{name}' to {archived.folder}.")
    output.say(f"To bring it back: ifs maps restore {shlex.quote(archived.id)}")
    if info.default and name != "default":
        output.say("It was your default map; `ifs` now opens the map named 'default'. "
                   "Choose another with: ifs maps default NAME")


@maps_app.command("restore")
def restore_command(
    ctx: typer.Context,
    which: Annotated[str | None, typer.Argument(
        metavar="[WHICH]", help="An archive id, or the name of a map archived once.")] = None,
    as_name: Annotated[str | None, typer.Option(
        "--as", metavar="NEW", help="Restore it under this name.")] = None,
) -> None:
    """Bring back a removed map from the archive; with no WHICH, list the archive."""
    from ifs_tui.core import maps

    place = _place(ctx)
    if which is None:
        _archive_table(place)
        return
    folder = maps.restore_map(place, which, as_name)
    output.say(f"Restored '{folder.name}' ({folder}).")
    output.say(f"Open it with: ifs --map {folder.name}")


def _archive_table(place: MapsPlace) -> None:
    from ifs_tui.core import maps

    from .table import Column, cell, print_table

    archived = maps.list_archived(place)
    if not archived:
        output.say(f"Nothing is archived ({place.archive}).")
        return
    print_table([Column("id"), Column("name", cut=True, whole=True),
                 Column("title", cut=True, drop=1), Column("parts"),
                 Column("archived", drop=2)],
                [[cell(a.id), cell(a.name), cell(a.title), _count(a.parts),
                  f"{a.archived:%Y-%m-%d %H:%M}"] for a in archived])
    output.say("Bring one back with: ifs maps restore ID (add --as NEW for another name)")


@maps_app.command("default")
def default_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="[NAME]", help="The map `ifs` opens from now on.")] = None,
) -> None:
    """Say which map `ifs` opens when no --map is given, or choose it."""
    from ifs_tui.core import maps

    place = _place(ctx)
    if name is None:
        current = maps.default_name(place)
        output.say(current)
        if not (place.maps / current).is_dir():
            output.note(f"No map named '{current}' exists yet; `ifs init` starts it.")
        return
    maps.set_default(place, name)
    output.say(f"'{name}' is now your default map: `ifs` opens it.")
    info = maps.map_info(place, name)  # set_default refused a name with no map
    if info.problem:
        output.note(f"It does not open as it is ({info.problem}); "
                    f"ifs --map {name} check says what to fix.")
