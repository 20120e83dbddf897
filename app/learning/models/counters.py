"""Counters that expire: how many times one key has been counted since its window began.

The sign-in throttle keeps its counts here when no Redis is configured (app.learning.counters),
so every process and every instance of the site counts together through the database they share.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.learning.db import db


class RateCounter(db.Model):
    """One key's count in its current window (a fixed window that starts at the first count)."""

    __tablename__ = "rate_counter"

    # SHA-256 hex of the counter's name: a fixed width whatever was submitted, and neither client
    # addresses nor anything else the name is made of is kept in the clear.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]
    # Seconds since the epoch, as the rate-limit library reckons time (not a DateTime: the
    # window's end is compared and computed in SQL, the same way on SQLite and PostgreSQL).
    expires_at: Mapped[float] = mapped_column(index=True)
