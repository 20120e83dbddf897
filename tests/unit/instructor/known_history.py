"""A small lesson and a known history of three learners, graded by the real grading modules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core import activity_types
from app.core.analytics.rows import AttemptRow, StatementRow
from app.core.content import parse_lesson
from app.core.grading.outcome import attempt_passes
from tests.content_helpers import lesson_text

BODY = """\
## One {#one}

Text.

```exercise
id: essay
type: free-text
title: A short essay
prompt: Write to the customer.
criteria:
  - id: greet
    label: Greets the reader
    keywords: [hello, dear]
    missed: Start with a greeting.
  - id: date
    label: Gives a date
    pattern: date
    missed: Say when.
```

## Two {#two}

```quiz
id: check
title: Check
prompt: Answer.
questions:
  - id: first
    type: single
    prompt: Which stage comes *first*?
    review: one
    options:
      - {id: placement, text: Order placement, correct: true}
      - {id: shipping, text: Shipping, feedback: Later.}
      - {id: delivery, text: Delivery, feedback: Last.}
  - id: accuracy
    type: multiple
    prompt: Which are part of accuracy?
    review: one
    options:
      - {id: items, text: Right items, correct: true}
      - {id: size, text: Right size, correct: true}
      - {id: fast, text: Fast shipping, feedback: That is timeliness.}
  - id: acronym
    type: short
    prompt: What is a 3PL?
    review: two
    accept: [third-party logistics, 3pl]
    feedback: Third-party logistics.
  - id: label
    type: true-false
    prompt: Labels are printed while picking.
    review: two
    answer: false
    feedback: They are printed when shipping.
```

## Extra {#extra .deep-dive}

Optional.
"""

LESSON = parse_lesson(lesson_text(BODY))
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def attempt(
    number: int, learner: int, activity_id: str, fields: dict, minutes: float, **review
) -> AttemptRow:
    activity = LESSON.activities[activity_id]
    _, grade = activity_types.get(activity.type).evaluate(activity.spec, fields)
    override = review.get("override_percent")
    return AttemptRow(
        id=number,
        learner_id=learner,
        activity_id=activity_id,
        activity_type=activity.type,
        created_at=at(minutes),
        percent=grade.percent,
        passed=attempt_passes(grade.percent, override, activity.pass_mark),
        feedback=grade.to_dict(),
        response=fields,
        **review,
    )


def quiz(first: str, accuracy: list[str], acronym: str, label: str) -> dict:
    return {"q:first": [first], "q:accuracy": accuracy, "q:acronym": [acronym], "q:label": [label]}


def statement(learner: int, verb: str, object_id: str, minutes: float, **result) -> StatementRow:
    kind = {"experienced": "section", "answered": "activity"}.get(verb, "lesson")
    return StatementRow(learner, verb, kind, object_id, at(minutes), result or None)


GOOD_ESSAY = {"answer": ["Dear Sam, your parcel arrives on Monday."]}
POOR_ESSAY = {"answer": ["We are busy."]}  # meets no criterion: 0%

# Learner 1 reads both sections, passes both activities and completes after 10 minutes.
# Learner 2 reads one section; their poor essay is reviewed up to 75%; the quiz twice.
# Learner 3 only tries the quiz once, all wrong.
ATTEMPTS = [
    attempt(1, 1, "essay", GOOD_ESSAY, 4),
    attempt(2, 1, "check", quiz("placement", ["items", "size"], "3PL", "false"), 8),
    attempt(3, 2, "essay", POOR_ESSAY, 20),
    attempt(
        4, 2, "essay", POOR_ESSAY, 25, override_percent=75, override_comment="Fine for a start."
    ),
    attempt(
        5, 2, "check", quiz("shipping", ["items", "fast"], "Fourth-Party  Logistics!", "true"), 30
    ),
    attempt(6, 2, "check", quiz("shipping", ["size", "items"], "3pl", "false"), 35),
    attempt(7, 3, "check", quiz("shipping", ["fast"], "three PL", "true"), 50),
]
STATEMENTS = [
    statement(1, "experienced", "one", 0),
    statement(1, "experienced", "two", 6),
    statement(1, "progressed", "a-lesson", 5, seconds=100),
    statement(1, "progressed", "a-lesson", 9, seconds=200),
    statement(1, "completed", "a-lesson", 10, completion=True),
    statement(2, "experienced", "one", 15),
    statement(2, "progressed", "a-lesson", 16, seconds=60),
    statement(3, "answered", "check", 50),
]
