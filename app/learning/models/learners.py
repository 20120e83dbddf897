"""Learners, the statements of what they did, and where they are in each lesson."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.learning.db import db
from app.learning.models.courses import utcnow


def new_public_id() -> str:
    return uuid.uuid4().hex


class Learner(db.Model):
    """Everyone who saves something; anonymous (no user) until they sign up or in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the learner cookie carries (signed); never the primary key.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True)
class LearnerRef:
    """A learner's row as plain values, for pages that only read (loading an ORM instance cost
    as much as the lesson page's other queries). Anything that writes gets a :class:`Learner`."""

    id: int
    public_id: str
    user_id: int | None
    created_at: datetime


class Statement(db.Model):
    """One learning event, shaped like an xAPI statement (actor, verb, object, result, time).

    ``statement_id`` comes from the browser for client events, so a repeated or re-sent event
    is stored once.
    """

    __table_args__ = (
        # A learner's own page (migration 0014): the sections they read, from the index alone.
        # Without object_type and object_id SQLite read them through ix_statement_lesson_verb,
        # every learner's reads of the lesson (712 ms with 100,000 learners).
        Index(
            "ix_statement_learner_lesson",
            "learner_id",
            "lesson_id",
            "verb",
            "object_type",
            "object_id",
        ),
        # A lesson's analytics (migration 0012): the reading funnel and completion, and when
        # each learner was first seen, read from the index alone.
        Index(
            "ix_statement_lesson_verb",
            "lesson_id",
            "verb",
            "object_type",
            "object_id",
            "learner_id",
        ),
        Index("ix_statement_lesson_learner", "lesson_id", "learner_id", "timestamp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    verb: Mapped[str] = mapped_column(String(20))  # experienced, answered, completed, progressed
    object_type: Mapped[str] = mapped_column(String(20))  # lesson, section, activity
    object_id: Mapped[str] = mapped_column(String(200))  # section or activity id, or lesson slug
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    stored: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Position(db.Model):
    """Where a learner is in a lesson: reading (a section) or listening (a section and offset)."""

    __table_args__ = (UniqueConstraint("learner_id", "lesson_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # reading | listening
    section_id: Mapped[str] = mapped_column(String(100))
    offset: Mapped[float] = mapped_column(default=0.0)  # seconds into the section's audio
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def updated_ms(self) -> int:
        """Milliseconds since the epoch, as browsers count time."""
        at = self.updated_at if self.updated_at.tzinfo else self.updated_at.replace(tzinfo=UTC)
        return int(at.timestamp() * 1000)
