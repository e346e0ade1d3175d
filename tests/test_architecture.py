"""The package's shape: stages import only what comes before them, and the rules docs/design.md draws.

The data flows once, top to bottom: reference data and Arabic text handling at
the bottom, then reading, segmentation, extraction, resolution, emission,
validation and publishing, then the pipeline that strings them together, then
the command line. A module may import from its own layer and the layers below,
never from one above; an emitter or a resolver takes the *types* of the facts it
is given from the extractors, never their logic.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "builder"

#: layers, lowest first: a module of a layer may import from its layer and the ones before it
LAYERS: tuple[tuple[str, ...], ...] = (
    ("builder.model", "builder.errors", "builder.iri", "builder.runtime", "builder.resources", "builder.atomic",
     "builder.graphs", "builder.arabic", "builder.result", "builder.redaction", "builder.vocab", "builder.dataset"),
    ("builder.reference_data",),
    ("builder.source",),
    ("builder.segment",),
    ("builder.extract",),
    ("builder.resolve",),
    ("builder.emit",),
    ("builder.validate", "builder.outputs", "builder.publish", "builder.query", "builder.ontology",
     "builder.analysis"),
    ("builder.pipeline", "builder.corpus", "builder.cluster"),
    ("builder.cli", "builder.bench", "builder.evaluation", "builder.__main__"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    if module == "builder":
        return 0
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS (and to docs/design.md)")


def imports_of(path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, imported names, line) of every ``builder`` import of a file, lazy ones included."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("builder")]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, target] if target else base)
            if target.startswith("builder"):
                out.append((target, [a.name for a in node.names], node.lineno))
    return out


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    assert SOURCES
    for path in SOURCES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_no_import_from_a_later_stage(path: Path) -> None:
    here = module_name(path)
    upward = [f"line {line}: {target}" for target, _names, line in imports_of(path)
              if target != "builder" and layer_of(target) > layer_of(here)]
    assert upward == [], f"{here} imports from a later stage: {upward}"


@pytest.mark.parametrize("path", [p for p in SOURCES if module_name(p).startswith(("builder.resolve",
                                                                                  "builder.emit"))],
                         ids=lambda p: module_name(p))
def test_resolvers_and_emitters_take_only_types_from_the_extractors(path: Path) -> None:
    """A resolver or an emitter imports the facts' types (classes, constants, and whatever a ``facts`` module
    defines: the types and the naming rules of the facts), never an extracting function."""
    logic = [f"line {line}: {target}.{name}" for target, names, line in imports_of(path)
             if target.startswith("builder.extract") and not target.endswith(".facts")
             for name in names if not name[:1].isupper()]
    assert logic == [], f"{module_name(path)} calls extraction: {logic}"


@pytest.mark.parametrize("path", [p for p in SOURCES if module_name(p).startswith("builder.emit")],
                         ids=lambda p: module_name(p))
def test_emitters_do_not_resolve(path: Path) -> None:
    logic = [f"line {line}: {target}.{name}" for target, names, line in imports_of(path)
             if target.startswith("builder.resolve") for name in names if not name[:1].isupper()]
    assert logic == [], f"{module_name(path)} calls resolution: {logic}"


@pytest.mark.parametrize("path", [p for p in SOURCES if module_name(p).startswith("builder.emit")],
                         ids=lambda p: module_name(p))
def test_emitters_write_pyoxigraph_terms_and_no_rdflib_term(path: Path) -> None:
    """Emission makes pyoxigraph terms (builder.vocab); rdflib may be named only for the types it reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and ast.unparse(node.test) == "TYPE_CHECKING" for n in ast.walk(node)}
    runtime = [f"line {node.lineno}" for node in ast.walk(tree) if id(node) not in typing_only
               and isinstance(node, ast.ImportFrom | ast.Import)
               and any((getattr(node, "module", None) or a.name).startswith("rdflib") for a in node.names)]
    assert runtime == [], f"{module_name(path)} imports rdflib at run time: {runtime}"


def test_no_module_level_cache() -> None:
    """Data is loaded once per build and passed down, never kept in a module-level cache."""
    cached = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for dec in node.decorator_list:
                    name = ast.unparse(dec)
                    if name.split("(")[0].split(".")[-1] in ("cache", "lru_cache"):
                        cached.append(f"{module_name(path)}.{node.name}")
    assert cached == []


def test_no_function_is_longer_than_a_screen() -> None:
    long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    long.append(f"{module_name(path)}.{node.name}: {length} lines")
    assert long == []
