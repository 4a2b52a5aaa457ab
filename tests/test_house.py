"""The house by the flow, checked: no import cycle in ``dsi_graph``, and the module table of ``docs/design.md``
(section 5) names every package and module of the tree and nothing else.

The layering itself (rdf | config < stores < build | read < web < cli) is checked by ``lint-imports`` in
``scripts/test.sh`` (contracts in ``pyproject.toml``).
"""

from __future__ import annotations

import re

import grimp

from dsi_graph.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "dsi_graph"
DESIGN = PROJECT_ROOT / "docs" / "design.md"


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_import_cycles_are_found():
    """The walk finds a cycle when there is one (so that the next test means something)."""
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert import_cycles(graph) == [["p.a", "p.b"]]


def test_no_import_cycle():
    """No module of dsi_graph imports itself back, also through function-level imports.

    Imports under ``if TYPE_CHECKING:`` never run and are left out: a type annotation is no import order.
    """
    graph = grimp.build_graph("dsi_graph", exclude_type_checking_imports=True)
    assert import_cycles(graph) == []


def design_table() -> list[str]:
    """The paths in the first column of the table in section 5 of docs/design.md."""
    text = DESIGN.read_text(encoding="utf-8")
    section = re.search(r"^## 5\. Modules\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "docs/design.md has no section '## 5. Modules'"
    return re.findall(r"^\| `(dsi_graph/[^`]*)` \|", section.group(1), re.M)


def tree() -> set[str]:
    """Every package (``dsi_graph/x/``) and module (``dsi_graph/x/y.py``); an ``__init__.py`` stands for its package."""
    paths = {"dsi_graph/"}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PROJECT_ROOT)
        if "__pycache__" in relative.parts:
            continue
        if path.name == "__init__.py":
            paths.add(relative.parent.as_posix() + "/")
        else:
            paths.add(relative.as_posix())
    return paths


def test_design_lists_every_module_once():
    listed = design_table()
    assert len(listed) == len(set(listed)), sorted(p for p in listed if listed.count(p) > 1)
    modules = tree()
    folders_of_data = {p for p in listed if p.endswith("/") and (PROJECT_ROOT / p).is_dir() and p not in modules}
    assert sorted(set(listed) - modules - folders_of_data) == [], "listed in docs/design.md but not in the tree"
    assert sorted(modules - set(listed)) == [], "in the tree but not listed in docs/design.md section 5"


def test_design_lists_each_module_under_its_folder():
    """Each module's row comes after the row of its folder, so the table reads as the tree."""
    listed = design_table()
    for position, path in enumerate(listed):
        if path == "dsi_graph/":
            continue
        folder = path.rstrip("/").rsplit("/", 1)[0] + "/"
        assert folder in listed[:position], f"{path} is listed before its folder {folder}"
