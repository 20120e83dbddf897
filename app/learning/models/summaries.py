"""Summaries kept up to date as learners write, so analytics read one row per learner and lesson
instead of every statement and attempt (app.learning.summaries keeps them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.learning.db import db


class LessonLearner(db.Model):
    """One learner's work on one lesson, summed from their statements and attempts there.

    The row goes with the learner or the lesson (``ON DELETE CASCADE``), so deleting an account
    leaves no count behind.
    """

    __tablename__ = "lesson_learner"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    first_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # first statement/attempt
    active_seconds: Mapped[int] = mapped_column(default=0)  # 'progressed' statements' seconds
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # first one


class StoredFigures(db.Model):
    """A lesson's analytics figures counted in the background, for lessons with so many learners
    that counting them on every request would be too slow (``app.learning.figure_store``).

    ``figures`` is None until the first count has finished; ``refresh_started_at`` is set while
    a count is queued or running, so only one runs at a time.
    """

    __tablename__ = "lesson_figures"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True
    )
    source_hash: Mapped[str | None] = mapped_column(String(64))  # the revision counted for
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    computed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refresh_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewEntry(db.Model):
    """One learner's place in a lesson's written-answer review queue for one activity: their
    latest attempt there and how many they made, kept in the transaction that stores an attempt
    or a review (``app.learning.review_entries``), so a page of the queue is a range of
    ``ix_review_entry_queue`` instead of a sort of every learner's latest answer.

    ``state`` is 0 while the latest answer waits and the grader flagged it, 1 while it waits
    unflagged, 2 once reviewed; ``sort_at`` is when it was given while it waits, when it was
    reviewed after that. Only activities of a reviewable type have rows.
    """

    __tablename__ = "review_entry"
    __table_args__ = (
        # Each state's answers in queue order; the activity last, so counting and filtering to
        # the lesson's current activities read the index alone (migration 0021).
        Index(
            "ix_review_entry_queue", "lesson_id", "state", "sort_at", "attempt_id", "activity_id"
        ),
    )

    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), unique=True
    )
    attempts: Mapped[int]
    state: Mapped[int] = mapped_column(SmallInteger)
    sort_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
