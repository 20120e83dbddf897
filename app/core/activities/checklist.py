"""Checklists: the learner writes their own list; it is compared with a reference list."""

from __future__ import annotations

from app.core.activity_types import ActivityType, register
from app.core.content.specs import checklist as spec
from app.core.grading import checklist as grading

CHECKLIST = register(
    ActivityType(
        name="checklist",
        label="Checklist",
        read_spec=lambda data, reader, review: spec.read(data, reader),
        parse=grading.parse,
        grade=grading.grade,
        answer_fields=("items",),
        parts=("item", "items"),
    )
)
