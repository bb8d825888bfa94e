"""The package's shape, read from every import (function bodies and ``TYPE_CHECKING`` blocks
included): no module imports one that imports it back, and no room imports a room on a
higher floor. The floors, lowest first, are the pipeline's order; the README's "How it works"
names the same ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsdesk"

# lowest first; a room may import its own floor and those below it, never one above
FLOORS: tuple[tuple[str, ...], ...] = (
    ("errors", "model", "settings", "registry", "version"),  # records, options, names
    ("text", "store"),  # tokens and sentences; the database (schema, rows, queries)
    ("embed",),
    ("clean", "cluster"),
    ("summarize", "analyze"),
    ("io",),  # readers and writers
    ("pipeline", "fetch"),  # the stages in order; HTTP, pages and feeds as articles
    ("service",),  # ingest, stored reports, following feeds: the store with the stages
    ("eval", "scale"),
    ("cli", "web", "newsdesk"),  # the doors (``newsdesk`` is the package's public API)
)
FLOOR_OF = {room: n for n, rooms in enumerate(FLOORS) for room in rooms}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(package: Path = PACKAGE) -> dict[str, set[str]]:
    """For each module, every newsdesk module it imports anywhere in its body."""
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdesk"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("newsdesk"))
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle found by a depth-first walk (a package's ``__init__`` that imports
    its own modules is not one: ``fetch`` -> ``fetch.pages`` is how a package re-exports)."""
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """``(importer, imported)`` for every import from a lower floor to a higher one."""
    return sorted(
        (name, other)
        for name, targets in graph.items()
        for other in targets
        if FLOOR_OF[room(other)] > FLOOR_OF[room(name)]
    )


def test_every_room_has_a_floor():
    assert {room(m) for m in imports()} <= set(FLOOR_OF), "a new room: give it a floor in FLOORS"


def test_no_import_cycles():
    assert not cycles(imports())


def test_no_import_runs_up_a_floor():
    assert not upward(imports())


def test_analysis_does_not_import_story_grouping():
    for name, imported in imports().items():
        if name.startswith("newsdesk.analyze"):
            assert not any(m.startswith("newsdesk.cluster") for m in imported), name


def test_imports_inside_functions_are_seen(tmp_path):
    """The check reads function bodies: a circle closed by an import inside a function (as
    ``fetch`` -> ``store.ingest`` -> ``fetch`` once was) is found, and so is the upward edge."""
    pkg = tmp_path / "newsdesk"
    (pkg / "store").mkdir(parents=True)
    (pkg / "fetch").mkdir()
    for init in (pkg / "__init__.py", pkg / "store" / "__init__.py", pkg / "fetch" / "__init__.py"):
        init.write_text("")
    (pkg / "store" / "ingest.py").write_text("def f():\n    from newsdesk.fetch.http import get\n")
    (pkg / "fetch" / "http.py").write_text("from newsdesk.store.ingest import f\n")
    graph = imports(pkg)
    assert cycles(graph) == [["newsdesk.fetch.http", "newsdesk.store.ingest", "newsdesk.fetch.http"]]
    assert upward(graph) == [("newsdesk.store.ingest", "newsdesk.fetch.http")]


@pytest.mark.parametrize("limit", [450])
def test_no_module_holds_several_jobs(limit):
    """A module past ``limit`` lines holds more than one job: split it along its seams."""
    long = {
        str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > limit
    }
    assert not long, long
