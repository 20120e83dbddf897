"""Comparing a learner's own checklist with the reference list, synonyms included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from app.core.content.specs.checklist import ChecklistSpec
from app.core.grading.result import Feedback, Fields, Grade, ResponseError, one
from app.core.grading.text_match import contains_any

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\[[ xX]?\])\s*")


@dataclass(frozen=True)
class ChecklistResponse:
    items: tuple[str, ...]


def parse(spec: ChecklistSpec, fields: Fields) -> ChecklistResponse:
    """``items``: one checklist item per line (bullets and numbering are ignored)."""
    text = one(fields, "items", required=True, limit=5000)
    items: list[str] = []
    for line in text.splitlines():
        item = _BULLET.sub("", line).strip()
        if item and item.casefold() not in (i.casefold() for i in items):
            items.append(item[:200])
    if len(items) > spec.max_items:
        raise ResponseError(f"a checklist has at most {spec.max_items} items")
    return ChecklistResponse(tuple(items))


def grade(spec: ChecklistSpec, response: ChecklistResponse) -> Grade:
    feedback: list[Feedback] = []
    used: set[int] = set()
    covered = 0
    for reference in spec.reference:
        match = next(
            (i for i, item in enumerate(response.items) if contains_any(item, reference.match)),
            None,
        )
        if match is not None:
            covered += 1
            used.add(match)
            message = (
                f"<strong>{escape(reference.label)}</strong> — covered by “"
                f"{escape(response.items[match])}”."
            )
            feedback.append(Feedback(f"ref:{reference.id}", "correct", message, None, 1, 1))
        else:
            message = f"<strong>{escape(reference.label)}</strong> is missing. {reference.why_html}"
            feedback.append(
                Feedback(f"ref:{reference.id}", "missing", message, reference.review, 0, 1)
            )
    extras = [item for i, item in enumerate(response.items) if i not in used]
    if len(response.items) < spec.min_items:
        feedback.append(
            Feedback(
                "length",
                "info",
                f"List at least {spec.min_items} items; you have {len(response.items)}.",
            )
        )
    details = {"items": list(response.items), "extras": extras}
    return Grade(float(covered), float(len(spec.reference)), tuple(feedback), details)
