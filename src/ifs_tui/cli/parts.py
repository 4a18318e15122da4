"""`ifs part ...`: add, list, show, edit, rename and remove parts.

In `part edit`, text options (--job, --age, ...) replace the text, list
options (--fear, --trigger, ...) add one item each time they are given,
--remove-fear T (and the like) removes one item that matches T exactly, and
--clear FIELD empties a field. Clearing runs first, then removing, then adding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ifs_tui.core.model import ROLES, STATUSES
from ifs_tui.core.textsafe import visible

from . import output
from .context import HELP, session

if TYPE_CHECKING:
    from ifs_tui.core import services

part_app = typer.Typer(help="Add, list, show, edit, rename and remove parts.",
                       no_args_is_help=True, rich_markup_mode=None,
                       context_settings=HELP)

Text = str | None
Items = list[str] | None

RoleOpt = Annotated[Text, typer.Option("--role", "-r", help=f"One of: {', '.join(ROLES)}.")]
StatusOpt = Annotated[Text, typer.Option("--status", help=f"One of: {', '.join(STATUSES)}.")]
JobOpt = Annotated[Text, typer.Option("--job", help="What it does for you.")]
AgeOpt = Annotated[Text, typer.Option("--age", help="How old it feels.")]
BodyOpt = Annotated[Text, typer.Option("--body", help="Where you feel it in the body.")]
NeedsOpt = Annotated[Text, typer.Option("--needs", help="What it needs.")]
NoteOpt = Annotated[Text, typer.Option("--note", help="Notes (replaces the notes).")]
FearOpt = Annotated[Items, typer.Option(
    "--fear", help="What it fears would happen if it stopped. Repeat to add more.")]
ProtectsOpt = Annotated[Items, typer.Option("--protects", help="What it guards. Repeatable.")]
TriggerOpt = Annotated[Items, typer.Option("--trigger", help="When it takes over. Repeatable.")]
EmotionOpt = Annotated[Items, typer.Option(
    "--emotion", help="A feeling it carries or keeps away. Repeatable.")]
TagOpt = Annotated[Items, typer.Option("--tag", help="A tag. Repeatable.")]
IntentOpt = Annotated[Text, typer.Option("--intent", help="What it wants for you.")]
AppearedOpt = Annotated[Text, typer.Option(
    "--first-appeared", help='When it first appeared, in your words ("around seven").')]
BurdenOpt = Annotated[Items, typer.Option(
    "--burden", help="A belief or feeling it carries. Repeatable.")]
FeelOpt = Annotated[Text, typer.Option(
    "--feel-toward", help="How you feel toward it now (the date is noted).")]


def _changes(role: Text, status: Text, job: Text, age: Text, body: Text, needs: Text,
             note: Text, fear: Items, protects: Items, trigger: Items, emotion: Items,
             tag: Items, intent: Text = None, first_appeared: Text = None,
             burden: Items = None, feel_toward: Text = None) -> services.PartChanges:
    from ifs_tui.core import services

    texts = {"job": job, "intent": intent, "age": age, "first_appeared": first_appeared,
             "body": body, "needs": needs, "feel_toward": feel_toward, "notes": note}
    lists = {"fears": fear, "protects": protects, "triggers": trigger,
             "emotions": emotion, "burdens": burden, "tags": tag}
    return services.PartChanges(
        role=role,
        status=status,
        text={k: v for k, v in texts.items() if v is not None},
        add={k: v for k, v in lists.items() if v},
    )


# --clear takes a field's name or its option's name: `--clear fear` as well as `fears`.
CLEAR_NAMES = {"job": "job", "age": "age", "body": "body", "needs": "needs", "note": "notes",
               "notes": "notes", "fear": "fears", "fears": "fears", "protects": "protects",
               "trigger": "triggers", "triggers": "triggers", "emotion": "emotions",
               "emotions": "emotions", "tag": "tags", "tags": "tags", "intent": "intent",
               "first-appeared": "first_appeared", "first_appeared": "first_appeared",
               "burden": "burdens", "burdens": "burdens", "feel-toward": "feel_toward",
               "feel_toward": "feel_toward"}
CLEAR_HELP = ("job, intent, age, first-appeared, body, needs, feel-toward, note(s), fear(s), "
              "protects, trigger(s), emotion(s), burden(s), tag(s)")


def clear_field(name: str) -> str:
    from ifs_tui.core.errors import InvalidInput

    field = CLEAR_NAMES.get(name.strip().lstrip("-").casefold())
    if field is None:
        raise InvalidInput(f"--clear: {visible(name[:20])!r} is not a field; give one of "
                           f"{CLEAR_HELP}")
    return field


@part_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What you call this part.")],
    role: RoleOpt = None, job: JobOpt = None, fear: FearOpt = None,
    protects: ProtectsOpt = None, trigger: TriggerOpt = None, age: AgeOpt = None,
    body: BodyOpt = None, emotion: EmotionOpt = None, needs: NeedsOpt = None,
    status: StatusOpt = None, note: NoteOpt = None, tag: TagOpt = None,
    intent: IntentOpt = None, first_appeared: AppearedOpt = None, burden: BurdenOpt = None,
    feel_toward: FeelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new part as JSON.")] = False,
) -> None:
    """Add a part to the map."""
    from ifs_tui.core import services

    changes = _changes(role, status, job, age, body, needs, note, fear, protects, trigger,
                       emotion, tag, intent, first_appeared, burden, feel_toward)
    with session(ctx).edit() as (store, pmap):
        part = services.add_part(pmap, name, changes)
        store.save(pmap)
    if as_json:
        output.print_json(output.part_json(part, pmap))
    else:
        output.say(f"Added {part.name} ({part.role}), id {part.id}.")


@part_app.command("list")
def list_parts(
    ctx: typer.Context,
    role: RoleOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the parts as JSON.")] = False,
) -> None:
    """List the parts, optionally of one role."""
    _, pmap = session(ctx).load(freeze=False)
    parts = pmap.parts
    if role:
        from ifs_tui.core import services

        wanted = services.check_role(role)
        parts = [p for p in parts if p.role == wanted]
    if as_json:
        output.print_json([output.part_json(p, pmap) for p in parts])
    elif not parts:
        output.say(f"No parts yet. Add one with: {session(ctx).ifs} part add NAME"
                   if not pmap.parts else "No parts with that role.")
    else:
        output.parts_table(sorted(parts, key=lambda p: ROLES.index(p.role)))


@part_app.command("show")
def show(
    ctx: typer.Context,
    part_ref: Annotated[str, typer.Argument(metavar="PART", help="A part's id or name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the part as JSON.")] = False,
) -> None:
    """Show everything recorded about one part."""
    from ifs_tui.core import services

    _, pmap = session(ctx).load(freeze=False)
    part = services.find_part(pmap, part_ref)
    if as_json:
        output.print_json(output.part_json(part, pmap))
    else:
        output.part_panel(pmap, part)


@part_app.command("edit")
def edit(
    ctx: typer.Context,
    part_ref: Annotated[str, typer.Argument(metavar="PART", help="A part's id or name.")],
    role: RoleOpt = None, job: JobOpt = None, fear: FearOpt = None,
    protects: ProtectsOpt = None, trigger: TriggerOpt = None, age: AgeOpt = None,
    body: BodyOpt = None, emotion: EmotionOpt = None, needs: NeedsOpt = None,
    status: StatusOpt = None, note: NoteOpt = None, tag: TagOpt = None,
    intent: IntentOpt = None, first_appeared: AppearedOpt = None, burden: BurdenOpt = None,
    feel_toward: FeelOpt = None,
    remove_fear: Annotated[Items, typer.Option("--remove-fear", help="Remove this fear.")] = None,
    remove_protects: Annotated[Items, typer.Option(
        "--remove-protects", help="Remove this protects item.")] = None,
    remove_trigger: Annotated[Items, typer.Option(
        "--remove-trigger", help="Remove this trigger.")] = None,
    remove_emotion: Annotated[Items, typer.Option(
        "--remove-emotion", help="Remove this emotion.")] = None,
    remove_tag: Annotated[Items, typer.Option("--remove-tag", help="Remove this tag.")] = None,
    remove_burden: Annotated[Items, typer.Option(
        "--remove-burden", help="Remove this burden.")] = None,
    clear: Annotated[Items, typer.Option(
        "--clear", metavar="FIELD",
        help=f"Empty a field: {CLEAR_HELP} (as --clear fear or --clear fears). "
        "Repeatable.")] = None,
) -> None:
    """Change a part. Text options replace; list options add an item."""
    from ifs_tui.core import services
    from ifs_tui.core.errors import InvalidInput

    changes = _changes(role, status, job, age, body, needs, note, fear, protects, trigger,
                       emotion, tag, intent, first_appeared, burden, feel_toward)
    removals = {"fears": remove_fear, "protects": remove_protects, "triggers": remove_trigger,
                "emotions": remove_emotion, "burdens": remove_burden, "tags": remove_tag}
    changes.remove = {k: v for k, v in removals.items() if v}
    changes.clear = [clear_field(name) for name in clear or []]
    if changes.is_empty():
        raise InvalidInput("nothing to change; see: ifs part edit --help")
    with session(ctx).edit() as (store, pmap):
        part = services.find_part(pmap, part_ref)
        changed = services.apply_changes(part, changes)
        if changed:
            store.save(pmap)
    output.say(f"Updated {part.name}." if changed else f"{part.name} already had those values.")


@part_app.command("rename")
def rename(
    ctx: typer.Context,
    part_ref: Annotated[str, typer.Argument(metavar="PART", help="A part's id or name.")],
    new_name: Annotated[str, typer.Argument(help="The new name.")],
) -> None:
    """Give a part a new name. Its id stays the same."""
    from ifs_tui.core import services

    with session(ctx).edit() as (store, pmap):
        part = services.find_part(pmap, part_ref)
        old = part.name
        if services.rename_part(pmap, part, new_name):
            store.save(pmap)
    output.say(f"Renamed {old} to {part.name} (id {part.id} is unchanged).")


@part_app.command("remove")
def remove(
    ctx: typer.Context,
    part_ref: Annotated[str, typer.Argument(metavar="PART", help="A part's id or name.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove a part and its links. A copy of the map before is kept in .history/."""
    from ifs_tui.core import services

    sess = session(ctx)
    if not yes:
        _, pmap = sess.load()
        part = services.find_part(pmap, part_ref)
        count = len(pmap.relationships_of(part.id))
        extra = f" and its {count} link{'s' if count != 1 else ''}" if count else ""
        if not typer.confirm(visible(f"Remove {part.name}{extra}?"), default=False):
            output.say("Nothing was removed.")
            return
    with sess.edit() as (store, pmap):
        part = services.find_part(pmap, part_ref)
        # Described before removal, while the other names can still be looked up.
        links = [services.describe(r, pmap) for r in pmap.relationships_of(part.id)]
        services.remove_part(pmap, part)
        store.save(pmap)
    output.say(f"Removed {part.name} ({part.id}). A copy of the map before is in .history/.")
    for line in links:
        output.say(f"  and its link: {line}")
