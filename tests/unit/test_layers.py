"""Imports flow one way: the pure layers (normalize, extraction, diff, export) never reach up
into Scrapy, the archive or the crawl's components. Read from the source, so a lazy import
inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
PACKAGE = Path(__file__).resolve().parents[2] / "levantcrawl"

# A layer, and the imports it may not make (module-name prefixes).
FORBIDDEN = {
    "normalize": ("scrapy", "sqlalchemy", "levantcrawl."),
    "extraction": (
        "scrapy",
        "sqlalchemy",
        "levantcrawl.storage",
        "levantcrawl.pipelines",
        "levantcrawl.spiders",
        "levantcrawl.middlewares",
    ),
    "diff": ("scrapy", "levantcrawl.pipelines", "levantcrawl.spiders"),
    "export": ("scrapy", "levantcrawl.pipelines", "levantcrawl.spiders"),
    "storage": ("scrapy", "levantcrawl.pipelines", "levantcrawl.spiders", "levantcrawl.cli"),
}
# normalize/ may use its own modules.
ALLOWED = {"normalize": ("levantcrawl.normalize",)}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    wrong = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported(path):
            if name.startswith(ALLOWED.get(layer, ("\0",))):
                continue
            if any(name == f.rstrip(".") or name.startswith(f) for f in FORBIDDEN[layer]):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


# Generated data, not code a person reads: the sample site's vocabularies.
GENERATED = {"samplesite/_vocab.py"}


def test_no_module_is_above_400_lines() -> None:
    """Small modules with one job (the developers' guide): a module past 400 lines is doing
    two, and is split."""
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text("utf-8").splitlines())) > 400
    }
    assert {name: n for name, n in long.items() if name not in GENERATED} == {}
