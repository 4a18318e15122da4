"""The built wheel holds every file the code reads at run time.

An editable install finds data files in the checkout by accident; a wheel (pip, pipx,
uv) holds only what the build put in it. Built once per session, offline, from a copy
of the sources so no stale `build/` folder can hide a missing file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ifs_tui"
BUILD_INPUTS = ["pyproject.toml", "MANIFEST.in", "README.md", "LICENSE"]
# Left out of the build by MANIFEST.in, and so out of the walk below.
JUNK = ("__pycache__", "*.py[cod]", "*.egg-info", ".DS_Store", "*~", "*.swp")


def _package_files(suffix_filter: str) -> set[str]:
    """Files under src/ifs_tui as wheel names; 'data' = not .py, 'code' = .py."""
    names = set()
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or any(
                fnmatch(part, junk) for part in path.relative_to(PACKAGE).parts for junk in JUNK):
            continue
        if (path.suffix == ".py") == (suffix_filter == "code"):
            names.add(path.relative_to(PACKAGE.parent).as_posix())
    return names


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns(*JUNK))
    for name in BUILD_INPUTS:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (work / "dist").glob("ifs_tui-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def _names(wheel: zipfile.ZipFile) -> set[str]:
    return {name for name in wheel.namelist() if not name.endswith("/")}


def test_every_data_file_under_the_package_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    data = _package_files("data")
    # The walk itself must see the files the app cannot start without.
    assert {"ifs_tui/app/app.tcss", "ifs_tui/py.typed", "ifs_tui/schema/map.schema.json",
            "ifs_tui/cli/starter_pack.toml", "ifs_tui/examples/demo/map.toml",
            "ifs_tui/examples/demos.toml", "ifs_tui/examples/polarized/map.toml",
            "ifs_tui/examples/kap-journey/map.toml",
            "ifs_tui/examples/kap-journey/journeys/20261022-the-october-session.toml"} <= data
    assert sorted(data - _names(wheel)) == []


def test_every_module_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    assert sorted(_package_files("code") - _names(wheel)) == []


def test_the_files_the_code_opens_are_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    from ifs_tui.app.app import IfsApp
    from ifs_tui.cli.prompts import STARTER
    from ifs_tui.core.demo import demo_names, demo_source, examples_source
    from ifs_tui.core.packs import builtin_pack_files

    app_module = Path(sys.modules[IfsApp.__module__].__file__ or "")
    css = IfsApp.CSS_PATH if isinstance(IfsApp.CSS_PATH, list) else [IfsApp.CSS_PATH]
    opened = [app_module.parent / str(name) for name in css] + [STARTER]
    opened += builtin_pack_files() + [Path(str(examples_source() / "demos.toml"))]
    for name, _ in demo_names():  # every demo map `ifs demo` copies
        opened += list(Path(str(demo_source(name))).rglob("*.toml"))
    names = _names(wheel)
    wanted = {p.resolve().relative_to(PACKAGE.parent).as_posix() for p in opened}
    assert len(wanted) > 10
    assert sorted(wanted - names) == []


def test_the_wheel_holds_nothing_stray(wheel: zipfile.ZipFile) -> None:
    ours = {n for n in _names(wheel) if n.startswith("ifs_tui/")}
    stray = ours - _package_files("data") - _package_files("code")
    assert sorted(stray) == []


def test_the_metadata_says_what_the_project_is(wheel: zipfile.ZipFile) -> None:
    (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    meta = wheel.read(meta_name).decode()
    assert "License-Expression: MIT" in meta
    assert "Classifier: Typing :: Typed" in meta
    assert "Keywords: " in meta
    (entry_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "ifs = ifs_tui.cli.main:run" in wheel.read(entry_name).decode()
