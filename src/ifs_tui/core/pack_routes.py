"""Where a walk-through goes after a step: `goto`, `end`, `branches` and `not_there`.

A pack without these keys walks in file order. The keys are read here, the
pack's routes are checked as a whole (every target known, every step
reachable, the end reachable from every step), and the engine asks `next_id`
where to go. The format is in docs/prompt-packs.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .packs import Pack, Step, _PackReader

ROUTE_KEYS = {"goto", "end", "branches", "not_there"}
_BRANCH_KEYS = {"choice": {"goto", "answers", "own_words"}, "scale": {"goto", "from", "to"}}
_HEADER = re.compile(r"^\s*\[\[\s*steps(\.branches)?\s*\]\]")


@dataclass
class Branch:
    goto: str
    answers: list[str] = field(default_factory=list)  # choice: any of these chosen
    own_words: bool = False  # choice: words of the person's own given
    low: int | None = None  # scale: `from` (None: the scale's min)
    high: int | None = None  # scale: `to` (None: the scale's max)


def branch_line(text: str, step_index: int, branch_index: int) -> int | None:
    """The line of a `[[steps.branches]]` table, or of the step's `branches =` key."""
    steps, branches, key_line = -1, -1, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and not header.group(1):
            steps, branches = steps + 1, -1
        elif header and steps == step_index:
            branches += 1
            if branches == branch_index:
                return number
        elif steps == step_index and key_line is None and re.match(r"^\s*branches\s*=", line):
            key_line = number
    return key_line


# --- reading -------------------------------------------------------------------


def read_routes(r: _PackReader, table: dict[str, Any], i: int, step: Step) -> None:
    """Put the step's route keys on `step`, reporting each problem."""
    path, sid = f"steps[{i}]", step.id
    step.goto = r.get(table, "goto", str, path, "", sid)
    step.end = r.get(table, "end", bool, path, False, sid)
    step.not_there = r.get(table, "not_there", str, path, "", sid)
    if step.goto and step.end:
        r.problem(f"{path}.end", "give either goto or end = true, not both", sid)
    if step.not_there and not step.answers:
        r.problem(f"{path}.not_there", "only a step that asks for an answer can offer "
                  "not_there", sid)
        step.not_there = ""
    if "branches" not in table:
        return
    tables = table["branches"]
    if step.kind not in _BRANCH_KEYS:
        r.problem(f"{path}.branches", "only choice and scale steps can branch", sid)
    elif not isinstance(tables, list) or not tables or not all(isinstance(t, dict)
                                                                for t in tables):
        r.problem(f"{path}.branches", 'should be a list of tables, e.g. '
                  '[{ answers = ["..."], goto = "step-id" }]', sid)
    else:
        step.branches = [b for j, t in enumerate(tables) if (b := _read_branch(r, t, i, j, step))]


def _read_branch(r: _PackReader, table: dict[str, Any], i: int, j: int,
                 step: Step) -> Branch | None:
    path, sid = f"steps[{i}].branches[{j}]", step.id

    def say(key: str, message: str) -> None:
        r.problem(f"{path}.{key}" if key else path, message, sid,
                  line=branch_line(r.text, i, j))

    allowed = _BRANCH_KEYS[step.kind]
    for key in table:
        if key not in allowed:
            say(key, f"is not a key of a {step.kind} step's branch (use "
                f"{', '.join(sorted(allowed))})")
    branch = Branch(goto=_value(say, table, "goto", str, ""))
    if not branch.goto:
        say("goto", 'missing; each branch needs goto = "step-id"')
    if step.kind == "choice":
        answers = _value(say, table, "answers", list, [])
        branch.answers = [a for a in answers if isinstance(a, str)]
        branch.own_words = _value(say, table, "own_words", bool, False)
        for answer in answers:
            if not isinstance(answer, str) or answer not in step.options:
                say("answers", f"{str(answer)[:30]!r} is not one of this step's options")
        if branch.own_words and not step.other:
            say("own_words", "needs other = true on the step, so own words can be given")
        if not branch.answers and not branch.own_words:
            say("", "needs answers = [...] or own_words = true to say when it is taken")
    else:
        branch.low = _value(say, table, "from", int, None)
        branch.high = _value(say, table, "to", int, None)
        low = step.min if branch.low is None else branch.low
        high = step.max if branch.high is None else branch.high
        if branch.low is None and branch.high is None:
            say("", "needs from = N, to = N or both to say when it is taken")
        for key, value in (("from", low), ("to", high)):
            if not step.min <= value <= step.max:
                say(key, f"{value} is outside the scale ({step.min} to {step.max})")
        if low > high:
            say("from", f"from ({low}) is above to ({high})")
    return branch if branch.goto else None


def _value(say: Callable[[str, str], None], table: dict[str, Any], key: str, kind: type,
           default: Any) -> Any:
    if key not in table:
        return default
    value = table[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        names = {str: "text in quotes", int: "a whole number", bool: "true or false",
                 list: "a list"}
        say(key, f"should be {names[kind]}")
        return default
    return value


# --- following -------------------------------------------------------------------


def default_next(pack: Pack, step: Step) -> str:
    """Where the walk goes after `step` without a branch: "" means the end."""
    if step.end:
        return ""
    if step.goto:
        return step.goto
    index = pack.index(step.id) + 1
    return pack.steps[index].id if index < len(pack.steps) else ""


def taken(step: Step, value: object) -> Branch | None:
    """The first branch `value` (an answer given at `step`) matches, if any."""
    for branch in step.branches:
        if step.kind == "choice" and isinstance(value, list):
            chosen = set(value)
            if chosen & set(branch.answers) or (branch.own_words and chosen - set(step.options)):
                return branch
        elif step.kind == "scale" and isinstance(value, int):
            low = step.min if branch.low is None else branch.low
            high = step.max if branch.high is None else branch.high
            if low <= value <= high:
                return branch
    return None


def next_id(pack: Pack, step: Step, value: object = None) -> str:
    """Where the walk goes after `step` answered with `value` (None: not now, or read)."""
    branch = taken(step, value) if value is not None else None
    return branch.goto if branch else default_next(pack, step)


def steps_left(pack: Pack, step: Step, shown: Callable[[Step], bool]) -> int:
    """How many steps the default route still shows after `step` (each once)."""
    seen, count = {step.id}, 0
    target = default_next(pack, step)
    while target and target not in seen:
        seen.add(target)
        found = pack.step(target)
        if found is None:
            break
        count += shown(found)
        target = default_next(pack, found)
    return count


# --- describing, for `ifs prompts show` ------------------------------------------------

NOT_THERE_WORDS = "a part of me doesn't want to go there"


def plain_route(pack: Pack) -> list[str]:
    """The steps the walk shows when no branch or not_there is taken, in order."""
    route: list[str] = []
    target = pack.steps[0].id if pack.steps else ""
    while target and target not in route and pack.step(target) is not None:
        route.append(target)
        target = default_next(pack, pack.steps[pack.index(target)])
    return route


def route_words(pack: Pack, step: Step, shown_next: str | None) -> list[str]:
    """Where the walk can go after `step`, one plain line each.

    `shown_next` is the id of the step listed after this one (None: the last);
    going on to it needs no words unless the step branches.
    """
    lines = []
    for branch in step.branches:
        if step.kind == "scale":
            low = step.min if branch.low is None else branch.low
            high = step.max if branch.high is None else branch.high
            when = f"{low} to {high}"
        else:
            names = [f"'{answer}'" for answer in branch.answers]
            if branch.own_words:
                names.append("own words")
            when = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
            when = when if names == ["own words"] else f"if {when}"
        lines.append(f"{when} → {branch.goto}")
    if step.not_there:
        lines.append(f"'{NOT_THERE_WORDS}' → {step.not_there}")
    after = default_next(pack, step)
    if step.branches:
        lines.append(f"otherwise → {after}" if after else "otherwise the walk ends here")
    elif after and after != shown_next:
        lines.append(f"then → {after}")
    elif not after and (step.end or shown_next is not None):
        lines.append("the walk ends here")
    return lines


# --- checking the whole pack ---------------------------------------------------------


def targets(pack: Pack, step: Step) -> set[str]:
    """Every step the walk can go to from `step` ("" is the end).

    From a step repeated for each option, a route leaving its group may also
    start the next round (the group's first step); a route into a group may
    pass over it when nothing was chosen.
    """
    found = {default_next(pack, step)} | {b.goto for b in step.branches}
    if step.not_there:
        found.add(step.not_there)
    group = pack.group(step.id)
    if group and found - {s.id for s in group}:
        found.add(group[0].id)
    for target in list(found):
        entered = pack.group(target) if target else []
        if entered and entered != group:
            found.add(group_exit(pack, entered))
    return found


def group_exit(pack: Pack, group: list[Step]) -> str:
    """Where the plain route goes after a for_each group ("" = the end)."""
    ids = {s.id for s in group}
    seen: set[str] = set()
    target = group[0].id
    while target in ids and target not in seen:
        seen.add(target)
        target = default_next(pack, pack.steps[pack.index(target)])
    return "" if target in ids else target


def route_targets(step: Step) -> list[tuple[str, str, int | None]]:
    """(key, target, branch index) of every step `step` names."""
    named: list[tuple[str, str, int | None]] = [("goto", step.goto, None),
                                                ("not_there", step.not_there, None)]
    named += [("goto", b.goto, j) for j, b in enumerate(step.branches)]
    return [(k, t, j) for k, t, j in named if t]


def check_groups(r: _PackReader, pack: Pack) -> None:
    """`for_each` groups (docs/design-for-each.md): what they repeat for, that their
    steps follow one another, `{item}` only inside one, and routes in and out."""
    where = {s.id: i for i, s in enumerate(pack.steps)}
    for i, step in enumerate(pack.steps):
        path = f"steps[{i}]"
        if not step.for_each:
            for key in ("ask", "hint"):
                if "{item}" in getattr(step, key):
                    r.problem(f"{path}.{key}", "{item} is known only in steps with "
                              'for_each = "CHOICE-STEP-ID"', step.id)
            continue
        source = pack.step(step.for_each)
        if source is None or where[source.id] >= i:
            r.problem(f"{path}.for_each", f"there is no step {step.for_each[:30]!r} before "
                      "this one", step.id)
        elif source.kind != "choice":
            r.problem(f"{path}.for_each", f"names a {source.kind} step; for_each needs a "
                      "choice step", step.id)
        elif source.for_each:
            r.problem(f"{path}.for_each", "names a step that is itself repeated; groups "
                      "cannot be nested", step.id)
        if step.kind == "part":
            r.problem(f"{path}.kind", "a part step cannot be repeated for each option; use a "
                      "make_part step", step.id)
        elif step.kind == "make_part":
            _check_make_part(r, pack, i, step, source)
        starts_run = i == 0 or pack.steps[i - 1].for_each != step.for_each
        if starts_run and any(s.for_each == step.for_each for s in pack.steps[:i]):
            r.problem(f"{path}.for_each", f"the steps repeated for {step.for_each[:30]!r} "
                      "should follow one another", step.id)
    if r.problems:
        return
    for step in pack.steps:
        group = pack.group(step.id)
        for key, target, j in route_targets(step):
            if target not in where:
                continue  # check_routes names it
            path = f"steps[{where[step.id]}].{key}" if j is None else \
                f"steps[{where[step.id]}].branches[{j}].goto"
            line = None if j is None else branch_line(r.text, where[step.id], j)
            entered = pack.group(target)
            if group and target not in {s.id for s in group} and \
                    where[target] <= where[group[-1].id]:
                r.problem(path, "a step repeated for each option can go on only to a "
                          "step of its own group or to one after the group", step.id, line=line)
            elif entered and entered != group and target != entered[0].id:
                r.problem(path, f"enters the steps repeated for {entered[0].for_each!r} "
                          f"only at their first step, {entered[0].id!r}", step.id, line=line)


def _check_make_part(r: _PackReader, pack: Pack, i: int, step: Step,
                     source: Step | None) -> None:
    """One make_part step per group, before the steps that file into its part; names
    given for options the choice step has."""
    path = f"steps[{i}]"
    group = pack.group(step.id)
    makers = [s for s in group if s.kind == "make_part"]
    if makers[0] is not step:
        r.problem(f"{path}.kind", "a group can make one part per option; this is its "
                  "second make_part step", step.id)
    filing = [s for s in group[:group.index(step)] if s.adds_to]
    if filing:
        r.problem(f"{path}.kind", f"comes after {filing[0].id!r}, which adds to the part: "
                  "put the make_part step first", step.id)
    if source is not None and source.kind == "choice":
        for option in step.names:
            if option not in source.options:
                r.problem(f"{path}.names", f"{option[:30]!r} is not an option of "
                          f"{source.id!r}", step.id)


def check_routes(r: _PackReader, pack: Pack) -> None:
    """Unknown targets; then steps no route reaches, and steps the end cannot be reached from."""
    where = {s.id: i for i, s in enumerate(pack.steps)}
    unknown = False
    for step in pack.steps:
        path = f"steps[{where[step.id]}]"
        named = [("goto", step.goto), ("not_there", step.not_there)]
        for key, target in named:
            if target and target not in where:
                r.problem(f"{path}.{key}", f"there is no step {target[:30]!r} in this pack",
                          step.id)
                unknown = True
        for j, branch in enumerate(step.branches):
            if branch.goto not in where:
                r.problem(f"{path}.branches[{j}].goto", f"there is no step "
                          f"{branch.goto[:30]!r} in this pack", step.id,
                          line=branch_line(r.text, where[step.id], j))
                unknown = True
    if unknown or not pack.steps:
        return  # the checks below would only repeat these
    stuck = [s for s in pack.steps if targets(pack, s) == {s.id}]
    for step in stuck:
        r.problem(f"steps[{where[step.id]}].goto", "sends the walk back to this same "
                  "step with no way on; name another step, or end = true", step.id)
    if stuck:
        return
    reached = _closure({pack.steps[0].id}, {s.id: targets(pack, s) for s in pack.steps})
    for step in pack.steps:
        if step.id not in reached:
            r.problem(f"steps[{where[step.id]}].id", "no route reaches this step from the "
                      "first one; send a goto or a branch to it, or remove it", step.id)
    back: dict[str, set[str]] = {}
    for step in pack.steps:
        for target in targets(pack, step):
            back.setdefault(target, set()).add(step.id)
    ending = _closure({""}, back)
    for step in pack.steps:
        if step.id in reached and step.id not in ending:
            r.problem(f"steps[{where[step.id]}].id", "from here the walk-through can never "
                      "end (a loop with no way out); add a goto, a branch or end = true that "
                      "leaves it", step.id)


def _closure(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for target in edges.get(todo.pop(), set()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
