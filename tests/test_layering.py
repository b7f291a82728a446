"""The import direction core <- services <- views/cli holds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "matchmaker"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        (
            "core",
            ("flask", "sqlalchemy", "matchmaker.models", "matchmaker.services", "matchmaker.io"),
        ),
        ("io", ("flask", "sqlalchemy", "matchmaker.models", "matchmaker.services")),
        ("services", ("flask", "matchmaker.views", "matchmaker.cli")),
        ("models", ("flask", "matchmaker.services", "matchmaker.views")),
    ],
)
def test_layer_imports_nothing_above_it(folder: str, forbidden: tuple[str, ...]) -> None:
    modules = imported_modules(PACKAGE / folder)
    assert modules, f"no modules found in {folder}"
    offending = {
        module: sorted(n for n in names if n.split(".")[0] in forbidden or n.startswith(forbidden))
        for module, names in modules.items()
    }
    assert {m: names for m, names in offending.items() if names} == {}
