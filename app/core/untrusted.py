"""Structured text from outside: how deep it may nest, and the characters that are not text.

JSON, YAML and Markdown all arrive as text that a parser turns into nested values, and Python's
parsers and walkers recurse once per level. Text nested deeper than the interpreter's recursion
limit (about 1,000 frames, fewer inside a web request) raises ``RecursionError`` wherever it is
read or walked: a 500, not a refusal. Nothing the platform reads nests more than a few levels (a
progress batch three, a lesson's YAML six or so), so anything deeper than :data:`MAX_DEPTH` is
refused before any parser recurses.

A lone surrogate (U+D800 to U+DFFF, half of a UTF-16 pair) is a valid character of a Python
``str`` but no text at all: it can't be encoded as UTF-8, so the database driver, LibYAML and
every response fail on it. JSON carries one as ``"\\ud800"`` (and :func:`json.loads` decodes such
bytes with ``surrogatepass``); it is refused wherever it arrives.

These are the rules; :mod:`app.web.security.inputs` applies them to every request and the content
parser to every lesson.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32  # arrays/objects (JSON) or sequences/mappings (YAML) inside one another

# What is wrong, to follow "The request" or "This YAML" (or "This line", for a surrogate).
DEPTH_MESSAGE = f"nests data more than {MAX_DEPTH} levels deep"
SURROGATE_MESSAGE = (
    "contains a lone surrogate (half of a UTF-16 pair, such as \\ud800), which is not text"
)

_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON string, escapes included; what is left once strings are gone holds every bracket.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def lone_surrogate_at(text: str) -> int | None:
    """The index of the first lone surrogate in ``text``, or None when there is none."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


def has_lone_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def line_of(text: str, index: int) -> int:
    """The 1-based line of ``text`` that holds the character at ``index``."""
    return text.count("\n", 0, index) + 1


def json_too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON ``text`` nests arrays and objects more than ``limit`` deep.

    Counted on the text, without parsing it (parsing is what recurses): strings are skipped, so
    brackets inside them don't count. Invalid JSON gets an answer too; its parser refuses it.
    """
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def value_holds_lone_surrogate(value: Any) -> bool:
    """Whether a decoded JSON value holds a lone surrogate in any string or key.

    Recursive, so only for values whose depth :func:`json_too_deep` has bounded already.
    """
    if isinstance(value, str):
        return has_lone_surrogate(value)
    if isinstance(value, dict):
        return any(
            value_holds_lone_surrogate(k) or value_holds_lone_surrogate(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return any(value_holds_lone_surrogate(v) for v in value)
    return False


def json_problem(raw: bytes) -> str | None:
    """What makes a JSON body unusable (nesting, lone surrogates), or None.

    The bytes are decoded the way :func:`json.loads` decodes them. Bytes that are not JSON at all
    get None: whoever reads the body refuses them with its own message.
    """
    try:
        text = raw.decode(json.detect_encoding(raw), "surrogatepass")
    except (UnicodeDecodeError, LookupError):
        return None
    if has_lone_surrogate(text):
        return SURROGATE_MESSAGE
    if json_too_deep(text):
        return DEPTH_MESSAGE
    try:
        value = json.loads(text)
    except ValueError:
        return None
    except RecursionError:  # brackets hidden from the count by invalid JSON: still too deep
        return DEPTH_MESSAGE
    return SURROGATE_MESSAGE if value_holds_lone_surrogate(value) else None
