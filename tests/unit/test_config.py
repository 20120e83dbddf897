"""Configuration in one place: every setting has its default in ``app.config.Defaults``, and only
the loader reads the environment, so a setting means the same whichever layer gives it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.config import Defaults

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
TEMPLATES = ROOT / "templates"

# The environment reads allowed outside the loader (app/config.py), and why.
ENVIRONMENT_READS = {
    # The instance folder holds config.py: it is needed before any configuration is loaded.
    "app/factory.py": {"LEARNWELL_INSTANCE_PATH"},
    # The speech engine's own process imports nothing from the app, so it has no app.config.
    "app/core/speech/worker.py": {"PIPER_VOICE_DIR"},
}
TEMPLATE_SETTING = re.compile(r"\bconfig(?:\.([A-Z][A-Z0-9_]*)|\[\s*['\"]([A-Z][A-Z0-9_]*)['\"])")


def _sources() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def _is_config(node: ast.expr) -> bool:
    """``config``, ``app.config``, ``current_app.config``: anything named config."""
    return (isinstance(node, ast.Name) and node.id == "config") or (
        isinstance(node, ast.Attribute) and node.attr == "config"
    )


def _string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def settings_read(tree: ast.AST) -> set[str]:
    """Keys read as ``config["NAME"]``, ``config.get("NAME", …)`` or ``config.setdefault(…)``."""
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if _is_config(node.value) and (key := _string(node.slice)):
                keys.add(key)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "setdefault")
            and _is_config(node.func.value)
            and node.args
            and (key := _string(node.args[0]))
        ):
            keys.add(key)
    return keys


def environment_reads(tree: ast.AST) -> set[str]:
    """Variables read as ``os.environ[…]``, ``os.environ.get(…)`` or ``os.getenv(…)``; ``*`` for
    any other use of the environment (passing it on whole, ``from os import environ``)."""
    names = set()
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            names |= {"*" for alias in node.names if alias.name in ("environ", "getenv")}
        if not (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in ("environ", "getenv", "environb", "getenvb")
        ):
            continue
        parent = parents.get(node)
        if node.attr.startswith("getenv") and isinstance(parent, ast.Call) and parent.args:
            names.add(_string(parent.args[0]) or "*")
        elif isinstance(parent, ast.Subscript):
            names.add(_string(parent.slice) or "*")
        elif isinstance(parent, ast.Attribute) and parent.attr == "get":
            call = parents.get(parent)
            args = call.args if isinstance(call, ast.Call) else []
            names.add((_string(args[0]) if args else None) or "*")
        else:
            names.add("*")
    return names


def _parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_every_setting_the_code_reads_has_a_default_in_the_defaults_class():
    read: dict[str, set[str]] = {}
    for path in _sources():
        for key in settings_read(_parsed(path)):
            read.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in TEMPLATE_SETTING.finditer(path.read_text(encoding="utf-8")):
            read.setdefault(match[1] or match[2], set()).add(str(path.relative_to(ROOT)))
    assert {"AUDIO_ON_PUBLISH", "REDIS_URL", "SITE_NAME", "TRUSTED_PROXIES"} <= set(read)
    missing = {key: sorted(where) for key, where in read.items() if not hasattr(Defaults, key)}
    assert not missing, f"settings read without a default in app.config.Defaults: {missing}"


def test_settings_are_read_by_key_never_with_a_second_default():
    """``config.get("NAME", default)`` would hide a second default away from Defaults."""
    scattered = []
    for path in _sources():
        for node in ast.walk(_parsed(path)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "setdefault")
                and _is_config(node.func.value)
            ):
                scattered.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not scattered, f"read these settings as config[NAME] instead: {scattered}"


def test_only_the_loader_reads_the_environment_for_settings():
    found = {}
    for path in _sources():
        name = str(path.relative_to(ROOT))
        if name != "app/config.py" and (names := environment_reads(_parsed(path))):
            found[name] = names
    assert found == ENVIRONMENT_READS


def test_the_scanners_see_the_ways_code_reads_settings_and_the_environment():
    """The checks above are only as good as what they recognise."""
    code = ast.parse(
        "import os\n"
        "a = current_app.config['A']\n"
        "b = app.config.get('B', 1)\n"
        "c = config['C']\n"
        "app.config['WRITTEN'] = 1\n"
        "d = os.environ.get('D')\n"
        "e = os.environ['E']\n"
        "f = os.getenv('F', '')\n"
        "g = {**os.environ}\n"
    )
    assert settings_read(code) == {"A", "B", "C"}
    assert environment_reads(code) == {"D", "E", "F", "*"}
