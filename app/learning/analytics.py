"""Reading a lesson's attempts and statements as plain rows, and the attempts instructors review."""

from __future__ import annotations

from datetime import UTC, datetime

from app.core import activity_types
from app.core.analytics.figures import LessonFigures, lesson_figures
from app.core.analytics.rows import AttemptRow, StatementRow
from app.core.content.model import Lesson as LessonContent
from app.learning.db import db
from app.learning.lesson_queries import LessonPage, lesson_cache
from app.learning.models.attempts import Attempt
from app.learning.models.courses import LessonRevision
from app.learning.models.learners import Statement


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def attempt_rows(lesson_id: int) -> list[AttemptRow]:
    query = (
        db.select(Attempt).filter_by(lesson_id=lesson_id).order_by(Attempt.created_at, Attempt.id)
    )
    return [
        AttemptRow(
            id=a.id,
            learner_id=a.learner_id,
            activity_id=a.activity_id,
            activity_type=a.activity_type,
            created_at=_utc(a.created_at),
            percent=a.percent,
            passed=a.passed,
            feedback=a.feedback,
            response=a.response or {},
            override_percent=a.override_percent,
            override_comment=a.override_comment,
            reviewed_at=_utc(a.reviewed_at),
        )
        for a in db.session.scalars(query)
    ]


def statement_rows(lesson_id: int) -> list[StatementRow]:
    query = db.select(
        Statement.learner_id,
        Statement.verb,
        Statement.object_type,
        Statement.object_id,
        Statement.timestamp,
        Statement.result,
    ).filter_by(lesson_id=lesson_id)
    return [
        StatementRow(learner, verb, object_type, object_id, _utc(timestamp), result)
        for learner, verb, object_type, object_id, timestamp, result in db.session.execute(query)
    ]


def figures_for(page: LessonPage) -> LessonFigures:
    """The published lesson's figures, over every attempt and statement recorded for it."""
    lesson_id = page.lesson.id
    return lesson_figures(page.content, attempt_rows(lesson_id), statement_rows(lesson_id))


def reviewable_attempt(lesson_id: int, attempt_id: int) -> Attempt | None:
    """An attempt of this lesson at an activity instructors review (written answers)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.lesson_id != lesson_id:
        return None
    activity_type = activity_types.find(attempt.activity_type)
    return attempt if activity_type and activity_type.reviewable else None


def revision_content(slug: str, revision_id: int) -> LessonContent:
    """The lesson as it was in one revision (parsed once per source, like every page)."""
    source_hash, number = db.session.execute(
        db.select(LessonRevision.source_hash, LessonRevision.number).filter_by(id=revision_id)
    ).one()

    def load_source() -> str:
        return db.session.scalar(db.select(LessonRevision.source).filter_by(id=revision_id))

    return lesson_cache().get(source_hash, load_source, f"{slug} (revision {number})")
