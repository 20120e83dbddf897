"""A lesson's analytics figures counted by the database, so the work and the memory stay flat
however many learners there are: the database hands back a few hundred grouped rows, and the
pure functions of ``app.core.analytics`` turn them into the same figures they compute from every
row (a test holds the two to the same answers on random histories).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import groupby

from sqlalchemy import case, func, literal, union

from app.core.analytics.figures import Overview, SectionStep, funnel_from, overview_from
from app.core.analytics.scores import (
    ActivityFigures,
    BestGroup,
    LearnerActivity,
    activities_from_groups,
)
from app.core.content.model import Lesson
from app.core.rules import xapi
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Statement
from app.learning.models.summaries import LessonLearner

ROWS_PER_FETCH = 2000  # rows a streamed table holds in memory at once


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _sections_read(lesson_id: int):
    return (
        (Statement.lesson_id == lesson_id)
        & (Statement.verb == xapi.EXPERIENCED)
        & (Statement.object_type == xapi.SECTION)
    )


def _completers(lesson: Lesson, lesson_id: int):
    """Learners who meet the lesson's completion rules: every required section read and every
    required activity passed (``lesson_progress``), or anyone started when nothing is required."""
    total = len(lesson.required_sections) + len(lesson.required_activities)
    if total == 0:
        return union(
            db.select(Statement.learner_id.label("learner_id")).where(
                Statement.lesson_id == lesson_id
            ),
            db.select(Attempt.learner_id).where(Attempt.lesson_id == lesson_id),
        ).subquery()
    parts = []
    if lesson.required_sections:
        parts.append(
            db.select(
                Statement.learner_id.label("learner_id"),
                literal("s").label("kind"),
                Statement.object_id.label("step"),
            ).where(
                _sections_read(lesson_id),
                Statement.object_id.in_(lesson.required_sections),
            )
        )
    if lesson.required_activities:
        parts.append(
            db.select(Attempt.learner_id, literal("a"), Attempt.activity_id).where(
                Attempt.lesson_id == lesson_id,
                Attempt.passed.is_(True),
                Attempt.activity_id.in_(lesson.required_activities),
            )
        )
    steps = (union(*parts) if len(parts) > 1 else parts[0].distinct()).subquery()
    return (
        db.select(steps.c.learner_id)
        .group_by(steps.c.learner_id)
        .having(func.count() == total)
        .subquery()
    )


def overview(lesson: Lesson, lesson_id: int) -> Overview:
    """Learners started, completed, their active time and time to complete: counted from the
    summaries kept per learner (``app.learning.summaries``); only who completes is read from
    the statements and attempts, by the lesson's rules as they are now."""
    mine = LessonLearner.lesson_id == lesson_id
    started = db.session.scalar(db.select(func.count()).select_from(LessonLearner).where(mine))
    completers = _completers(lesson, lesson_id)
    completed = db.session.scalar(db.select(func.count()).select_from(completers))
    active = db.select(LessonLearner.active_seconds, func.count()).where(
        mine, LessonLearner.active_seconds > 0
    )
    active_time = dict(db.session.execute(active.group_by(LessonLearner.active_seconds)).all())
    timed = db.session.execute(
        db.select(LessonLearner.completed_at, LessonLearner.first_at)
        .join(completers, completers.c.learner_id == LessonLearner.learner_id)
        .where(mine, LessonLearner.completed_at.is_not(None))
    )
    to_complete = [(_utc(done) - _utc(first)).total_seconds() for done, first in timed]
    return overview_from(started, completed, active_time, to_complete)


def funnel(lesson: Lesson, lesson_id: int) -> tuple[SectionStep, ...]:
    query = (
        db.select(Statement.object_id, func.count(func.distinct(Statement.learner_id)))
        .where(_sections_read(lesson_id))
        .group_by(Statement.object_id)
    )
    return funnel_from(lesson, dict(db.session.execute(query).all()))


def _per_learner_query(lesson_id: int):
    best = func.max(func.coalesce(Attempt.override_percent, Attempt.percent))
    passed = func.max(case((Attempt.passed.is_(True), 1), else_=0))
    reviewed = func.max(case((Attempt.override_percent.is_not(None), 1), else_=0))
    return (
        db.select(
            Attempt.learner_id.label("learner_id"),
            Attempt.activity_id.label("activity_id"),
            func.count().label("attempts"),
            best.label("best"),
            passed.label("passed"),
            reviewed.label("reviewed"),
        )
        .where(Attempt.lesson_id == lesson_id)
        .group_by(Attempt.learner_id, Attempt.activity_id)
    )


def activities(lesson: Lesson, lesson_id: int) -> tuple[ActivityFigures, ...]:
    mine = _per_learner_query(lesson_id).subquery()
    query = db.select(
        mine.c.activity_id,
        mine.c.best,
        func.count(),
        func.sum(mine.c.attempts),
        func.max(mine.c.attempts),
        func.sum(mine.c.passed),
    ).group_by(mine.c.activity_id, mine.c.best)
    groups = [
        BestGroup(activity, best, learners, int(attempts), most, int(passed))
        for activity, best, learners, attempts, most, passed in db.session.execute(query)
    ]
    return activities_from_groups(lesson, groups)


def per_learner(lesson_id: int) -> Iterator[LearnerActivity]:
    """Each learner's work on each activity, by learner then activity, read as it is sent."""
    # In the order of ix_attempt_lesson_learner: grouped as the index is read, nothing sorted.
    query = _per_learner_query(lesson_id).order_by(Attempt.learner_id, Attempt.activity_id)
    rows = db.session.execute(query, execution_options={"yield_per": ROWS_PER_FETCH})
    for _, mine in groupby(rows, key=lambda r: r.learner_id):
        for r in sorted(mine, key=lambda r: r.activity_id):
            yield LearnerActivity(
                r.learner_id, r.activity_id, r.attempts, r.best, bool(r.passed), bool(r.reviewed)
            )
