"""The import graph: layers only go down, nothing goes round in a circle.

`dragon_tui/commands/` belongs to the CLI; the core never imports `screens` except in the one
place that launches the app (lazily); only the service layer reads the store's insides.
Installed, `screens/` is `dragon_tui.screens` (pyproject.toml: package-dir): both names are the
UI here, and relative imports inside screens/ are resolved against the file's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules() -> dict[str, Path]:
    found = {}
    for base in ("dragon_tui", "screens"):
        for path in (ROOT / base).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def resolve(name: str) -> str:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def ui_name(name: str) -> str:
    """`dragon_tui.screens.x` (the installed name) is `screens.x` (the folder)."""
    if name == "dragon_tui.screens" or name.startswith("dragon_tui.screens."):
        return name.removeprefix("dragon_tui.")
    return name


def absolute(node: ast.ImportFrom, path: Path) -> str | None:
    """The module a `from … import` names, relative imports resolved against `path`."""
    if node.level == 0:
        return node.module
    package = list(path.relative_to(ROOT).parent.parts)
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def imports(path: Path, *, top_level_only: bool) -> set[tuple[str, int]]:
    """(module, line) for every import of our own modules in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = set()
    for node in nodes:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (module := absolute(node, path)):
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        for name in map(ui_name, names):
            if name.split(".")[0] in ("dragon_tui", "screens") and resolve(name):
                out.add((resolve(name), node.lineno))
    return out


def is_cli(module: str) -> bool:
    return module == "dragon_tui.cli" or module.startswith("dragon_tui.commands")


def test_only_the_cli_imports_commands_and_commands_never_import_the_cli():
    wrong = []
    for module, path in MODULES.items():
        for target, line in imports(path, top_level_only=False):
            if target.startswith("dragon_tui.commands") and not is_cli(module):
                wrong.append(f"{module}:{line} imports {target}")
            if module.startswith("dragon_tui.commands") and target == "dragon_tui.cli":
                wrong.append(f"{module}:{line} imports the CLI entry point back")
    assert wrong == []


def test_the_core_imports_screens_in_exactly_one_place_lazily():
    places = [
        (module, line)
        for module, path in MODULES.items()
        if module.startswith("dragon_tui")
        for target, line in imports(path, top_level_only=False)
        if target.startswith("screens")
    ]
    assert [module for module, _ in places] == ["dragon_tui.cli"]
    top = imports(MODULES["dragon_tui.cli"], top_level_only=True)
    assert not any(target.startswith("screens") for target, _ in top)


def test_no_import_cycles():
    graph = {
        module: {target for target, _ in imports(path, top_level_only=True)} - {module}
        for module, path in MODULES.items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            # A package importing its own submodule from __init__ is not a cycle.
            if target.startswith(module + ".") or module.startswith(target + "."):
                continue
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


def test_only_the_service_layer_reads_the_stores_insides():
    """`Store.raw`, the meta table and the storage object are the service's business."""
    private = (".raw(", "._meta(", "._write_meta(", ".db.storage", "._storage")
    wrong = []
    for module, path in MODULES.items():
        if module.startswith(("dragon_tui.service", "dragon_tui.store", "dragon_tui.storage")):
            continue
        text = path.read_text(encoding="utf-8")
        wrong += [f"{module}: {word}" for word in private if word in text]
    assert wrong == []


def test_the_checker_sees_a_cycle_and_a_forbidden_import(tmp_path):
    """The tests above can fail: on a made-up tree with a cycle and a screen importing commands."""
    (tmp_path / "dragon_tui" / "commands").mkdir(parents=True)
    (tmp_path / "screens").mkdir()
    (tmp_path / "dragon_tui" / "__init__.py").write_text("")
    (tmp_path / "dragon_tui" / "a.py").write_text("import dragon_tui.b\n")
    (tmp_path / "dragon_tui" / "b.py").write_text("from dragon_tui import a\n")
    (tmp_path / "dragon_tui" / "commands" / "__init__.py").write_text("")
    (tmp_path / "screens" / "__init__.py").write_text("")
    (tmp_path / "screens" / "x.py").write_text("from dragon_tui.commands import y\n")
    global MODULES, ROOT
    saved = MODULES, ROOT
    ROOT = tmp_path
    MODULES = modules()
    try:
        failures = 0
        for check in (
            test_no_import_cycles,
            test_only_the_cli_imports_commands_and_commands_never_import_the_cli,
        ):
            try:
                check()
            except AssertionError:
                failures += 1
        assert failures == 2
    finally:
        MODULES, ROOT = saved


def test_relative_and_installed_names_are_seen_as_the_ui(tmp_path):
    """`from .x import` inside screens/ and `dragon_tui.screens.x` both count as screens.x."""
    (tmp_path / "screens" / "widgets").mkdir(parents=True)
    (tmp_path / "dragon_tui").mkdir()
    for name in ("screens/__init__", "screens/home", "screens/widgets/__init__", "dragon_tui/cli"):
        (tmp_path / f"{name}.py").write_text("")
    (tmp_path / "screens" / "widgets" / "grid.py").write_text(
        "from ..home import x\nfrom . import __init__\nfrom .. import home\n"
    )
    (tmp_path / "dragon_tui" / "run.py").write_text("from dragon_tui.screens.home import x\n")
    global MODULES, ROOT
    saved = MODULES, ROOT
    ROOT = tmp_path
    MODULES = modules()
    try:
        grid = imports(tmp_path / "screens" / "widgets" / "grid.py", top_level_only=True)
        assert {name for name, _ in grid} == {"screens", "screens.home", "screens.widgets"}
        run = imports(tmp_path / "dragon_tui" / "run.py", top_level_only=True)
        assert run == {("screens.home", 1)}
    finally:
        MODULES, ROOT = saved
