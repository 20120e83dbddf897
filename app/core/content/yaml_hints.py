"""The YAML parser's complaints, said as the fix an author needs.

LibYAML reports what its grammar expected ("did not find expected key", "mapping values are not
allowed in this context"); an author needs to know that a value with a colon must be quoted. The
hint is chosen from the parser's message and the text of the line it points at.
"""

from __future__ import annotations

import re

# A value that opens with a quote or bracket, closes it, then goes on: `- "Pick" the item`.
_TEXT_AFTER_CLOSE = re.compile(r"""(?:^|[:\-]\s+)(["'\[{]).*?(["'\]}])\s*[^\s#,]""")
_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:]+:\s+)?(\S)")

QUOTE_COLON = (
    "quote this value: it contains a colon followed by a space, which YAML reads as a new "
    'field (write it as field: "…")'
)
QUOTE_FLOW = (
    "a [ ] or { } value is not closed, or text inside it holds a comma, colon, bracket or '#', "
    'which ends a value there: close the bracket, or quote such text, like {text: "Low cost, '
    'high risk"}'
)


def explain(problem: str, context: str, line_text: str) -> str:
    """A plain-words fix for a YAML error at ``line_text``; the parser's words as a fallback."""
    problem, context = problem or "", context or ""
    if "mapping values are not allowed" in problem:
        return QUOTE_COLON
    if "cannot start any token" in problem:
        if "\t" in line_text[: len(line_text) - len(line_text.lstrip())]:
            return "indent with spaces, not tabs"
        first = _VALUE.match(line_text)
        char = first.group(1) if first else "?"
        return f"quote this value: it starts with '{char}', which YAML reserves"
    if "alias" in context or "anchor" in context:
        char = "*" if "alias" in context else "&"
        return f"quote this value: it starts with '{char}', which YAML reads as a reference"
    if "quoted scalar" in context:
        return "a quoted value is never closed: end it with the same quote mark it starts with"
    if "expected ','" in problem or ("flow" in context and "expected" in problem):
        return QUOTE_FLOW
    if "expected key" in problem or "'-' indicator" in problem or "block end" in problem:
        if _TEXT_AFTER_CLOSE.search(line_text):
            return (
                "quote the whole value: text follows its closing quote or bracket "
                '(write "…" around all of it)'
            )
        return (
            "check this line's indentation: it must line up with the fields or '- ' items "
            "it belongs with"
        )
    return problem or context or "not valid YAML"
