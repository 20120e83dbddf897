"""Attempts: every answer a learner submits, with the revision it was graded against."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.grading.outcome import attempt_passes, final_percent, is_held
from app.learning.db import db
from app.learning.models.courses import utcnow


class Attempt(db.Model):
    """One submission. ``percent`` and ``feedback`` are always the automatic grade; ``passed`` is
    what counts (see :meth:`settle`), so completion keeps reading one column.

    ``attempt_number`` is the learner's 1st, 2nd… answer to the activity. It is unique per
    learner, lesson and activity, so however many answers arrive at once the database stores one
    attempt under each number, and "at most ``max_attempts``" is a fact of the table rather than
    of a count read before the insert (app.learning.attempts.record_attempt).
    """

    __table_args__ = (
        Index("ix_attempt_learner_lesson", "learner_id", "lesson_id", "activity_id"),
        # A lesson's analytics: per activity, each learner's latest answer (migration 0012).
        Index(
            "ix_attempt_lesson_activity",
            "lesson_id",
            "activity_id",
            "learner_id",
            "created_at",
            "id",
        ),
        UniqueConstraint(
            "learner_id", "lesson_id", "activity_id", "attempt_number", name="uq_attempt_number"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("lesson_revision.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(100))
    activity_type: Mapped[str] = mapped_column(String(30))
    attempt_number: Mapped[int]  # 1, 2, … for this learner, lesson and activity
    response: Mapped[dict[str, Any]] = mapped_column(JSON)  # the submitted fields, as sent
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    percent: Mapped[int | None]
    passed: Mapped[bool | None]
    feedback: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the Grade, as a dict
    self_assessment: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # An instructor's review of a written answer: the score that replaces the automatic one.
    override_percent: Mapped[int | None]
    override_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def reviewed(self) -> bool:
        return self.override_percent is not None

    @property
    def final_percent(self) -> int | None:
        return final_percent(self.percent, self.override_percent)

    def settle(self, pass_mark: int) -> None:
        """Set ``passed`` from the final percent, by the one rule for what counts as passing."""
        self.passed = attempt_passes(
            self.percent, self.override_percent, pass_mark, held=is_held(self.feedback)
        )
