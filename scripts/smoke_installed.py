"""Open the installed app headless on the demo map, as `ifs demo` would; exit 1 if it fails.

.ci/run runs this with a fresh venv's python, from a folder outside the checkout, after
installing the built wheel there: it proves the wheel alone can open the app.

Run: /path/to/venv/bin/python -I smoke_installed.py   (-I: nothing from the current folder)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path


def fail(message: str) -> None:
    sys.stderr.write(f"smoke: {message}\n")
    raise SystemExit(1)


async def open_demo(folder: Path) -> None:
    from ifs_tui.app.app import IfsApp
    from ifs_tui.app.screens.main import MainScreen
    from ifs_tui.app.widgets.parts_tree import PartsTree
    from ifs_tui.core.config import Config
    from ifs_tui.core.storage import MapStore

    names = [part.name for part in MapStore(folder).load().parts]
    if not names:
        fail("the demo map has no parts")
    app = IfsApp(folder, config=Config(welcome_seen=True), demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not isinstance(app.screen, MainScreen):
            fail(f"the main screen did not open (the screen is {type(app.screen).__name__})")
        tree = app.screen.query_one(PartsTree)
        shown = "\n".join(s.text for s in tree.render_lines(tree.region.reset_offset))
        if not any(name in shown for name in names):
            fail(f"the parts tree shows no part of the demo map:\n{shown}")
    if app.return_code:
        fail(f"the app ended with return code {app.return_code}")
    lines = [line.rstrip(" ▕") for line in shown.splitlines()]
    tree_text = "\n".join(line for line in lines if line.strip())
    print(f"smoke: the installed app opened the demo map; the tree shows:\n{tree_text}")


def main() -> None:
    import ifs_tui
    from ifs_tui.core.demo import demo_names, make_demo_copy

    here = Path(ifs_tui.__file__).resolve()
    if Path(sys.prefix).resolve() not in here.parents:
        fail(f"ifs_tui was imported from {here}, not from this venv ({sys.prefix})")
    checkout = os.environ.get("IFS_TUI_CHECKOUT")
    if checkout and Path(checkout).resolve() in here.parents:
        fail(f"ifs_tui was imported from the checkout ({here})")
    print(f"smoke: ifs_tui {ifs_tui.__version__} from {here.parent}")

    scratch = Path(tempfile.mkdtemp(prefix="ifs-tui-smoke-"))
    try:
        # Keep the person's own data and settings out of it.
        os.environ["IFS_TUI_HOME"] = str(scratch / "home")
        os.environ["IFS_TUI_CONFIG_HOME"] = str(scratch / "config")
        temp, folder = make_demo_copy(scratch)
        asyncio.run(open_demo(folder))
        for name, _ in demo_names()[1:]:  # the other demo maps ship too, and open
            others = sorted(path.name for path in folder.parent.iterdir())
            if name not in others:
                fail(f"the demo map {name!r} was not copied (found {others})")
            asyncio.run(open_demo(folder.parent / name))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
