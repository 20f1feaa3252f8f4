"""The package's import structure: every module imports on its own, data flows one way.

An import circle works or breaks by which module happens to be imported first, so each module is
imported alone in a fresh interpreter, and the graph of package-internal imports read from the
source (module level and inside functions, type-only imports included: they are the same
dependency) must have no cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "briefgen"
HEAVY = ("spacy", "thinc", "reportlab", "docx", "jinja2", "pdfminer", "pypdf", "bs4", "lxml",
         "dask", "distributed", "charset_normalizer", "yaml", "numpy")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_by(name: str, source: str) -> set[str]:
    """The package modules that module `name` imports anywhere in `source`."""
    package = name.split(".") if MODULES[name].name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            submodules = {f"{origin}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules)
            if len(submodules) < len(node.names):   # some names are attributes of `origin`
                found.add(origin)
    return (found & MODULES.keys()) - {name}


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    return {name: imported_by(name, source) for name, source in sources.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_import_graph_has_no_cycle():
    graph = import_graph({name: path.read_text(encoding="utf-8") for name, path in MODULES.items()})
    assert len(graph) > 40
    assert "briefgen.render.templating" in graph["briefgen.render"]      # the reader sees edges
    found = cycles(graph)
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_cycle_finder_sees_circles_through_function_level_imports():
    """The check itself can fail: a circle closed by an import inside a function is found."""
    MODULES.setdefault("briefgen.fake_a", PACKAGE / "fake_a.py")
    MODULES.setdefault("briefgen.fake_b", PACKAGE / "fake_b.py")
    try:
        graph = import_graph({
            "briefgen.fake_a": "from .fake_b import thing\n",
            "briefgen.fake_b": "def later():\n    from . import fake_a\n    return fake_a\n",
        })
    finally:
        del MODULES["briefgen.fake_a"], MODULES["briefgen.fake_b"]
    assert cycles(graph) == [["briefgen.fake_a", "briefgen.fake_b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def import_alone(name: str) -> str | None:
    """None when `import NAME` works in a new interpreter, else the error's last line."""
    result = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    if result.returncode == 0:
        return None
    return f"{name}: {(result.stderr.strip().splitlines() or ['?'])[-1]}"


def test_every_module_imports_alone_in_a_fresh_interpreter():
    with ThreadPoolExecutor(max_workers=3) as pool:       # a few interpreters at a time
        failures = [error for error in pool.map(import_alone, MODULES) if error]
    assert not failures, "\n".join(failures)


def test_help_imports_no_heavy_library():
    """`briefgen --help` stays quick: parsing and rendering libraries load only when used."""
    probe = ("import sys\nfrom briefgen.cli import main\n"
             "try:\n    main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
