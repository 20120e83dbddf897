"""Summaries kept up to date as learners write, so analytics read one row per learner and lesson
instead of every statement and attempt (app.learning.summaries keeps them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
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
