"""Attempts: every answer a learner submits, with the revision it was graded against."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.grading.outcome import attempt_passes, final_percent, is_held
from app.core.grading.packing import unpack
from app.learning.db import db
from app.learning.models.courses import utcnow


class GradeDictionary(db.Model):
    """The preset dictionary packed grades of one activity were compressed with, stored once
    under its digest (``app.core.grading.packing``); rows are never changed or deleted while an
    attempt points at them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(32), unique=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class Attempt(db.Model):
    """One submission. ``percent`` and ``feedback`` are always the automatic grade; ``passed`` is
    what counts (see :meth:`settle`), so completion keeps reading one column.

    ``feedback`` is the whole grade as a dict. It is stored either whole in the ``feedback``
    column, or packed (``packed_feedback``, compressed against ``feedback_dictionary``) with
    only a summary in that column: the parts SQL reads, at the same paths (see
    ``app.core.grading.packing``). In SQL, ``Attempt.feedback`` is that column.

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
        # A lesson's per-learner table (attempts.csv), grouped and streamed in this order with
        # no sort of the whole lesson first; covering, so no row is read (migration 0020).
        Index(
            "ix_attempt_lesson_learner",
            "lesson_id",
            "learner_id",
            "activity_id",
            "percent",
            "override_percent",
            "passed",
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
    # The Grade as a dict, or (with packed_feedback) the summary SQL reads of it.
    stored_feedback: Mapped[dict[str, Any] | None] = mapped_column("feedback", JSON)
    packed_feedback: Mapped[bytes | None] = mapped_column(LargeBinary)
    feedback_dictionary_id: Mapped[int | None] = mapped_column(ForeignKey("grade_dictionary.id"))
    # Loaded with the attempts (one query for the few dictionaries of a whole list), so a grade
    # still unpacks once its session has ended.
    feedback_dictionary: Mapped[GradeDictionary | None] = relationship(lazy="selectin")
    self_assessment: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # An instructor's review of a written answer: the score that replaces the automatic one.
    override_percent: Mapped[int | None]
    override_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @hybrid_property
    def feedback(self) -> dict[str, Any] | None:
        """The whole grade as a dict (unpacked when it is stored packed)."""
        if self.packed_feedback is None:
            return self.stored_feedback
        return unpack(self.packed_feedback, self.feedback_dictionary.body)

    @feedback.inplace.setter
    def _feedback_setter(self, grade: dict[str, Any] | None) -> None:
        self.stored_feedback = grade
        self.packed_feedback = None
        self.feedback_dictionary = None

    @feedback.inplace.expression
    @classmethod
    def _feedback_expression(cls):
        return cls.stored_feedback

    @feedback.inplace.bulk_dml
    @classmethod
    def _feedback_bulk_dml(cls, mapping: dict[str, Any], value: Any) -> None:
        """Bulk inserts write the column as given: a whole grade, or a summary with its
        ``packed_feedback`` and dictionary alongside (``app.learning.grade_store``)."""
        mapping["stored_feedback"] = value

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
