"""Comparison tables: criteria × methods, answered cell by cell or by sorting statement cards."""

from __future__ import annotations

from app.core.activities.presenters import statement_order
from app.core.activity_types import ActivityType, register
from app.core.content.specs import comparison_table as spec
from app.core.grading import comparison_table as grading

COMPARISON_TABLE = register(
    ActivityType(
        name="comparison-table",
        label="Comparison table",
        read_spec=lambda data, reader, review: spec.read(data, reader),
        parse=grading.parse,
        grade=grading.grade,
        answer_fields=("cell:", "card:"),
        presenters={"statement_order": statement_order},
        script="activity-comparison-table.js",
        parts=("answer", "answers"),
        marks_in_place=True,
    )
)
