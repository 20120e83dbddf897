"""Process maps: steps dragged into order, some interchangeable, some on a branch, some decoys."""

from __future__ import annotations

from app.core.activities.presenters import card_order
from app.core.activity_types import ActivityType, register
from app.core.content.specs import process_map as spec
from app.core.grading import process_map as grading

PROCESS_MAP = register(
    ActivityType(
        name="process-map",
        label="Process map",
        read_spec=lambda data, reader, review: spec.read(data, reader),
        parse=grading.parse,
        grade=grading.grade,
        answer_fields=("place:",),
        presenters={"card_order": card_order},
        script="activity-process-map.js",
        parts=("step", "steps"),
        marks_in_place=True,
    )
)
