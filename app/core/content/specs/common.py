"""Helpers shared by the readers of type-specific activity fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.content import fields as f
from app.core.content.errors import Problems
from app.core.content.markdown import render_inline
from app.core.content.sanitize import sanitize_html
from app.core.content.yaml_source import LinedDict


class SpecReader:
    """Reads one activity's fields, reporting problems at their lines in the lesson file."""

    def __init__(self, problems: Problems, where: str, render_markdown: Callable[[str], str]):
        self.problems = problems
        self.where = where
        self._render_markdown = render_markdown
        self.section_refs: list[tuple[str, int]] = []
        self.objective_refs: list[tuple[str, int]] = []

    def error(self, line: int, message: str) -> None:
        self.problems.add(line, f"{self.where}: {message}")

    def fields(
        self,
        data: LinedDict,
        required: dict[str, f.Check],
        optional: dict[str, f.Check],
        what: str | None = None,
    ) -> dict[str, Any] | None:
        """Check a mapping; None when a required field is missing or invalid."""
        where = f"{self.where}: {what}" if what else self.where
        values = f.check_fields(data, required, optional, self.problems, where)
        return values if required.keys() <= values.keys() else None

    def mappings(
        self, data: LinedDict, key: str, what: str, required: bool = True
    ) -> list[LinedDict]:
        """The list of mappings under ``key`` (each item a ``field: value`` mapping)."""
        raw = data.get(key)
        if raw is None:
            if required:
                self.error(data.line, f"missing required field '{key}'")
            return []
        if not isinstance(raw, list) or not raw:
            self.error(data.line_of(key), f"'{key}' must be a non-empty list of {what}s")
            return []
        items = []
        for item in raw:
            if isinstance(item, LinedDict):
                items.append(item)
            else:
                self.error(data.line_of(key), f"each item of '{key}' must be a {what} with fields")
        return items

    def unique(self, items: list[tuple[str, int]], what: str) -> None:
        seen: dict[str, int] = {}
        for item_id, line in items:
            if item_id in seen:
                self.error(line, f"duplicate {what} id '{item_id}' (first on line {seen[item_id]})")
            else:
                seen[item_id] = line

    def markdown(self, text: str | None) -> str:
        return sanitize_html(self._render_markdown(text)) if text else ""

    def inline(self, text: str | None) -> str:
        return sanitize_html(render_inline(text)) if text else ""

    def review(self, data: LinedDict, values: dict[str, Any]) -> str | None:
        """A ``review: section-id`` field: where the learner should go back to read."""
        section = values.get("review")
        if section:
            self.section_refs.append((section, data.line_of("review")))
        return section


def strings(value: Any) -> tuple[str, ...]:
    """A string or a list of strings, as a tuple of non-empty strings."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        value = [value]
    if value == []:
        raise f.FieldProblem("is an empty list: write at least one value between the brackets")
    if not isinstance(value, list):
        raise f.FieldProblem("must be text or a list of texts")
    result = []
    for item in value:
        if (
            isinstance(item, bool)
            or not isinstance(item, str | int | float)
            or not str(item).strip()
        ):
            raise f.FieldProblem("must be text or a list of texts")
        result.append(str(item).strip())
    return tuple(result)


def keyword_groups(value: Any) -> tuple[tuple[str, ...], ...]:
    """``[a, b]`` is one group (any of a, b); ``[[a, b], [c]]`` needs a match from every group."""
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        return tuple(strings(group) for group in value)
    return (strings(value),)


def percent(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise f.FieldProblem("must be a whole number from 0 to 100")
    return value


def non_negative_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise f.FieldProblem("must be a number of at least 0")
    return float(value)


REVIEW = {"review": f.slug}
