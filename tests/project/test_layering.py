"""The layers and what each may import: an allow-list per layer, views and the command line
included, so that an import against the grain fails here whoever adds it.

    views/ cli/ jobs/            (the app's edges: pages, commands, the worker)
        forms/ notify i18n labels auth security urls
            services/
                models/ io/
                    core/        (pure: no Flask, no SQLAlchemy, no I/O)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "matchmaker"

# What each layer (a top-level module or package of matchmaker) may import of matchmaker.
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "io": {"core", "io"},
    "models": {"models"},
    "extensions": {"models"},
    "config": set(),
    "services": {"core", "io", "models", "services"},
    "i18n": {"core", "io", "models", "services"},
    "dates": {"core", "i18n", "models", "services"},
    "labels": {"i18n", "models"},
    "forms": {"core", "forms", "i18n", "models", "services"},
    "urls": {"extensions", "models", "services"},
    "security": {"urls"},
    "auth": {"extensions", "models", "services"},
    "notify": {
        "core",
        "dates",
        "extensions",
        "i18n",
        "labels",
        "models",
        "notify",
        "services",
        "urls",
    },
    "jobs": {"core", "extensions", "i18n", "jobs", "models", "notify", "services", "urls"},
    "views": {
        "auth",
        "config",
        "core",
        "dates",
        "extensions",
        "forms",
        "i18n",
        "io",
        "jobs",
        "labels",
        "models",
        "notify",
        "security",
        "services",
        "urls",
        "views",
    },
    "cli": {
        "cli",
        "config",
        "core",
        "extensions",
        "io",
        "jobs",
        "models",
        "services",
        "urls",
        "matchmaker",
    },  # fmt: skip  (create_app)
    "__init__": {
        "auth",
        "cli",
        "config",
        "extensions",
        "i18n",
        "security",
        "views",
        "jobs",
        "matchmaker",
    },
}
# Frameworks a layer must not import at all.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": (
        "flask",
        "flask_babel",
        "flask_login",
        "flask_wtf",
        "sqlalchemy",
        "werkzeug",
        "wtforms",
        "click",
    ),
    "io": ("flask", "flask_babel", "sqlalchemy", "werkzeug", "wtforms", "click"),
    "models": ("flask", "flask_babel", "wtforms", "click"),
    "services": ("flask", "flask_babel", "flask_login", "flask_wtf", "wtforms", "click"),
}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imports() -> list[tuple[str, str, str]]:
    """(file, layer, imported module) for every import of every module but migrations."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                found.append((str(path.relative_to(PACKAGE)), _layer(path), name))
    return found


IMPORTS = _imports()


def test_every_module_belongs_to_a_known_layer() -> None:
    layers = {layer for _file, layer, _name in IMPORTS}
    assert len(layers) >= 10
    assert layers <= set(ALLOWED), sorted(layers - set(ALLOWED))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_what_it_may(layer: str) -> None:
    mine = [(f, n) for f, lay, n in IMPORTS if lay == layer]
    assert mine, f"no imports found in {layer}: has it moved?"
    wrong = sorted(
        f"{f}: {n}"
        for f, n in mine
        if n.split(".")[0] == "matchmaker"
        and (n.split(".")[1] if "." in n else "matchmaker") not in ALLOWED[layer]
    )
    assert wrong == []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_the_lower_layers_know_no_web_framework(layer: str) -> None:
    wrong = sorted(
        f"{f}: {n}" for f, lay, n in IMPORTS if lay == layer and n.split(".")[0] in FORBIDDEN[layer]
    )
    assert wrong == []
