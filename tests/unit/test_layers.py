"""The layers hold in the imports themselves, not only in the docs (docs/architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "app" / "core"
LEARNING = ROOT / "app" / "learning"


def _modules(folder: Path) -> list[str]:
    names = []
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_core_imports_without_flask_sqlalchemy_or_werkzeug():
    """Every module of app.core, imported in a fresh interpreter, loads none of them."""
    imports = "; ".join(
        f"import {name}" for name in _modules(CORE) if name != "app.core.speech.worker"
    )
    check = (
        f"import sys; {imports}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'flask', 'sqlalchemy', 'werkzeug', 'flask_sqlalchemy', 'flask_login', 'wtforms'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_importing_the_package_builds_no_app():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, app; print('app.factory' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


REQUEST_STATE = {"request", "session", "g", "has_request_context", "make_response"}


@pytest.mark.parametrize("module", _modules(LEARNING))
def test_the_learning_layer_never_touches_a_request(module):
    """Use cases take explicit arguments: no ``flask.request``, ``session`` or ``g``."""
    path = ROOT.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "flask"
        for alias in node.names
    }
    assert not used & REQUEST_STATE


def test_the_import_contract_is_kept():
    """The contracts in pyproject.toml: layers, a pure core, no package cycles."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
