"""The package's shape (issue 19): no import cycles, no module over `MAX_LINES` lines.

Imports are read from the source (`ast`), inside functions too: an import deferred into a
function is still a dependency, and two modules that import each other that way are a cycle.
Importing `a.b.c` also runs `a/b/__init__.py`; that implicit edge is not counted (a package's
`__init__` may re-export its modules' names without making them depend on each other).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "redactor"
MAX_LINES = 600

# Modules (or folders, ending in "/") allowed over MAX_LINES for now, each with why; the test
# fails when a listed module gets short enough, so the list only shrinks.
LONG_MODULES = {
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules `name` imports, anywhere in its source."""

    def resolve(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {resolve(a.name) for a in node.names if a.name.startswith("redactor")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                stem = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*stem, *([base] if base else [])])
            if base.startswith("redactor"):
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in known else resolve(base))
    return {m for m in found if m and m != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_deferred_import_cycle() -> None:
    graph = {"redactor.a": {"redactor.b"}, "redactor.b": {"redactor.a"}, "redactor.c": set()}
    assert cycles(graph) == [["redactor.a", "redactor.b"]]


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert "redactor.pipeline" in graph["redactor.review"]  # deferred: review stays light
    assert "redactor.review" not in graph["redactor.pipeline"]


def test_stages_and_detection_do_not_import_the_cli_or_the_pipeline() -> None:
    graph = import_graph()
    lower = [m for m in graph if m.startswith(("redactor.detect", "redactor.stages",
                                               "redactor.case", "redactor.io",
                                               "redactor.audit", "redactor.changes"))]
    upward = {m: sorted(d for d in graph[m] if d.startswith(("redactor.cli", "redactor.batch",
                                                             "redactor.pipeline")))
              for m in lower}
    assert {m: d for m, d in upward.items() if d} == {}


# The case layer (file, save, forms, pseudonyms, people, terms) is below detection: detection
# reads the case, never the other way round. `init-case` is the one exception: it drafts a
# case file by running detection over the drafts (an application of both, like the pipeline).
CASE_MODULES_USING_DETECTION = {"redactor.case.init"}


def test_the_case_layer_never_imports_detection() -> None:
    graph = import_graph()
    upward = {m: sorted(d for d in graph[m] if d.startswith("redactor.detect"))
              for m in graph if m.startswith("redactor.case")
              and m not in CASE_MODULES_USING_DETECTION}
    assert {m: d for m, d in upward.items() if d} == {}


def test_the_case_layer_exception_still_uses_detection() -> None:
    """Drop a module from CASE_MODULES_USING_DETECTION once it no longer imports detect/."""
    graph = import_graph()
    assert all(any(d.startswith("redactor.detect") for d in graph[m])
               for m in CASE_MODULES_USING_DETECTION)


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_the_limit() -> None:
    long = {str(p.relative_to(ROOT)): line_count(p) for p in modules().values()
            if line_count(p) > MAX_LINES}
    allowed = tuple(LONG_MODULES)
    assert {p: n for p, n in long.items() if not p.startswith(allowed)} == {}


@pytest.mark.parametrize("path", sorted(p for p in LONG_MODULES if not p.endswith("/")))
def test_a_listed_long_module_is_still_long(path: str) -> None:
    """Remove a module from LONG_MODULES once it is split (or moved)."""
    file = ROOT / path
    assert not file.exists() or line_count(file) > MAX_LINES, f"{path}: drop it from the list"
