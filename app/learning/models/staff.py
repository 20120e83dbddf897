"""Each course's staff: the instructors who own or edit it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.courses import Course, utcnow

OWNER = "owner"
EDITOR = "editor"
STAFF_ROLES = (OWNER, EDITOR)


class CourseStaff(db.Model):
    """A user who may author a course. Owners also choose its staff; editors only author.

    A course without rows here (one imported from files) is authored by admins alone.
    """

    __tablename__ = "course_staff"
    __table_args__ = (CheckConstraint("role IN ('owner', 'editor')", name="role"),)

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed alone too: the instructor home lists one user's courses.
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20))  # owner | editor
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    course: Mapped[Course] = relationship()
    user: Mapped[User] = relationship()
