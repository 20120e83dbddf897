"""Written answers, checked against a rubric; instructors can review them, learners rate them."""

from __future__ import annotations

from app.core.activity_types import ActivityType, register
from app.core.content.specs import free_text as spec
from app.core.grading import free_text as grading

FREE_TEXT = register(
    ActivityType(
        name="free-text",
        label="Written answer",
        read_spec=lambda data, reader, review: spec.read(data, reader),
        parse=grading.parse,
        grade=grading.grade,
        answer_fields=("answer",),
        presenters={"model_answer_due": grading.model_answer_due},
        reviewable=True,
        self_assessed=True,
        parts=("criterion", "criteria"),
    )
)
