"""Statements on their way to an external Learning Record Store (one row per statement)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.learning.db import db
from app.learning.models.courses import utcnow

PENDING = "pending"  # not yet accepted by the LRS (``reason`` says why the last try failed)
SENT = "sent"  # the LRS holds it
REJECTED = "rejected"  # the LRS refused it (``reason``); kept, never retried on its own
STATES = (PENDING, SENT, REJECTED)


class OutboxEntry(db.Model):
    """A statement's forwarding state, written in the transaction that stores the statement.

    The primary key is the order statements were recorded in: each learner's are sent in it.
    """

    __tablename__ = "lrs_outbox"
    __table_args__ = (Index("ix_lrs_outbox_state_next_attempt_at", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(
        ForeignKey("statement.statement_id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(10), default=PENDING)
    tries: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
