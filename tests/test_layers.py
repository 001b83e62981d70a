"""The layers contract, checked on the import graph of monitor/ (docs/architecture.md).

parse and enrich are pure: they import nothing of poll, store, publish, cli or kit. store never
imports publish, cli, poll or kit: storage does not know who shows it. The plugin API (api,
hookspecs) imports no stage at all. No import cycles between modules. An import inside a
function outside cli/ says why (a `# lazy:` comment on its line or the line above), and every
module is placed in the architecture doc.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "monitor"
STAGES = ("parse", "enrich", "store", "poll", "publish", "cli", "kit")
FORBIDDEN = {
    "parse": {"enrich", "store", "poll", "publish", "cli", "kit"},
    "enrich": {"store", "poll", "publish", "cli", "kit"},
    "store": {"poll", "publish", "cli", "kit"},
    "poll": {"publish", "cli", "kit"},
    "publish": {"cli", "kit", "poll"},
    "api": {"parse", "enrich", "store", "poll", "publish", "cli", "kit"},
    "hookspecs": {"parse", "enrich", "store", "poll", "publish", "cli", "kit"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _imports(path: Path, modules: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported monitor module, line, at module level) for every import of ours in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    functions = {id(sub) for node in ast.walk(tree)
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for sub in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        if _in_type_checking(node, parents):
            continue
        for name in names:
            if name in modules and name != "monitor":
                found.append((name, node.lineno, id(node) not in functions))
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_stages_import_only_downwards() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        stage = _stage(name)
        for target, line, _top in _imports(path, modules):
            if _stage(target) in FORBIDDEN.get(stage, set()):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {stage} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: {t for t, _line, _top in _imports(path, modules) if t != name}
             for name, path in modules.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_imports_inside_functions_say_why() -> None:
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[1] == "cli":
            continue  # the CLI loads each command's library on use: start-up is its job
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    here, above = lines[sub.lineno - 1], lines[sub.lineno - 2]
                    if "# lazy:" not in here and not above.strip().startswith("# lazy:"):
                        unexplained.append(f"{rel}:{sub.lineno}: {here.strip()}")
    assert not unexplained, "\n".join(unexplained)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_every_module_is_in_the_architecture_doc(module: str) -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    path = _modules()[module].relative_to(ROOT).as_posix()
    assert f"`{path}`" in doc, f"{path} is not placed in docs/architecture.md"


WRITE_SQL = re.compile(r"^\s*(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\[?\w+\]?\s+SET|DELETE\s+FROM|"
                       r"CREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL|UNIQUE)|DROP\s+(TABLE|INDEX|TRIGGER)|"
                       r"ALTER\s+TABLE|REPLACE\s+INTO)\b", re.IGNORECASE)


def test_only_the_store_speaks_write_sql() -> None:
    """Outside monitor/store/, SQL is read-only (the newsroom's queries)."""
    writes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[1] == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if WRITE_SQL.match(node.value):
                    writes.append(f"{rel}:{node.lineno}: {node.value.strip()[:60]!r}")
    assert not writes, "\n".join(writes)
