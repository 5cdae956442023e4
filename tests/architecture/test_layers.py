"""The layers of `tools/aiss`, written once, and the rule that keeps them one-way: a module may
import modules of its own layer or of layers below it, never above; nothing below the
composition layer imports it; no aiss module is imported inside a function (an import kept
out of sight is how cycles hide). The architecture page (`site_src/architecture.md`) lists
the same layers, in the same order."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "tools" / "aiss"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("settings", "errors", "strenum", "diagnostics", "atomic", "escape", "jcs")),
    ("source", ("source",)),
    ("models", ("models",)),
    ("signing", ("signing",)),
    ("loading", ("loading", "cache")),
    ("catalog", ("catalog",)),
    ("registry", ("registry",)),
    ("validation", ("validation",)),
    ("versions", ("versions",)),
    ("conformance", ("conformance",)),
    ("importers", ("importers",)),
    ("exchange", ("exchange", "oscal")),
    ("site", ("site",)),
    ("compose", ("compose",)),
    ("api", ("api",)),
    ("cli", ("cli", "__main__")),
]
"""Bottom to top: each entry is a layer's name and the top-level modules or packages in it.
The package itself (`aiss/__init__.py`) is the public face above them all."""

LEVEL = {part: i for i, (_, parts) in enumerate(LAYERS) for part in parts}
TOP = len(LAYERS)


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def level_of(module: str) -> int:
    """The layer of a dotted module name under `aiss` (the package root is the top)."""
    parts = module.split(".")
    if parts == ["aiss"]:
        return TOP
    return LEVEL[parts[1]]


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported aiss module, line, inside a function) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    inside.add(id(sub))
    out: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "aiss":  # `from aiss import escape`: the submodules named
                names = [f"aiss.{a.name}" for a in node.names if a.name != "__version__"]
            else:
                names = [node.module]
        else:
            continue
        out += [(n, node.lineno, id(node) in inside) for n in names if n.split(".")[0] == "aiss"]
    return out


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    top = {_module(p).split(".")[1] for p in SOURCES if _module(p) != "aiss"}
    assert top - set(LEVEL) == set(), "add the new module or package to LAYERS"
    assert set(LEVEL) - top == set(), "a layer names a module that no longer exists"


def test_no_module_imports_a_layer_above_its_own() -> None:
    above = []
    for path in SOURCES:
        mine = level_of(_module(path))
        above += [
            f"{path.relative_to(REPO)}:{line}: {LAYERS[mine][0]} imports {name}"
            f" ({LAYERS[level_of(name)][0]})"
            for name, line, _ in _imports(path)
            if level_of(name) > mine
        ]
    assert above == []


def test_no_aiss_import_hides_in_a_function() -> None:
    hidden = [
        f"{path.relative_to(REPO)}:{line}: {name}"
        for path in SOURCES
        for name, line, inside in _imports(path)
        if inside
    ]
    assert hidden == []


def test_the_check_detects_an_upward_import(tmp_path: Path) -> None:
    """The rule can fail: a site module importing the composition layer is refused."""
    assert level_of("aiss.site.pages") < level_of("aiss.compose.check")
    bad = tmp_path / "bad.py"
    bad.write_text("from aiss.compose.check import check_submission\n", encoding="utf-8")
    found = _imports(bad)
    assert found == [("aiss.compose.check", 1, False)]
    assert level_of(found[0][0]) > level_of("aiss.site.pages")


def test_the_architecture_page_lists_the_layers_in_order() -> None:
    page = (REPO / "site_src" / "architecture.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (\d+) \| `([a-z_]+)` \|", page, re.MULTILINE)
    assert [(int(n), name) for n, name in listed] == [
        (i + 1, name) for i, (name, _) in enumerate(LAYERS)
    ]


READS = re.compile(
    r"\.read_bytes\(\)|\.read_text\(|(?<![\w.])open\(|\.open\(\s*\"r|\.open\(\)|\.open\(\"rb\"\)"
)
"""File reads: `Path.read_bytes`, `Path.read_text`, `open(...)`, `Path.open("rb")`."""


def test_files_are_read_only_through_loading() -> None:
    """`aiss.loading` is the one place that reads files (writes go through `aiss.atomic`)."""
    found = []
    for path in SOURCES:
        if path.name in ("loading.py", "atomic.py"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if READS.search(line) and "os.open(os.devnull" not in line:
                found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert found == []
