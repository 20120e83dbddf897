"""Hand-made attempts at a written exercise: stored grades built by hand, as the grader would
store them, with criteria met, partly met or missed, deductions and the grader's flag."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.core.analytics.rows import AttemptRow
from app.core.content.specs.free_text import Criterion
from tests.unit.instructor.known_history import LESSON as KNOWN

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# The known lesson's essay ("greet", "date") with a deduction added: the lesson reader takes
# negative weights only with the grader change that brings deductions, so it is added here.
BLAME = Criterion(
    "blame", "Blames the customer", keywords=(("your fault",),), weight=0.0, deduct=1.0
)
_ESSAY = KNOWN.activities["essay"]
ESSAY = replace(_ESSAY, spec=replace(_ESSAY.spec, criteria=(*_ESSAY.spec.criteria, BLAME)))
LESSON = replace(KNOWN, activities={**KNOWN.activities, "essay": ESSAY})

POINTS = {"correct": 1.0, "partial": 0.5, "wrong": 0.0}


def stored_grade(statuses: dict[str, str], **details) -> dict:
    """A Grade as a dict, with one feedback item per criterion id in ``statuses``."""
    items = []
    for criterion, status in statuses.items():
        if criterion == "blame":  # a deduction: no points to earn, minus one when it applies
            points, most = (-1.0 if status == "wrong" else 0.0), 0.0
        else:
            points, most = POINTS[status], 1.0
        items.append(
            {
                "key": f"criterion:{criterion}",
                "status": status,
                "messages": [],
                "review": None,
                "points": points,
                "max_points": most,
            }
        )
    score = max(sum(i["points"] for i in items), 0.0)
    return {"score": score, "max_score": 2.0, "feedback": items, "details": details}


def essay(
    number: int, learner: int, minutes: float, statuses: dict[str, str] | None, **fields
) -> AttemptRow:
    """An attempt at the essay; ``statuses`` None: stored without a grade."""
    details = fields.pop("details", {})
    grade = stored_grade(statuses, **details) if statuses is not None else None
    percent = round(100 * grade["score"] / grade["max_score"]) if grade else None
    return AttemptRow(
        id=number,
        learner_id=learner,
        activity_id="essay",
        activity_type="free-text",
        created_at=T0 + timedelta(minutes=minutes),
        percent=percent,
        passed=percent is not None and percent >= 70,
        feedback=grade,
        response={"answer": [f"Answer {number}."]},
        **fields,
    )


FLAG = {"flag": "borderline", "flag_reason": "65% is within 10 points of the pass mark"}
