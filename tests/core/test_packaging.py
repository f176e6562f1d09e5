"""Packaging: the wheel installs the UI as `dragon_tui.screens` (no top-level `screens` that
another distribution could overwrite), carries its license and metadata, and the installed
program starts: `--help`, and the app headless, from the wheel's files alone."""

from __future__ import annotations

import ast
import email
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import dragon_tui

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def source_files(folder: str, *suffixes: str) -> set[str]:
    return {
        path.relative_to(ROOT / folder).as_posix()
        for path in (ROOT / folder).rglob("*")
        if path.suffix in suffixes and "__pycache__" not in path.parts
    }


def test_the_ui_folder_is_mapped_under_the_package():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"dragon_tui.screens": "screens"}
    packages = set(setuptools["packages"])
    assert not any(p == "screens" or p.startswith("screens.") for p in packages)
    folders = {p.parent for p in (ROOT / "dragon_tui").rglob("*.py")} | {
        p.parent for p in (ROOT / "screens").rglob("*.py")
    }
    wanted = {
        "dragon_tui.screens" + "".join(f".{part}" for part in f.relative_to(ROOT / "screens").parts)
        if f.is_relative_to(ROOT / "screens")
        else ".".join(f.relative_to(ROOT).parts)
        for f in folders
        if "__pycache__" not in f.parts
    }
    assert packages == wanted  # a new folder of modules must be listed, or the wheel lacks it


def test_screens_import_their_siblings_relatively():
    """Absolute `screens.…` imports work in the repository but not once installed as
    `dragon_tui.screens`; module names given as strings are relative too."""
    wrong = []
    for path in (ROOT / "screens").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [node.value] if node.value.startswith("screens.") else []
            wrong += [
                f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                for name in names
                if name == "screens" or name.startswith("screens.")
            ]
    assert wrong == []


def test_the_launcher_imports_the_ui_under_the_package_name():
    """What `dragon-tui` with no command imports, in this checkout (the editable install maps
    the name onto `screens/`)."""
    from dragon_tui.screens.app import DragonApp, run_app

    assert callable(run_app) and DragonApp.__module__ == "dragon_tui.screens.app"
    assert Path(sys.modules["dragon_tui.screens.app"].__file__) == ROOT / "screens" / "app.py"


def test_metadata_in_one_place():
    project = PYPROJECT["project"]
    assert project["dynamic"] == ["version"] and "version" not in project
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "dragon_tui.__version__"
    }
    names = {d.split(">")[0].split("<")[0].split("[")[0].strip() for d in project["dependencies"]}
    assert {"rich", "textual", "pypinyin", "charset-normalizer", "openpyxl"} <= names
    assert "textual-plotext" not in names
    assert any("<" in d for d in project["dependencies"] if d.startswith("pypinyin"))
    assert project["license"] and (ROOT / "LICENSE").is_file() and project["urls"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the build writes build/ and egg-info)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("dragon_tui", "screens"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation"]
        + ["--no-index", "-q", "-w", str(work / "dist")],
        check=True,
        capture_output=True,
        cwd=work,
    )
    (built,) = (work / "dist").glob("dragon_tui-*.whl")
    return built


def test_the_wheel_has_the_ui_under_dragon_tui_and_no_top_level_screens(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"dragon_tui", f"dragon_tui-{dragon_tui.__version__}.dist-info"}
    installed = {n.removeprefix("dragon_tui/screens/") for n in names}
    assert source_files("screens", ".py", ".tcss") <= installed
    core = {n.removeprefix("dragon_tui/") for n in names}
    assert {f for f in source_files("dragon_tui", ".py", ".json")} <= core
    info = f"dragon_tui-{dragon_tui.__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    metadata = email.message_from_bytes(zipfile.ZipFile(wheel).read(f"{info}/METADATA"))
    assert metadata["Version"] == dragon_tui.__version__
    assert metadata["License-Expression"] == "MIT"
    requires = metadata.get_all("Requires-Dist")
    assert any(r.startswith("rich") for r in requires)
    assert not any("plotext" in r for r in requires)
    entry_points = zipfile.ZipFile(wheel).read(f"{info}/entry_points.txt").decode()
    assert "dragon-tui = dragon_tui.cli:main" in entry_points


HEADLESS = """
import asyncio, sys
from pathlib import Path

from dragon_tui.commands.core import open_store_for_app
from dragon_tui.screens.app import DragonApp
from dragon_tui.screens.home import HomeScreen


async def main():
    store, first_run = open_store_for_app(Path(sys.argv[1]))
    app = DragonApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, HomeScreen):
            await pilot.pause()
        shown = type(app.screen).__name__
    store.close()
    loaded = [m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)]
    ours = [f for f in loaded if "dragon_tui" in f or "/screens/" in f]
    assert "screens" not in sys.modules, "a top-level screens was imported"
    assert all(f.startswith(sys.argv[2]) for f in ours), ours
    print("started", shown, first_run)


asyncio.run(main())
"""


def test_the_installed_files_alone_run_help_and_start_the_app(wheel, tmp_path):
    """Unpacked as pip installs it, next to the dependencies only (`-S`: no editable install,
    no checkout on the path)."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), *sorted(deps)]),
        "DRAGON_TUI_DB": str(tmp_path / "db.json"),
    }
    run = dict(capture_output=True, text=True, env=env, cwd=tmp_path)
    helped = subprocess.run([sys.executable, "-S", "-m", "dragon_tui", "--help"], **run)
    assert helped.returncode == 0, helped.stderr
    assert "examples:" in helped.stdout and "import-csv" in helped.stdout
    script = tmp_path / "headless.py"
    script.write_text(HEADLESS, encoding="utf-8")
    started = subprocess.run(
        [sys.executable, "-S", str(script), str(tmp_path / "db.json"), str(target)], **run
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "started HomeScreen True"
