"""Courses, lessons and the revisions of a lesson's Markdown source."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.learning.db import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=1)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.position"
    )


class Lesson(db.Model):
    """A lesson in a course outline; planned lessons have no revision yet."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=1)
    duration_minutes: Mapped[int | None]
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("lesson_revision.id", use_alter=True, ondelete="SET NULL")
    )

    course: Mapped[Course] = relationship(back_populates="lessons")
    published_revision: Mapped[LessonRevision | None] = relationship(
        foreign_keys=[published_revision_id], post_update=True
    )

    @property
    def is_published(self) -> bool:
        return self.published_revision_id is not None


class LessonRevision(db.Model):
    """One saved version of a lesson's Markdown; never changed once written."""

    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    source: Mapped[str] = mapped_column(Text, deferred=True)
    source_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_path: Mapped[str | None] = mapped_column(String(500))
    origin: Mapped[str] = mapped_column(String(20), default="file")  # file | editor
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    lesson: Mapped[Lesson] = relationship(foreign_keys=[lesson_id])
