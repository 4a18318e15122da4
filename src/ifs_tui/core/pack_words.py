"""What a step does beyond its question, in plain words, for `ifs prompts show`:
steps repeated for each option chosen, parts made on the way, links offered.

Where the walk goes next is told by pack_routes.route_words; this tells the rest.
"""

from __future__ import annotations

from .packs import Pack, Step
from .partwords import ROLE_CHOICES

NOT_SURE = ROLE_CHOICES[0][1]  # the role a part is made with unless one is chosen


def step_words(pack: Pack, step: Step) -> list[str]:
    """One plain line each, in the order a reader needs them (may be empty)."""
    lines = []
    if step.for_each:
        line = f"repeated for each option chosen at {step.for_each}"
        if any("{item}" in words for words in (step.ask, step.hint, step.name)):
            line += "; {item} is that option"
        lines.append(line)
    if step.kind == "make_part":
        lines.extend(_make_part_words(pack, step))
    elif step.kind == "link":
        lines.append("offers to link any two of the parts made in this walk; passed over "
                     "when there are fewer than two")
    if step.shows == "made_parts" and step.kind != "link":
        lines.append("lists the parts made in this walk")
    return lines


def offered_name(step: Step, option: str) -> str:
    """The name a make_part step offers for `option`, as the pack writes it."""
    if option in step.names:
        return step.names[option]
    return step.name.replace("{item}", option) if step.name else option


def _make_part_words(pack: Pack, step: Step) -> list[str]:
    source = pack.step(step.for_each) if step.for_each else None
    if source is None:
        lines = ["makes the walk's part, only if the person agrees"]
        if step.name:
            lines.append(f"name offered: {step.name}")
    else:
        lines = ["makes a part for the option, only if the person agrees; 'not now' "
                 "passes over the rest of the round", "names offered (each can be changed):"]
        lines += [f"  {option} → {offered_name(step, option)}" for option in source.options]
        if source.other:
            own = step.name or "the words themselves"
            lines.append(f"  own words → {own}")
    if step.item_to:
        lines.append(f"the option goes into the new part's {step.item_to.replace('_', ' ')}")
    if step.ask_role:
        lines.append(f"offers a role to choose; it stays '{NOT_SURE}' unless one is chosen")
    else:
        lines.append(f"made with the role '{NOT_SURE}'")
    return lines
