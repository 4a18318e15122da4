"""One headless app start, as a child process of run.py: ifs or its floor, same method.

    python benchmarks/app_child.py ifs MAP_FOLDER
    python benchmarks/app_child.py floor PARTS

Each builds its app, runs it headless at 100×30 until the main screen (ifs) or the tree
(floor) is shown and the app is idle, then exits. Imports happen here, after the process
starts, so the parent's CPU time from wait4 counts them ("clock started before imports").
The floor is a minimal Textual app with a tree of the same size: four role groups, open,
with a details pane beside it.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

ROLES = ("manager", "firefighter", "exile", "unknown")


def leaves(node: Any) -> int:
    """How many nodes without children the tree holds: the parts shown."""
    return sum(leaves(child) for child in node.children) if node.children else 1


async def start_ifs(folder: Path) -> int:
    from textual.widgets import Tree

    from ifs_tui.app.app import IfsApp
    from ifs_tui.app.screens.main import MainScreen
    from ifs_tui.core.config import Config

    app = IfsApp(folder, config=Config(welcome_seen=True))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(1000):  # a few frames; bounded, so a wrong screen cannot hang the run
            if isinstance(app.screen, MainScreen):
                break
            await pilot.pause()
        else:
            raise SystemExit(f"the main screen did not show: {type(app.screen).__name__}")
        await pilot.pause()
        return leaves(app.screen.query_one(Tree).root)


async def start_floor(parts: int) -> int:
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Footer, Header, Static, Tree

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                tree: Tree[str] = Tree("Self")
                groups = {role: tree.root.add(role, expand=True) for role in ROLES}
                for i in range(parts):
                    groups[ROLES[i % 4]].add_leaf(f"Part {i}", data=f"part-{i}")
                tree.root.expand()
                yield tree
                yield Static("details")
            yield Footer()

    app = Floor()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return leaves(app.query_one(Tree).root)


def main() -> None:
    which, arg = sys.argv[1], sys.argv[2]
    shown = asyncio.run(start_ifs(Path(arg)) if which == "ifs" else start_floor(int(arg)))
    print(shown)  # run.py checks once that both trees hold the same number of parts


if __name__ == "__main__":
    main()
