"""Checks for the fields of YAML mappings (front matter, course files, activity blocks)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any

from app.core.content.errors import Problems
from app.core.content.yaml_source import LinedDict

# \Z, not $: "$" also matches before a final newline, so "my-id\n" would pass as a slug.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class FieldProblem(ValueError):
    """A field holds a value of the wrong shape; the message says what was expected."""


Check = Callable[[Any], Any]


def slug(value: Any) -> str:
    if isinstance(value, str) and SLUG.fullmatch(value.lower()) and not SLUG.fullmatch(value):
        raise FieldProblem(f"has capital letters: ids are lowercase, write '{value.lower()}'")
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise FieldProblem("must be an id of lowercase letters, digits and hyphens, like 'my-id'")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldProblem("must be non-empty text")
    return value.strip()


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldProblem("must be a whole number of at least 1")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldProblem("must be true or false")
    return value


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        if value not in choices:
            hint = suggestion(str(value), choices) if isinstance(value, str) else ""
            raise FieldProblem(
                f"must be one of {', '.join(repr(c) for c in choices)}"
                + (f"; '{value}'{hint}" if hint else "")
            )
        return value

    return check


def list_of(item: Check) -> Check:
    def check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise FieldProblem("must be a list")
        return [item(v) for v in value]

    return check


def suggestion(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _cut_at_comma(text: str) -> str:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return (
        f"'{shown}' reads as a field of its own: a comma inside {{ }} or [ ] ends a value, so "
        'put the whole value in quotes, like text: "Low cost, which can erode margins"'
    )


def check_fields(
    data: LinedDict,
    required: dict[str, Check],
    optional: dict[str, Check],
    problems: Problems,
    where: str,
    extra_allowed: bool = False,
) -> dict[str, Any]:
    """Validate ``data`` field by field; return the valid values, report every problem."""
    values: dict[str, Any] = {}
    known = {**required, **optional}
    misspelt = {}  # a required field's name → the unknown field that looks like it
    for name in data:
        if name not in known:
            close = difflib.get_close_matches(str(name), [r for r in required if r not in data])
            if close:
                misspelt[close[0]] = name
    for name in required:
        if name in misspelt:
            problems.add(
                data.line_of(misspelt[name]),
                f"{where}: unknown field '{misspelt[name]}' (did you mean '{name}'?)",
            )
        elif name not in data:
            problems.add(data.line, f"{where}: missing required field '{name}'")
    for name, raw in data.items():
        check = known.get(name)
        if check is None:
            if name in misspelt.values():
                continue
            if raw is None and isinstance(name, str) and " " in name.strip():
                problems.add(data.line_of(name), f"{where}: {_cut_at_comma(name)}")
            elif not extra_allowed:
                problems.add(
                    data.line_of(name),
                    f"{where}: unknown field '{name}'{suggestion(str(name), known)}",
                )
            continue
        try:
            values[name] = check(raw)
        except FieldProblem as exc:
            problems.add(data.line_of(name), f"{where}: '{name}' {exc}")
    return values
