"""Imports point inwards: the model imports nothing else from paxscreen, and so on."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "paxscreen"

# package -> the paxscreen packages it may import (besides itself and the leaf modules)
ALLOWED = {
    "model": set(),
    "edifact": set(),
    "messages": {"edifact", "model"},
    "store": {"model", "config"},
}
LEAF_MODULES = {"paxscreen.findings", "paxscreen.errors", "paxscreen.long_lived"}


def imported_paxscreen_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name for name in names if name.startswith("paxscreen")}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_inwards(package: str) -> None:
    folder = PACKAGE / package
    if not folder.exists():
        pytest.skip(f"paxscreen.{package} does not exist yet")
    allowed = {f"paxscreen.{package}"} | {f"paxscreen.{name}" for name in ALLOWED[package]}
    for path in folder.rglob("*.py"):
        for module in imported_paxscreen_modules(path) - LEAF_MODULES:
            assert any(module == a or module.startswith(a + ".") for a in allowed), (
                f"{path.relative_to(PACKAGE)} imports {module}"
            )
