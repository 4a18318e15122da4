"""One headless app run, as a child process of run.py: ifs or its floor, the same method.

    python benchmarks/app_child.py ifs MAP_FOLDER [--keys N] [--journal WORD --search WORD]
    python benchmarks/app_child.py floor PARTS [--keys N]

Each builds its app and runs it headless at 100×30 until the main screen (ifs) or the
tree (floor) is shown, every worker is done and the app is idle: "ready". Imports happen
here, after the process starts, and "ready" is the process's CPU time since it began
(`time.process_time()`), so interpreter start and imports count ("clock started before
imports"). Then, in the same process:

- `--keys N`: N presses of "down" in the tree, one at a time, each answered; then the app
  settles. Reported: CPU per key.
- `--journal WORD`: open the journal with its key (j), then type WORD into its filter,
  one key at a time; `--search WORD`: back on the main screen, open search (/) and type
  WORD. Each step is timed from the key to a settled app (no worker running, animations
  done, then a short linger so a debounced update lands inside the clock).

It prints one JSON line: {"shown": parts in the tree, "ready": [cpu, wall], "key":
[cpu, wall], "journal_open": [cpu, wall], "filter_key": [[cpu, wall], ...],
"search_key": [[cpu, wall], ...]}, seconds; the wall time leaves out the linger.
The floor is a minimal Textual app with a tree of the same size (four open role groups)
and a details pane that shows the highlighted part: what the ifs main screen does, and
no more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROLES = ("manager", "firefighter", "exile", "unknown")
Timing = list[float]  # [cpu seconds, wall seconds]


def leaves(node: Any) -> int:
    """How many nodes without children the tree holds: the parts shown."""
    return sum(leaves(child) for child in node.children) if node.children else 1


def since_start() -> Timing:
    """CPU since the process began; wall since run.py started it (BENCH_T0), if known."""
    t0 = float(os.environ.get("BENCH_T0", "0") or 0)
    return [time.process_time(), time.time() - t0 if t0 else 0.0]


async def settle(app: Any, pilot: Any, linger: float = 0.0) -> None:
    """Wait until the app has nothing left to do: workers, animations, then idle."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    if linger:  # a debounce timer fires in here, and what it starts is waited for
        await pilot.pause(linger)
        await app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()


async def timed(app: Any, pilot: Any, act: Callable[[], Awaitable[None]],
                linger: float) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    await act()
    await settle(app, pilot, linger)
    return [time.process_time() - cpu, time.perf_counter() - wall - linger]


def no_blink(app: Any) -> None:
    """A blinking cursor repaints twice a second: noise inside a linger, so it stops."""
    from textual.widgets import Input

    for box in app.screen.query(Input):
        box.cursor_blink = False


def key(pilot: Any, name: str) -> Callable[[], Awaitable[None]]:
    return lambda: pilot.press(name)


async def keys_down(app: Any, pilot: Any, tree: Any, count: int, linger: float) -> Timing:
    if app.focused is not tree:
        tree.focus()
        await settle(app, pilot)

    async def press_all() -> None:
        for _ in range(count):
            await pilot.press("down")

    cpu, wall = await timed(app, pilot, press_all, linger)
    return [cpu / count, wall / count]


async def journal_steps(app: Any, pilot: Any, args: argparse.Namespace) -> dict[str, Any]:
    from textual.widgets import Input

    from ifs_tui.app.screens.main import MainScreen

    out: dict[str, Any] = {}
    out["journal_open"] = await timed(app, pilot, key(pilot, "j"), args.linger)
    if "Journal" not in type(app.screen).__name__:
        raise SystemExit(f"j did not open the journal: {type(app.screen).__name__}")
    if not isinstance(app.focused, Input):
        await pilot.press("slash")  # the journal's filter key
        await settle(app, pilot)
    if not isinstance(app.focused, Input):
        raise SystemExit("/ did not put the cursor in the journal's filter")
    no_blink(app)
    out["filter_key"] = [await timed(app, pilot, key(pilot, c), args.linger)
                         for c in args.journal]
    for _ in range(5):  # escape clears the filter, then closes the journal
        if isinstance(app.screen, MainScreen):
            break
        await pilot.press("escape")
        await settle(app, pilot)
    if args.search:
        await pilot.press("slash")  # search, from the main screen
        await settle(app, pilot)
        if not isinstance(app.focused, Input):
            raise SystemExit(f"/ did not open search: {type(app.screen).__name__}")
        no_blink(app)
        out["search_key"] = [await timed(app, pilot, key(pilot, c), args.linger)
                             for c in args.search]
    return out


async def run_ifs(args: argparse.Namespace) -> dict[str, Any]:
    from textual.widgets import Tree

    from ifs_tui.app.app import IfsApp
    from ifs_tui.app.screens.main import MainScreen
    from ifs_tui.core.config import Config

    app = IfsApp(Path(args.target), config=Config(welcome_seen=True))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(1000):  # bounded, so a wrong screen cannot hang the run
            if isinstance(app.screen, MainScreen):
                break
            await app.workers.wait_for_complete()  # the map (and reflections) loading
            await pilot.pause()
        else:
            raise SystemExit(f"the main screen did not show: {type(app.screen).__name__}")
        await settle(app, pilot)
        out: dict[str, Any] = {"ready": since_start()}
        tree = app.screen.query_one(Tree)
        out["shown"] = leaves(tree.root)
        if args.keys:
            out["key"] = await keys_down(app, pilot, tree, args.keys, args.linger)
        if args.journal:
            out.update(await journal_steps(app, pilot, args))
    return out


async def run_floor(args: argparse.Namespace) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Footer, Header, Static, Tree

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                tree: Tree[str] = Tree("Self")
                groups = {role: tree.root.add(role, expand=True) for role in ROLES}
                for i in range(int(args.target)):
                    groups[ROLES[i % 4]].add_leaf(f"Part {i}", data=f"part-{i}")
                tree.root.expand()
                yield tree
                yield Static("", id="details")
            yield Footer()

        def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
            node, group = event.node, event.node.parent
            self.query_one("#details", Static).update(
                f"{node.label}\nid: {node.data}\nrole: {group.label if group else ''}"
                if node.data else str(node.label))

    app = Floor()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        tree = app.query_one(Tree)
        out: dict[str, Any] = {"ready": since_start(), "shown": leaves(tree.root)}
        if args.keys:
            out["key"] = await keys_down(app, pilot, tree, args.keys, args.linger)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=("ifs", "floor"))
    parser.add_argument("target", help="the map folder (ifs) or how many parts (floor)")
    parser.add_argument("--keys", type=int, default=0)
    parser.add_argument("--journal", default="", help="a word to type into the journal filter")
    parser.add_argument("--search", default="", help="a word to type into search")
    parser.add_argument("--linger", type=float, default=0.3)
    args = parser.parse_args()
    run = run_ifs if args.which == "ifs" else run_floor
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
