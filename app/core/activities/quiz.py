"""Quizzes: questions of six types, written in a ``quiz`` block, each tagged with objectives."""

from __future__ import annotations

from app.core.activities.presenters import (
    match_choices,
    option_order,
    ordering_items,
    question_order,
)
from app.core.activity_types import ActivityType, register
from app.core.content.specs import quiz as spec
from app.core.grading import quiz as grading

QUIZ = register(
    ActivityType(
        name="quiz",
        label="Quiz",
        block="quiz",
        read_spec=spec.read,
        parse=grading.parse,
        grade=grading.grade,
        answer_fields=("q:",),
        presenters={
            "question_order": question_order,
            "option_order": option_order,
            "match_choices": match_choices,
            "ordering_items": ordering_items,
        },
        questions=True,
        parts=("question", "questions"),
        marks_in_place=True,
    )
)
