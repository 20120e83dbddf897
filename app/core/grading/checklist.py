"""Comparing a learner's own checklist with the reference list, synonyms included."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.content.specs.checklist import ChecklistSpec, ReferenceItem
from app.core.grading.result import Feedback, Fields, Grade, Message, ResponseError, one
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


def _matching_item(reference: ReferenceItem, items: tuple[str, ...]) -> int | None:
    """The index of the learner's first item that names ``reference``, if any."""
    return next((i for i, item in enumerate(items) if contains_any(item, reference.match)), None)


def _covered(reference: ReferenceItem, item: str) -> Feedback:
    items = {"reference": reference.label, "item": item}
    return Feedback(
        f"ref:{reference.id}", "correct", (Message("reference-covered", items),), None, 1, 1
    )


def _missing(reference: ReferenceItem) -> Feedback:
    message = Message("reference-missing", {"reference": reference.label}, reference.why_html)
    return Feedback(f"ref:{reference.id}", "missing", (message,), reference.review, 0, 1)


def grade(spec: ChecklistSpec, response: ChecklistResponse) -> Grade:
    feedback: list[Feedback] = []
    used: set[int] = set()
    for reference in spec.reference:
        match = _matching_item(reference, response.items)
        if match is None:
            feedback.append(_missing(reference))
        else:
            used.add(match)
            feedback.append(_covered(reference, response.items[match]))
    covered = sum(item.status == "correct" for item in feedback)
    if len(response.items) < spec.min_items:
        items = {"min": str(spec.min_items), "count": str(len(response.items))}
        feedback.append(Feedback("length", "info", (Message("list-short", items),)))
    extras = [item for i, item in enumerate(response.items) if i not in used]
    details = {"items": list(response.items), "extras": extras}
    return Grade(float(covered), float(len(spec.reference)), tuple(feedback), details)
