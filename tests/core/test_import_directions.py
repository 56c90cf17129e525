"""The import directions of docs/architecture.md hold: every import, at any depth, is checked.

Feature apps depend one way, ``jobs <- resumes <- screening <- profiles``; ``runs`` and
``llm`` import no feature app; nothing in ``screener/lib/`` imports Django's ORM or any
app's models. Reads the source with ``ast`` (no import side effects), so a function-level
import counts as much as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = ("jobs", "resumes", "screening", "profiles")
FORBIDDEN = {
    "jobs": {"resumes", "screening", "profiles"},
    "resumes": {"screening", "profiles"},
    "screening": {"profiles"},
    "runs": set(FEATURE_APPS),
    "llm": set(FEATURE_APPS),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module) of every import statement in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def python_files(package: str) -> list[Path]:
    folder = ROOT / package
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


def violations(package: str, is_forbidden) -> list[str]:  # noqa: ANN001 - a predicate
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files(package)
        for line, module in imported_modules(path)
        if is_forbidden(module)
    ]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_it_keeps_each_app_to_its_allowed_imports(app: str) -> None:
    banned = FORBIDDEN[app]
    found = violations(app, lambda module: module.split(".")[0] in banned)
    assert found == [], f"{app} must not import {sorted(banned)}:\n" + "\n".join(found)


def test_it_keeps_django_models_out_of_the_framework_free_helpers() -> None:
    def orm(module: str) -> bool:
        top = module.split(".")[0]
        return (
            module.startswith(("django.db", "django.contrib", "pgvector.django"))
            or module.endswith(".models")
            or ".models." in module
            or top in FEATURE_APPS
            or top in ("runs", "llm")
        )

    found = violations("screener/lib", orm)
    assert found == [], "screener/lib must stay framework-free:\n" + "\n".join(found)


def test_it_would_catch_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from profiles.selectors import x\n", encoding="utf-8")
    assert (2, "profiles.selectors") in imported_modules(module)
