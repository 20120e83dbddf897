"""Which grading module handles which activity type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.grading import checklist, comparison_table, free_text, process_map, quiz
from app.core.grading.result import Fields, Grade, one

MODULES = {
    "process-map": process_map,
    "comparison-table": comparison_table,
    "free-text": free_text,
    "checklist": checklist,
    "quiz": quiz,
}


@dataclass(frozen=True)
class Reflection:
    text: str


def evaluate(activity_type: str, spec: Any, fields: Fields) -> tuple[Any, Grade | None]:
    """Parse and grade a submission: (response, grade); reflections are saved, not graded."""
    if activity_type == "reflection":
        return Reflection(one(fields, "answer", required=True, limit=10_000).strip()), None
    module = MODULES[activity_type]
    response = module.parse(spec, fields)
    return response, module.grade(spec, response)
