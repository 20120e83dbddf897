"""No regular expression in the application ends in ``$``, so none can accept a trailing newline.

In Python ``$`` matches at the end of the text *and* just before a final newline: a slug pattern
``^[a-z0-9-]+$`` accepted ``"my-course\\n"``, and an event id pattern a 37-character "UUID". A
pattern that must reach the end of the text ends in ``\\Z`` (or is used with ``re.fullmatch``).
``$`` stays allowed where it means the end of a line: in patterns compiled with ``re.MULTILINE``.

This test reads the source (every call to the ``re`` functions or to WTForms' ``Regexp``, with
its pattern written out or named by a module constant), so a new pattern can't slip back.
"""

from __future__ import annotations

import ast
import re
import uuid
from pathlib import Path

from app.core.content import fields
from app.core.rules import events

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall"}
RE_FUNCTIONS |= {"finditer"}


def _ends_with_dollar(pattern: str) -> bool:
    """Whether the pattern's last token is an unescaped ``$``."""
    if not pattern.endswith("$"):
        return False
    backslashes = len(pattern[:-1]) - len(pattern[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _is_pattern_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id == "re":
            return func.attr in RE_FUNCTIONS
        return func.attr == "Regexp"
    return isinstance(func, ast.Name) and func.id == "Regexp"


def _multiline(call: ast.Call, pattern: str) -> bool:
    flags = [*call.args[1:], *(k.value for k in call.keywords)]
    named = {n.attr for f in flags for n in ast.walk(f) if isinstance(n, ast.Attribute)}
    return bool(named & {"MULTILINE", "M"}) or re.match(r"\(\?[a-zA-Z]*m", pattern) is not None


def _pattern_text(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:  # an f-string: its written tail
        last = node.values[-1]
        return last.value if isinstance(last, ast.Constant) else None
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def patterns_in(path: Path) -> list[tuple[int, str, bool]]:
    """(line, pattern, multiline) for every pattern the module passes to ``re`` or ``Regexp``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_pattern_call(node) and node.args:
            pattern = _pattern_text(node.args[0], constants)
            if pattern is not None:
                found.append((node.lineno, pattern, _multiline(node, pattern)))
    return found


def test_no_pattern_in_the_app_ends_in_a_dollar_that_accepts_a_trailing_newline():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {pattern!r}"
        for path in sorted(APP.rglob("*.py"))
        for line, pattern, multiline in patterns_in(path)
        if _ends_with_dollar(pattern) and not multiline
    ]
    assert offenders == [], "end these patterns with \\Z instead of $:\n" + "\n".join(offenders)


def test_the_scanner_sees_the_ways_patterns_are_written(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "import re\n"
        "from wtforms.validators import Regexp\n"
        'ID = "^[a-z]+$"\n'
        'A = re.compile(r"^[a-z]+$")\n'
        'B = Regexp(r"^[a-z]+$", message="x")\n'
        "C = re.compile(ID)\n"
        'D = re.compile(f"^{ID}-[0-9]+$")\n'
        'E = re.compile(r"^line$", re.MULTILINE)\n'
        'F = re.compile(r"price in \\$")\n'
        'G = re.compile(r"[a-z]+\\Z")\n'
        "def check(value):\n"
        '    return re.match(r"^[0-9]+$", value)\n',
        encoding="utf-8",
    )
    flagged = [
        line
        for line, pattern, multiline in patterns_in(source)
        if _ends_with_dollar(pattern) and not multiline
    ]
    assert flagged == [4, 5, 6, 7, 12]


def test_the_slug_and_event_id_patterns_refuse_a_trailing_newline_even_with_match():
    """WTForms' ``Regexp`` calls ``match``: the pattern itself has to reach the end."""
    assert fields.SLUG.match("my-course") and not fields.SLUG.match("my-course\n")
    event_id = str(uuid.uuid4())
    assert events.UUID.match(event_id) and not events.UUID.match(event_id + "\n")
