"""Make realistic map folders for the benchmark: parts with links, and reflections.

Parts are built as model objects (not through `services.add_part`, whose duplicate-name
check is quadratic and would make generating 10,000 parts itself the slow part) and saved
with `MapStore.save`, so map.toml is exactly what ifs writes. Reflections follow the
built-in packs' steps, with some answers skipped, and are written with the core's own
`reflections.to_dict` and TOML writer; they skip fsync, since bench data is throwaway.

The text is made up and fixed by a seed: the same arguments make the same files.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ifs_tui.core import paths, reflections
from ifs_tui.core.model import Part, PartsMap, Relationship
from ifs_tui.core.packs import Pack, Step, builtin_pack_files, load_pack_file
from ifs_tui.core.reflections import Answer, Reflection
from ifs_tui.core.storage import MapStore
from ifs_tui.core.tomlwrite import dumps

ROLES = ("manager", "firefighter", "exile", "unknown")
KINDS = ("protects", "allied", "polarized")
WORDS = ("keeps", "watch", "over", "the", "quiet", "room", "when", "voices", "rise", "and",
         "plans", "each", "step", "so", "nobody", "is", "let", "down", "again", "soft",
         "tired", "afternoon", "careful", "small", "brave", "listens", "waits")
START = datetime(2023, 1, 2, 8, 30, tzinfo=UTC)


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_parts(n: int, rng: random.Random) -> PartsMap:
    """`n` parts, each linked to one or two earlier parts (about 1.5 links a part)."""
    pmap = PartsMap(title=f"Bench map, {n} parts", created=START, updated=START)
    for i in range(n):
        pmap.parts.append(Part(
            id=f"part-{i}", name=f"Part {i}", role=ROLES[i % 4], job=words(rng, 12),
            fears=[words(rng, 5), words(rng, 4)], triggers=[words(rng, 3)],
            age=str(5 + i % 30), notes="\n".join(words(rng, 8) for _ in range(3)),
            created=START, updated=START))
    for i in range(1, n):
        for target in {rng.randrange(i), rng.randrange(i)} if i % 2 else {rng.randrange(i)}:
            pmap.relationships.append(Relationship(
                source=f"part-{i}", target=f"part-{target}", kind=KINDS[i % 3],
                note=words(rng, 4) if i % 5 == 0 else ""))
    return pmap


def _answer(step: Step, rng: random.Random, part_ids: list[str]) -> Answer:
    answer = Answer(step=step.id, kind=step.kind, ask=step.ask)
    if rng.random() < 0.15:  # "not now", sometimes "a part of me doesn't want to go there"
        answer.skipped = True
        answer.not_there = rng.random() < 0.3
    elif step.kind == "part":
        answer.value = rng.choice(part_ids)
    elif step.kind == "choice" and step.options:
        answer.value = ([rng.choice(step.options)] if step.multiple
                        else rng.choice(step.options))
    elif step.kind == "scale":
        answer.value = rng.randint(step.min, step.max)
    else:
        answer.value = "\n".join(words(rng, rng.randint(6, 30))
                                 for _ in range(rng.randint(1, 3)))
    return answer


def make_reflection(pack: Pack, when: datetime, rng: random.Random,
                    part_ids: list[str]) -> Reflection:
    steps = [s for s in pack.steps if s.kind in ("text", "part", "choice", "scale")]
    status = rng.choices(("finished", "stopped", "in-progress"), (8, 1, 1))[0]
    taken = steps if status == "finished" else steps[:rng.randint(1, max(1, len(steps)))]
    answers = [_answer(s, rng, part_ids) for s in taken]
    chosen = next((a.value for a in answers if a.kind == "part" and not a.skipped), "")
    # A walk keeps each question as it was asked: {part} is the chosen part's name.
    name = f"Part {str(chosen).removeprefix('part-')}" if chosen else "this part"
    for a in answers:
        a.ask = a.ask.replace("{part}", name)
    updated = when + timedelta(minutes=rng.randint(3, 40))
    rec = Reflection(id=f"{when:%Y%m%d-%H%M%S}-{pack.id}", pack=pack.id,
                     pack_title=pack.title, started=when, updated=updated, status=status,
                     finished=updated if status == "finished" else None,
                     part=str(chosen or ""), answers=answers,
                     path=[a.ref for a in answers])
    if status != "finished" and len(taken) < len(steps):
        rec.at = steps[len(taken)].id
    return rec


def builtin_packs() -> list[Pack]:
    # The first-map pack makes parts as it goes (make_part, for_each): its records need
    # a walk to be real, so the generator leaves it out.
    packs = [load_pack_file(p, "built-in") for p in builtin_pack_files()]
    return [p for p in packs if not any(s.kind in ("make_part", "link") or s.for_each
                                        for s in p.steps)]


def write_reflections(store: MapStore, count: int, rng: random.Random,
                      part_ids: list[str]) -> None:
    folder = reflections.ready_folder(store)
    packs = builtin_packs()
    when = START
    for _ in range(count):
        when += timedelta(hours=rng.randint(2, 30), seconds=rng.randint(0, 59))
        rec = make_reflection(rng.choice(packs), when, rng, part_ids)
        path = folder / f"{rec.id}.toml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(dumps(reflections.to_dict(rec)).encode("utf-8"))


def make_map(folder: Path, parts: int, reflection_count: int = 0, seed: int = 12) -> Path:
    """A new map folder at `folder` (which must not exist yet)."""
    rng = random.Random(seed)
    paths.ensure_private_dir(folder.parent)
    store = MapStore(folder)
    store.create(title="bench")
    store.load()
    pmap = make_parts(parts, rng)
    store.save(pmap, touch=False)
    if reflection_count:
        write_reflections(store, reflection_count, rng, [p.id for p in pmap.parts])
    return folder


GEN_VERSION = 2  # raise when the generator changes, so cached maps are made again


def cached_map(data: Path, name: str, parts: int, reflection_count: int = 0) -> Path:
    """`data/maps/name`, made once and reused while its recipe is unchanged.

    A marker file written after the map is complete holds the recipe; a folder without
    it (an interrupted run) or with another recipe is made again. Only folders under
    `data/maps/` are ever removed.
    """
    maps = data / "maps"
    folder = maps / name
    marker = maps / f"{name}.made"
    recipe = f"gen {GEN_VERSION}: {parts} parts, {reflection_count} reflections, seed 12\n"
    if marker.exists() and marker.read_text(encoding="utf-8") == recipe and folder.is_dir():
        return folder
    marker.unlink(missing_ok=True)
    if folder.exists():
        shutil.rmtree(folder)
    make_map(folder, parts, reflection_count)
    marker.write_text(recipe, encoding="utf-8")
    return folder
