"""The layering of DESIGN.md, checked on the source: imports flow downward only, and packages talk through their
``__init__`` (no import of another package's private ``_module``)."""

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "textmine"

#: layer of each subpackage (DESIGN.md). Layer 0 also holds the table schemas, the shipped-data locator and the version; the top-level
#: modules that run the stages (_analyze, _stages, _output …) sit between the report and the CLI: an Analysis
#: renders itself with the report, which never imports them.
LAYERS = {"errors": 0, "schemas": 0, "_data": 0, "_version": 0, "io": 1, "nps": 1, "text": 1, "embed": 2, "themes": 3,
          "classify": 3, "drivers": 4, "trust": 4, "loop": 4,
          "report": 5, "review": 5, "_top": 5.5, "distributed": 5.5, "cli": 6, "__main__": 6}
#: same-layer imports that the design allows: reading a survey assigns NPS groups; classify codes answers into
#: themes' results; `python -m textmine` runs the CLI; the schemas raise the package's errors; the Dask engine
#: runs analyze's stage runner with its chunks coded on a cluster, and analyze(engine="dask") hands the run to it
ALLOWED_SIDEWAYS = {("io", "nps"), ("classify", "themes"), ("__main__", "cli"), ("schemas", "errors"),
                    ("distributed", "_top"), ("_top", "distributed")}
#: top-level modules that are units of their own (the rest are "_top")
OWN_UNITS = ("errors", "schemas", "_data", "_version", "__main__")


def _unit(path: Path) -> str:
    rel = path.relative_to(PKG)
    if len(rel.parts) == 1:
        return rel.stem if rel.stem in OWN_UNITS else "_top"
    return rel.parts[0]


def _imports(path: Path):
    """(line, imported dotted module, imported names) for every textmine import in ``path``, relative ones resolved;
    for ``from M import a, b`` the names are a and b (each may be a submodule of M)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = list(path.relative_to(PKG.parent).with_suffix("").parts)
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.startswith("textmine"):
                yield node.lineno, mod, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("textmine"):
                    yield node.lineno, a.name, []


def _module_file(mod: str) -> Path | None:
    """The source file of a dotted textmine module, or None when ``mod`` is not a module (a name in one)."""
    rel = Path(*mod.split("."))
    for f in (PKG.parent / rel.with_suffix(".py"), PKG.parent / rel / "__init__.py"):
        if f.is_file():
            return f
    return None


def _target(mod: str) -> tuple[str, bool]:
    """(unit imported, whether a private module of another unit is named)."""
    parts = mod.split(".")[1:]
    if not parts or parts == ["__version__"]:
        return ("_version" if parts else "_top"), False
    head = parts[0]
    if head in OWN_UNITS:
        return head, False
    if head.startswith("_"):
        return "_top", False
    private = any(p.startswith("_") and p != "__init__" for p in parts[1:2])
    return head, private


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def violations():
    """One line per offending import statement."""
    out = []
    for path in sorted(PKG.rglob("*.py")):
        unit = _unit(path)
        for line, mod, names in _imports(path):
            where = f"{path.relative_to(PKG.parent)}:{line} imports from {mod}"
            # `from textmine import _x` / `from textmine.themes import _x` name a module when one exists
            targets = [f"{mod}.{n}" if _module_file(f"{mod}.{n}") else mod for n in names] or [mod]
            problems = []
            for target_mod, name in zip(targets, names or [None]):
                target, private = _target(target_mod)
                if target == unit:
                    continue
                if private:
                    problems.append(f"a private module of another package (import it from textmine.{target})")
                elif name is not None and target_mod == mod and _is_private(name):
                    problems.append(f"the private name {name!r} of another package (make it public there)")
                lu, lt = LAYERS.get(unit), LAYERS.get(target)
                if lu is not None and lt is not None and (
                        lt > lu or (lt == lu and (unit, target) not in ALLOWED_SIDEWAYS)):
                    problems.append(f"upward or sideways (layer {lu} -> {lt})")
            if problems:
                out.append(f"{where}: " + "; ".join(dict.fromkeys(problems)))
    return out


def import_graph() -> dict[Path, set[Path]]:
    """module file -> the textmine module files it imports (at its top or inside a function)."""
    graph = {}
    for path in sorted(PKG.rglob("*.py")):
        edges = set()
        for _, mod, names in _imports(path):
            for target in [f"{mod}.{n}" for n in names] + [mod]:
                f = _module_file(target)
                if f is not None and f != path:
                    edges.add(f)
                    break
        graph[path] = edges
    return graph


def cycles(graph) -> list[list[Path]]:
    """Strongly connected groups of more than one module (Tarjan), package ``__init__`` files left out: a package
    re-exporting its modules is not a cycle of the modules."""
    graph = {k: {v for v in vs if v.name != "__init__.py"} for k, vs in graph.items() if k.name != "__init__.py"}
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_imports_flow_downward_through_public_seams():
    found = violations()
    assert not found, "\n".join(found)


def test_no_import_cycles_between_modules():
    found = cycles(import_graph())
    assert not found, "\n".join(" <-> ".join(str(p.relative_to(PKG.parent)) for p in g) for g in found)


def test_the_checks_catch_what_they_look_for(tmp_path, monkeypatch):
    """The checks are not vacuous: a planted private import, upward import and cycle are each found."""
    pkg = tmp_path / "textmine"
    for sub in ("io", "themes"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "io" / "_a.py").write_text("from ..themes._b import x\n")
    (pkg / "themes" / "_b.py").write_text("from ..io import _hidden\nfrom ..io._a import y\n")
    (pkg / "io" / "_c.py").write_text("from ._d import z\n")
    (pkg / "io" / "_d.py").write_text("def f():\n    from ._c import z\n")
    monkeypatch.setattr(__import__(__name__), "PKG", pkg)
    found = "\n".join(violations())
    assert "textmine/io/_a.py:1" in found and "private module" in found and "upward" in found
    assert "the private name '_hidden'" in found
    assert sorted([p.name for p in g] for g in cycles(import_graph())) == [["_a.py", "_b.py"], ["_c.py", "_d.py"]]
