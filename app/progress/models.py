"""Learners: every visitor who saves something becomes one, anonymous until they sign up."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.lessons.models import utcnow


def new_public_id() -> str:
    return uuid.uuid4().hex


class Learner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # What the learner cookie carries (signed); never the primary key.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
