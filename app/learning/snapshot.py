"""Everything the lesson page shows of one learner in one lesson, read with one query (two once
they have answered an activity): sections read, saved positions and which activities they tried.
Callers pass the learner; nothing here reads the request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import DateTime, Float, String, bindparam, cast, literal, null, union_all

from app.core.content.model import Lesson as LessonContent
from app.core.rules import xapi
from app.core.rules.completion import LessonProgress, lesson_progress
from app.learning.attempts import ActivityState, lesson_states, untried_states
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, LearnerRef, Position, Statement


@dataclass(frozen=True)
class LessonSnapshot:
    progress: LessonProgress
    states: dict[str, ActivityState] = field(default_factory=lambda: defaultdict(ActivityState))
    positions: dict[str, Position] = field(default_factory=dict)  # by kind: reading, listening


@cache
def _rows():
    """Tagged rows: ``position`` (kind, section, offset, time), ``section`` (id) read and
    ``tried`` (activity id) for each activity with an attempt. Built once; the learner and the
    lesson are parameters."""
    learner_id, lesson_id = bindparam("learner_id"), bindparam("lesson_id")
    # Typed NULLs: PostgreSQL must match each column's type across the branches.
    nothing = (cast(null(), String), cast(null(), Float), cast(null(), DateTime(timezone=True)))
    return union_all(
        db.select(
            literal("position"),
            Position.kind,
            Position.section_id,
            Position.offset,
            Position.updated_at,
        ).where(Position.learner_id == learner_id, Position.lesson_id == lesson_id),
        db.select(literal("section"), Statement.object_id, *nothing).where(
            Statement.learner_id == learner_id,
            Statement.lesson_id == lesson_id,
            Statement.verb == xapi.EXPERIENCED,
            Statement.object_type == xapi.SECTION,
        ),
        db.select(literal("tried"), Attempt.activity_id, *nothing)
        .where(Attempt.learner_id == learner_id, Attempt.lesson_id == lesson_id)
        .distinct(),
    )


def lesson_snapshot(
    learner: Learner | LearnerRef | None, lesson_id: int, content: LessonContent
) -> LessonSnapshot:
    if learner is None:
        return LessonSnapshot(lesson_progress(content, set(), set()))
    read: set[str] = set()
    tried = False
    positions: dict[str, Position] = {}
    parameters = {"learner_id": learner.id, "lesson_id": lesson_id}
    for tag, key, section_id, offset, updated_at in db.session.connection().execute(
        _rows(), parameters
    ):
        if tag == "position":
            positions[key] = Position(
                kind=key, section_id=section_id, offset=offset, updated_at=updated_at
            )
        elif tag == "section":
            read.add(key)
        else:
            tried = True
    states = lesson_states(learner, lesson_id) if tried else untried_states(learner)
    passed = {activity for activity, state in states.items() if state.passed}
    return LessonSnapshot(lesson_progress(content, read, passed), states, positions)
