"""Kill a process that is saving a map, hundreds of times, and check nothing was lost.

A child process changes a map through the core, as ifs does: it adds and edits parts
(MapStore) and walks built-in packs (Walk: answers, skips, drafts, stops), with
multi-line and non-ASCII text. Before and after every write it appends the hash of the
bytes it means to write to a log (O_APPEND, fsynced). The parent SIGKILLs it at a random
moment, then checks that:

- every file written holds its last finished version or the one being written, never
  a mix (compared as plain bytes through `plain_bytes`, which decrypts a sealed map);
- every earlier version in .history/ is one map.toml really held;
- map.toml and every reflection load;
- after the next open (MapStore.edit, what every save does) no temp file is left.

    python scripts/crash_harness.py [--kills 200] [--seed N] [--folder DIR] [--encrypted]

It prints a summary and exits 1 on any mismatch. The suite runs a short version
(tests/test_crash_harness.py).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NAMES = ("Wächter", "Hüterin", "守る子", "Critic", "[draft]", "Ünsure one")
PASSPHRASE = "a harness passphrase, not a secret"
TEMP_ENDINGS = (".ifs-tmp", ".tmp")
# Written by other means than atomic_write, or not the person's words: not compared.
UNLOGGED = ("encryption.toml", ".lock")
TEXTS = (
    "Ich höre dich. Ça va aller. 日本語の文も。",
    "first line\nsecond line\n\n  indented fourth",
    "Windows lines\r\nkept as they are\r\n",
    "tabs\tand \"quotes\" and 'single' and \\ backslashes \\n not a newline",
    "[b]not markup[/b] [@click=quit] %%{init}%% &amp; --- ```",
    "a right-to-left mark \u202e reversed? \u202c and back; emoji 🌱🫂",
    "\"\"\"three quotes\"\"\" ''' and a lone ] and [[answers]]",
    "ещё немного текста — и ещё ✓",
)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text(rng: random.Random) -> str:
    pieces = [rng.choice(TEXTS) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.05:  # now and then a long one
        pieces.append("long " * rng.randint(200, 1000))
    return "\n".join(pieces)


# --- reading a map file as the person's plain bytes -------------------------------------


def plain_bytes(path: Path, folder: Path, encrypted: bool) -> bytes:
    """The file's content as the person wrote it (decrypted on a sealed map)."""
    if not encrypted:
        return path.read_bytes()
    from ifs_tui.core import sealed

    return sealed.read(path, folder)


# --- the child: saves through the core, logging each write ------------------------------


class Log:
    """Append-only, one line per event, each fsynced before the write it announces."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def line(self, *fields: str) -> None:
        os.write(self.fd, ("\t".join(fields) + "\n").encode())
        os.fsync(self.fd)


def log_writes(log: Log, folder: Path, encrypted: bool) -> None:
    """Have every atomic_write of the core announce its bytes before and after.

    The file system is real: this only writes the log around the core's own write.
    On a sealed map the plain bytes' hash travels with the sealed ones (sealed.write).
    """
    atomic: Any = sys.modules["ifs_tui.core.atomic"]  # Any: its functions are swapped
    real = atomic.atomic_write
    plain: dict[str, str] = {}  # path -> hash of the plain bytes being sealed into it

    def logged(path: Path, data: bytes, root: Path | None = None) -> None:
        rel = os.path.relpath(path, folder)
        raw, clear = digest(data), plain.pop(str(path), "")
        if not clear:  # sealed bytes copied as they are (a history copy), or plain ones
            clear = digest(sealed.unseal(data, path, folder)) if sealed else raw
        log.line("begin", rel, raw, clear)
        real(path, data, root)
        log.line("done", rel, raw, clear)

    atomic.atomic_write = logged
    for name, module in list(sys.modules.items()):
        if name.startswith("ifs_tui") and getattr(module, "atomic_write", None) is real:
            setattr(module, "atomic_write", logged)  # noqa: B010 (no such attribute to mypy)
    sealed: Any = sys.modules.get("ifs_tui.core.sealed") if encrypted else None
    if sealed is not None:
        real_seal = sealed.write

        def sealing(path: Path, data: bytes, folder: Path) -> None:
            plain[str(path)] = digest(data)
            real_seal(path, data, folder)

        sealed.write = sealing


def child(folder: Path, log_path: Path, seed: int, encrypted: bool) -> None:
    from ifs_tui.core import reflections, services
    from ifs_tui.core.errors import IfsError
    from ifs_tui.core.packs import builtin_pack_files, load_pack_file
    from ifs_tui.core.storage import MapStore
    from ifs_tui.core.walk import Walk

    if encrypted:
        from ifs_tui.core import sealed

        sealed.unlock(folder, os.environ["IFS_TUI_PASSPHRASE"])
    rng = random.Random(seed)
    store = MapStore(folder)
    store.history_keep = 5  # prune often, so pruning gets killed too
    packs = [load_pack_file(p, "built-in") for p in builtin_pack_files()]
    log_writes(Log(log_path), folder, encrypted)
    print("ready", flush=True)
    walk: Walk | None = None
    while True:
        roll = rng.random()
        try:
            if roll < 0.25:
                with store.edit() as pmap:
                    if len(pmap.parts) > 25:  # keep the map near 100 KB: saves stay quick
                        services.remove_part(pmap, rng.choice(pmap.parts))
                        store.save(pmap)
                        continue
                    name = f"{rng.choice(NAMES)} {rng.getrandbits(32)}"
                    services.add_part(pmap, name, services.PartChanges(
                        role=rng.choice(("manager", "firefighter", "exile", "unknown")),
                        text={"notes": text(rng)}, add={"fears": [text(rng)]}))
                    store.save(pmap)
            elif roll < 0.5:
                with store.edit() as pmap:
                    if pmap.parts:
                        part = rng.choice(pmap.parts)
                        services.apply_changes(part, services.PartChanges(
                            text={"job": text(rng)}, add={"emotions": [text(rng)[:200]]}))
                        store.save(pmap)
            else:
                if walk is None or walk.step is None:
                    pack = rng.choice(packs)
                    found = reflections.latest_unfinished(store, pack.id)
                    walk = (Walk.resume(pack, store, found) if found
                            else Walk.start(pack, store))
                walk = take_step(walk, rng)
        except IfsError:
            walk = None  # an answer the step refused, a name taken: on with another change


def take_step(walk: Any, rng: random.Random) -> Any:
    """One step of the walk, as a person might take it; None once it stopped."""
    step = walk.step
    if step is None:
        return None
    roll = rng.random()
    if roll < 0.05:
        walk.stop(draft=text(rng))
        return None
    if roll < 0.12:
        walk.skip()
    elif roll < 0.17:
        walk.back()
    elif step.kind == "text":
        walk.answer(text(rng))
    elif step.kind == "scale":
        walk.answer(rng.randint(step.min, step.max))
    elif step.kind == "choice":
        picked = rng.sample(step.options, 1) if step.options else []
        if step.other:
            picked.append(text(rng).splitlines()[0][:60])
        walk.answer(picked if step.multiple else picked[0])
    elif step.kind == "part":
        parts = walk.store.load().parts
        if parts and rng.random() < 0.7:
            walk.choose_part(rng.choice(parts).id)
        else:
            walk.new_part(f"Neu {rng.getrandbits(32)}")
    elif not step.answers:
        walk.advance(text(rng) if rng.random() < 0.2 else "")
    else:
        walk.skip()
    return walk


# --- the parent: kills, then checks ------------------------------------------------------


@dataclass
class State:
    """What each file may hold: its last finished version, and one being written."""

    done: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    versions: set[str] = field(default_factory=set)  # every plain map.toml ever finished
    offset: int = 0


@dataclass
class Summary:
    kills: int = 0
    mid_write: int = 0  # killed between a write's "begin" and its "done"
    new_landed: int = 0  # of those, the new version was already in place
    temps_left: int = 0  # temp files found right after a kill (the next open removes them)
    writes: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    state: State = field(default_factory=State)  # where the checks left off


def read_log(log_path: Path, state: State) -> dict[str, tuple[str, str]]:
    """Take the log's new lines into `state`; the writes begun and not done."""
    with open(log_path, "rb") as file:
        file.seek(state.offset)
        chunk = file.read()
    complete = chunk[: chunk.rfind(b"\n") + 1]
    state.offset += len(complete)
    flying: dict[str, tuple[str, str]] = {}
    for line in complete.decode().splitlines():
        kind, rel, raw, clear = line.split("\t")
        if kind == "begin":
            flying[rel] = (raw, clear)
        else:
            flying.pop(rel, None)
            state.done[rel] = (raw, clear)
            if rel == "map.toml":
                state.versions.add(clear)
    return flying


def check(folder: Path, state: State, flying: dict[str, tuple[str, str]], encrypted: bool,
          summary: Summary) -> list[str]:
    """Every file as it may be after a kill; the state then takes what is on disk."""
    problems: list[str] = []
    for rel in sorted(set(state.done) | set(flying)):
        path = folder / rel
        allowed = [v for v in (state.done.get(rel), flying.get(rel)) if v is not None]
        if not path.exists():
            if state.done.get(rel) is not None and not rel.startswith((".history", ".cache")):
                problems.append(f"{rel}: gone, though a version of it was saved")
            continue
        raw = digest(path.read_bytes())
        clear = digest(plain_bytes(path, folder, encrypted)) if encrypted else raw
        match = next((v for v in allowed if v == (raw, clear)), None)
        if match is None:
            problems.append(f"{rel}: holds neither its last saved version nor the one "
                            "being written")
            continue
        if rel in flying and match == flying[rel] and match != state.done.get(rel):
            summary.new_landed += 1
        state.done[rel] = match
        if rel == "map.toml":
            state.versions.add(clear)
    history = folder / ".history"
    for path in sorted(history.glob("map-*.toml")) if history.is_dir() else []:
        if digest(plain_bytes(path, folder, encrypted)) not in state.versions:
            problems.append(f".history/{path.name}: not a version map.toml held")
    if encrypted:
        problems += plaintext_on_disk(folder)
    return problems


def plaintext_on_disk(folder: Path) -> list[str]:
    from ifs_tui.core import sealed

    header = sealed.HEADER
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and path.name not in UNLOGGED and path.name != ".gitignore":
            with open(path, "rb") as file:
                head = file.read(len(header))
            # A temp file a kill left empty (or cut inside the header) holds nothing.
            if not header.startswith(head):
                found.append(f"{rel}: not sealed (plain text on disk)")
    return found


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(TEMP_ENDINGS)]


def loads(folder: Path) -> list[str]:
    """map.toml and every reflection load; the next open removes temp files."""
    from ifs_tui.core import reflections
    from ifs_tui.core.errors import IfsError
    from ifs_tui.core.storage import MapStore

    store = MapStore(folder)
    problems = []
    try:
        with store.edit():  # the next open: what every save goes through first
            pass
    except IfsError as err:
        problems.append(f"map.toml does not load: {err}")
    _, broken = reflections.list_all(store)
    problems += [f"a reflection does not load: {p}" for p in broken]
    problems += [f"{p.relative_to(folder)}: a temp file left after the next open"
                 for p in temps(folder)]
    return problems


def make_map(folder: Path, encrypted: bool) -> None:
    from ifs_tui.core import services
    from ifs_tui.core.storage import MapStore

    store = MapStore(folder)
    pmap = store.create("Crash harness")
    services.add_part(pmap, "Critic", services.PartChanges(role="manager",
                                                           text={"notes": TEXTS[1]}))
    store.save(pmap)
    if encrypted:
        from ifs_tui.core import sealed, sealing

        sealing.seal_map(folder, PASSPHRASE, cost=sealed.TEST_COST)
        sealed.unlock(folder, PASSPHRASE)


def run(folder: Path, kills: int = 200, seed: int = 1, encrypted: bool = False,
        max_delay: float = 0.3, out: Any = None, python: str = sys.executable) -> Summary:
    """Make a map in `folder` (new or empty), kill a child saving it `kills` times.
    `python` runs the child (this one by default)."""
    rng = random.Random(seed)
    make_map(folder, encrypted)
    log_path = folder.parent / f"{folder.name}.writes.log"
    log_path.unlink(missing_ok=True)
    log_path.touch(mode=0o600)
    summary = Summary()
    state = summary.state
    read_log(log_path, state)
    for path in sorted(folder.rglob("*")):  # as made: what the child finds
        if path.is_file():
            made = (digest(path.read_bytes()), digest(plain_bytes(path, folder, encrypted)))
            state.done[path.relative_to(folder).as_posix()] = made
            if path.name.startswith("map") and path.suffix == ".toml":  # and .history's
                state.versions.add(made[1])
    env = {**os.environ, "IFS_TUI_PASSPHRASE": PASSPHRASE} if encrypted else None
    started = time.monotonic()
    for n in range(kills):
        proc = subprocess.Popen(
            [python, __file__, "--child", str(folder), str(log_path),
             str(rng.getrandbits(32)), "1" if encrypted else "0"],
            stdout=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        ready = proc.stdout.readline()  # imports done, map open: kill it while it works
        time.sleep(rng.uniform(0, max_delay))  # the random moment is the point here
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if ready != b"ready\n" or proc.returncode != -signal.SIGKILL:
            summary.problems.append(f"kill {n + 1}: the child stopped by itself "
                                    f"(exit {proc.returncode}); its error is above")
            break
        flying = read_log(log_path, state)
        summary.kills += 1
        summary.mid_write += bool(flying)
        summary.temps_left += len(temps(folder))
        found = check(folder, state, flying, encrypted, summary) + loads(folder)
        summary.problems += [f"kill {n + 1}: {p}" for p in found]
        if out is not None and (n + 1) % 50 == 0:
            print(f"{n + 1} kills", file=out, flush=True)
    summary.writes = sum(1 for line in log_path.read_bytes().splitlines()
                         if line.startswith(b"done"))
    summary.seconds = time.monotonic() - started
    return summary


def report(summary: Summary, encrypted: bool) -> str:
    lines = [
        f"{'encrypted' if encrypted else 'plain'} map: {summary.kills} kills in "
        f"{summary.seconds:.1f} s, {summary.writes} writes finished",
        f"killed mid-write: {summary.mid_write} (new version already in place: "
        f"{summary.new_landed}); temp files left by a kill: {summary.temps_left}, "
        "all removed by the next open" if not summary.problems else "",
    ]
    if summary.problems:
        lines += [f"{len(summary.problems)} problems:"] + summary.problems[:50]
    else:
        lines.append("every file held its last saved version or the one being written")
    return "\n".join(line for line in lines if line)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        child(Path(args[1]), Path(args[2]), int(args[3]), args[4] == "1")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--folder", type=Path, help="an empty or new folder for the map "
                        "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--encrypted", action="store_true", help="run on an encrypted map")
    parser.add_argument("--max-delay", type=float, default=0.3,
                        help="the longest wait, in seconds, before a kill")
    ns = parser.parse_args(args)
    print(f"seed {ns.seed}", flush=True)
    with tempfile.TemporaryDirectory(prefix="ifs-crash-") as scratch:
        folder = ns.folder or Path(scratch) / "map"
        summary = run(folder, ns.kills, ns.seed, ns.encrypted, ns.max_delay, sys.stdout)
    print(report(summary, ns.encrypted))
    return 1 if summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
