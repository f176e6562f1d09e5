"""The import graph: layers only go down, nothing goes round in a circle.

`dragon_tui/commands/` belongs to the CLI; the core never imports `screens` except in the one
place that launches the app (lazily); only the service layer reads the store's insides.
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


def imports(path: Path, *, top_level_only: bool) -> set[tuple[str, int]]:
    """(module, line) for every import of our own modules in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = set()
    for node in nodes:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
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
